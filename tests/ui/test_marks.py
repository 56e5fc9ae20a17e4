"""Radio buttons and check boxes say which is chosen in characters, not colour alone (before,
every radio button drew the same ● on and off)."""

from __future__ import annotations

from typing import Any

from orderdesk.app import DeskApp
from tests.ui.deskpilot import settle


def marks(screen: Any, selector: str) -> list[str]:
    return [widget.render().plain for widget in screen.query(selector)]


async def test_the_message_dialogs_radio_buttons_mark_the_chosen_one(desk_app: DeskApp) -> None:
    from textual.widgets import RadioSet

    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        dialog = desk_app.screen
        assert marks(dialog, "RadioMark") == [
            "(•) To the buyer ",
            "( ) Internal note ",
            "( ) From the buyer ",
        ]
        dialog.query_one("#direction", RadioSet).focus()
        await pilot.press("right", "space")
        await settle(pilot)
        assert marks(dialog, "RadioMark") == [
            "( ) To the buyer ",
            "(•) Internal note ",
            "( ) From the buyer ",
        ]


async def test_the_new_order_forms_check_box_marks_its_tick(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk_app.screen
        assert marks(form, "#paid") == ["[ ] Paid "]
        form.query_one("#paid").focus()
        await pilot.press("space")
        await settle(pilot)
        assert marks(form, "#paid") == ["[x] Paid "]

"""A selection belongs to its tab: selecting #1729 on To prepare and pressing x on Ready to
ship cancels nothing on To prepare; back on To prepare the selection is still there, shown."""

from __future__ import annotations

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import desk, one, settle, table

SIZE = (120, 35)


async def test_a_selection_acts_only_on_its_own_tab(desk_app: DeskApp, app_db: Database) -> None:
    from orderdesk.screens.reason import ReasonDialog

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chosen = table(desk_app).current
        assert chosen is not None
        await pilot.press("space")
        await settle(pilot)
        assert "1 selected" in str(table(desk_app).border_subtitle)
        await pilot.press("2")
        await settle(pilot)
        here = table(desk_app).current
        assert here is not None and table(desk_app).view == "ready-to-ship"
        assert not table(desk_app).border_subtitle  # nothing selected on this tab
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(desk_app.screen, ReasonDialog)
        assert desk_app.screen.title_text == f"Cancel order #{here['id']}"
        await pilot.press(*"mistake", "enter")
        await settle(pilot)
        assert (
            one(app_db, "SELECT stage FROM orders WHERE id = :id", id=chosen["id"])["stage"]
            == chosen["stage"]
        )
        assert (
            one(app_db, "SELECT stage FROM orders WHERE id = :id", id=here["id"])["stage"]
            == "cancelled"
        )
        await pilot.press("1")
        await settle(pilot)
        assert set(desk(desk_app).selected) == {chosen["id"]}
        assert "1 selected" in str(table(desk_app).border_subtitle)

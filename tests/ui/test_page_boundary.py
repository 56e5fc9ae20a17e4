"""No key is lost at a page boundary: 120 presses of Down from the top, typed faster than the
next page is read (a held key's autorepeat), land on row 121; and back up the same."""

from __future__ import annotations

from textual import events
from textual.app import App

from orderdesk.app import DeskApp
from tests.ui.deskpilot import settle, table

SIZE = (120, 35)


def burst(app: App[int], key: str, times: int) -> None:
    for _ in range(times):
        app.post_message(events.Key(key, None))


async def test_held_down_and_up_cross_pages_without_losing_a_key(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")  # Finalized: hundreds of orders
        await settle(pilot)
        finalized = table(desk_app)
        assert finalized.total > 260
        burst(desk_app, "down", 120)
        await settle(pilot)
        assert finalized.first + finalized.cursor_row == 120
        assert finalized.span.startswith("101–200 of")
        burst(desk_app, "down", 130)
        await settle(pilot)
        assert finalized.first + finalized.cursor_row == 250
        burst(desk_app, "up", 200)
        await settle(pilot)
        assert finalized.first + finalized.cursor_row == 50
        assert finalized.first == 0


async def test_home_and_end_go_to_the_tabs_first_and_last_row(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        finalized = table(desk_app)
        await pilot.press("end")
        await settle(pilot)
        assert finalized.first + finalized.cursor_row == finalized.total - 1
        assert finalized.current is not None
        await pilot.press("home")
        await settle(pilot)
        assert (finalized.first, finalized.cursor_row) == (0, 0)

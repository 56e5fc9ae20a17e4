"""q in a screen pushed over the desk closes that screen, never the app (before, q on the
help screen or a dialog quit the whole desk)."""

from __future__ import annotations

from orderdesk.app import DeskApp
from orderdesk.screens.desk import DeskScreen
from tests.ui.deskpilot import settle

SIZE = (120, 35)


async def test_q_closes_each_pushed_screen_and_quits_only_from_the_desk(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for opener in ("question_mark", "g", "S", "enter"):
            await pilot.press(opener)
            await settle(pilot)
            assert not isinstance(desk_app.screen, DeskScreen), opener
            pushed = type(desk_app.screen).__name__
            await pilot.press("q")
            await settle(pilot)
            assert desk_app.is_running, pushed
            assert isinstance(desk_app.screen, DeskScreen), pushed
        await pilot.press("q")
        await settle(pilot)
        assert not desk_app.is_running

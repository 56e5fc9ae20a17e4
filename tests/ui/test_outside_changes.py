"""The desk shows what the command line or another desk changed, by itself, within 2 s;
reads the list again on a conflict and says so; Ctrl+R reads it again at once; and the
seller's own double press is never reported as another desk's change."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from orderdesk.app import DeskApp
from orderdesk.domain import fulfilment
from orderdesk.store import Database
from tests.conftest import CliRunner
from tests.ui.deskpilot import desk, focus_order, notes, one, settle, table

SIZE = (120, 35)
GENERIC = Path(__file__).parent.parent / "exchange" / "files" / "generic_orders.csv"


async def test_orders_imported_on_the_command_line_show_within_two_seconds(
    desk_app: DeskApp, app_db: Database, cli: CliRunner
) -> None:
    from textual.widgets import TabbedContent

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = desk_app.screen.query_one(TabbedContent)
        before = str(tabs.get_tab("in-transit").label)
        shown = table(desk_app).total
        result = await asyncio.to_thread(cli, "import", GENERIC, db=app_db.path)
        assert result.code == 0, result.err
        imported = time.monotonic()
        while time.monotonic() - imported < 2.0:  # no key pressed
            await pilot.pause(0.05)
            if table(desk_app).total != shown and str(tabs.get_tab("in-transit").label) != before:
                break
        assert table(desk_app).total > shown, "the new orders did not show within 2 s"
        assert str(tabs.get_tab("in-transit").label) != before  # the counts too


async def test_a_double_press_is_not_reported_as_another_desk(
    desk_app: DeskApp, app_db: Database
) -> None:
    from textual import events

    order = one(app_db, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        desk_app.post_message(events.Key("d", "d"))
        desk_app.post_message(events.Key("d", "d"))
        await settle(pilot)
        shown = notes(desk_app)
        assert f"Order #{order} delivered" in "\n".join(shown)
        assert not any("another desk" in note for note in shown), shown
    assert one(app_db, "SELECT stage FROM orders WHERE id = :id", id=order)["stage"] == "delivered"


async def test_a_conflict_reads_the_list_again_and_says_so(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        desk(desk_app).changes = None  # the conflict comes before the next look
        app_db.perform(fulfilment.deliver, order)  # another desk, a moment ago
        await pilot.press("d")
        await settle(pilot)
        assert any("another desk; reloaded" in note for note in notes(desk_app)), notes(desk_app)
        row = table(desk_app).current
        assert row is not None and row["id"] == order and row["stage"] == "delivered"


async def test_ctrl_r_reads_the_tab_again(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        desk(desk_app).changes = None  # only the key reads again
        assert order in [row["id"] for row in table(desk_app).page_rows]
        app_db.perform(fulfilment.deliver, order)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert order not in [row["id"] for row in table(desk_app).page_rows]
        assert "Read again from the database" in notes(desk_app)

"""The In transit tab counts its slow parcels, in red, as To prepare counts its overdue ones
(before, nothing on the tab said a parcel was stuck)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text
from textual.widgets import TabbedContent

from orderdesk.app import DeskApp
from orderdesk.store import Database
from orderdesk.store.reader import sqlite_time
from tests.ui.deskpilot import settle


async def test_the_in_transit_tab_shows_how_many_parcels_are_slow(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.domain.stages import Tab
    from orderdesk.store.queries import list_rows

    now = app_db.clock()
    with app_db.engine.begin() as connection:
        # Recent parcels, then three DHL Express ones out for 13 days (DHL's usual is 6).
        connection.execute(
            text("UPDATE orders SET shipped_at = :at WHERE stage = 'in_transit'"),
            {"at": sqlite_time(now - timedelta(days=1))},
        )
        connection.execute(
            text(
                "UPDATE orders SET carrier = 'DHL Express', shipped_at = :at WHERE id IN"
                " (SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id LIMIT 3)"
            ),
            {"at": sqlite_time(now - timedelta(days=13))},
        )
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        label = desk_app.screen.query_one(TabbedContent).get_tab("in-transit").label
        assert str(label).endswith(" !3")
        assert any("red" in str(span.style) for span in label.spans)
        await pilot.press("3")
        await settle(pilot)
    with app_db.reader() as reader:
        rows = list_rows(reader, Tab.IN_TRANSIT, now=now)
    assert sum(row["slow"] for row in rows) == 3

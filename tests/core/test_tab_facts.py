"""What each tab must show (issue 13, 9): Ready to ship says whether the label is printed;
Finalized is sorted by when each order finished and shows that date; refund and dispute
deadlines past due are flagged on the row and counted for the tab."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from orderdesk.domain.stages import Tab
from orderdesk.store.queries import list_rows, tab_counts
from orderdesk.store.reader import SqliteReader
from orderdesk.widgets.columns import TAB_COLUMNS

NOW = datetime(2026, 11, 22, tzinfo=UTC)


def reader(path: Path) -> SqliteReader:
    return SqliteReader(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def test_ready_to_ship_rows_say_whether_the_label_is_printed(demo_template: Path) -> None:
    rows = list_rows(reader(demo_template), Tab.READY_TO_SHIP, now=NOW)
    label = next(c for c in TAB_COLUMNS["ready-to-ship"] if c.key == "label")
    shown = {str(label.cell(row, NOW.year)).startswith("✓") for row in rows}
    assert shown == {True, False}  # the demo has both
    for row in rows:
        printed = row["label_printed_at"] is not None
        assert str(label.cell(row, NOW.year)).startswith("✓") == printed


def test_finalized_is_newest_finished_first_with_its_date(demo_template: Path) -> None:
    rows = list_rows(reader(demo_template), Tab.FINALIZED, now=NOW, limit=100)
    finished = [moment for row in rows if (moment := row["finalized_at"]) is not None]
    assert len(finished) == len(rows) and finished == sorted(finished, reverse=True)
    assert TAB_COLUMNS["finalized"][0].key == "finalized"


def test_cases_past_their_deadline_are_flagged_and_counted(demo_template: Path) -> None:
    late_now = datetime(2030, 1, 1, tzinfo=UTC)  # every open case is past its deadline then
    source = reader(demo_template)
    counts = tab_counts(source, late_now)
    for tab in (Tab.REFUNDS, Tab.DISPUTES):
        rows = list_rows(source, tab, now=late_now)
        open_rows = [row for row in rows if row["case_status"] == "open"]
        assert counts.late[tab] == len(open_rows) == counts[tab] > 0
        assert all(row["respond_late"] for row in open_rows)
        assert not any(row["respond_late"] for row in rows if row["case_status"] != "open")
    early = tab_counts(source, datetime(2000, 1, 1, tzinfo=UTC))
    assert early.late == {Tab.REFUNDS: 0, Tab.DISPUTES: 0}

"""SVG snapshots of each tab, the order detail and every dialog (pytest-textual-snapshot).

The database is a demo made at a fixed moment with a fixed actor, the clock is frozen and the
local zone is UTC, so ship-by colours and times are the same on every run. Each snapshot is
paired with a plain assertion about what it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from orderdesk.app import DeskApp
from orderdesk.screens.stock import StockScreen
from tests.ui.deskpilot import desk, focus_order, one, settle, table

SIZE = (120, 35)


def still(app: App[int]) -> None:
    """No blinking cursors in a snapshot."""
    for widget in app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False


def _first(app: DeskApp, sql: str) -> int:
    return int(one(app.database, sql)["id"])


@pytest.mark.parametrize(
    "key,tab",
    [
        ("1", "to-prepare"),
        ("2", "ready-to-ship"),
        ("3", "in-transit"),
        ("4", "finalized"),
        ("5", "refunds"),
        ("6", "disputes"),
    ],
)
def test_tab(snap_compare: Any, frozen_app: DeskApp, key: str, tab: str) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert table(pilot.app).view == tab and table(pilot.app).page_rows

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)


def test_detail(snap_compare: Any, frozen_app: DeskApp) -> None:
    order = _first(
        frozen_app,
        "SELECT o.id FROM orders o JOIN cases c ON c.order_id=o.id "
        "WHERE o.tracking_url <> '' ORDER BY o.id",
    )

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("enter")
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == "DetailScreen"

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)


DIALOGS = {
    # name: (SQL choosing the row, tab key or None, keys, expected screen class)
    "cancel": (
        "SELECT id FROM orders WHERE stage='confirmed' ORDER BY id",
        None,
        ["x"],
        "ReasonDialog",
    ),
    "tracking": (
        "SELECT id FROM orders WHERE stage='ready_to_ship' ORDER BY id",
        None,
        ["t"],
        "TrackingDialog",
    ),
    "refund-request": (
        "SELECT id FROM orders WHERE stage='delivered' AND payment='paid' ORDER BY id",
        None,
        ["r"],
        "RefundDialog",
    ),
    "refund-answer": (None, "5", ["r"], "ChoiceDialog"),
    "dispute-open": (
        "SELECT id FROM orders WHERE stage='in_transit' ORDER BY id",
        None,
        ["D"],
        "ReasonDialog",
    ),
    "dispute-resolve": (None, "6", ["D"], "ChoiceDialog"),
    "message": (
        "SELECT id FROM orders WHERE stage='pending' ORDER BY id",
        None,
        ["m"],
        "MessageDialog",
    ),
    "new-order": (None, None, ["n"], "NewOrderScreen"),
    "help": (None, None, ["question_mark"], "HelpScreen"),
    "export": (None, None, ["e"], "ExportDialog"),
    "import": (None, None, ["i"], "ImportDialog"),
    "edit-contact": (
        "SELECT id FROM orders WHERE stage='pending' ORDER BY id",
        None,
        ["E"],
        "FieldsDialog",
    ),
    "mark-paid": (
        "SELECT id FROM orders WHERE stage='pending' AND payment='unpaid' "
        "AND channel='manual' ORDER BY id",
        None,
        ["dollar_sign"],
        "FieldsDialog",
    ),
    "lines": (
        "SELECT id FROM orders WHERE stage='pending' ORDER BY id",
        None,
        ["L"],
        "FieldsDialog",
    ),
    "hold": (
        "SELECT id FROM orders WHERE stage='pending' ORDER BY id",
        None,
        ["h"],
        "FieldsDialog",
    ),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(snap_compare: Any, frozen_app: DeskApp, name: str) -> None:
    sql, tab, keys, expected = DIALOGS[name]
    order = _first(frozen_app, sql) if sql else None

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        if tab:
            await pilot.press(tab)
            await settle(pilot)
        if order is not None:
            await focus_order(pilot, order)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)
        assert type(pilot.app.screen).__name__ == expected
        still(pilot.app)
        if name == "export":  # the default path lies in this test's own home folder
            pilot.app.screen.query_one("#out", Input).value = "~/orderdesk-2026-10.xlsx"
        await pilot.pause()

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)


def test_search(snap_compare: Any, frozen_app: DeskApp) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("slash", "M", "U", "G")
        await settle(pilot)
        still(pilot.app)
        await pilot.pause()
        rows = table(pilot.app).page_rows
        assert rows and all(
            "MUG" in row["items"].upper() or "MUG" in row["buyer_name"].upper() for row in rows
        )

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)


def test_empty_database_guide(snap_compare: Any, tmp_path: Path, home: Path) -> None:
    from orderdesk.app import make_app
    from orderdesk.config import Settings
    from orderdesk.store import open_database

    app = make_app(open_database(tmp_path / "empty.db"), Settings())

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        assert desk(pilot.app).query_one("#guide").display

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_progress_dialog(snap_compare: Any, frozen_app: DeskApp) -> None:
    """The bar long work (a batch of labels, an import, an export) shows, half-way."""
    from textual.widgets import ProgressBar

    from orderdesk.screens.progress import ProgressScreen

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        screen = ProgressScreen("Printing 20 labels")
        await pilot.app.push_screen(screen)
        screen.report(7, 20)
        await settle(pilot)
        bar = screen.query_one("#bar", ProgressBar)
        assert (bar.progress, bar.total) == (7, 20)

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)


def test_stock_screen(snap_compare: Any, frozen_app: DeskApp) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StockScreen)
        rows = {row["sku"]: row for row in screen.rows}
        assert len(rows) == 19 and rows["PONCHO"]["low"]
        assert any(row["short"] for row in rows.values())

    assert snap_compare(frozen_app, terminal_size=SIZE, run_before=run_before)

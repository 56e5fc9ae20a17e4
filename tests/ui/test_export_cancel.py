"""Escape stops an export in progress and leaves no file, whole or partial (before, the
cancel was asked only every 500 orders, so a month of a few hundred was written anyway)."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from orderdesk.app import DeskApp
from orderdesk.exchange.workbook import export_workbook
from orderdesk.store import Database
from tests.ui.deskpilot import notes, settle

START, END = date(2000, 1, 1), date(2999, 12, 1)  # every order in the demo


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cancel_at_any_row_or_at_the_save_writes_nothing(
    database: Database, tmp_path: Path, fmt: str
) -> None:
    from orderdesk.domain.errors import BadInput

    folder = tmp_path / "out"  # the database file lives in tmp_path itself
    folder.mkdir()
    target = folder / f"book.{fmt}"
    last = database.clock().date()
    first = last - timedelta(days=45)  # a month and a half of orders: a few hundred
    asks: list[int] = []

    def never() -> bool:
        asks.append(1)
        return False

    export_workbook(database, first, last, target, fmt=fmt, cancelled=never)
    assert [p.name for p in folder.iterdir()] == [target.name]
    target.unlink()
    # Cancelled at the first row, at the 120th, and at the last ask (the file written, not
    # yet put in place): nothing is left, whole or partial.
    assert len(asks) > 120
    for stop_at in (1, 120, len(asks)):
        seen: list[int] = []

        def cancelled(stop_at: int = stop_at, seen: list[int] = seen) -> bool:
            seen.append(1)
            return len(seen) >= stop_at

        with pytest.raises(BadInput, match="^export cancelled; no file was written$"):
            export_workbook(database, first, last, target, fmt=fmt, cancelled=cancelled)
        assert list(folder.iterdir()) == [], stop_at


async def test_escape_on_the_progress_screen_stops_the_export(
    desk_app: DeskApp, app_db: Database, tmp_path: Path
) -> None:
    from orderdesk.screens.progress import ProgressScreen, run_job

    folder = tmp_path / "out"
    folder.mkdir()
    pressed = threading.Event()
    finished: list[Any] = []

    def job(progress: Any, cancelled: Any) -> Any:
        def asked() -> bool:
            pressed.wait(10)  # the export waits at its first row for the test's Escape
            return bool(cancelled())

        return export_workbook(app_db, START, END, folder / "book.xlsx", cancelled=asked)

    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        run_job(desk_app, "Exporting", job, finished.append)
        await pilot.pause()
        assert isinstance(desk_app.screen, ProgressScreen)
        await pilot.press("escape")
        pressed.set()
        await settle(pilot)
        assert not isinstance(desk_app.screen, ProgressScreen)
        assert notes(desk_app)[-1] == "export cancelled; no file was written"
    assert finished == [] and list(folder.iterdir()) == []

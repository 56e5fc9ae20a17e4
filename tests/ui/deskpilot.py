"""Driving the desk in a pilot: wait for its workers, find an order by searching for it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerCancelled

from orderdesk.screens.desk import DeskScreen
from orderdesk.store import Database
from orderdesk.widgets.order_table import OrderTable

FROZEN = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN


def one(database: Database, sql: str, **params: Any) -> dict[str, Any]:
    """The first row plain SQL finds in the real file (the test's view of the database)."""
    from sqlalchemy import text

    with database.read() as connection:
        row = connection.execute(text(sql), params).mappings().first()
    assert row is not None, sql
    return dict(row)


async def settle(pilot: Pilot[Any]) -> None:
    """Let every key typed take effect, every worker finish and the screen repaint."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            continue  # a newer page replaced the one being read: wait for that one
        await pilot.pause()
        keys = getattr(app, "keys", None)
        if keys is not None and not keys.idle:
            continue
        scans = getattr(app, "scans", None)
        if scans is not None and not scans.idle:
            await pilot.pause(0.02)  # keys held while it is not known whether they are a scan
            continue
        if not any(worker.is_running for worker in app.workers):
            return


def desk(app: App[int]) -> DeskScreen:
    return next(s for s in app.screen_stack if isinstance(s, DeskScreen))


def table(app: App[int]) -> OrderTable:
    return desk(app).active_table


def notes(app: App[int]) -> list[str]:
    """The notifications shown so far (newest last)."""
    return [str(n.message) for n in app._notifications]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


async def focus_order(pilot: Pilot[Any], order_id: int) -> None:
    """Search for the order (``/`` then its id) and put the cursor on its row."""
    await pilot.press("slash")
    await type_text(pilot, str(order_id))
    await pilot.press("enter")
    await settle(pilot)
    found = table(pilot.app)
    index = next(i for i, row in enumerate(found.page_rows) if row["id"] == order_id)
    found.move_cursor(row=index)
    await pilot.pause()


def screen_text(app: App[int]) -> str:
    """The text of every Static on the current screen, rendered as the seller reads it."""
    import io

    from rich.console import Console

    console = Console(width=160, file=io.StringIO(), record=True)
    for widget in app.screen.query(Static):
        console.print(widget.content)
    return console.export_text()


async def close_search(pilot: Pilot[Any]) -> None:
    await pilot.press("escape")
    await settle(pilot)

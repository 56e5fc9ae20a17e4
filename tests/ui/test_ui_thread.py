"""Acceptance 6: no query and no write runs on the UI thread.

The store's read path (``Database.reader``) and its write path (``Database.perform`` /
``uow`` / ``write``) are wrapped to record the thread they run on while the seller switches
tabs, pages, searches, opens an order and confirms one. Every call must come from a worker.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from orderdesk.app import DeskApp
from orderdesk.store.database import Database
from tests.ui.deskpilot import focus_order, one, settle


async def test_reads_and_writes_never_run_on_the_ui_thread(
    desk_app: DeskApp, app_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    for name in ("reader", "read", "write", "perform", "uow"):
        original = getattr(Database, name)

        def wrapped(
            self: Any, *args: Any, _name: str = name, _original: Any = original, **kwargs: Any
        ) -> Any:
            calls.append((_name, threading.current_thread().name))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Database, name, wrapped)
    order = one(
        app_db, "SELECT id FROM orders WHERE stage='pending' AND payment='paid' ORDER BY id"
    )
    calls.clear()  # the test's own look-up above ran here, before the desk opened
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        main = threading.current_thread().name
        for key in ("2", "3", "4", "1", "ctrl+end", "ctrl+home", "pagedown", "enter"):
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("escape")
        await focus_order(pilot, order["id"])
        await pilot.press("c")
        await settle(pilot)
    kinds = {name for name, _thread in calls}
    assert {"reader", "perform"} <= kinds
    on_ui = [(name, thread) for name, thread in calls if thread == main]
    assert on_ui == []

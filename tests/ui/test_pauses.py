"""Work that stalls the desk (the write-path import, a full garbage collection) waits for the
seller to pause, and the process gets Python's own collection back when the desk closes."""

from __future__ import annotations

import asyncio
import gc

from orderdesk.app import DeskApp
from orderdesk.pauses import FULL_COLLECTION_AFTER, PAUSE_SECONDS
from tests.ui.deskpilot import settle


async def test_background_work_waits_while_keys_come(desk_app: DeskApp) -> None:
    thresholds = gc.get_threshold()
    collections = gc.get_stats()[2]["collections"]
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == FULL_COLLECTION_AFTER
        for _ in range(8):  # a key every 0.3 s for 2.4 s: never a pause
            await pilot.press("down")
            await asyncio.sleep(PAUSE_SECONDS * 0.3)
        assert not desk_app.pauses.warmed
        assert not any(worker.group == "warm-up" for worker in desk_app.workers)
        await asyncio.sleep(PAUSE_SECONDS * 2.2)  # a pause: the write path is imported
        assert desk_app.pauses.warmed
        await pilot.press("down")
        await asyncio.sleep(PAUSE_SECONDS * 2.2)  # worked, then paused: a full collection
        assert gc.get_stats()[2]["collections"] > collections
        assert not desk_app.pauses.worked
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0

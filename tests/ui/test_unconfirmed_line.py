"""Issue 16: the desk shows how many shipments each marketplace with an upload has not been
told of yet, and the line follows the command line's ship and confirmations by itself."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.conftest import CliRunner
from tests.ui.deskpilot import one, screen_text, settle

SIZE = (120, 35)


async def wait_for(pilot: Pilot[int], app: App[int], wanted: bool, text: str) -> str:
    shown = ""
    started = time.monotonic()
    while time.monotonic() - started < 3.0:
        await pilot.pause(0.05)
        shown = screen_text(app)
        if (text in shown) is wanted:
            break
    return shown


async def test_unconfirmed_shipments_per_channel_follow_outside_changes(
    desk_app: DeskApp, app_db: Database, cli: CliRunner, tmp_path: Path
) -> None:
    order = one(
        app_db,
        "SELECT id FROM orders WHERE channel = 'amazon' AND stage = 'confirmed' "
        "AND hold_reason = '' ORDER BY id",
    )
    line = "Shipments not yet confirmed to the marketplace amazon 1"
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "not yet confirmed to the marketplace" not in screen_text(desk_app)
        shipped = await asyncio.to_thread(
            cli,
            "ship",
            str(order["id"]),
            "--carrier",
            "UPS",
            "--tracking",
            "1Z999AA10123456784",
            db=app_db.path,
        )
        assert shipped.code == 0, shipped.err
        assert line in await wait_for(pilot, desk_app, True, line)

        out = tmp_path / "amazon.txt"
        told = await asyncio.to_thread(
            cli, "confirmations", "--channel", "amazon", "--out", str(out), db=app_db.path
        )
        assert told.code == 0, told.err
        shown = await wait_for(pilot, desk_app, False, "not yet confirmed to the marketplace")
        assert "not yet confirmed to the marketplace" not in shown

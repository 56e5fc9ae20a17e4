"""Acceptance 4: select 20 confirmed orders, press p: one PDF with 20 labels, all 20 ready to
ship. Runs the documents part for real (reportlab) and reads the PDF back with pdfinfo."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.conftest import need_tool
from tests.ui.deskpilot import desk, notes, one, settle, table


async def test_p_prints_one_pdf_for_a_batch_of_20(desk_app: DeskApp, app_db: Database) -> None:
    need_tool("pdfinfo")
    from tests.conftest import rows_where

    complete = {
        r["id"]
        for r in rows_where(
            app_db,
            "SELECT id FROM orders WHERE stage='confirmed' AND ship_name<>'' AND "
            "ship_line1<>'' AND ship_city<>'' AND ship_postal_code<>'' AND ship_country<>''",
        )
    }
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # confirmed orders wait in Ready to ship for their label
        await settle(pilot)
        chosen: list[int] = []
        for _ in range(200):
            row = table(desk_app).current
            assert row is not None
            if row["id"] in complete:
                chosen.append(row["id"])
                await pilot.press("space")
            else:
                await pilot.press("down")
            await pilot.pause()
            if len(chosen) == 20:
                break
        assert len(chosen) == 20 and len(desk(desk_app).selected) == 20
        await pilot.press("p")
        await settle(pilot)
        written = [n for n in notes(desk_app) if "label(s) written to" in n]
        assert written, notes(desk_app)
    path = Path(re.search(r"written to (\S+\.pdf)", written[-1]).group(1))  # type: ignore[union-attr]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+20$", info.stdout, re.M), info.stdout
    for order_id in chosen:
        assert one(app_db, "SELECT stage FROM orders WHERE id=:i", i=order_id) == {
            "stage": "ready_to_ship"
        }

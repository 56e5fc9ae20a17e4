"""w writes what only the command line wrote before: an invoice or packing slip of the
focused (or selected) orders, a pick list of them or of the whole tab."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from textual.app import App

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, notes, one, settle

SIZE = (120, 35)


def written(app: App[int]) -> Path:
    found = re.search(r"written to (\S+\.pdf)", notes(app)[-1])
    assert found, notes(app)[-1]
    path = Path(found.group(1))
    assert path.exists()
    return path


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        return path.read_bytes().decode("latin-1")
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


async def test_w_writes_an_invoice_and_a_pick_list(desk_app: DeskApp, app_db: Database) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    order = one(app_db, "SELECT id FROM orders WHERE stage = 'confirmed' ORDER BY id")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        await pilot.press("enter")  # Invoice has the focus
        await settle(pilot)
        assert "Invoice written to" in notes(desk_app)[-1]
        assert str(order) in pdf_text(written(desk_app))
        await pilot.press("escape")  # close the search: the To prepare tab
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("right", "right", "enter")  # Pick list of the tab
        await settle(pilot)
        assert "Pick list written to" in notes(desk_app)[-1]
        assert "picklist-to-prepare" in written(desk_app).name

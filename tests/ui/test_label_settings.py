"""The desk's label key prints what ``orderdesk label`` would: the ``label_format`` and
``label_size`` settings decide ZPL or PDF, 4×6 or A4 (read back from the written file)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from orderdesk.app import make_app
from orderdesk.config import Seller, Settings
from orderdesk.domain.fulfilment import confirm
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.store import Database, open_database
from tests.conftest import need_tool
from tests.drafts import MADRID
from tests.ui.deskpilot import notes, one, settle, table

SIZE = (120, 35)
SELLER = Seller(
    name="Tienda Ñandú",
    line1="Calle de Atocha 12",
    city="Madrid",
    postal_code="28012",
    country="ES",
)


@pytest.fixture
def shop(tmp_path: Path, home: Path) -> Any:
    database = open_database(tmp_path / "shop.db", actor="seller")
    draft = OrderDraft(
        buyer_name="Begoña Sáez",
        currency="EUR",
        paid=True,
        lines=[LineDraft("MATE", "Mate", 2, 1500)],
        **MADRID,
    )
    order = database.perform(create_order, draft).order_id
    database.perform(confirm, order)
    yield database, order
    database.close()


async def press_label(database: Database, settings: Settings, order: int) -> Path:
    app = make_app(database, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")  # a confirmed order waits in Ready to ship for its label
        await settle(pilot)
        row = table(app).current
        assert row is not None and row["id"] == order
        await pilot.press("p")
        await settle(pilot)
        written = [n for n in notes(app) if "label(s) written to" in n]
        assert written, notes(app)
    found = re.search(r"written to (\S+)", written[-1])
    assert found is not None
    return Path(found.group(1))


async def test_the_label_key_writes_zpl_when_the_setting_says_zpl(shop: Any) -> None:
    database, order = shop
    path = await press_label(database, Settings(label_format="zpl", seller=SELLER), order)
    assert path.suffix == ".zpl"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("^XA") and text.rstrip().endswith("^XZ")
    assert "Begoña Sáez" in text and "Calle Mayor 5" in text and "Tienda Ñandú" in text
    assert "^PW812" in text  # 4 in at 203 dpi: the thermal printer's 4x6 label
    assert one(database, "SELECT stage FROM orders WHERE id = :i", i=order)["stage"] == (
        "ready_to_ship"
    )


async def test_the_label_key_writes_a4_pdf_when_the_setting_says_a4(shop: Any) -> None:
    need_tool("pdfinfo", "pdftotext")
    database, order = shop
    path = await press_label(database, Settings(label_size="a4", seller=SELLER), order)
    assert path.suffix == ".pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in info  # A4 points, not a 4x6 label
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Begoña Sáez" in text and "Tienda Ñandú" in text


async def test_the_label_key_without_a_sender_address_prints_and_warns(shop: Any) -> None:
    need_tool("pdftotext")
    database, order = shop
    settings = Settings()  # no [seller] address
    app = make_app(database, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        shown = notes(app)
    written = [n for n in shown if "label(s) written to" in n]
    assert written and shown[-1] == (
        "the labels name no sender address (a parcel the carrier cannot deliver has nowhere to "
        f"come back to): fill [seller] line1, city and country in {settings.path}"
    )
    found = re.search(r"written to (\S+)", written[-1])
    assert found is not None
    text = subprocess.run(["pdftotext", found.group(1), "-"], capture_output=True, text=True)
    assert "Begoña Sáez" in text.stdout
    assert one(database, "SELECT stage FROM orders WHERE id = :i", i=order)["stage"] == (
        "ready_to_ship"
    )

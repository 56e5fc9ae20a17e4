"""Issue 16, scan to pack (acceptance 7) in a Textual pilot: K opens the packing screen; the
label, then each item's barcode; a wrong item or an extra unit rings the bell and changes
nothing; the last unit packs the order (journaled, undoable)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from orderdesk.app import make_app
from orderdesk.config import Settings
from orderdesk.domain.catalogue import ProductDraft
from orderdesk.domain.fulfilment import confirm
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.stock import set_product
from orderdesk.domain.undo import undo
from orderdesk.screens.pack import PackScreen
from orderdesk.store import Database, open_database
from tests.drafts import MADRID
from tests.ui.deskpilot import one, settle, type_text

SIZE = (120, 35)
TERMO = "4006381333931"
MATE = "7790070000002"
OTHER = "5012345678900"


def packing_shop(path: Path) -> Database:
    """A shop whose order #1 (two Mate, one Termo; confirmed) waits to be packed; a third
    product, Bombilla, is on the shelf with its own barcode to be scanned by mistake."""
    database = open_database(path, actor="seller")
    database.perform(set_product, ProductDraft("TERMO", title="Termo", on_hand=5, barcode=TERMO))
    database.perform(set_product, ProductDraft("MATE", title="Mate", on_hand=9, barcode=MATE))
    database.perform(set_product, ProductDraft("BOMB", title="Bombilla", on_hand=9, barcode=OTHER))
    database.perform(
        create_order,
        OrderDraft(
            buyer_name="Dani Lines",
            currency="EUR",
            paid=True,
            **MADRID,
            lines=[LineDraft("MATE", "Mate", 2, 1000), LineDraft("TERMO", "Termo", 1, 3000)],
        ),
    )
    database.perform(confirm, 1)
    return database


@pytest.fixture
def shop(tmp_path: Path, home: Path) -> Iterator[Database]:
    database = packing_shop(tmp_path / "shop.db")
    yield database
    database.close()


def status(app: App[int]) -> str:
    screen = app.screen
    assert isinstance(screen, PackScreen), screen
    return str(screen.query_one("#pack-status", Static).content)


def packed_at(database: Database) -> Any:
    return one(database, "SELECT packed_at FROM orders WHERE id = 1")["packed_at"]


async def scan(pilot: Pilot[int], code: str) -> None:
    await type_text(pilot, code)
    await pilot.press("enter")


async def test_scanning_every_unit_packs_the_order(shop: Database) -> None:
    app = make_app(shop, Settings())
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        await scan(pilot, "#1")
        await settle(pilot)
        assert "scan its 3 units" in status(app), app.focused
        await scan(pilot, MATE)
        await settle(pilot)
        assert "MATE: 1 left" in status(app)
        await scan(pilot, OTHER)  # not in the order
        await settle(pilot)
        assert bells == [1]
        assert "not an item of order #1" in status(app)
        await scan(pilot, TERMO)
        await scan(pilot, TERMO)  # one too many
        await settle(pilot)
        assert bells == [1, 1]
        assert "TERMO is complete" in status(app)
        assert packed_at(shop) is None  # nothing changed by the wrong scans
        await scan(pilot, MATE)
        await settle(pilot)
        assert "packed" in status(app)
    assert packed_at(shop) is not None
    entry = one(shop, "SELECT action, undone_by FROM journal WHERE action = 'packed'")
    assert entry["undone_by"] is None
    shop.perform(undo)
    assert packed_at(shop) is None


async def test_scans_typed_before_the_order_is_read_are_kept_in_order(
    shop: Database, tmp_path: Path
) -> None:
    app = make_app(shop, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        for code in ("1", MATE, TERMO, MATE):  # no pause: a scanner's burst
            await scan(pilot, code)
        await settle(pilot)
        assert "packed" in status(app)
    assert packed_at(shop) is not None
    from tests.conftest import show_json

    assert json.loads(show_json(tmp_path / "shop.db", 1))["packed"] is True


async def test_a_merged_parcel_is_scanned_and_packed_as_one(shop: Database) -> None:
    """Order #2 (one Bombilla) merged with #1 shares its parcel: either order's number opens
    both, the Bombilla is an item to scan, and the last unit packs both."""
    from orderdesk.domain.merging import merge

    shop.perform(
        create_order,
        OrderDraft(
            buyer_name="Dani Lines",
            currency="EUR",
            paid=True,
            **MADRID,
            lines=[LineDraft("BOMB", "Bombilla", 1, 800)],
        ),
    )
    shop.perform(confirm, 2)
    shop.perform(merge, [1, 2])
    app = make_app(shop, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        await scan(pilot, "#2")
        await settle(pilot)
        assert "Order #1 (merged with #2): scan its 4 units" in status(app)
        for code in (MATE, TERMO, OTHER, MATE):
            await scan(pilot, code)
        await settle(pilot)
        assert "Order #1 packed with merged order #2" in status(app)
    assert packed_at(shop) is not None
    assert one(shop, "SELECT packed_at FROM orders WHERE id = 2")["packed_at"] is not None

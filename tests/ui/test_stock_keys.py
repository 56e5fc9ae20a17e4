"""Issue 14 in the desk, by key (acceptance 8): the Stock screen (S) and its keys, and the
exceptions of an order day (E $ L h), on a real SQLite file, with the database read back and
the Stock screen's counts read off the screen as they change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Static

from orderdesk.app import make_app
from orderdesk.config import Settings
from orderdesk.domain.catalogue import ProductDraft
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.stock import set_product
from orderdesk.screens.fields import FieldsDialog
from orderdesk.screens.stock import StockScreen
from orderdesk.store import Database, open_database
from tests.drafts import MADRID, DraftFields
from tests.ui.deskpilot import desk, focus_order, notes, one, settle, table, type_text

SIZE = (120, 35)
ADDRESS = MADRID


@pytest.fixture
def shop(tmp_path: Path, home: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db", actor="seller")
    database.perform(
        set_product,
        ProductDraft("TERMO", title="Termo 1 L", on_hand=1, low_stock=2, barcode="4006381333931"),
    )
    database.perform(set_product, ProductDraft("MATE", title="Mate", on_hand=10))

    def order(
        buyer: str,
        lines: list[tuple[str, int]],
        paid: bool = True,
        address: DraftFields | None = None,
    ) -> None:
        database.perform(
            create_order,
            OrderDraft(
                buyer_name=buyer,
                currency="EUR",
                paid=paid,
                **(ADDRESS if address is None else address),
                lines=[LineDraft(sku, sku.title(), qty, 1000) for sku, qty in lines],
            ),
        )

    order("Ana Short", [("TERMO", 3)])  # 1: short of stock
    order("Bea Unpaid", [("MATE", 1)], paid=False)  # 2: manual, unpaid
    order(
        "Caro Address",
        [("MATE", 1)],
        address={"ship_line1": "Gran Vía 1", "ship_city": "Madrid", "ship_country": "ES"},
    )
    order("Dani Lines", [("MATE", 2), ("TERMO", 1)])  # 4: paid, two lines
    yield database
    database.close()


def stock_screen(app: App[int]) -> StockScreen:
    screen = app.screen
    assert isinstance(screen, StockScreen), screen
    return screen


def heading(app: App[int]) -> str:
    return str(stock_screen(app).query_one("#stock-counts", Static).content)


async def heading_shows(pilot: Pilot[int], text: str, seconds: float = 10) -> None:
    """The Stock screen's counts come back from a worker after an action: wait until they
    show ``text`` (the live update), or fail with what they show."""
    import time

    deadline = time.monotonic() + seconds
    while text not in heading(pilot.app):
        assert time.monotonic() < deadline, heading(pilot.app)
        await settle(pilot)


def product(database: Database, sku: str) -> dict[str, Any]:
    return one(database, "SELECT * FROM products WHERE sku = :s", s=sku)


async def fill(pilot: Pilot[int], text: str, *, tabs: int = 0) -> None:
    """Type into a dialog's field (``tabs`` fields down), then Enter through to confirm."""
    await settle(pilot)
    assert isinstance(pilot.app.screen, FieldsDialog)
    for _ in range(tabs):
        await pilot.press("tab")
    await pilot.press("ctrl+u")
    await type_text(pilot, text)


async def submit(pilot: Pilot[int]) -> None:
    pilot.app.screen.query_one("#ok", Button).press()
    await settle(pilot)


async def test_stock_screen_keys_and_its_counts_live(shop: Database) -> None:
    app = make_app(shop, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = str(desk(app).query_one("#stock-line", Static).content)
        assert "2 SKUs" in line and "1 low" in line and "1 short" in line
        assert "1 order short" in line
        short = next(r for r in table(app).page_rows if r["id"] == 1)
        assert short["short"] is True

        await pilot.press("S")
        await settle(pilot)
        await heading_shows(pilot, "2 SKUs · 1 low · 1 short")
        grid = stock_screen(app).query_one("#stock-table", DataTable)
        assert grid.row_count == 2
        row = stock_screen(app).rows[grid.cursor_row]
        assert (row["sku"], row["on_hand"], row["committed"], row["available"]) == (
            "MATE",
            10,
            4,
            6,
        )
        await pilot.press("down")  # TERMO
        await pilot.press("r")
        await fill(pilot, "2")
        await submit(pilot)
        assert product(shop, "TERMO")["on_hand"] == 3
        await heading_shows(pilot, "2 SKUs · 0 low · 1 short")  # live: 4 on pending orders
        await pilot.press("r")
        await fill(pilot, "1")
        await submit(pilot)
        await heading_shows(pilot, "2 SKUs · 0 low · 0 short")

        await pilot.press("a")
        await fill(pilot, "-999")
        await pilot.press("tab")
        await type_text(pilot, "damaged")
        await submit(pilot)
        assert any("below zero" in n for n in notes(app))
        assert product(shop, "TERMO")["on_hand"] == 4
        # the store's refusal opens the form again as typed, the line shown in it
        from textual.widgets import Input as TypedInput

        from orderdesk.screens.fields import FieldsDialog

        form = app.screen
        assert isinstance(form, FieldsDialog)
        assert form.query_one("#field-delta", TypedInput).value == "-999"
        assert form.query_one("#field-reason", TypedInput).value == "damaged"
        assert "below zero" in str(form.query_one("#fields-problem").render())
        await pilot.press("escape")  # typed text: asks first
        await settle(pilot)
        await pilot.press("enter")  # "Discard it" has the focus
        await settle(pilot)
        assert not isinstance(app.screen, FieldsDialog)

        await pilot.press("c")
        await fill(pilot, "9")
        await submit(pilot)
        assert product(shop, "TERMO")["on_hand"] == 9
        await pilot.press("u")
        await settle(pilot)
        assert product(shop, "TERMO")["on_hand"] == 4

        await pilot.press("e")
        await fill(pilot, "CN", tabs=5)  # title, low, barcode, weight, HS code → origin
        await submit(pilot)
        assert product(shop, "TERMO")["origin"] == "CN"

        await pilot.press("escape")
        await settle(pilot)
        await focus_order(pilot, 1)
        await pilot.press("c")
        await settle(pilot)
        assert one(shop, "SELECT stage FROM orders WHERE id = 1")["stage"] == "confirmed"
        await pilot.press("escape")
        await pilot.press("S")
        await settle(pilot)
        row = next(r for r in stock_screen(app).rows if r["sku"] == "TERMO")
        assert (row["on_hand"], row["committed"], row["available"]) == (1, 1, 0)
        await heading_shows(pilot, "1 low · 0 short")


async def test_exceptions_by_key_edit_paid_lines_hold(shop: Database) -> None:
    app = make_app(shop, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        await focus_order(pilot, 2)
        await pilot.press("c")
        await settle(pilot)
        assert any("not paid" in n for n in notes(app))
        await pilot.press("dollar_sign")
        await fill(pilot, "cash")
        await pilot.press("tab")
        await type_text(pilot, "R-7")
        await submit(pilot)
        paid = one(shop, "SELECT payment, paid_method, paid_reference FROM orders WHERE id = 2")
        assert paid == {"payment": "paid", "paid_method": "cash", "paid_reference": "R-7"}
        await pilot.press("c")
        await settle(pilot)
        assert one(shop, "SELECT stage FROM orders WHERE id = 2")["stage"] == "confirmed"

        await focus_order(pilot, 3)
        await pilot.press("E")
        await fill(pilot, "28014", tabs=5)  # name, line 1, line 2, city, region → postal code
        await submit(pilot)
        assert one(shop, "SELECT ship_postal_code FROM orders WHERE id = 3") == {
            "ship_postal_code": "28014"
        }
        edited = one(shop, "SELECT actor, before, after FROM journal WHERE action = 'edited'")
        assert edited["actor"] == "seller"

        await focus_order(pilot, 4)
        await pilot.press("L")
        await fill(pilot, "remove TERMO")
        await submit(pilot)
        money = one(shop, "SELECT subtotal, total, refunded, payment FROM orders WHERE id = 4")
        assert money == {
            "subtotal": 2000,
            "total": 3000,
            "refunded": 1000,
            "payment": "partially_refunded",
        }

        await pilot.press("h")
        await fill(pilot, "buyer's answer")
        await submit(pilot)
        assert one(shop, "SELECT hold_reason FROM orders WHERE id = 4") == {
            "hold_reason": "buyer's answer"
        }
        await focus_order(pilot, 4)
        held = next(r for r in table(app).page_rows if r["id"] == 4)
        assert held["hold"] is not None and held["hold"]["active"] is True
        await pilot.press("c")
        await settle(pilot)
        assert any("on hold" in n for n in notes(app))
        await pilot.press("h")
        await settle(pilot)
        assert one(shop, "SELECT hold_reason FROM orders WHERE id = 4") == {"hold_reason": ""}
        await pilot.pause(0.6)  # h holds the keys typed after it for its dialog (none here)
        await pilot.press("c")
        await settle(pilot)
        stage = one(shop, "SELECT stage FROM orders WHERE id = 4")["stage"]
        assert stage == "confirmed", notes(app)  # partly refunded: paid for what is left


async def test_the_palette_filters_to_prepare_to_the_orders_short_of_stock(shop: Database) -> None:
    app = make_app(shop, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(table(app).page_rows) == 4
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "short of stock")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = table(app)
        assert [row["id"] for row in shown.page_rows] == [1]
        assert "short of stock only" in str(shown.border_title)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "short of stock")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(table(app).page_rows) == 4


async def test_the_stock_screen_follows_outside_changes_and_keeps_its_page(
    shop: Database, tmp_path: Path
) -> None:
    """A receipt on the command line (another connection) shows on the open Stock screen by
    itself within 2 s; reopened with nothing changed, the screen shows the page it kept (no
    read: the same rows object); reopened after a change made while it was away, it reads."""
    import asyncio
    import time

    from orderdesk.domain.stock import receive as receive_stock

    elsewhere = open_database(tmp_path / "shop.db", actor="cli")
    app = make_app(shop, Settings())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("S")
            await settle(pilot)
            await heading_shows(pilot, "2 SKUs · 1 low · 1 short")
            await asyncio.to_thread(elsewhere.perform, receive_stock, "TERMO", 5, "")
            received = time.monotonic()
            while "0 short" not in heading(app) and time.monotonic() - received < 2.0:
                await pilot.pause(0.05)  # no key pressed
            assert "2 SKUs · 0 low · 0 short" in heading(app)
            termo = next(r for r in stock_screen(app).rows if r["sku"] == "TERMO")
            assert termo["on_hand"] == 6

            kept = stock_screen(app).rows
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("S")
            await settle(pilot)
            assert stock_screen(app).rows is kept  # nothing changed: nothing read

            await pilot.press("escape")
            await settle(pilot)
            await asyncio.to_thread(elsewhere.perform, receive_stock, "MATE", 1, "")
            await pilot.press("S")
            await settle(pilot)
            mate = next(r for r in stock_screen(app).rows if r["sku"] == "MATE")
            assert mate["on_hand"] == 11
    finally:
        elsewhere.close()

"""The Refunds tab's return keys (issue 16): R writes the return label of an accepted return,
v receives its parcel and restocks; the footer offers each only when the domain's rule allows
it, and a key that does not apply says why. Real SQLite file, real PDF read back."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from orderdesk.app import make_app
from orderdesk.config import Seller, Settings
from orderdesk.domain import aftersales, fulfilment
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import Product
from orderdesk.store import Database, open_database
from tests.conftest import need_tool
from tests.drafts import MADRID
from tests.ui.deskpilot import desk, notes, one, settle, table

SIZE = (160, 35)
SELLER = Seller(name="My Shop", line1="Calle de Atocha 12", city="Madrid", country="ES")


def footer_keys(app: App[int]) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


def shipped(database: Database, buyer: str) -> int:
    draft = OrderDraft(
        buyer_name=buyer,
        currency="EUR",
        paid=True,
        lines=[LineDraft("MATE", "Mate", 2, 1500)],
        **MADRID,
    )
    order = database.perform(create_order, draft).order_id
    database.perform(fulfilment.confirm, order)
    database.perform(fulfilment.ship, order, "DHL", "1234567891")
    return order


async def focus_case(pilot: Pilot[int], case: int) -> dict[str, Any]:
    rows = table(pilot.app).page_rows
    index = next(i for i, row in enumerate(rows) if row["case_id"] == case)
    table(pilot.app).move_cursor(row=index)
    await settle(pilot)
    current = table(pilot.app).current
    assert current is not None and current["case_id"] == case
    return dict(current)


async def test_r_and_v_on_an_accepted_return(tmp_path: Path, home: Path) -> None:
    need_tool("pdftotext")
    database = open_database(tmp_path / "shop.db", actor="seller")
    with database.uow() as uow:
        uow.add(Product(sku="MATE", title="Mate", on_hand=10))
        uow.commit()
    back = shipped(database, "Begoña Sáez")
    kept = shipped(database, "Olga Ivanova")
    ret = database.perform(aftersales.request_refund, back, "30", "too small", kind="return")
    refund = database.perform(aftersales.request_refund, kept, "5", "scratched")
    app = make_app(database, Settings(seller=SELLER))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            await focus_case(pilot, ret.case_id or 0)
            assert "Return label" not in footer_keys(app) and "Received" not in footer_keys(app)
            await pilot.press("R")
            await settle(pilot)
            assert notes(app)[-1] == (
                f"case {ret.case_id} on order #{back}: the return is not accepted yet "
                f"(accept it first: refund accept)"
            )
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("enter")  # Accept: refund it
            await settle(pilot)
            row = await focus_case(pilot, ret.case_id or 0)
            assert row["case_status"] == "accepted" and row["case_rma"]
            rma = row["case_rma"]
            assert "Return label" in footer_keys(app) and "Received" in footer_keys(app)

            await pilot.press("R")
            await settle(pilot)
            written = next(n for n in notes(app) if n.startswith(f"Return label {rma}"))
            path = Path(written.split(" written to ")[1])
            text = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
            ).stdout
            assert text.index("RETURN FROM") < text.index("Begoña Sáez") < text.index("RETURN TO")
            assert text.index("RETURN TO") < text.index("My Shop") < text.index("Calle de Atocha")
            assert f"Return authorisation {rma}" in text

            assert one(database, "SELECT on_hand FROM products")["on_hand"] == 6
            await pilot.press("v")
            await settle(pilot)
            assert any("2 units back in stock" in n for n in notes(app))
            assert one(database, "SELECT on_hand FROM products")["on_hand"] == 8
            await focus_case(pilot, ret.case_id or 0)
            assert "Received" not in footer_keys(app) and "Return label" in footer_keys(app)
            await pilot.press("v")
            await settle(pilot)
            assert notes(app)[-1].endswith(f"return {rma} was already received")

            await focus_case(pilot, refund.case_id or 0)  # a refund: the buyer keeps it
            assert "Return label" not in footer_keys(app)
            await pilot.press("R")
            await settle(pilot)
            assert "it is a refund, not a return" in notes(app)[-1]

            await pilot.press("u")  # undo the receipt: this desk's own latest, no money
            await settle(pilot)
            assert one(database, "SELECT on_hand FROM products")["on_hand"] == 6
            assert desk(app).latest_entry is not None
        received = one(database, "SELECT received_at FROM return_authorisations")
        assert received["received_at"] is None
    finally:
        database.close()


async def test_r_without_the_sellers_address_says_which_settings_to_fill(
    tmp_path: Path, home: Path
) -> None:
    database = open_database(tmp_path / "shop.db", actor="seller")
    back = shipped(database, "Begoña Sáez")
    ret = database.perform(aftersales.request_refund, back, "30", "too small", kind="return")
    database.perform(aftersales.accept_refund, ret.case_id or 0)
    journal = one(database, "SELECT count(*) AS n FROM journal")["n"]
    settings = Settings()  # no [seller] address
    app = make_app(database, settings)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            await focus_case(pilot, ret.case_id or 0)
            await pilot.press("R")
            await settle(pilot)
            assert notes(app)[-1] == (
                f"case {ret.case_id} on order #{back}: no return label: the seller's return "
                f"address is not set: fill [seller] line1, city and country in {settings.path}"
            )
        folder = home / "data" / "documents"
        assert not folder.exists() or not list(folder.iterdir())  # no file
        assert one(database, "SELECT count(*) AS n FROM journal")["n"] == journal
    finally:
        database.close()

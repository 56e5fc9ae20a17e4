"""Fixtures for the core's acceptance tests: a small shop of the seller's own orders.

``shop`` builds a real SQLite file through the store and the domain (``intake.create_order``,
products added in a unit of work), so each test knows exactly which orders and stock it holds.
``show_json`` prints ``orderdesk show ID --json`` through the command line's own ``main`` (the
same bytes a process prints, without a process start per snapshot).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import Product
from orderdesk.store import Database, open_database
from tests.conftest import show_json

ADDRESS = {
    "ship_line1": "Av. Corrientes 1234", "ship_city": "Buenos Aires", "ship_region": "CABA",
    "ship_postal_code": "C1043AAZ", "ship_country": "AR",
}


@dataclass
class Shop:
    """A database of the seller's own orders, made through the domain."""

    path: Path
    database: Database

    def product(self, sku: str, on_hand: int) -> None:
        with self.database.uow() as uow:
            uow.add(Product(sku=sku, title=f"Product {sku}", on_hand=on_hand, low_stock=1))
            uow.commit()

    def order(self, *lines: tuple[str, int], paid: bool = True, currency: str = "USD",
              price: int = 1000, address: bool = True, buyer: str = "Lucía Núñez") -> int:
        """A new pending order with ``(sku, quantity)`` lines; returns its desk id."""
        draft = OrderDraft(
            buyer_name=buyer, currency=currency, paid=paid,
            lines=[LineDraft(sku=sku, title=f"Item {sku}", quantity=qty, unit_price=price)
                   for sku, qty in (lines or (("FREE-ITEM", 1),))],
            **(ADDRESS if address else {}),
        )
        outcome = self.database.perform(create_order, draft)
        return outcome.order_id

    def on_hand(self, sku: str) -> int:
        with self.database.read() as connection:
            from sqlalchemy import text

            return int(connection.execute(text("SELECT on_hand FROM products WHERE sku = :s"),
                                          {"s": sku}).scalar_one())

    def row(self, order_id: int) -> dict[str, Any]:
        from sqlalchemy import text

        with self.database.read() as connection:
            return dict(connection.execute(text("SELECT * FROM orders WHERE id = :i"),
                                           {"i": order_id}).mappings().one())


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    path = tmp_path / "shop.db"
    database = open_database(path)
    yield Shop(path, database)
    database.close()


@pytest.fixture
def show() -> Any:
    return show_json

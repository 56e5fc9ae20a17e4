"""Fixtures for the core's acceptance tests: a small shop of the seller's own orders.

``shop`` builds a real database through the store and the domain (``intake.create_order``,
products added in a unit of work), so each test knows exactly which orders and stock it holds.
It runs on both engines (``engine``): a SQLite file, and a fresh database on the PostgreSQL
server of ``tests/pg.py``; so does ``demo_db`` here (a copy of a demo made once per engine).
``show_json`` prints ``orderdesk show ID --json`` through the command line's own ``main`` (the
same bytes a process prints, without a process start per snapshot).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import Product
from orderdesk.store import Database, open_database
from tests import pg
from tests.conftest import ROOT, DbTarget, ShowJson, show_json
from tests.drafts import DraftFields

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]

ADDRESS: DraftFields = {
    "ship_line1": "Av. Corrientes 1234",
    "ship_city": "Buenos Aires",
    "ship_region": "CABA",
    "ship_postal_code": "C1043AAZ",
    "ship_country": "AR",
}


@dataclass
class Shop:
    """A database of the seller's own orders, made through the domain."""

    path: DbTarget  # what --db takes: the SQLite file or the PostgreSQL URL
    database: Database

    def product(self, sku: str, on_hand: int) -> None:
        with self.database.uow() as uow:
            uow.add(Product(sku=sku, title=f"Product {sku}", on_hand=on_hand, low_stock=1))
            uow.commit()

    def order(
        self,
        *lines: tuple[str, int],
        paid: bool = True,
        currency: str = "USD",
        price: int = 1000,
        address: bool = True,
        buyer: str = "Lucía Núñez",
    ) -> int:
        """A new pending order with ``(sku, quantity)`` lines; returns its desk id."""
        draft = OrderDraft(
            buyer_name=buyer,
            currency=currency,
            paid=paid,
            lines=[
                LineDraft(sku=sku, title=f"Item {sku}", quantity=qty, unit_price=price)
                for sku, qty in (lines or (("FREE-ITEM", 1),))
            ],
            **(ADDRESS if address else DraftFields()),
        )
        outcome = self.database.perform(create_order, draft)
        return outcome.order_id

    def on_hand(self, sku: str) -> int:
        with self.database.read() as connection:
            from sqlalchemy import text

            return int(
                connection.execute(
                    text("SELECT on_hand FROM products WHERE sku = :s"), {"s": sku}
                ).scalar_one()
            )

    def row(self, order_id: int) -> dict[str, Any]:
        from sqlalchemy import text

        with self.database.read() as connection:
            return dict(
                connection.execute(text("SELECT * FROM orders WHERE id = :i"), {"i": order_id})
                .mappings()
                .one()
            )


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine under test: every test that asks runs on SQLite and on PostgreSQL."""
    if request.param == "postgresql":
        pg.need_server()
    return str(request.param)


@pytest.fixture
def empty_db(engine: str, tmp_path: Path) -> Iterator[DbTarget]:
    """A new, empty database on the engine under test: a file path or a server URL."""
    if engine == "sqlite":
        yield tmp_path / "shop.db"
        return
    with pg.database_url() as url:
        yield url


@pytest.fixture
def shop(empty_db: DbTarget) -> Iterator[Shop]:
    database = open_database(empty_db)
    yield Shop(empty_db, database)
    database.close()


@pytest.fixture(scope="session")
def pg_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The 2,000-order demo (seed 7) on the server, built once, copied for each test."""
    pg.need_server()
    url = pg.create()
    env = {**os.environ, "ORDERDESK_HOME": str(tmp_path_factory.mktemp("pg-demo"))}
    subprocess.run(
        [sys.executable, "-m", "orderdesk", "--db", url, "demo", "--orders", "2000", "--seed", "7"],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    yield pg.name_of(url)
    pg.drop(url)


@pytest.fixture
def demo_db(engine: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DbTarget]:
    """A private copy of the 2,000-order demo on the engine under test."""
    if engine == "sqlite":
        path = tmp_path / "demo.db"
        shutil.copy(request.getfixturevalue("demo_template"), path)
        yield path
        return
    with pg.database_url(template=request.getfixturevalue("pg_demo_template")) as url:
        yield url


@pytest.fixture
def show() -> ShowJson:
    return show_json

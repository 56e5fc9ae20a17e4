"""The bulk importer's fast path writes what the domain's one order factory makes.

An import writes its new orders as rows in storage form, without an ORM object (100,000
orders in seconds). Here the same genuine files are imported through the real command line,
and beside it every order the file holds is entered the slow way: ``Order(**order_fields(…))``
added through the ORM into a second database. Row for row, column for column, the two
databases must hold the same orders, the same lines and the same journal snapshots.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from orderdesk.config import Settings
from orderdesk.domain.journal import snapshot
from orderdesk.domain.models import Line, Order
from orderdesk.domain.new_orders import order_fields
from orderdesk.exchange.imports import read_orders
from orderdesk.store import open_database
from tests.conftest import CliRunner

GENUINE = Path(__file__).parent.parent / "exchange" / "genuine"
FILES = [
    GENUINE / "shopify" / "store_a_orders_export.csv",
    GENUINE / "amazon" / "all_orders.txt",
    GENUINE / "mercadolibre" / "ventas_2026_current.xlsx",
    GENUINE / "ebay" / "OrdersReport-Oct-02-2026.csv",
    GENUINE / "tiktok" / "tiktok_shop_orders_MY.csv",
]


def stored(db: Path, sql: str) -> list[tuple[Any, ...]]:
    database = open_database(db, migrate=False)
    try:
        with database.read() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        database.close()


def enter_by_hand(db: Path, path: Path, ids: dict[tuple[str, str], int]) -> dict[int, Order]:
    """Every new order of ``path``, made by the factory and added through the ORM."""
    _name, records, problems = read_orders(path)
    assert not problems, problems.items
    handling_days = Settings().handling_days
    zone = datetime.now().astimezone().tzinfo
    database = open_database(db, actor="seller")
    made: dict[int, Order] = {}
    try:
        with Session(database.engine, expire_on_commit=False) as session:
            for record in records:
                order_id = ids[record.key]
                if order_id in made:
                    continue  # a later row of an order already entered: the import merges it
                fields = order_fields(record, handling_days=handling_days, zone=zone)
                order = Order(id=order_id, **fields)
                order.lines = [
                    Line(
                        position=position,  # type: ignore[call-arg]  # order_id set on flush
                        sku=line.sku,
                        title=line.title,
                        variant=line.variant,
                        quantity=line.quantity,
                        unit_price=line.unit_price,
                        item_id=line.item_id,
                    )
                    for position, line in enumerate(record.lines)
                ]
                session.add(order)
                made[order_id] = order
            session.commit()
    finally:
        database.close()
    return made


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.parent.name)
def test_the_fast_path_writes_what_the_factory_makes(
    path: Path, cli: CliRunner, tmp_path: Path
) -> None:
    bulk, slow = tmp_path / "bulk.db", tmp_path / "slow.db"
    result = cli("import", path, db=bulk)
    assert result.code == 0, result.err
    ids = {
        (channel, external): order_id
        for order_id, channel, external in stored(
            bulk, "SELECT id, channel, external_id FROM orders"
        )
    }
    made = enter_by_hand(slow, path, ids)
    assert len(made) == len(ids) > 0

    # possible_duplicate_of is the import's finding across orders, not the factory's
    orders = "SELECT * FROM orders ORDER BY id"
    fast_rows, slow_rows = stored(bulk, orders), stored(slow, orders)
    columns = [c.name for c in Order.__table__.columns]  # type: ignore[attr-defined]
    duplicate = columns.index("possible_duplicate_of")
    for fast_row, slow_row in zip(fast_rows, slow_rows, strict=True):
        for name, fast, slow_value in zip(columns, fast_row, slow_row, strict=True):
            if columns.index(name) != duplicate:
                assert fast == slow_value, f"order {fast_row[0]}, column {name}"

    lines = "SELECT order_id, position, sku, title, variant, quantity, unit_price, item_id "
    lines += "FROM lines ORDER BY order_id, position"
    assert stored(bulk, lines) == stored(slow, lines)

    journal = stored(bulk, "SELECT order_id, after FROM journal WHERE action = 'imported'")
    assert len(journal) == len(made)
    for order_id, after in journal:
        assert json.loads(after) == {"order": snapshot(made[order_id])}, f"order {order_id}"

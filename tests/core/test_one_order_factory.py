"""The bulk importer's fast path writes what the domain's one order factory makes.

An import writes its new orders, lines, cases and journal entries as rows in storage form,
without an ORM object (100,000 orders in seconds). Here the same genuine files are imported
through the real command line, and beside it every order the file holds is entered the slow
way, through the ORM, into a second database: ``Order(**order_fields(…))``,
``Line(**line_fields(…))``, the journal entry a hand-entered order gets. Row for row, every
column of every table's model, the two databases must hold the same: a column added to a
model and left out of the bulk path is NULL (or refused) there and a default here.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session

from orderdesk.config import Settings
from orderdesk.domain.journal import Change, snapshot
from orderdesk.domain.models import Case, JournalEntry, Line, Order
from orderdesk.domain.new_orders import line_fields, order_fields
from orderdesk.exchange.imports import NewRows, read_orders
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


def enter_by_hand(
    db: Path, path: Path, ids: dict[tuple[str, str], int], bulk: Path
) -> dict[int, Order]:
    """Every new order of ``path`` entered the slow way, through the ORM: the order and its
    lines made by the domain's factories, its journal entry as a hand-entered order's is
    made (:class:`Change` over the ORM object), and the import's case rows and entries as
    ``Case(**row)`` and ``JournalEntry(**entry)``. The time and actor are the bulk import's."""
    _name, records, problems = read_orders(path)
    assert not problems, problems.items
    handling_days = Settings().handling_days
    zone = datetime.now().astimezone().tzinfo
    ((at_text, actor),) = stored(bulk, "SELECT DISTINCT at, actor FROM journal")
    at = datetime.fromisoformat(at_text).replace(tzinfo=UTC)
    unique = list({record.key: record for record in reversed(records)}.values())[::-1]
    order_ids = [ids[record.key] for record in unique]
    case_ids = stored(bulk, "SELECT id FROM cases ORDER BY id")
    rows = NewRows(
        unique, order_ids, [i for (i,) in case_ids], at, actor, handling_days, path.name, {}
    )
    list(rows.orders())  # the snapshots its case entries follow
    cases = {row["order_id"]: row for row in rows.cases()}
    case_entries = {e["order_id"]: e for e in rows.journal() if e["case_id"] is not None}
    database = open_database(db, actor=actor)
    made: dict[int, Order] = {}
    try:
        with Session(database.engine, expire_on_commit=False) as session:
            for record, order_id in zip(unique, order_ids, strict=True):
                fields = order_fields(record, handling_days=handling_days, zone=zone)
                order = Order(id=order_id, **fields)
                order.lines = [
                    Line(**line_fields(line, position=position))
                    for position, line in enumerate(record.lines)
                ]
                session.add(order)
                session.flush()
                change = Change(order)
                change.after["order"] = snapshot(order)
                summary = f"Order #{order_id} imported from {record.channel} "
                summary += f"({path.name} row {record.row})"
                session.add(change.entry("imported", actor, at, summary, undoable=False))
                if order_id in cases:
                    session.add(Case(**cases[order_id]))
                    session.flush()
                    session.add(JournalEntry(**case_entries[order_id]))
                session.flush()
                made[order_id] = order
            session.commit()
    finally:
        database.close()
    return made


def all_columns(model: Any, but: tuple[str, ...] = ()) -> str:
    """Every column of the model's table, as a SELECT list (a column added to the model is
    compared from then on)."""
    return ", ".join(c.name for c in model.__table__.columns if c.name not in but)


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
    made = enter_by_hand(slow, path, ids, bulk)
    assert len(made) == len(ids) > 0

    # possible_duplicate_of is the import's finding across orders, not the factory's
    orders = f"SELECT {all_columns(Order, but=('possible_duplicate_of',))} FROM orders ORDER BY id"
    fast_rows, slow_rows = stored(bulk, orders), stored(slow, orders)
    assert len(fast_rows) == len(slow_rows)
    for fast_row, slow_row in zip(fast_rows, slow_rows, strict=True):
        assert fast_row == slow_row, f"order {fast_row[0]}"

    # every column of every line and journal entry, stored exactly as the ORM stores it
    for model, order_by in ((Line, "order_id, position"), (JournalEntry, "id"), (Case, "id")):
        query = f"SELECT {all_columns(model)} FROM {model.__tablename__} ORDER BY {order_by}"
        fast_rows, slow_rows = stored(bulk, query), stored(slow, query)
        assert fast_rows or model is Case, model.__tablename__
        assert len(fast_rows) == len(slow_rows), model.__tablename__
        names = all_columns(model).split(", ")
        for fast_row, slow_row in zip(fast_rows, slow_rows, strict=True):
            differ = [
                (name, fast, slow_value)
                for name, fast, slow_value in zip(names, fast_row, slow_row, strict=True)
                if fast != slow_value
            ]
            assert not differ, f"{model.__tablename__} {fast_row[0]}: {differ}"

    journal = stored(bulk, "SELECT order_id, after FROM journal WHERE action = 'imported'")
    assert len(journal) == len(made)
    for order_id, after in journal:
        assert json.loads(after) == {"order": snapshot(made[order_id])}, f"order {order_id}"

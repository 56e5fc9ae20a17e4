"""The SQL an import needs: stored orders by (channel, external id), duplicate candidates,
bulk inserts of new orders, and a unit of work on the import's own transaction.

Everything runs on the one connection :meth:`Database.write` opens, so a whole import commits
or rolls back as one transaction; new orders, lines, cases and journal entries go in as rows
by column name, put in storage form by the bulk writer (:func:`orderdesk.store.bulk.insert_rows`,
re-exported here), never the ORM row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select
from sqlmodel import Session

from orderdesk.domain.models import Case, JournalEntry, Line, Order
from orderdesk.store.bulk import (
    allocate_ids,
    analyze,
    count,
    indexes_suspended,
    insert_rows,
)
from orderdesk.store.tab_tally import counted_after
from orderdesk.store.uow import SqlUnitOfWork

ORD = Order.__table__.c  # type: ignore[attr-defined]
LN = Line.__table__.c  # type: ignore[attr-defined]
CS = Case.__table__.c  # type: ignore[attr-defined]
_CHUNK = 500
_TABLES = ("orders", "lines", "cases", "journal")

#: The stored columns an import compares with the file.
STORED = (
    ORD.id,
    ORD.channel,
    ORD.external_id,
    ORD.stage,
    ORD.payment,
    ORD.total,
    ORD.refunded,
    ORD.created_at,
    ORD.paid_at,
    ORD.ship_by,
    ORD.carrier,
    ORD.tracking_number,
    ORD.tracking_url,
    ORD.store,
    ORD.channel_ref,
    ORD.currency,
)


def stored_orders(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The stored orders among ``(channel, external_id)`` keys, by key."""
    by_channel: dict[str, list[str]] = {}
    for channel, external_id in keys:
        by_channel.setdefault(channel, []).append(external_id)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for channel, ids in by_channel.items():
        known = {
            row[1]: row[0]
            for row in connection.execute(
                select(ORD.id, ORD.external_id).where(ORD.channel == channel)
            )
        }
        wanted = [known[i] for i in ids if i in known]
        for start in range(0, len(wanted), _CHUNK):
            query = select(*STORED).where(ORD.id.in_(wanted[start : start + _CHUNK]))
            for row in connection.execute(query).mappings():
                found[(row["channel"], row["external_id"])] = dict(row)
    return found


def case_kinds(connection: Connection, order_ids: list[int]) -> dict[int, frozenset[str]]:
    """The kinds of case each order has (any status)."""
    kinds: dict[int, set[str]] = {}
    for start in range(0, len(order_ids), _CHUNK):
        query = select(CS.order_id, CS.kind).where(
            CS.order_id.in_(order_ids[start : start + _CHUNK])
        )
        for order_id, kind in connection.execute(query):
            kinds.setdefault(order_id, set()).add(kind)
    return {order_id: frozenset(k) for order_id, k in kinds.items()}


def orders_between(connection: Connection, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Orders placed in [start, end]: the candidates a new order may duplicate."""
    query = (
        select(
            ORD.id,
            ORD.channel,
            ORD.external_id,
            ORD.buyer_name,
            ORD.buyer_email,
            ORD.currency,
            ORD.total,
            ORD.created_at,
        )
        .where(and_(ORD.created_at >= start, ORD.created_at <= end))
        .order_by(ORD.id)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def line_items(
    connection: Connection, order_ids: list[int]
) -> dict[int, list[tuple[str, str, int]]]:
    """(sku, title, quantity) per order, in line order."""
    items: dict[int, list[tuple[str, str, int]]] = {}
    for start in range(0, len(order_ids), _CHUNK):
        query = (
            select(LN.order_id, LN.sku, LN.title, LN.quantity)
            .where(LN.order_id.in_(order_ids[start : start + _CHUNK]))
            .order_by(LN.order_id, LN.position)
        )
        for order_id, sku, title, units in connection.execute(query):
            items.setdefault(order_id, []).append((sku, title, units))
    return items


def new_ids(connection: Connection, orders: int, cases: int) -> tuple[Sequence[int], Sequence[int]]:
    """Ids for the new orders and cases (they get their ids before they go in: lines, cases
    and journal entries refer to them), from the database's own mechanism."""
    return allocate_ids(connection, "orders", orders), allocate_ids(connection, "cases", cases)


@contextmanager
def large_load(connection: Connection, expected: int) -> Iterator[None]:
    """For a load at least as large as what is stored (and 5,000 orders or more), build the
    secondary indexes and the tabs' counts once afterwards instead of keeping them up row by
    row."""
    if expected >= 5_000 and expected >= count(connection, "orders"):
        with indexes_suspended(connection, _TABLES), counted_after(connection):
            yield
        analyze(connection, _TABLES)
    else:
        yield


__all__ = [
    "ImportUnitOfWork",
    "case_kinds",
    "new_ids",
    "insert_cases",
    "insert_rows",
    "large_load",
    "line_items",
    "orders_between",
    "stored_orders",
]


def insert_cases(connection: Connection, cases: Iterable[dict[str, Any]]) -> int:
    return insert_rows(connection, "cases", cases)


class ImportUnitOfWork(SqlUnitOfWork):
    """A unit of work inside the import's transaction, for domain actions on stored orders.

    It flushes into the import's connection and never commits: the import commits (or rolls
    back) everything at once. Nothing an import does is undone from here.
    """

    def __init__(
        self, connection: Connection, *, actor: str, clock: Callable[[], datetime]
    ) -> None:
        super().__init__(connection, actor=actor, clock=clock)
        self.session = Session(bind=connection)

    def last_undoable(self) -> JournalEntry | None:
        return None

    def close(self) -> None:
        self.session.close()

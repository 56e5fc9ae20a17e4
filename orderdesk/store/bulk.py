"""Bulk loads through SQLAlchemy Core ``executemany`` (about 20× the ORM's speed here).

Used by the demo generator and by imports: rows are plain dicts for the tables' columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Connection, func, insert, select

from orderdesk.domain.models import Case, JournalEntry, Line, Message, Meta, Order, Product

TABLES = {
    "orders": Order.__table__,  # type: ignore[attr-defined]
    "lines": Line.__table__,  # type: ignore[attr-defined]
    "products": Product.__table__,  # type: ignore[attr-defined]
    "cases": Case.__table__,  # type: ignore[attr-defined]
    "messages": Message.__table__,  # type: ignore[attr-defined]
    "journal": JournalEntry.__table__,  # type: ignore[attr-defined]
    "meta": Meta.__table__,  # type: ignore[attr-defined]
}
BATCH = 5_000


def insert_rows(connection: Connection, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows in batches; returns how many were written."""
    statement = insert(TABLES[table])
    written = 0
    for batch in _batches(rows, BATCH):
        connection.execute(statement, batch)
        written += len(batch)
    return written


def next_id(connection: Connection, table: str) -> int:
    """The first free integer id of a table (for loads that assign ids themselves)."""
    current = connection.execute(select(func.max(TABLES[table].c.id))).scalar()
    return int(current or 0) + 1


def count(connection: Connection, table: str) -> int:
    return int(connection.execute(select(func.count()).select_from(TABLES[table])).scalar_one())


def set_meta(connection: Connection, key: str, value: str) -> None:
    meta = TABLES["meta"]
    connection.execute(meta.delete().where(meta.c.key == key))
    connection.execute(insert(meta).values(key=key, value=value))


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch

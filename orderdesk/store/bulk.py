"""Bulk loads: rows are plain dicts for a table's columns, written with ``executemany``.

On SQLite the values are converted the way SQLAlchemy stores them (times as
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, JSON as text, booleans as 0/1) and handed to the driver
directly: about 2× Core's executemany and 30× the ORM's ``add_all`` here. Other databases get
Core's executemany. Used by the demo generator and by imports.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import chain, islice
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, Table, func, insert, select

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
    """Insert rows in batches (every row with the same keys); returns how many were written."""
    if connection.dialect.name == "sqlite":
        return _insert_sqlite(connection, TABLES[table], rows)
    statement = insert(TABLES[table])
    written = 0
    for batch in _batches(rows, BATCH):
        connection.execute(statement, batch)
        written += len(batch)
    return written


@contextmanager
def indexes_suspended(connection: Connection, tables: Iterable[str]) -> Iterator[None]:
    """Drop the tables' secondary indexes for a large load and build them again after.

    SQLite builds an index from sorted data far faster than it maintains one row by row
    (100k orders: about 5 s of index upkeep against under 1 s to rebuild). Unique constraints
    stay in force throughout. On other databases this does nothing.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})").all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def sqlite_time(value: datetime | None) -> str | None:
    """A datetime as SQLAlchemy stores it in SQLite (UTC, microseconds)."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _converter(column: Any) -> Callable[[Any], Any] | None:
    if isinstance(column.type, DateTime):
        return sqlite_time
    if isinstance(column.type, JSON):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(column.type, Boolean):
        return lambda value: None if value is None else int(bool(value))
    return None


def _insert_sqlite(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    names = list(first)
    converters = [_converter(table.c[name]) for name in names]
    converted = [(i, conv) for i, conv in enumerate(converters) if conv is not None]
    sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    written = 0
    for batch in _batches(chain([first], iterator), BATCH):
        params = []
        for row in batch:
            values = [row[name] for name in names]
            for i, conv in converted:
                values[i] = conv(values[i])
            params.append(tuple(values))
        connection.exec_driver_sql(sql, params)
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

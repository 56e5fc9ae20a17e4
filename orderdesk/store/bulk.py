"""Bulk loads, written with ``executemany`` by one writer, :func:`insert_tuples`.

On SQLite the values are converted the way SQLAlchemy stores them (times as
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, JSON as text, booleans as 0/1; :class:`StorageForm`)
and handed to the driver directly: about 2× Core's executemany and 30× the ORM's ``add_all``
here. Other databases get Core's executemany. The demo generator passes dicts
(:func:`insert_rows`); imports build the tuples themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import chain, islice
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, func, insert, select

from orderdesk.domain.models import Case, JournalEntry, Line, Message, Meta, Order, Product
from orderdesk.store.reader import sqlite_time

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
    """Insert rows given as dicts (every row with the same keys); returns how many.

    The values are as the models hold them; they are put in storage form column by column and
    written by :func:`insert_tuples`.
    """
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    names = tuple(first)
    form = StorageForm(connection)
    converters = [(i, conv) for i, name in enumerate(names)
                  if (conv := form.converter(TABLES[table].c[name])) is not None]

    def tuples() -> Iterator[tuple[Any, ...]]:
        for row in chain([first], iterator):
            values = [row[name] for name in names]
            for i, conv in converters:
                values[i] = conv(values[i])
            yield tuple(values)

    return insert_tuples(connection, table, names, tuples())


def insert_tuples(connection: Connection, table: str, columns: Sequence[str],
                  rows: Iterable[Sequence[Any]]) -> int:
    """The one bulk writer: rows as tuples in ``columns`` order, already in storage form
    (:class:`StorageForm`), in batches of :data:`BATCH`; returns how many were written.

    On SQLite the batches go straight to the driver's ``executemany``; other databases get
    Core's ``executemany``.
    """
    sqlite = connection.dialect.name == "sqlite"
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    statement = insert(TABLES[table])
    written = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        if sqlite:
            connection.exec_driver_sql(sql, batch)
        else:
            connection.execute(statement, [dict(zip(columns, row, strict=True))
                                           for row in batch])
        written += len(batch)
    return written


class StorageForm:
    """Values as a connection stores them, for :func:`insert_tuples`.

    On SQLite that is what SQLAlchemy itself writes: times as ``YYYY-MM-DD HH:MM:SS.ffffff``
    in UTC, JSON as text, booleans as 0/1. Other databases take the values as they are.
    """

    def __init__(self, connection: Connection) -> None:
        self.sqlite = connection.dialect.name == "sqlite"
        #: A time in storage form (a plain function: it runs for every time of every row).
        self.time: Callable[[datetime | None], Any] = sqlite_time if self.sqlite else _same

    def json(self, value: Any) -> Any:
        return json.dumps(value, ensure_ascii=False) if self.sqlite else value

    def flag(self, value: bool | None) -> Any:
        if not self.sqlite or value is None:
            return value
        return int(bool(value))

    def converter(self, column: Any) -> Callable[[Any], Any] | None:
        """The conversion a column's values need (None: stored as they are)."""
        if not self.sqlite:
            return None
        if isinstance(column.type, DateTime):
            return self.time
        if isinstance(column.type, JSON):
            return self.json
        if isinstance(column.type, Boolean):
            return self.flag
        return None


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


def _same(value: Any) -> Any:
    return value


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



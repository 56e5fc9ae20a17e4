"""Bulk loads, written by one writer, :func:`insert_tuples`, and the ids they use.

On SQLite the values are converted the way SQLAlchemy stores them (times as
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, JSON as text, booleans as 0/1; :class:`StorageForm})
and handed to the driver's ``executemany`` directly: about 2× Core's executemany and 30× the
ORM's ``add_all`` here. On PostgreSQL they are streamed with ``COPY`` (JSON as text). Every
load passes its rows as dicts by column name (:func:`insert_rows`), as the domain's factories
make them (:mod:`orderdesk.domain.new_orders`, :func:`orderdesk.domain.journal.entry_fields`).

Ids come from the database's own mechanism (:func:`allocate_ids`): a PostgreSQL sequence, or
SQLite's rowid rule under the write lock the load holds. Loads that bring their own ids (the
demo, a restore) tell :func:`sync_ids` the largest id they wrote (:class:`LargestIds` keeps
it as the rows go by), so the next id the database hands out is free.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    DateTime,
    TypeDecorator,
    func,
    insert,
    select,
    text,
)
from sqlmodel import SQLModel

import orderdesk.domain.models  # noqa: F401 - every table registers itself in the metadata
from orderdesk.store import search_index
from orderdesk.store.reader import sqlite_time

#: Every table of the schema by name, parents before the tables that refer to them.
TABLES = {table.name: table for table in SQLModel.metadata.sorted_tables}
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
    stored = StorageForm(connection).row_maker(table, names)
    return insert_tuples(connection, table, names, map(stored, chain([first], iterator)))


def insert_tuples(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """The one bulk writer: rows as tuples in ``columns`` order, already in storage form
    (:class:`StorageForm`), in batches of :data:`BATCH`; returns how many were written.

    On SQLite the batches go straight to the driver's ``executemany``; on PostgreSQL the rows
    are streamed with ``COPY``; any other database gets Core's ``executemany``.
    """
    dialect = connection.dialect.name
    if dialect == "postgresql":
        return _copy(connection, table, columns, rows)
    sqlite = dialect == "sqlite"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    statement = insert(TABLES[table])
    written = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        if sqlite:
            connection.exec_driver_sql(sql, batch)
        else:
            connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in batch])
        written += len(batch)
    return written


def _copy(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """PostgreSQL's fast path: one ``COPY … FROM STDIN`` in the caller's transaction."""
    raw: Any = connection.connection.driver_connection
    written = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            written += 1
    return written


#: JSON text exactly as SQLAlchemy's JSON type writes it (``json.dumps(value)``: non-ASCII
#: letters as ``\u`` escapes), with its encoder made once.
_to_json = json.JSONEncoder().encode


class StorageForm:
    """Values as a connection stores them, for :func:`insert_tuples`.

    On SQLite that is what SQLAlchemy itself writes: times as ``YYYY-MM-DD HH:MM:SS.ffffff``
    in UTC, JSON as text, booleans as 0/1. PostgreSQL's ``COPY`` takes JSON as text and
    everything else as it is.
    """

    def __init__(self, connection: Connection) -> None:
        self.sqlite = connection.dialect.name == "sqlite"
        self.copy = connection.dialect.name == "postgresql"
        #: A time in storage form (a plain function: it runs for every time of every row).
        self.time: Callable[[datetime | None], Any] = sqlite_time if self.sqlite else _same

    def json(self, value: Any) -> Any:
        return _to_json(value) if self.sqlite or self.copy else value

    def flag(self, value: bool | None) -> Any:
        if not self.sqlite or value is None:
            return value
        return int(bool(value))

    def row_maker(
        self, table: str, names: Sequence[str]
    ) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
        """A function making the tuple of ``names`` in storage form from a row given as a
        dict. It runs once for each of 100,000 rows, so: the values are taken in one C call;
        a value that is the very object the same column held in the row before (an import's
        one time of entry, its one empty mapping) is converted once, and so is a moment given
        twice in a row, as paid is often placed. (Rows are not changed once they are given.)
        """
        take = itemgetter(*names)
        columns = [TABLES[table].c[name] for name in names]
        converters = [
            (i, conv, self.none(column))
            for i, column in enumerate(columns)
            if (conv := self.converter(column)) is not None
        ]
        if not converters:
            return lambda row: tuple(take(row)) if len(names) > 1 else (take(row),)
        seen: list[Any] = [None] * len(names)  # each column's value in the row before
        made: list[Any] = [None] * len(names)  # and its storage form

        def stored(row: Mapping[str, Any]) -> tuple[Any, ...]:
            values = list(take(row)) if len(names) > 1 else [take(row)]
            last: Any = None
            last_conv: Any = None
            done: Any = None
            for i, conv, none in converters:
                value = values[i]
                if value is None:
                    values[i] = none
                    continue
                if value is seen[i]:
                    values[i] = made[i]
                    continue
                if value is not last or conv is not last_conv:
                    last, last_conv, done = value, conv, conv(value)
                seen[i], made[i] = value, done
                values[i] = done
            return tuple(values)

        return stored

    def none(self, column: Any) -> Any:
        """What None is stored as: NULL, but in a JSON column JSON's ``null``, as SQLAlchemy
        writes it (unless the column is declared ``none_as_null``)."""
        kind = column.type
        if isinstance(kind, JSON) and not kind.none_as_null and (self.sqlite or self.copy):
            return self.json(None)
        return None

    def converter(self, column: Any) -> Callable[[Any], Any] | None:
        """The conversion a column's values need (None: stored as they are)."""
        kind = column.type
        if isinstance(kind, TypeDecorator):  # SQLModel's UTCDateTime is a DateTime inside
            kind = kind.impl_instance
        if self.copy and isinstance(kind, JSON):
            return self.json
        if not self.sqlite:
            return None
        if isinstance(kind, DateTime):
            return self.time
        if isinstance(kind, JSON):
            return self.json
        if isinstance(kind, Boolean):
            return self.flag
        return None


@contextmanager
def indexes_suspended(connection: Connection, tables: Iterable[str]) -> Iterator[None]:
    """Drop the tables' secondary indexes for a large load and build them again after.

    SQLite builds an index from sorted data far faster than it maintains one row by row
    (100k orders: about 5 s of index upkeep against under 1 s to rebuild). Unique constraints
    stay in force throughout. The search index of the orders is filled in one statement after
    the load, not by a trigger per row (:func:`orderdesk.store.search_index.suspended`). On
    other databases this does nothing.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    tables = tuple(tables)
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = connection.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({names})"
    ).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    with search_index.suspended(connection) if "orders" in tables else nullcontext():
        yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)


def _same(value: Any) -> Any:
    return value


def allocate_ids(connection: Connection, table: str, count: int) -> Sequence[int]:
    """``count`` new ids for rows a load writes with their ids (lines and cases refer to them).

    PostgreSQL hands them out from the table's sequence, so concurrent loads and single inserts
    never meet on one id. SQLite gives a new row one past the largest rowid; the load holds the
    write lock (``BEGIN IMMEDIATE``) from before this call until it commits, so the next
    ``count`` rowids are its own.
    """
    if count <= 0:
        return range(0)
    if connection.dialect.name == "postgresql":
        return [
            int(i)
            for (i,) in connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table, "n": count},
            )
        ]
    # SQLite's own rule for a row written without an id: one past the table's last rowid
    # (sqlite.org/autoinc.html). Nobody else can write between this and the commit.
    last = connection.exec_driver_sql(
        f"SELECT rowid FROM {table} ORDER BY rowid DESC LIMIT 1"
    ).scalar()
    first = int(last or 0) + 1
    return range(first, first + count)


class LargestIds:
    """The largest id of each table among the rows a load writes with their own ids."""

    def __init__(self) -> None:
        self.by_table: dict[str, int] = {}

    def watch(self, table: str, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """``rows`` as they are, noting their ids on the way through."""
        largest = self.by_table.get(table, 0)
        for row in rows:
            ident = row.get("id")
            if ident is not None and ident > largest:
                largest = ident
            yield row
        self.by_table[table] = largest


def sync_ids(connection: Connection, largest: dict[str, int]) -> None:
    """After a load that wrote its own ids: the database's next id is past the largest one it
    wrote (PostgreSQL's sequences are told; SQLite needs nothing, its rowids follow)."""
    if connection.dialect.name != "postgresql":
        return
    for table, ident in largest.items():
        if not ident:  # no row of it written: its sequence starts where it did
            continue
        connection.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :next, false)"),
            {"t": table, "next": ident + 1},
        )


def analyze(connection: Connection, tables: Iterable[str]) -> None:
    """After a large load on PostgreSQL, give its planner the tables' new statistics (without
    them a tab's count of 100,000 orders took 136 ms instead of 11). SQLite needs nothing."""
    if connection.dialect.name == "postgresql":
        for table in tables:
            connection.execute(text(f"ANALYZE {table}"))


def count(connection: Connection, table: str) -> int:
    return int(connection.execute(select(func.count()).select_from(TABLES[table])).scalar_one())


def set_meta(connection: Connection, key: str, value: str) -> None:
    meta = TABLES["meta"]
    connection.execute(meta.delete().where(meta.c.key == key))
    connection.execute(insert(meta).values(key=key, value=value))

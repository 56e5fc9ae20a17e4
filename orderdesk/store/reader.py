"""A light read path: SQL text over stdlib sqlite3 (or any SQLAlchemy connection).

The desk's hot reads (tab counts, a page of a tab, search, one order) are plain SQL that runs
the same on SQLite and PostgreSQL. On a SQLite file they go straight through the standard
library's ``sqlite3``, so ``orderdesk list`` and the desk's first paint do not pay for importing
SQLAlchemy and SQLModel (about 0.35 s here, more than the queries themselves).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol


def _lock_wait_ms() -> int:
    """How long an action waits for another program's write to finish: 30 s, or the seconds
    ``ORDERDESK_LOCK_WAIT`` gives (1 to 600)."""
    text = os.environ.get("ORDERDESK_LOCK_WAIT", "")
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 600:
        return int(text) * 1000
    return 30_000


BUSY_TIMEOUT_MS = _lock_wait_ms()


class Reader(Protocol):
    #: The operator that matches a pattern ignoring (at least ASCII) case.
    like: str
    #: ``sqlite`` or ``postgresql`` (the SQL dialect, where the two differ: the search index).
    engine: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]: ...

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any: ...

    def interrupt(self) -> None:
        """Stop the query running on this reader (from another thread); it raises."""


def sqlite_time(value: datetime | None) -> str | None:
    """A datetime as SQLAlchemy stores it in SQLite: UTC, ``YYYY-MM-DD HH:MM:SS.ffffff``."""
    if value is None:
        return None
    if value.tzinfo is not None:
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.isoformat(" ", "microseconds")[:26]
    return value.isoformat(" ", "microseconds")


def as_time(value: Any) -> datetime | None:
    """A stored time (text from SQLite, a datetime from other drivers) as aware UTC."""
    if value is None or value == "":
        return None
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class SqliteReader:
    like = "LIKE"  # SQLite's LIKE folds ASCII case
    engine = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def _params(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        return {
            k: sqlite_time(v) if isinstance(v, datetime) else v for k, v in (params or {}).items()
        }

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.execute(sql, self._params(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.connection.execute(sql, self._params(params)).fetchone()
        return row[0] if row else None

    def interrupt(self) -> None:
        with contextlib.suppress(sqlite3.ProgrammingError):  # its read just ended, closed
            self.connection.interrupt()


class AlchemyReader:
    """The same interface over a SQLAlchemy connection (PostgreSQL, or inside a transaction)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.like = "ILIKE" if connection.dialect.name == "postgresql" else "LIKE"
        self.engine = connection.dialect.name

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        from sqlalchemy import text

        result = self.connection.execute(text(sql), dict(params or {}))
        return [dict(row) for row in result.mappings()]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        from sqlalchemy import text

        return self.connection.execute(text(sql), dict(params or {})).scalar()

    def interrupt(self) -> None:
        """Not offered over SQLAlchemy: the query runs to its end."""


class PsycopgReader:
    """The same interface straight over psycopg (PostgreSQL), so ``list`` and the desk's reads
    on a server do not pay for importing SQLAlchemy; a search can be cancelled mid-query."""

    like = "ILIKE"
    engine = "postgresql"

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.connection.execute(pyformat(sql), dict(params or {}))
        if cursor.description is None:
            return []
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        row = self.connection.execute(pyformat(sql), dict(params or {})).fetchone()
        return row[0] if row else None

    def interrupt(self) -> None:
        with contextlib.suppress(Exception):  # the read may have ended meanwhile
            self.connection.cancel_safe()


_NAMED = re.compile(r"(?<!:):([A-Za-z_]\w*)")


@functools.lru_cache(maxsize=512)
def pyformat(sql: str) -> str:
    """The store's ``:name`` parameters in psycopg's ``%(name)s`` style (``::`` casts and
    literal ``%`` kept as they are)."""
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


def as_reader(source: Any) -> Reader:
    """A reader for whatever the caller holds: a reader, a sqlite3 or a SQLAlchemy connection."""
    if isinstance(source, SqliteReader | AlchemyReader | PsycopgReader):
        return source
    if isinstance(source, sqlite3.Connection):
        return SqliteReader(source)
    return AlchemyReader(source)


@contextmanager
def sqlite_reader(path: Path) -> Iterator[SqliteReader]:
    """A read-only snapshot of a SQLite file (one deferred transaction)."""
    connection = sqlite3.connect(
        f"file:{path}?mode=ro",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        connection.execute("BEGIN")
        yield SqliteReader(connection)
    finally:
        connection.close()

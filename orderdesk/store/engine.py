"""Engine set-up for the two engines the desk runs on.

SQLite (one machine): WAL mode, foreign keys and a busy timeout. Actions take SQLite's write
lock when their transaction begins (``BEGIN IMMEDIATE``), so two desks on one file serialise
their writes instead of failing half-way; reads begin deferred and never block a writer.

PostgreSQL (a team): psycopg 3, every session in UTC (times are ``timestamptz``; a server set to
another zone shifts nothing), READ COMMITTED. The version column refuses a write based on a
stale read on both engines.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from orderdesk.store.reader import BUSY_TIMEOUT_MS
from orderdesk.store.urls import server_url


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(
            server_url(url),
            pool_pre_ping=True,
            connect_args={"options": "-c timezone=UTC", "application_name": "orderdesk"},
        )
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")

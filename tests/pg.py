"""A real PostgreSQL server for the tests: a fresh database per test, made on the server that
``ORDERDESK_TEST_PG`` names (an admin URL such as ``postgresql://odpg@127.0.0.1:55432/postgres``;
``.ci/run`` starts such a server and sets it).

Without it a test that needs the server skips with the reason; in CI (``CI=true``) it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

ADMIN_URL = os.environ.get("ORDERDESK_TEST_PG", "")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need_server() -> str:
    """The admin URL, or skip (fail in CI) when no server is configured or reachable."""
    problem = ""
    if not ADMIN_URL:
        problem = "ORDERDESK_TEST_PG is not set"
    else:
        try:
            import psycopg

            psycopg.connect(ADMIN_URL, connect_timeout=5).close()
        except Exception as error:  # noqa: BLE001 - any failure to connect is the reason
            problem = f"cannot reach {ADMIN_URL}: {error}"
    if problem:
        message = f"needs a PostgreSQL server ({problem}; see TOOLS.md / .ci/run)"
        if IN_CI:
            pytest.fail(f"CI is missing PostgreSQL: {message}")
        pytest.skip(message)
    return ADMIN_URL


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def url_of(name: str) -> str:
    base, _, _ = ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def create(template: str | None = None) -> str:
    """A new empty database (or a copy of ``template``); returns its URL."""
    name = f"od_{uuid.uuid4().hex[:16]}"
    _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return url_of(name)


def drop(url: str) -> None:
    name = url.rpartition("/")[2]
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database_url(template: str | None = None) -> Iterator[str]:
    url = create(template)
    try:
        yield url
    finally:
        drop(url)


def name_of(url: str) -> str:
    return url.rpartition("/")[2]


def execute(url: str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(sql, params or None)
        return list(cursor.fetchall()) if cursor.description else []

"""Schema migrations, from the first schema on, run on open after an automatic backup.

Each migration is a module ``mNNNN_what.py`` with ``VERSION`` and ``upgrade(connection)``;
they are frozen once released: a schema change is a new module, never an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from sqlalchemy import Connection, inspect, text

from orderdesk.store.migrations import m0001_initial, m0002_duplicate_flag

MIGRATIONS: tuple[ModuleType, ...] = (m0001_initial, m0002_duplicate_flag)
LATEST = MIGRATIONS[-1].VERSION


def current_version(connection: Connection) -> int:
    if not inspect(connection).has_table("meta"):
        return 0
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else 0


def pending(version: int) -> list[ModuleType]:
    return [m for m in MIGRATIONS if m.VERSION > version]


def upgrade(connection: Connection, up_to: int = LATEST,
            progress: Callable[[int], None] | None = None) -> int:
    """Run every migration above the database's version (in this transaction)."""
    version = current_version(connection)
    for migration in pending(version):
        if migration.VERSION > up_to:
            break
        migration.upgrade(connection)
        connection.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(migration.VERSION)},
        )
        version = migration.VERSION
        if progress:
            progress(version)
    return version

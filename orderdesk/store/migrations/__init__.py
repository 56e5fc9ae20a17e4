"""Schema migrations, from the first schema on, run on open after an automatic backup.

Each migration is a module ``mNNNN_what.py`` with ``VERSION`` and ``upgrade(connection)``;
they are frozen once released: a schema change is a new module, never an edit. The modules are
imported only when a database needs migrating (they import SQLAlchemy).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

MODULES = (
    "m0001_initial",
    "m0002_duplicate_flag",
    "m0003_confirmed_ready_to_ship",
    "m0004_server_types",
    "m0005_channel_store",
    "m0006_catalogue_and_holds",
    "m0007_search_key",
    "m0008_shipments",
    "m0009_customs_returns_packing",
    "m0010_return_authorisations",
)
LATEST = len(MODULES)


def load() -> list[ModuleType]:
    modules = [import_module(f"{__name__}.{name}") for name in MODULES]
    for number, module in enumerate(modules, start=1):
        assert module.VERSION == number, f"{module.__name__} must be version {number}"
    return modules


def current_version(connection: Any) -> int:
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("meta"):
        return 0
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else 0


def upgrade(
    connection: Any, up_to: int = LATEST, progress: Callable[[int], None] | None = None
) -> int:
    """Run every migration above the database's version, in the caller's transaction."""
    from sqlalchemy import text

    version = current_version(connection)
    for migration in load()[version:up_to]:
        migration.upgrade(connection)
        connection.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(migration.VERSION)},
        )
        version = migration.VERSION
        if progress:
            progress(version)
    return version

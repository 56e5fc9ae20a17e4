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
    "m0011_merge_groups",
    "m0013_orders_per_tab",
    "m0014_search_index",
)
#: The schema version of the last module: its number (``m0011`` is version 11). Numbers only
#: grow; one may be skipped while another branch holds it, and a database migrates through
#: every module above its version.
LATEST = int(MODULES[-1][1:5])


def load() -> list[ModuleType]:
    modules = [import_module(f"{__name__}.{name}") for name in MODULES]
    previous = 0
    for name, module in zip(MODULES, modules, strict=True):
        assert module.VERSION == int(name[1:5]), f"{name} must be version {int(name[1:5])}"
        assert module.VERSION > previous, f"{name} comes after version {previous}"
        previous = module.VERSION
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
    for migration in [m for m in load() if version < m.VERSION <= up_to]:
        migration.upgrade(connection)
        connection.execute(
            text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
            {"v": str(migration.VERSION)},
        )
        version = migration.VERSION
        if progress:
            progress(version)
    return version

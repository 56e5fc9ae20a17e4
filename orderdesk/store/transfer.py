"""Copying every stored row from one database to another: the portable backup and restore.

The backup of a PostgreSQL database is an OrderDesk SQLite file (the desk opens it as it is),
made from one consistent snapshot of the server; a restore loads such a file, or a SQLite
database's own backup, into an empty database on either engine. So a seller can move from one
machine's file to a team's server and back.

Rows are read through the schema's own table definitions (times come back as times, JSON as
values) and written by the bulk writer with their ids, which the database's sequences are then
moved past. Generated columns (``tab``) are made by the target itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, func, select

from orderdesk.store.bulk import TABLES, LargestIds, analyze, insert_rows, set_meta, sync_ids

_BATCH = 5_000
#: Facts about a database that belong to it, not to the data: never copied.
_OWN_META = frozenset({"schema_version"})


def table_counts(connection: Connection) -> dict[str, int]:
    """How many rows each table holds, its own meta facts aside."""
    return {
        name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in TABLES.items()
        if name != "meta"
    }


def stored_rows(connection: Connection) -> int:
    """How many rows the database holds outside its own meta facts (0: empty)."""
    return sum(table_counts(connection).values())


def copy_all(
    source: Connection, target: Connection, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every table's rows from ``source`` into the (empty) ``target``; counts by table."""
    counts: dict[str, int] = {}
    largest = LargestIds()
    for name, table in TABLES.items():
        if name == "meta":
            for key, value in source.execute(select(table.c.key, table.c.value)):
                if key not in _OWN_META:
                    set_meta(target, key, value)
            continue
        rows = _rows(source, table)
        counts[name] = insert_rows(
            target, name, largest.watch(name, rows) if "id" in table.c else rows
        )
        if progress is not None:
            progress(name, counts[name])
    sync_ids(target, largest.by_table)
    analyze(target, counts)
    return counts


def _rows(source: Connection, table: Any) -> Iterator[dict[str, Any]]:
    """A table's stored columns (not the generated ones), streamed in key order."""
    columns = [c for c in table.columns if c.computed is None]
    query = select(*columns).order_by(*table.primary_key.columns)
    for row in source.execution_options(yield_per=_BATCH).execute(query).mappings():
        yield dict(row)

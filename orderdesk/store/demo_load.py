"""Loading demo data: replaces earlier demo rows, bulk-inserts, one transaction.

The rows come made (:mod:`orderdesk.demo` makes them); the store only writes them.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import text

from orderdesk.store.bulk import (
    LargestIds,
    analyze,
    indexes_suspended,
    insert_rows,
    set_meta,
    sync_ids,
)
from orderdesk.store.database import Database
from orderdesk.store.tab_tally import counted_after

_TABLES = ("journal", "messages", "cases", "lines", "orders", "products")


class DemoRows(Protocol):
    """The rows of a demo shop, every one with its id, as its tables' columns by name."""

    products: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    journal: list[dict[str, Any]]


def load_demo_rows(database: Database, rows: DemoRows, seed: int) -> int:
    """Replace every row with the demo's ``rows``; how many orders went in."""
    with database.write() as connection:
        with counted_after(connection):  # the tabs' counts made once, after the rows
            largest = LargestIds()  # the demo brings its own ids: the next ones come after them
            with indexes_suspended(connection, _TABLES):
                for table in _TABLES:  # no index (nor the search index) kept up row by row
                    connection.execute(text(f"DELETE FROM {table}"))
                insert_rows(connection, "products", rows.products)
                for name in ("orders", "lines", "cases", "messages", "journal"):
                    insert_rows(connection, name, largest.watch(name, getattr(rows, name)))
        sync_ids(connection, largest.by_table)
        analyze(connection, _TABLES)
        set_meta(connection, "demo", "true")
        set_meta(connection, "demo_seed", str(seed))
    return len(rows.orders)

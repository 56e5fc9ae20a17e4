"""Loading demo data: replaces earlier demo rows, bulk-inserts, one transaction."""

from __future__ import annotations

from sqlalchemy import text

from orderdesk.demo import DemoBuilder
from orderdesk.store.bulk import analyze, indexes_suspended, insert_rows, set_meta, sync_ids
from orderdesk.store.database import Database

_TABLES = ("journal", "messages", "cases", "lines", "orders", "products")


def load_demo(
    database: Database, count: int, seed: int, handling_days: int = 2, *, progress: bool = False
) -> int:
    """Fill the database with ``count`` demo orders (earlier demo rows are replaced)."""
    builder = DemoBuilder(count, seed, database.clock(), handling_days).build()
    with database.write() as connection:
        for table in _TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
        with indexes_suspended(connection, _TABLES):
            insert_rows(connection, "products", builder.products)
            insert_rows(connection, "orders", builder.orders)
            insert_rows(connection, "lines", builder.lines)
            insert_rows(connection, "cases", builder.cases)
            insert_rows(connection, "messages", builder.messages)
            insert_rows(connection, "journal", builder.journal)
        sync_ids(connection, _TABLES[:-1])  # the demo brings its own ids
        analyze(connection, _TABLES)
        set_meta(connection, "demo", "true")
        set_meta(connection, "demo_seed", str(seed))
    return len(builder.orders)

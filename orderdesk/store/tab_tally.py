"""The orders each stage tab holds, as the database keeps them (``orders_per_tab``, migration
13): read without reading the orders, folded on a server, refilled after a bulk load.

On SQLite the table has one row per tab; on PostgreSQL each writing statement adds a row of
differences (no two desks wait on one row), and :func:`fold` sums them back into one row per
tab. Either way a tab's count is the sum of its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The schema version that brought the table.
COUNTS_SINCE = 13
#: Orders per stage tab, read from the kept counts (a handful of rows).
PER_TAB = "SELECT tab, SUM(n) AS n FROM orders_per_tab GROUP BY tab"
#: One stage tab's orders.
ONE_TAB = "SELECT COALESCE(SUM(n), 0) FROM orders_per_tab WHERE tab = :tab"
#: Rows of differences a server may gather before :func:`fold` sums them.
FOLD_AFTER = 200
_FOLD = (
    "WITH gone AS (DELETE FROM orders_per_tab RETURNING tab, n)"
    " INSERT INTO orders_per_tab (tab, n) SELECT tab, SUM(n) FROM gone GROUP BY tab"
)
_RECOUNT = (
    "DELETE FROM orders_per_tab",
    "INSERT INTO orders_per_tab (tab, n)"
    " SELECT tab, COUNT(*) FROM orders WHERE tab IS NOT NULL GROUP BY tab",
)
_TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'orders'"


def fold(connection: Any) -> None:
    """On PostgreSQL: the rows of differences summed into one row per tab, in one statement
    of the caller's (read committed) transaction. Rows another desk is adding meanwhile are
    not seen by the delete and stay as they are: the sums do not change, nothing waits on the
    desks' writes (only another fold waits for this one)."""
    connection.execute(_FOLD)


def needs_folding(connection: Any) -> bool:
    row = connection.execute("SELECT COUNT(*) FROM orders_per_tab").fetchone()
    return bool(row and row[0] > FOLD_AFTER)


@contextmanager
def counted_after(connection: Any) -> Iterator[None]:
    """A bulk load into SQLite (a SQLAlchemy connection): the counting triggers are set aside
    while the rows go in (a trigger per row costs about 3 µs: a third of a second for 100,000
    orders) and the counts made again from the orders once, in the load's own transaction, so
    they are exact when it commits. On PostgreSQL the triggers run once per statement and stay.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    triggers = [
        (name, sql)
        for name, sql in connection.exec_driver_sql(_TRIGGERS).all()
        if name.startswith("orders_per_tab_")
    ]
    for name, _sql in triggers:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    yield
    for statement in _RECOUNT:
        connection.exec_driver_sql(statement)
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)

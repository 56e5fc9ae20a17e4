"""Search finds buyers by name, email, city or postal code whatever the case and accents, in
every script (issue 13): each order keeps its folded search text in ``orders.search_key``
(see :mod:`orderdesk.domain.search_key`), filled here for the orders already stored. And the
Finalized tab is sorted by when each order was finished, by an index on that moment.

Portable SQL only (SQLite and PostgreSQL): the column is added with a default, then filled in
batches of plain UPDATEs by id.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from orderdesk.domain.search_key import SEARCHED, order_search_key

VERSION = 7

_BATCH = 5000


def upgrade(connection: Connection) -> None:
    # Finalized lists the newest finished first: delivered or cancelled, whichever it was.
    connection.execute(
        text(
            "CREATE INDEX ix_orders_tab_finalized_at ON orders "
            "(tab, (COALESCE(delivered_at, cancelled_at)))"
        )
    )
    connection.execute(text("ALTER TABLE orders ADD COLUMN search_key VARCHAR NOT NULL DEFAULT ''"))
    columns = ", ".join(SEARCHED)
    last = 0
    while True:
        rows = connection.execute(
            text(f"SELECT id, {columns} FROM orders WHERE id > :last ORDER BY id LIMIT {_BATCH}"),
            {"last": last},
        ).all()
        if not rows:
            return
        connection.execute(
            text("UPDATE orders SET search_key = :key WHERE id = :id"),
            [{"id": row[0], "key": order_search_key(*(v or "" for v in row[1:]))} for row in rows],
        )
        last = rows[-1][0]

"""Merged orders (issue 16): orders of one buyer to one address that leave as one shipment.

``orders.merge_group`` ties the orders merged together (the group's number is the lowest desk
id among them when the group was made; empty for an order on its own), indexed so the desk
finds an order's group at once. ``journal.together`` lists the ids of the entries one action
wrote for several orders (a merge, or the tracking of a merged shipment), so that undo reverses
all of them at once; empty for an action on one order. Plain SQL on SQLite and PostgreSQL; both
columns are nullable, so bulk loads that do not name them leave them empty.

Version 11: version 10 is another change's (its module comes in with it); a database migrates
through every module above its own version.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 11


def upgrade(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE orders ADD COLUMN merge_group INTEGER"))
    connection.execute(text("CREATE INDEX ix_orders_merge_group ON orders (merge_group)"))
    connection.execute(text("ALTER TABLE journal ADD COLUMN together JSON"))

"""Scan to pack (issue 16): an order remembers when its packing was verified by scanning.

``orders.packed_at`` is set by the domain's ``pack`` action once every unit of every line was
scanned, and cleared by its undo. Self-contained (no other issue-16 table is used), plain SQL
that runs on SQLite and PostgreSQL; the column is nullable, so bulk loads that do not name it
leave it empty.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 9


def upgrade(connection: Connection) -> None:
    moment = "DATETIME" if connection.dialect.name == "sqlite" else "TIMESTAMP WITH TIME ZONE"
    connection.execute(text(f"ALTER TABLE orders ADD COLUMN packed_at {moment}"))

"""Imports flag likely duplicates (same buyer, items and total within a day under two ids)."""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 2


def upgrade(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE orders ADD COLUMN possible_duplicate_of INTEGER"))

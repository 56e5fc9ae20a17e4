"""Orders name their channel account (``import --store NAME``) and the channel's own global id.

Two Shopify stores number their orders alike (``#1017`` in both); Shopify's ``Id`` column is
unique across stores. With both kept, an import can tell another store's ``#1017`` from this
store's and refuse it instead of overwriting it.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 5


def upgrade(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE orders ADD COLUMN store VARCHAR NOT NULL DEFAULT ''"))
    connection.execute(
        text("ALTER TABLE orders ADD COLUMN channel_ref VARCHAR NOT NULL DEFAULT ''")
    )

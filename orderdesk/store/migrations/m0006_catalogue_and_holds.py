"""The catalogue, holds and payments by hand (issue 14).

Products gain what customs forms and scan-to-pack need: barcode (EAN/UPC), weight in grams, HS
code, country of origin and a customs description. Orders gain a hold (a reason and an
optional date to wait for) and the method and reference of a payment marked by hand. Every
column is added with a default, so rows loaded in bulk (demo, imports) that do not name them
get it. "Committed" stock is not stored: it is an aggregate over the pending orders' lines,
read through the index on ``lines.sku``. Plain SQL that runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 6

_TEXT = "VARCHAR NOT NULL DEFAULT ''"
_PRODUCT_COLUMNS = (
    ("barcode", _TEXT),
    ("weight_g", "INTEGER NOT NULL DEFAULT 0"),
    ("hs_code", _TEXT),
    ("origin", _TEXT),
    ("customs_description", _TEXT),
)


def upgrade(connection: Connection) -> None:
    moment = "DATETIME" if connection.dialect.name == "sqlite" else "TIMESTAMP WITH TIME ZONE"
    for name, kind in _PRODUCT_COLUMNS:
        connection.execute(text(f"ALTER TABLE products ADD COLUMN {name} {kind}"))
    for name, kind in (
        ("hold_reason", _TEXT),
        ("hold_until", moment),
        ("paid_method", _TEXT),
        ("paid_reference", _TEXT),
    ):
        connection.execute(text(f"ALTER TABLE orders ADD COLUMN {name} {kind}"))
    connection.execute(text("CREATE INDEX ix_products_barcode ON products (barcode)"))

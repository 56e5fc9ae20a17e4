"""PostgreSQL stores what SQLite always did: 64-bit money, UTC instants, ids from sequences,
and a notification when orders change (issue 15).

SQLite needs nothing: its INTEGER is 64-bit and its times are UTC text. On PostgreSQL the
first schema made money ``integer`` (32-bit: ``net * value`` in insights and a 25,000,000.00 IDR
order overflowed) and times ``timestamp without time zone`` (aware times were shifted into the
server's zone on the way in). Stored times are read back in the zone they were written in (the
session's), so no instant moves. Sequences are set past the ids that bulk loads wrote by hand,
and a statement trigger on every table a desk shows raises ``NOTIFY orderdesk`` so open desks
refresh without polling the tables.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 4

MONEY = {
    "orders": (
        "subtotal",
        "shipping",
        "tax",
        "discount",
        "total",
        "fee",
        "shipping_cost",
        "refunded",
    ),
    "lines": ("unit_price",),
    "cases": ("amount",),
}
TIMES = {
    "orders": (
        "created_at",
        "paid_at",
        "ship_by",
        "confirmed_at",
        "label_printed_at",
        "shipped_at",
        "delivered_at",
        "cancelled_at",
    ),
    "cases": ("opened_at", "respond_by", "closed_at"),
    "messages": ("at",),
    "journal": ("at",),
}
SEQUENCED = ("orders", "lines", "cases", "messages", "journal")
WATCHED = ("orders", "lines", "cases", "messages", "journal", "products")
CHANNEL = "orderdesk"


def upgrade(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in sorted(set(MONEY) | set(TIMES)):
        changes = [f"ALTER COLUMN {c} TYPE BIGINT" for c in MONEY.get(table, ())]
        changes += [
            f"ALTER COLUMN {c} TYPE TIMESTAMPTZ USING {c} AT TIME ZONE current_setting('TimeZone')"
            for c in TIMES.get(table, ())
        ]
        connection.execute(text(f"ALTER TABLE {table} {', '.join(changes)}"))
    for table in SEQUENCED:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
    connection.execute(
        text(
            f"CREATE OR REPLACE FUNCTION orderdesk_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
        )
    )
    for table in WATCHED:
        connection.execute(
            text(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION orderdesk_changed()"
            )
        )

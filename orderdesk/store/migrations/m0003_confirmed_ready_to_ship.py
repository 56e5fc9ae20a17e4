"""A confirmed order is shown in Ready to ship, not To prepare (issue 3, acceptance 1: ``c``
moves the order out of To prepare and the counts change).

To prepare holds the orders still to review and confirm; once confirmed (stock taken), the
order waits in Ready to ship for its label and the carrier. The ``tab`` column is generated
from the stage, so it is made again with the new rule: SQLite cannot change a generated
column's expression, nor add a stored one, so it becomes a virtual column (indexed as before);
PostgreSQL has stored generated columns only.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 3

_TAB = (
    "CASE stage WHEN 'pending' THEN 'to-prepare' WHEN 'confirmed' THEN 'ready-to-ship' "
    "WHEN 'ready_to_ship' THEN 'ready-to-ship' WHEN 'in_transit' THEN 'in-transit' "
    "WHEN 'delivered' THEN 'finalized' WHEN 'cancelled' THEN 'finalized' END"
)
_INDEXES = (
    ("ix_orders_tab_ship_by", "tab, ship_by"),
    ("ix_orders_tab_shipped_at", "tab, shipped_at"),
)


def upgrade(connection: Connection) -> None:
    kind = "VIRTUAL" if connection.dialect.name == "sqlite" else "STORED"
    for name, _columns in _INDEXES:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
    connection.execute(text("ALTER TABLE orders DROP COLUMN tab"))
    connection.execute(
        text(f"ALTER TABLE orders ADD COLUMN tab VARCHAR GENERATED ALWAYS AS ({_TAB}) {kind}")
    )
    for name, columns in _INDEXES:
        connection.execute(text(f"CREATE INDEX {name} ON orders ({columns})"))

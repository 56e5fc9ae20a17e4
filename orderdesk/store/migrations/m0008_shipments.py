"""Shipments and parcels (issue 16).

A shipment is what leaves together under one carrier and tracking number: the order's lines it
carries (``{sku: quantity}``), when it left, and when the marketplace was told (``confirmed_at``,
empty until a confirmations file carried it). Orders merged to one buyer share a shipment's
tracking: each order has its own shipment row, tied by ``merge_group`` (the first shipment's
id). A parcel is one box of a shipment, numbered from 1, with its weight in grams and the
moment it was handed to the carrier (the end-of-day manifest sets it).

The "unconfirmed per channel" count reads ``ix_shipments_channel_confirmed`` only; the
manifest reads parcels by ``ix_parcels_handed_over_at``. Tables are made through SQLAlchemy so
ids are sequences and instants ``timestamptz`` on PostgreSQL, and open desks there are told of
changes like for every other table they show. Lines gain ``item_id``, the channel's id of the
line, which Amazon's shipping confirmation names each item by.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    text,
)

VERSION = 8


def _schema() -> MetaData:
    md = MetaData()
    Table("orders", md, Column("id", Integer, primary_key=True))
    Table(
        "shipments",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "order_id",
            Integer,
            ForeignKey("orders.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("channel", String, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("carrier", String, nullable=False),
        Column("tracking_number", String, nullable=False, index=True),
        Column("tracking_url", String, nullable=False),
        Column("lines", JSON, nullable=False),
        Column("merge_group", Integer, nullable=True),
        Column("confirmed_at", DateTime(timezone=True), nullable=True),
        Index("ix_shipments_channel_confirmed", "channel", "confirmed_at"),
    )
    Table(
        "parcels",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "shipment_id",
            Integer,
            ForeignKey("shipments.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("number", Integer, nullable=False),
        Column("weight_g", Integer, nullable=False),
        Column("handed_over_at", DateTime(timezone=True), nullable=True, index=True),
    )
    return md


def upgrade(connection: Connection) -> None:
    # The channel's own id of each line: Amazon's confirmation file names items by it.
    connection.execute(text("ALTER TABLE lines ADD COLUMN item_id VARCHAR NOT NULL DEFAULT ''"))
    md = _schema()
    for name in ("shipments", "parcels"):
        md.tables[name].create(connection)
    if connection.dialect.name == "postgresql":
        for name in ("shipments", "parcels"):
            connection.execute(
                text(
                    f"CREATE TRIGGER {name}_changed AFTER INSERT OR UPDATE OR DELETE ON {name} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION orderdesk_changed()"
                )
            )

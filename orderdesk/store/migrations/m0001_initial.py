"""The first schema (frozen: never edit; add a new migration instead)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Computed,
    Connection,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

VERSION = 1

_TAB = (
    "CASE stage WHEN 'pending' THEN 'to-prepare' WHEN 'confirmed' THEN 'to-prepare' "
    "WHEN 'ready_to_ship' THEN 'ready-to-ship' WHEN 'in_transit' THEN 'in-transit' "
    "WHEN 'delivered' THEN 'finalized' WHEN 'cancelled' THEN 'finalized' END"
)


def _schema() -> MetaData:
    md = MetaData()

    def text_col(name: str) -> Column[str]:
        return Column(name, String, nullable=False)

    def int_col(name: str) -> Column[int]:
        return Column(name, Integer, nullable=False)

    def time_col(name: str, nullable: bool = True) -> Column[datetime]:
        return Column(name, DateTime, nullable=nullable)

    Table(
        "orders",
        md,
        Column("id", Integer, primary_key=True),
        text_col("channel"),
        text_col("external_id"),
        time_col("created_at", False),
        *[
            time_col(n)
            for n in (
                "paid_at",
                "ship_by",
                "confirmed_at",
                "label_printed_at",
                "shipped_at",
                "delivered_at",
                "cancelled_at",
            )
        ],
        text_col("stage"),
        Column("tab", String, Computed(_TAB, persisted=True)),
        text_col("payment"),
        text_col("payout"),
        *[
            text_col(n)
            for n in (
                "buyer_name",
                "buyer_email",
                "buyer_phone",
                "ship_name",
                "ship_line1",
                "ship_line2",
                "ship_city",
                "ship_region",
                "ship_postal_code",
                "ship_country",
                "currency",
            )
        ],
        *[
            int_col(n)
            for n in (
                "subtotal",
                "shipping",
                "tax",
                "discount",
                "total",
                "fee",
                "shipping_cost",
                "refunded",
            )
        ],
        *[
            text_col(n)
            for n in (
                "carrier",
                "service",
                "tracking_number",
                "tracking_url",
                "note",
                "tags",
                "cancel_reason",
            )
        ],
        Column("stock_taken", Boolean, nullable=False),
        int_col("version"),
        UniqueConstraint("channel", "external_id", name="uq_orders_channel_external_id"),
        Index("ix_orders_tab_ship_by", "tab", "ship_by"),
        Index("ix_orders_tab_shipped_at", "tab", "shipped_at"),
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_buyer_name", "buyer_name"),
        Index("ix_orders_tracking_number", "tracking_number"),
        Index("ix_orders_external_id", "external_id"),
    )
    Table(
        "lines",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "order_id",
            Integer,
            ForeignKey("orders.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        int_col("position"),
        Column("sku", String, nullable=False, index=True),
        text_col("title"),
        text_col("variant"),
        int_col("quantity"),
        int_col("unit_price"),
    )
    Table(
        "products",
        md,
        Column("sku", String, primary_key=True),
        text_col("title"),
        int_col("on_hand"),
        int_col("low_stock"),
        int_col("version"),
    )
    Table(
        "cases",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "order_id",
            Integer,
            ForeignKey("orders.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        text_col("kind"),
        text_col("reason"),
        text_col("status"),
        int_col("amount"),
        time_col("opened_at", False),
        time_col("respond_by"),
        time_col("closed_at"),
        text_col("resolution"),
        Index("ix_cases_kind_status_respond_by", "kind", "status", "respond_by"),
    )
    Table(
        "messages",
        md,
        Column("id", Integer, primary_key=True),
        Column(
            "order_id",
            Integer,
            ForeignKey("orders.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        time_col("at", False),
        text_col("direction"),
        text_col("author"),
        text_col("body"),
    )
    Table(
        "journal",
        md,
        Column("id", Integer, primary_key=True),
        time_col("at", False),
        text_col("actor"),
        text_col("action"),
        Column("order_id", Integer, nullable=True, index=True),
        Column("case_id", Integer, nullable=True),
        text_col("summary"),
        Column("before", JSON, nullable=False),
        Column("after", JSON, nullable=False),
        Column("stock", JSON, nullable=False),
        Column("undoable", Boolean, nullable=False),
        Column("undone_by", Integer, nullable=True),
        Column("undo_of", Integer, nullable=True),
    )
    Table("meta", md, Column("key", String, primary_key=True), text_col("value"))
    return md


def upgrade(connection: Connection) -> None:
    _schema().create_all(connection)
    connection.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', '0')"))

"""The desk's entities, as SQLModel tables.

Until a session touches them these are plain pydantic models, so the rules in this package work
on them without knowing about a database. Times are timezone-aware UTC (``timestamptz`` on
PostgreSQL); money is a 64-bit integer count of the order currency's minor unit (see
:mod:`orderdesk.domain.money`).

No ``from __future__ import annotations`` here: it breaks SQLModel relationships.
"""

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Computed,
    Index,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

from orderdesk.domain import sales
from orderdesk.domain.search_key import key_of
from orderdesk.domain.stages import STAGE_TAB

_TAB_SQL = (
    "CASE stage "
    + " ".join(f"WHEN '{stage.value}' THEN '{tab.value}'" for stage, tab in STAGE_TAB.items())
    + " END"
)


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("channel", "external_id", name="uq_orders_channel_external_id"),
        Index("ix_orders_tab_ship_by", "tab", "ship_by"),
        Index("ix_orders_tab_shipped_at", "tab", "shipped_at"),
        Index("ix_orders_created_at", "created_at"),
        Index("ix_orders_buyer_name", "buyer_name"),
        Index("ix_orders_tracking_number", "tracking_number"),
        Index("ix_orders_external_id", "external_id"),
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    external_id: str
    created_at: datetime
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    confirmed_at: datetime | None = None
    label_printed_at: datetime | None = None
    packed_at: datetime | None = None
    #: The orders merged to leave as one shipment share it (domain/merging.py); None alone.
    merge_group: int | None = Field(default=None, index=True)
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    stage: str = "pending"
    tab: str | None = Field(default=None, sa_column=Column(String, Computed(_TAB_SQL)))
    payment: str = "unpaid"
    payout: str = "not_due"
    buyer_name: str = ""
    buyer_email: str = ""
    buyer_phone: str = ""
    ship_name: str = ""
    ship_line1: str = ""
    ship_line2: str = ""
    ship_city: str = ""
    ship_region: str = ""
    ship_postal_code: str = ""
    ship_country: str = ""
    currency: str
    subtotal: int = Field(default=0, sa_type=BigInteger)
    shipping: int = Field(default=0, sa_type=BigInteger)
    tax: int = Field(default=0, sa_type=BigInteger)
    discount: int = Field(default=0, sa_type=BigInteger)
    total: int = Field(default=0, sa_type=BigInteger)
    fee: int = Field(default=0, sa_type=BigInteger)
    shipping_cost: int = Field(default=0, sa_type=BigInteger)
    refunded: int = Field(default=0, sa_type=BigInteger)
    carrier: str = ""
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    note: str = ""
    tags: str = ""
    cancel_reason: str = ""
    stock_taken: bool = False
    possible_duplicate_of: int | None = None
    hold_reason: str = ""
    hold_until: datetime | None = None
    paid_method: str = ""
    paid_reference: str = ""
    store: str = ""  # the channel account (two Shopify stores are two stores)
    channel_ref: str = ""  # the channel's own global order id (Shopify's Id)
    #: Folded buyer name, email, city, postal code (domain/search_key.py), kept by whoever
    #: writes the order: the ORM on every insert and update, the bulk loads themselves.
    search_key: str = ""
    version: int = Field(default=1)

    lines: list["Line"] = Relationship(
        back_populates="order",
        sa_relationship_kwargs={"order_by": "Line.position", "cascade": "all, delete-orphan"},
    )
    cases: list["Case"] = Relationship(
        back_populates="order", sa_relationship_kwargs={"order_by": "Case.id"}
    )
    messages: list["Message"] = Relationship(
        back_populates="order", sa_relationship_kwargs={"order_by": "Message.id"}
    )
    shipments: list["Shipment"] = Relationship(
        back_populates="order",
        sa_relationship_kwargs={"order_by": "Shipment.id", "cascade": "all, delete-orphan"},
    )

    @property
    def ref(self) -> str:
        return f"#{self.id}"

    @property
    def net(self) -> int:
        return sales.net(self.total, self.fee, self.shipping_cost, self.refunded)


@event.listens_for(Order, "before_insert")
@event.listens_for(Order, "before_update")
def _keep_search_key(_mapper: Any, _connection: Any, order: Order) -> None:
    """Every order the ORM writes carries its search key (a new one, an edited address)."""
    order.search_key = key_of(order)


class Line(SQLModel, table=True):
    __tablename__ = "lines"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    position: int = 0
    sku: str = Field(default="", index=True)
    title: str = ""
    variant: str = ""
    quantity: int = 1
    unit_price: int = Field(default=0, sa_type=BigInteger)
    item_id: str = ""  # the channel's own id of the line (Amazon's order-item-id)

    order: Order | None = Relationship(back_populates="lines")


class Shipment(SQLModel, table=True):
    """What leaves together under one carrier and tracking number: some or all of an order's
    lines (``{sku: quantity}``). Orders merged into one parcel each keep a shipment, tied by
    ``merge_group``; ``confirmed_at`` is when a confirmations file told the marketplace."""

    __tablename__ = "shipments"
    __table_args__ = (Index("ix_shipments_channel_confirmed", "channel", "confirmed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    channel: str
    at: datetime
    carrier: str
    tracking_number: str = Field(index=True)
    tracking_url: str = ""
    lines: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    merge_group: int | None = None
    confirmed_at: datetime | None = None

    order: Order | None = Relationship(back_populates="shipments")
    parcels: list["Parcel"] = Relationship(
        back_populates="shipment",
        sa_relationship_kwargs={"order_by": "Parcel.number", "cascade": "all, delete-orphan"},
    )


class Parcel(SQLModel, table=True):
    """One box of a shipment, numbered from 1, its weight in grams; ``handed_over_at`` is set
    when the end-of-day manifest listing it is printed."""

    __tablename__ = "parcels"

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    number: int
    weight_g: int
    handed_over_at: datetime | None = Field(default=None, index=True)

    shipment: Shipment | None = Relationship(back_populates="parcels")


class Product(SQLModel, table=True):
    __tablename__ = "products"

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    sku: str = Field(primary_key=True)
    title: str = ""
    on_hand: int = 0
    low_stock: int = 0
    barcode: str = Field(default="", index=True)
    weight_g: int = 0
    hs_code: str = ""
    origin: str = ""
    customs_description: str = ""
    version: int = Field(default=1)


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_kind_status_respond_by", "kind", "status", "respond_by"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    kind: str  # refund | return | dispute
    reason: str = ""
    status: str = "open"  # open | accepted | rejected | won | lost
    amount: int = Field(default=0, sa_type=BigInteger)
    opened_at: datetime
    respond_by: datetime | None = None
    closed_at: datetime | None = None
    resolution: str = ""

    order: Order | None = Relationship(back_populates="cases")
    authorisation: Optional["ReturnAuthorisation"] = Relationship(
        back_populates="case", sa_relationship_kwargs={"uselist": False}
    )


class ReturnAuthorisation(SQLModel, table=True):
    """An accepted return's authorisation: its ``id`` is the RMA number, handed out by the
    database (a sequence on PostgreSQL, AUTOINCREMENT on SQLite: a number is never given twice,
    not even after the accept that took it is undone); ``received_at`` is when the goods came
    back to the shelf."""

    __tablename__ = "return_authorisations"
    __table_args__ = {"sqlite_autoincrement": True}

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # two desks receiving one parcel at once: the second write is stale, tried again
        # on fresh data, and refused as already received
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True, ondelete="CASCADE")
    authorised_at: datetime
    received_at: datetime | None = None
    version: int = Field(default=1)

    case: Case | None = Relationship(back_populates="authorisation")


class Message(SQLModel, table=True):
    __tablename__ = "messages"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    at: datetime
    direction: str = "out"  # in | out | note
    author: str = ""
    body: str = ""

    order: Order | None = Relationship(back_populates="messages")


class JournalEntry(SQLModel, table=True):
    """One action, append-only: who did what, when, and the fields before and after.

    ``before``/``after`` hold ``{"order": {...}, "case": {...}}`` with only the changed fields;
    ``stock`` holds ``{sku: delta}``. Replaying ``after`` over an order's entries gives its
    stored state; undo applies ``before`` and reverses ``stock``.
    """

    __tablename__ = "journal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = ""
    action: str
    order_id: int | None = Field(default=None, index=True)
    case_id: int | None = None
    summary: str = ""
    before: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    after: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    stock: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    undoable: bool = False
    undone_by: int | None = None
    undo_of: int | None = None
    #: The ids of every entry one action wrote for several orders (a merge, the tracking of a
    #: merged shipment), this one included: undo reverses them together. None: one order.
    together: list[int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Meta(SQLModel, table=True):
    """Facts about the database itself (demo flag, creation time)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str = ""

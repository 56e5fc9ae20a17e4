"""The one factory of a new order's stored fields, whoever enters it.

An order enters the shop three ways: the seller types it in (:mod:`~orderdesk.domain.intake`),
a channel's file brings it (the importer's record extends :class:`OrderFacts`), or the demo
makes it up. Each states the facts it knows; :func:`order_fields` derives the rest the same
way for all three (the times a stage implies, the deadline, the payout, the search key), and
:func:`~orderdesk.domain.journal.fields_snapshot` is what the journal keeps of it. The ORM
path builds an ``Order`` from these fields; the bulk paths write them as rows, column by
column, without an ORM object.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, tzinfo
from operator import attrgetter
from typing import Any

from orderdesk.domain.deadlines import ship_by
from orderdesk.domain.journal import entry_fields
from orderdesk.domain.models import Line
from orderdesk.domain.search_key import key_of
from orderdesk.domain.stages import Payment, Payout, Stage
from orderdesk.domain.stored_columns import stored_columns


@dataclass(slots=True, kw_only=True)
class StatedOrder:
    """What every way in states alike about a new order (money in minor units): the currency,
    the buyer and where the parcel goes, the charges on top of the lines, a note and the
    channel's own deadline. The seller's draft (:class:`~orderdesk.domain.intake.OrderDraft`)
    and a channel's facts (:class:`OrderFacts`) both extend it, so each of these fields is
    declared once."""

    currency: str
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
    shipping: int = 0
    tax: int = 0
    discount: int = 0
    note: str = ""
    ship_by: datetime | None = None  # the channel's own deadline, when it gives one


#: The names of :class:`StatedOrder`'s fields, in their order.
STATED = tuple(f.name for f in fields(StatedOrder))


@dataclass(slots=True, kw_only=True)
class OrderFacts(StatedOrder):
    """What is stated about an order when it enters the shop: what every way in states, and
    what a channel says besides (its stage, payment, times, totals and carrier)."""

    channel: str
    external_id: str
    created_at: datetime
    stage: str = Stage.PENDING.value  # pending, in_transit, delivered or cancelled
    payment: str = Payment.UNPAID.value
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    subtotal: int = 0
    total: int = 0
    fee: int = 0
    shipping_cost: int = 0
    refunded: int = 0
    carrier: str = ""
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    tags: str = ""
    store: str = ""  # the channel account (``import --store NAME``)
    channel_ref: str = ""  # the channel's own global id, when it has one (Shopify's Id)


@dataclass(slots=True)
class LineFacts:
    """One line of a new order as it is stated (typed in or read from a file)."""

    sku: str
    title: str
    quantity: int
    unit_price: int
    variant: str = ""
    item_id: str = ""  # the channel's id of the line (Amazon's order-item-id)


_MOVING = (Stage.IN_TRANSIT.value, Stage.DELIVERED.value)


def order_fields(
    facts: OrderFacts, *, handling_days: int, zone: tzinfo | None = None
) -> dict[str, Any]:
    """Every stored field of the new order the facts describe, but its id.

    A stage the channel reports as done is a fact: an order already in transit was shipped
    when it was paid (or placed) unless the facts say when; delivered, when it was shipped; a
    cancelled one, when it was paid. The deadline is the channel's, else paid (or placed) +
    ``handling_days`` business days in ``zone``. No stock is taken: the seller's confirm does.
    """
    f = facts
    stage = f.stage
    paid_at = f.paid_at if f.payment != Payment.UNPAID.value else None
    start = paid_at or f.created_at
    shipped = delivered = cancelled = None
    if stage in _MOVING:
        shipped = f.shipped_at or start
        if stage == Stage.DELIVERED.value:
            delivered = f.delivered_at or shipped
    elif stage == Stage.CANCELLED.value:
        cancelled = f.cancelled_at or start
    fields: dict[str, Any] = {
        "channel": f.channel,
        "external_id": f.external_id,
        "created_at": f.created_at,
        "paid_at": paid_at,
        "ship_by": ship_by(f.ship_by, paid_at, f.created_at, handling_days, zone),
        "confirmed_at": None,
        "label_printed_at": None,
        "packed_at": None,
        "shipped_at": shipped,
        "delivered_at": delivered,
        "cancelled_at": cancelled,
        "stage": stage,
        "payment": f.payment,
        "payout": (Payout.PENDING if stage == Stage.DELIVERED.value else Payout.NOT_DUE).value,
        "buyer_name": f.buyer_name,
        "buyer_email": f.buyer_email,
        "buyer_phone": f.buyer_phone,
        "ship_name": f.ship_name,
        "ship_line1": f.ship_line1,
        "ship_line2": f.ship_line2,
        "ship_city": f.ship_city,
        "ship_region": f.ship_region,
        "ship_postal_code": f.ship_postal_code,
        "ship_country": f.ship_country,
        "currency": f.currency,
        "subtotal": f.subtotal,
        "shipping": f.shipping,
        "tax": f.tax,
        "discount": f.discount,
        "total": f.total,
        "fee": f.fee,
        "shipping_cost": f.shipping_cost,
        "refunded": f.refunded,
        "carrier": f.carrier,
        "service": f.service,
        "tracking_number": f.tracking_number,
        "tracking_url": f.tracking_url,
        "note": f.note,
        "tags": f.tags,
        "cancel_reason": f.cancel_reason,
        "stock_taken": False,
        "possible_duplicate_of": None,
        "hold_reason": "",
        "hold_until": None,
        "paid_method": "",
        "paid_reference": "",
        "store": f.store,
        "channel_ref": f.channel_ref,
        "search_key": key_of(f),
        "version": 1,
    }
    return fields


#: A new line's columns, from the ``Line`` model (its id is the database's).
LINE_COLUMNS = stored_columns(Line)
_LINE_FACTS = tuple(f.name for f in fields(LineFacts))
_stated_line = attrgetter(*_LINE_FACTS)


def line_fields(line: LineFacts, *, position: int, order_id: int | None = None) -> dict[str, Any]:
    """Every stored field of a new order line but its id: what the line states, its place in
    the order, and the model's defaults for anything else (``order_id`` None: the ORM sets it
    when the order is written)."""
    row = LINE_COLUMNS.template.copy()
    row.update(zip(_LINE_FACTS, _stated_line(line), strict=True))
    row["position"] = position
    row["order_id"] = order_id
    return row


def new_order_entry(
    order_id: int,
    snapshot: dict[str, Any],
    *,
    action: str,
    actor: str,
    at: datetime,
    summary: str,
    empty: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The journal entry of a new order: the snapshot of its tracked fields after
    (:func:`~orderdesk.domain.journal.fields_snapshot` of :func:`order_fields`), nothing
    before, no stock moved. A bulk load may pass one ``empty`` mapping for every entry's
    nothing (the bulk writer stores a value it saw in the row before only once)."""
    return entry_fields(
        action,
        actor,
        at,
        summary,
        order_id=order_id,
        after={"order": snapshot},
        before=empty,
        stock=empty,
    )

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

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from orderdesk.domain.deadlines import ship_by
from orderdesk.domain.search_key import key_of
from orderdesk.domain.stages import Payment, Payout, Stage


@dataclass(slots=True, kw_only=True)
class OrderFacts:
    """What is stated about an order when it enters the shop (money in minor units)."""

    channel: str
    external_id: str
    created_at: datetime
    currency: str
    stage: str = Stage.PENDING.value  # pending, in_transit, delivered or cancelled
    payment: str = Payment.UNPAID.value
    paid_at: datetime | None = None
    ship_by: datetime | None = None  # the channel's own deadline, when it gives one
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
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
    subtotal: int = 0
    shipping: int = 0
    tax: int = 0
    discount: int = 0
    total: int = 0
    fee: int = 0
    shipping_cost: int = 0
    refunded: int = 0
    carrier: str = ""
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    note: str = ""
    tags: str = ""
    store: str = ""  # the channel account (``import --store NAME``)
    channel_ref: str = ""  # the channel's own global id, when it has one (Shopify's Id)


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

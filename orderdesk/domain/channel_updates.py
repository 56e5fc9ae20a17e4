"""What a later channel file may change in an order the desk already has (a pure rule).

The channel decides what happens on its side: paid, cancelled, shipped, delivered, tracking
and refunds. The desk's own work is never undone: the stage only moves forward (a confirmed
order stays confirmed when the channel still says "paid, not shipped"), tracking the seller
typed in is kept, and a cancel only happens before shipping. Buyer, address, money and lines
are the order as placed and never change, with one exception: an order imported from a report
without prices (Amazon's Unshipped Orders) takes them from the first later report that has
them, in the same currency and with the same items.

:func:`plan` reads the stored order as a mapping and the channel's word as any object with the
fields of :class:`ChannelOrder`, so a dry run and the new/updated/unchanged counts need no
session; :func:`orderdesk.exchange.merge.apply` carries a plan out through the domain's
actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from orderdesk.domain.deadlines import ship_by as deadline
from orderdesk.domain.stages import UNSHIPPED, Payment, Payout, Stage


class ChannelOrder(Protocol):
    """What a channel's file says about one order (the fields :func:`plan` reads)."""

    channel: str
    stage: str
    payment: str
    paid_at: datetime | None
    ship_by: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str
    refunded: int
    carrier: str
    tracking_number: str
    tracking_url: str
    case_kind: str
    case_status: str
    currency: str
    subtotal: int
    shipping: int
    tax: int
    discount: int
    total: int
    lines: Any  # each with sku, quantity, unit_price


#: The tag of a paid order the channel cancelled without refunding it yet.
REFUND_OWED = "refund-owed"
#: The money fields a priced report fills in an order imported without prices.
MONEY_FIELDS = ("subtotal", "shipping", "tax", "discount", "total")


#: How far along each stage is; the channel may only move an order further along.
RANK = {
    Stage.PENDING: 0,
    Stage.CONFIRMED: 1,
    Stage.READY_TO_SHIP: 2,
    Stage.IN_TRANSIT: 3,
    Stage.DELIVERED: 4,
}


@dataclass
class CaseDraft:
    kind: str
    status: str
    amount: int


@dataclass
class Plan:
    """The changes one import makes to one stored order (empty: unchanged)."""

    order_id: int
    changes: dict[str, Any] = field(default_factory=dict)
    cancel_reason: str = ""
    case: CaseDraft | None = None
    what: list[str] = field(default_factory=list)
    prices: list[tuple[str, int]] = field(default_factory=list)  # (sku, unit price) per line
    refund_owed: bool = False  # cancelled by the channel, paid, and not refunded yet

    def __bool__(self) -> bool:
        return bool(self.changes or self.cancel_reason or self.case or self.prices)


def aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def plan(
    current: Mapping[str, Any],
    incoming: ChannelOrder,
    *,
    now: datetime,
    handling_days: int,
    case_kinds: frozenset[str] = frozenset(),
) -> Plan:
    """What ``incoming`` (the channel's word) changes in ``current`` (the stored order)."""
    result = Plan(int(current["id"]))
    changes = result.changes
    stage = Stage(current["stage"])
    payment = current["payment"]
    total = int(current["total"])
    if stage == Stage.CANCELLED:
        _refunds(result, current, incoming, total)
        return result
    _priced(result, current, incoming)
    # paid
    if payment == Payment.UNPAID and incoming.payment != Payment.UNPAID:
        paid_at = incoming.paid_at or now
        changes.update(payment=Payment.PAID.value, paid_at=paid_at)
        if incoming.ship_by is None:
            created = aware(current["created_at"])
            assert created is not None
            changes["ship_by"] = deadline(None, paid_at, created, handling_days)
        result.what.append("paid")
    if incoming.ship_by is not None and incoming.ship_by != aware(current["ship_by"]):
        changes["ship_by"] = incoming.ship_by
        result.what.append("ship-by")
    # cancelled (only before shipping; after it, the buyer's way back is a refund or return)
    if incoming.stage == Stage.CANCELLED:
        if stage in UNSHIPPED:
            result.cancel_reason = incoming.cancel_reason or f"cancelled on {incoming.channel}"
            changes["cancelled_at"] = incoming.cancelled_at or now
            result.what.append("cancelled")
            if (
                incoming.payment == Payment.PAID
                and not incoming.refunded
                and payment != Payment.UNPAID
            ):
                # the channel has not refunded it yet: no refund is invented, one is owed
                result.refund_owed = True
                result.what.append("refund owed")
            return result
    # shipped, delivered: forward only
    target = Stage(incoming.stage) if incoming.stage != Stage.CANCELLED else stage
    if (
        target in RANK
        and RANK[target] > RANK[stage]
        and target in (Stage.IN_TRANSIT, Stage.DELIVERED)
    ):
        if RANK[stage] < RANK[Stage.IN_TRANSIT]:
            changes.update(stage=Stage.IN_TRANSIT.value, shipped_at=incoming.shipped_at or now)
            result.what.append("shipped")
        if target == Stage.DELIVERED:
            changes.update(
                stage=Stage.DELIVERED.value,
                delivered_at=incoming.delivered_at or now,
                payout=Payout.PENDING.value,
            )
            result.what.append("delivered")
    # tracking: the channel's number fills an empty one; the seller's own is kept
    if incoming.tracking_number and not current["tracking_number"]:
        changes["tracking_number"] = incoming.tracking_number
        if incoming.carrier and not current["carrier"]:
            changes["carrier"] = incoming.carrier
        if incoming.tracking_url and not current["tracking_url"]:
            changes["tracking_url"] = incoming.tracking_url
        result.what.append("tracking")
    _refunds(result, current, incoming, total)
    if (
        incoming.case_kind
        and incoming.case_status == "open"
        and result.case is None
        and incoming.case_kind not in case_kinds
    ):
        result.case = CaseDraft(
            incoming.case_kind, "open", max(total - int(current["refunded"]), 0)
        )
        result.what.append(f"{incoming.case_kind} opened")
    return result


def _priced(result: Plan, current: Mapping[str, Any], incoming: ChannelOrder) -> None:
    """Prices for an order stored without any, from a report that has them."""
    if int(current["total"]) or not getattr(incoming, "total", 0):
        return
    if current.get("currency") not in (None, incoming.currency):
        return
    stored = current.get("line_skus")
    if stored is not None and list(stored) != [line.sku for line in incoming.lines]:
        return
    for name in MONEY_FIELDS:
        result.changes[name] = getattr(incoming, name)
    result.prices = [(line.sku, line.unit_price) for line in incoming.lines]
    result.what.append("prices")


def _refunds(result: Plan, current: Mapping[str, Any], incoming: ChannelOrder, total: int) -> None:
    refunded = int(current["refunded"])
    if incoming.refunded > refunded and current["payment"] != Payment.UNPAID:
        amount = min(incoming.refunded, total)
        if amount <= refunded:
            return
        result.changes.update(
            refunded=amount,
            payment=(Payment.REFUNDED if amount >= total else Payment.PARTIALLY_REFUNDED).value,
        )
        kind = incoming.case_kind if incoming.case_kind in ("refund", "return") else "refund"
        result.case = CaseDraft(kind, "accepted", amount - refunded)
        result.what.append("refunded")

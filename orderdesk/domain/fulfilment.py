"""Fulfilment actions: confirm, cancel, label printed, ship (tracking), deliver.

Each takes a unit of work and an order reference, checks its rules, changes the order, moves
stock and writes one journal entry; the caller commits. A refusal raises
:class:`~orderdesk.domain.errors.Refused` naming the order and the rule, before anything changes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from orderdesk.domain import groups, row_rules, shipping
from orderdesk.domain.errors import Conflict, Refused
from orderdesk.domain.holds import check_not_held
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Payment, Payout, Stage
from orderdesk.domain.tracking import check_tracking

ADDRESS_FIELDS = {
    "ship_name": "name",
    "ship_line1": "address line 1",
    "ship_city": "city",
    "ship_postal_code": "postal code",
    "ship_country": "country",
}


def load(uow: UnitOfWork, ref: str | int, expected_version: int | None = None) -> Order:
    """The order, refusing when another desk changed it since the caller read it."""
    order = uow.order(ref)
    if expected_version is not None and order.version != expected_version:
        raise Conflict(f"order {order.ref} was changed by another desk")
    return order


def refuse(order: Order, why: str | None) -> None:
    """Refuse, naming the order, when a rule of :mod:`~orderdesk.domain.row_rules` says no."""
    if why is not None:
        raise Refused(f"order {order.ref}: {why}")


def units_by_sku(order: Order) -> dict[str, int]:
    units: dict[str, int] = defaultdict(int)
    for line in order.lines:
        if line.sku:
            units[line.sku] += line.quantity
    return dict(units)


def take_stock(uow: UnitOfWork, order: Order, change: Change, *, why: str) -> None:
    """Deduct the order's tracked SKUs, or refuse listing every SKU that is short."""
    short = []
    moves = []
    for sku, units in units_by_sku(order).items():
        product = uow.product(sku)
        if product is None:
            continue
        if product.on_hand < units:
            short.append(f"{sku} needs {units}, {product.on_hand} on hand")
        moves.append((product, units))
    if short:
        raise Refused(f"order {order.ref}: {why}: not enough stock ({'; '.join(short)})")
    for product, units in moves:
        product.on_hand -= units
        change.move_stock(product.sku, -units)
    change.set(stock_taken=True)


def return_stock(uow: UnitOfWork, order: Order, change: Change) -> None:
    """Put back on the shelf what the order took (its journal says what: a SKU tracked only
    after the order was confirmed was never taken, so it does not come back)."""
    taken = uow.stock_taken(order.id or 0)
    for sku, units in units_by_sku(order).items():
        product = uow.product(sku)
        back = min(units, taken.get(sku, 0))
        if product is not None and back > 0:
            product.on_hand += back
            change.move_stock(sku, back)
    change.set(stock_taken=False)


def record(
    uow: UnitOfWork, change: Change, action: str, message: str, *, undoable: bool = True
) -> Outcome:
    entry = change.entry(action, uow.actor, uow.now(), message, undoable=undoable)
    uow.add(entry)
    uow.flush()
    order_id = change.order.id if change.order is not None else None
    return Outcome(
        action, order_id or 0, message, change.case.id if change.case else None, entry.id
    )


def confirm(uow: UnitOfWork, ref: str | int, *, expected_version: int | None = None) -> Outcome:
    order = load(uow, ref, expected_version)
    refuse(order, row_rules.confirm(order.stage, order.payment))
    check_not_held(order, uow.now(), "confirm it")
    change = Change(order)
    take_stock(uow, order, change, why="cannot confirm")
    change.set(stage=Stage.CONFIRMED.value, confirmed_at=uow.now())
    return record(uow, change, "confirm", f"Order {order.ref} confirmed")


def cancel(
    uow: UnitOfWork, ref: str | int, reason: str, *, expected_version: int | None = None
) -> Outcome:
    order = load(uow, ref, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(f"order {order.ref}: give a reason to cancel")
    refuse(order, row_rules.cancel(order.stage, order.payment))
    change = Change(order)
    cancel_into(uow, order, change, reason)
    return record(uow, change, "cancel", f"Order {order.ref} cancelled: {reason}")


def cancel_into(
    uow: UnitOfWork, order: Order, change: Change, reason: str, *, refund: bool = True
) -> None:
    """The effects of a cancel: stock back if taken, a paid order refunded in full (unless
    ``refund`` is false: a channel that cancelled an order it has not refunded yet)."""
    if order.stock_taken:
        return_stock(uow, order, change)
    if refund and order.payment in row_rules.REFUNDED_ON_CANCEL:
        change.set(refunded=order.total, payment=Payment.REFUNDED.value)
    change.set(stage=Stage.CANCELLED.value, cancelled_at=uow.now(), cancel_reason=reason)


def address_problems(order: Order) -> list[str]:
    return [label for name, label in ADDRESS_FIELDS.items() if not getattr(order, name).strip()]


def check_label(order: Order, now: datetime) -> None:
    """Refuse when a label cannot be printed for the order (stage, hold or address)."""
    refuse(order, row_rules.label(order.stage, order.payment))
    check_not_held(order, now, "print its label")
    missing = address_problems(order)
    if missing:
        raise Refused(
            f"order {order.ref}: ship-to address incomplete (missing {', '.join(missing)})"
        )


def label_printed(
    uow: UnitOfWork, ref: str | int, *, document: str = "", expected_version: int | None = None
) -> Outcome:
    """Record a printed label: confirmed → ready to ship; a reprint keeps the stage."""
    order = load(uow, ref, expected_version)
    check_label(order, uow.now())
    change = Change(order)
    where = f" ({document})" if document else ""
    if order.stage == Stage.CONFIRMED:
        change.set(stage=Stage.READY_TO_SHIP.value, label_printed_at=uow.now())
        return record(uow, change, "label", f"Label printed for order {order.ref}{where}")
    return record(
        uow,
        change,
        "label_reprint",
        f"Label reprinted for order {order.ref}{where}",
        undoable=False,
    )


def ship(
    uow: UnitOfWork,
    ref: str | int,
    carrier: str,
    number: str,
    url: str | None = None,
    *,
    lines: list[str] | None = None,
    expected_version: int | None = None,
) -> Outcome:
    """Add tracking: a shipment of ``lines`` (``SKU:QTY``; none: all that is left to ship).
    When nothing is left to ship the order goes in transit; in transit: correct the tracking
    of its last shipment. An order merged with others (domain/merging.py) leaves with them:
    the same tracking is recorded on each, one entry per order, undone together."""
    order = load(uow, ref, expected_version)
    group = groups.members(uow, order)
    if len(group) == 1:
        return _ship_one(uow, order, carrier, number, url, lines, [])
    others = [member.id or 0 for member in group if member.id != order.id]
    if lines:
        listed = ", ".join(f"#{i}" for i in others)
        raise Refused(
            f"order {order.ref}: merged with {listed} into one shipment: --lines cannot "
            f"split it (undo the merge to ship part of it)"
        )
    ids = [member.id or 0 for member in group]
    outcomes = [_ship_one(uow, member, carrier, number, url, None, ids) for member in group]
    return groups.tied(
        uow,
        outcomes,
        order.id,
        lambda mine, listed: f"{mine.message}; the same tracking on merged order {listed}",
    )


def _ship_one(
    uow: UnitOfWork,
    order: Order,
    carrier: str,
    number: str,
    url: str | None,
    lines: list[str] | None,
    group: list[int],
) -> Outcome:
    refuse(order, row_rules.tracking(order.stage, order.payment))
    try:
        tracking = check_tracking(carrier, number, url)
    except Refused as refusal:
        raise Refused(f"order {order.ref}: {refusal.message}") from None
    change = Change(order)
    if order.stage == Stage.IN_TRANSIT:
        if lines:
            raise Refused(f"order {order.ref}: every line is already shipped")
        change.set(
            carrier=tracking.carrier, tracking_number=tracking.number, tracking_url=tracking.url
        )
        if not change.after["order"]:
            raise Refused(f"order {order.ref}: already has tracking {tracking.number}")
        if order.shipments:
            last = order.shipments[-1]
            change.touch_shipment(last)
            last.carrier, last.tracking_number = tracking.carrier, tracking.number
            last.tracking_url = tracking.url
        return record(
            uow,
            change,
            "tracking_corrected",
            f"Tracking of order {order.ref} corrected to {tracking.number}"
            f"{_shared_tracking(uow, order, tracking.number, group)}",
        )
    wanted = shipping.parse_lines(order, lines) if lines else shipping.left_to_ship(order)
    if not wanted and order.lines:
        raise Refused(f"order {order.ref}: --lines: nothing to ship")
    shipment = shipping.add_shipment(
        uow, order, change, wanted, tracking, merge_group=order.merge_group if group else None
    )
    change.set(carrier=tracking.carrier, tracking_number=tracking.number, tracking_url=tracking.url)
    carried = ", ".join(f"{key}×{units}" for key, units in wanted.items())
    if shipping.left_to_ship(order):
        left = sum(shipping.left_to_ship(order).values())
        return record(
            uow,
            change,
            "shipped_part",
            f"Order {order.ref} partly shipped with {tracking.carrier} {tracking.number} "
            f"(shipment {shipment.id}: {carried}; {left} unit{'s' if left != 1 else ''} "
            f"left to ship){_shared_tracking(uow, order, tracking.number, group)}",
        )
    change.set(stage=Stage.IN_TRANSIT.value, shipped_at=uow.now())
    several = f" (shipment {shipment.id}: {carried})" if len(order.shipments) > 1 else ""
    return record(
        uow,
        change,
        "ship",
        f"Order {order.ref} shipped with {tracking.carrier} {tracking.number}{several}"
        f"{_shared_tracking(uow, order, tracking.number, group)}",
    )


def parcels(
    uow: UnitOfWork,
    ref: str | int,
    count: int,
    weights: list[int] | None = None,
    *,
    expected_version: int | None = None,
) -> Outcome:
    """Split the order's last shipment into ``count`` boxes (weights in grams: one for each,
    or one for all; none: the shipment's weight shared out)."""
    order = load(uow, ref, expected_version)
    if not order.shipments:
        raise Refused(f"order {order.ref}: not shipped yet — add its tracking first (ship)")
    shipment = order.shipments[-1]
    change = Change(order)
    shipping.set_parcels(order, shipment, change, count, list(weights or []))
    uow.flush()
    grams = sum(p.weight_g for p in shipment.parcels)
    return record(
        uow,
        change,
        "parcels",
        f"Order {order.ref}: shipment {shipment.id} ({shipment.tracking_number}) in "
        f"{count} parcel{'s' if count != 1 else ''}, {grams} g",
    )


def _shared_tracking(uow: UnitOfWork, order: Order, number: str, group: list[int]) -> str:
    """A warning when another order already carries the number (a typo, or one parcel for
    two orders not merged): accepted, but said. The orders merged with it share it by rule."""
    others = [o for o in uow.orders_with_tracking(number, order.id) if o not in group]
    if not others:
        return ""
    listed = ", ".join(f"#{other}" for other in others)
    return f" — warning: the same tracking number is on order {listed}"


def deliver(uow: UnitOfWork, ref: str | int, *, expected_version: int | None = None) -> Outcome:
    order = load(uow, ref, expected_version)
    refuse(order, row_rules.deliver(order.stage, order.payment))
    change = Change(order)
    change.set(stage=Stage.DELIVERED.value, delivered_at=uow.now(), payout=Payout.PENDING.value)
    return record(uow, change, "deliver", f"Order {order.ref} delivered; payout pending")

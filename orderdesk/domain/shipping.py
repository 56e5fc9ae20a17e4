"""Shipments and parcels: an order leaves in one or more shipments, each in one or more boxes.

"Partly shipped" is not a stage of its own: an order some of whose lines have left stays
confirmed or ready to ship (it is still on the Ready to ship tab, since something is still to
be sent) and carries shipments; :func:`partly_shipped` says so. When the last line leaves the
order moves to in transit as a single tracking always did, with the last shipment's carrier
and tracking on the order. A line is named by its SKU, or ``#N`` (its place) when it has none.
"""

from __future__ import annotations

from collections import defaultdict

from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order, Parcel, Shipment
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import UNSHIPPED, Stage
from orderdesk.domain.tracking import Tracking
from orderdesk.domain.units import whole


def line_key(order: Order, position: int) -> str:
    line = order.lines[position]
    return line.sku or f"#{position + 1}"


def ordered(order: Order) -> dict[str, int]:
    """Units per line key the order holds."""
    units: dict[str, int] = defaultdict(int)
    for position, line in enumerate(order.lines):
        units[line_key(order, position)] += line.quantity
    return dict(units)


def shipped(order: Order) -> dict[str, int]:
    units: dict[str, int] = defaultdict(int)
    for shipment in order.shipments:
        for key, quantity in shipment.lines.items():
            units[key] += quantity
    return dict(units)


def left_to_ship(order: Order) -> dict[str, int]:
    done = shipped(order)
    left = {key: units - done.get(key, 0) for key, units in ordered(order).items()}
    return {key: units for key, units in left.items() if units > 0}


def partly_shipped(order: Order) -> bool:
    return Stage(order.stage) in UNSHIPPED and bool(order.shipments)


def parse_lines(order: Order, texts: list[str]) -> dict[str, int]:
    """``SKU:QTY`` (or ``SKU`` for all of it) → units per line key; bad input names the item."""
    left = left_to_ship(order)
    wanted: dict[str, int] = defaultdict(int)
    for text in texts:
        key, sep, qty = text.strip().rpartition(":")
        if not sep:
            key, qty = text.strip(), ""
        if key not in ordered(order):
            raise BadInput(f"order {order.ref}: --lines {text}: no line {key!r} on the order")
        units = whole(qty, f"order {order.ref}: --lines {text}: quantity") if qty else None
        if units == 0:
            raise BadInput(f"order {order.ref}: --lines {text}: quantity must be at least 1")
        wanted[key] += left.get(key, 0) if units is None else units
    for key, units in wanted.items():
        if units > left.get(key, 0):
            raise Refused(
                f"order {order.ref}: {key}: {units} to ship, {left.get(key, 0)} left to ship"
            )
    return {key: units for key, units in wanted.items() if units > 0}


def default_weight(uow: UnitOfWork, order: Order, lines: dict[str, int]) -> int:
    """The catalogue's weight of what a shipment carries, in grams (0 for unknown SKUs)."""
    grams = 0
    for key, units in lines.items():
        product = uow.product(key) if not key.startswith("#") else None
        if product is not None:
            grams += product.weight_g * units
    return grams


def add_shipment(
    uow: UnitOfWork,
    order: Order,
    change: Change,
    lines: dict[str, int],
    tracking: Tracking,
    *,
    merge_group: int | None = None,
) -> Shipment:
    """A new shipment of ``lines`` in one parcel of the catalogue's weight, journaled."""
    shipment = Shipment(
        order_id=order.id or 0,
        channel=order.channel,
        at=uow.now(),
        carrier=tracking.carrier,
        tracking_number=tracking.number,
        tracking_url=tracking.url,
        lines=dict(lines),
        merge_group=merge_group,
    )
    shipment.parcels = [
        Parcel(number=1, weight_g=default_weight(uow, order, lines))  # type: ignore[call-arg]
    ]
    order.shipments.append(shipment)
    uow.flush()
    change.touch_shipment(shipment, new=True)
    return shipment


def split_weight(total: int, count: int) -> list[int]:
    """A total weight shared between ``count`` boxes, the grams left over in the first."""
    share, rest = divmod(total, count)
    return [share + (rest if i == 0 else 0) for i in range(count)]


def set_parcels(
    order: Order, shipment: Shipment, change: Change, count: int, weights: list[int]
) -> None:
    if count < 1 or count > 99:
        raise BadInput(f"order {order.ref}: --count {count}: between 1 and 99 parcels")
    if weights and len(weights) not in (1, count):
        raise BadInput(
            f"order {order.ref}: --weight-g: give one weight, or one per parcel ({count})"
        )
    if any(w < 0 or w > 1_000_000 for w in weights):
        raise BadInput(f"order {order.ref}: --weight-g: grams between 0 and 1000000")
    if any(p.handed_over_at is not None for p in shipment.parcels):
        raise Refused(f"order {order.ref}: its parcels were handed over to the carrier")
    if len(weights) == count:
        grams = weights
    else:
        total = weights[0] * count if weights else sum(p.weight_g for p in shipment.parcels)
        grams = split_weight(total, count) if not weights else [weights[0]] * count
    change.touch_shipment(shipment)
    shipment.parcels = [
        Parcel(number=i, weight_g=w)  # type: ignore[call-arg]
        for i, w in enumerate(grams, start=1)
    ]

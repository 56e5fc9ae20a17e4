"""Shipment confirmations back to a marketplace: which shipments it has not been told of, and
marking them told once the upload file is written.

The file itself is written by :mod:`orderdesk.exchange.confirmations`, handed to
:func:`confirm_shipments` as ``write``; the shipments are marked confirmed only after it
returned, in the same unit of work, as one journaled (undoable) action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order, Shipment
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.upload_channels import COPY_THEM, NO_UPLOAD, UPLOADS


@dataclass(frozen=True)
class ConfirmedItem:
    """One shipped item of one shipment, as an upload row needs it."""

    order_external_id: str
    item_id: str
    sku: str
    title: str
    quantity: int
    ship_date: datetime
    carrier: str
    tracking_number: str
    service: str


def items_of(order: Order, shipment: Shipment) -> list[ConfirmedItem]:
    """A row per order line the shipment carries (a SKU on two lines shares out its units)."""
    rows = []
    left = dict(shipment.lines)
    for position, line in enumerate(order.lines):
        key = line.sku or f"#{position + 1}"
        units = min(line.quantity, left.get(key, 0))
        if units <= 0:
            continue
        left[key] -= units
        rows.append(
            ConfirmedItem(
                order.external_id,
                line.item_id,
                line.sku,
                line.title,
                units,
                shipment.at,
                shipment.carrier,
                shipment.tracking_number,
                order.service,
            )
        )
    return rows


def check_channel(channel: str) -> str:
    name = channel.strip().lower()
    if name in NO_UPLOAD:
        raise BadInput(f"--channel {channel}: {NO_UPLOAD[name]}; {COPY_THEM}")
    if name not in UPLOADS:
        raise BadInput(
            f"--channel {channel}: no confirmation file for it (one of: {', '.join(UPLOADS)})"
        )
    return name


def confirm_shipments(
    uow: UnitOfWork,
    channel: str,
    since: datetime | None,
    write: Callable[[list[ConfirmedItem]], None],
) -> Outcome | None:
    """Write (through ``write``) every shipment of ``channel`` not yet confirmed, shipped since
    ``since``, and mark them confirmed; ``None`` when there is none (nothing written)."""
    name = check_channel(channel)
    shipments = uow.unconfirmed_shipments(name, since)
    if not shipments:
        return None
    items: list[ConfirmedItem] = []
    for shipment in shipments:
        assert shipment.order is not None
        items.extend(items_of(shipment.order, shipment))
    write(items)
    change = Change()
    now = uow.now()
    for shipment in shipments:
        change.touch_shipment(shipment)
        shipment.confirmed_at = now
    orders = len({s.order_id for s in shipments})
    message = (
        f"{len(shipments)} shipment{'s' if len(shipments) != 1 else ''} of {orders} "
        f"{name} order{'s' if orders != 1 else ''} confirmed ({len(items)} "
        f"item{'s' if len(items) != 1 else ''})"
    )
    entry = change.entry("confirmations", uow.actor, now, message, undoable=True)
    uow.add(entry)
    uow.flush()
    return Outcome("confirmations", 0, message, None, entry.id)

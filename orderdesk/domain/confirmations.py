"""Shipment confirmations back to a marketplace: which shipments it has not been told of, and
marking them told once the upload file is written.

The file itself is written by :mod:`orderdesk.exchange.confirmations`, handed to
:func:`confirm_shipments` as ``write``; the shipments are marked confirmed only after it
returned, in the same unit of work, as one journaled (undoable) action.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order, Shipment
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

#: Channels whose seller centre takes a shipment-confirmation upload the desk writes.
UPLOADS = ("amazon", "ebay")
#: Where the desk shows a shipment's carrier and tracking number ready to copy, for the
#: channels it writes no upload for.
COPY_THEM = (
    "the desk shows each order's carrier and tracking number to copy (y on its row in Ready "
    "to ship or In transit, and the Tracking line of its detail)"
)
#: The channels the desk writes no upload for, and why (see
#: docs/research/shipping-uploads-customs-manifests.md §3 and tests/fixtures/confirmations).
NO_UPLOAD = {
    "mercadolibre": "Mercado Libre takes no upload file",
    "shopify": "Shopify's admin takes no tracking upload file (only per order, or an app)",
    "etsy": "Etsy takes no tracking upload file (only per order in Shop Manager)",
    "wish": "the columns of Wish's bulk-fulfil CSV are not published; the desk writes none",
    "aliexpress": (
        "the columns of AliExpress's batch-shipping sheet are not published; the desk writes none"
    ),
}


def unconfirmed_line(counts: dict[str, int]) -> str:
    """The desk's line of shipments still to tell each marketplace that takes an upload
    (empty when none): ``amazon 3 · ebay 1``."""
    return " · ".join(f"{name} {counts[name]:,}" for name in UPLOADS if counts.get(name))


def tracking_to_copy(carrier: str, tracking_number: str) -> str:
    """What the seller pastes into a marketplace that takes no upload: ``carrier tracking``."""
    return " ".join(part for part in (carrier.strip(), tracking_number.strip()) if part)


def shipments_to_copy(detail: Mapping[str, object]) -> list[str]:
    """``carrier tracking`` of each of an order's shipments (an order shipped before shipments
    were kept: its own carrier and tracking), as the detail and the copy key show them."""
    shipments = detail.get("shipments") or []
    assert isinstance(shipments, list)
    texts = [
        tracking_to_copy(str(s.get("carrier") or ""), str(s.get("tracking_number") or ""))
        for s in shipments
        if s.get("tracking_number")
    ]
    if not texts and detail.get("tracking_number"):
        texts = [tracking_to_copy(str(detail.get("carrier") or ""), str(detail["tracking_number"]))]
    return texts


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

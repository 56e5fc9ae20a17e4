"""What a shipping label shows, as plain values taken from an order and the seller settings.

The barcode encodes the tracking number once the order has one; before that it encodes the
desk reference (``#123``), which ``orderdesk show``, ``orderdesk label`` and the desk's search
all accept, so scanning a parcel finds its order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from orderdesk.config import Seller
from orderdesk.documents.addresses import Address, address_lines
from orderdesk.domain.models import Order

CHANNEL_NAMES = {
    "mercadolibre": "Mercado Libre",
    "aliexpress": "AliExpress",
    "shopify": "Shopify",
    "amazon": "Amazon",
    "wish": "Wish",
    "manual": "Direct sale",
}


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel.replace("_", " ").title())


@dataclass(frozen=True)
class LabelData:
    order_id: int
    channel: str
    external_id: str
    ship_to: tuple[str, ...]  # name first, country last
    ship_from: tuple[str, ...]  # seller name first
    carrier: str
    service: str
    tracking_number: str
    tracking_url: str
    items: tuple[tuple[str, int], ...]  # (SKU or title, quantity)
    parcel: int = 0  # this box's number in its shipment (0: the order has no parcels yet)
    parcels: int = 0  # how many boxes the shipment has
    weight_g: int = 0  # this box's weight
    merged: tuple[int, ...] = ()  # the other orders of a merged shipment (their desk ids)

    @property
    def order_line(self) -> str:
        """The channel's order number, and the orders merged into this parcel."""
        if not self.merged:
            return self.external_id
        return f"{self.external_id} + " + " ".join(f"#{i}" for i in self.merged)

    return_number: str = ""  # a return label's RMA (then the buyer sends it to the seller)

    @property
    def parcel_mark(self) -> str:
        """``2/3`` on the second of three boxes; empty for a lone box."""
        return f"{self.parcel}/{self.parcels}" if self.parcels > 1 else ""

    @property
    def weight_line(self) -> str:
        return f"{self.weight_g / 1000:.3f} kg" if self.weight_g > 0 else ""

    @property
    def ref(self) -> str:
        return f"#{self.order_id}"

    @property
    def barcode_value(self) -> str:
        return self.return_number or self.tracking_number or self.ref

    @property
    def barcode_caption(self) -> str:
        if self.return_number:
            return f"Return authorisation {self.return_number}"
        return ("Tracking " if self.tracking_number else "Order ") + self.barcode_value

    @property
    def from_heading(self) -> str:
        return "RETURN FROM" if self.return_number else "FROM"

    @property
    def to_heading(self) -> str:
        return "RETURN TO" if self.return_number else "SHIP TO"

    @property
    def channel_label(self) -> str:
        return channel_name(self.channel)

    @property
    def carrier_line(self) -> str:
        if self.return_number:
            return f"RETURN {self.return_number} · order {self.ref}"
        parts = [part for part in (self.carrier, self.service) if part]
        return " · ".join(parts) if parts else "Carrier not chosen yet"

    @property
    def units(self) -> int:
        return sum(quantity for _, quantity in self.items)


def seller_lines(seller: Seller) -> tuple[str, ...]:
    return address_lines(
        Address(
            seller.name or "Seller",
            seller.line1,
            seller.line2,
            seller.city,
            seller.region,
            seller.postal_code,
            seller.country,
        )
    )


def ship_to_lines(order: Order) -> tuple[str, ...]:
    return address_lines(
        Address(
            order.ship_name,
            order.ship_line1,
            order.ship_line2,
            order.ship_city,
            order.ship_region,
            order.ship_postal_code,
            order.ship_country,
        )
    )


def parcel_labels(order: Order, seller: Seller) -> list[LabelData]:
    """One label per parcel of the order's last shipment (its tracking, its lines), marked
    ``1/3``…; an order not shipped yet has the one label of :func:`label_data`."""
    whole = label_data(order, seller)
    if not order.shipments:
        return [whole]
    shipment = order.shipments[-1]
    boxes = shipment.parcels or []
    items = tuple(shipment.lines.items())
    shipped = replace(
        whole,
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number.strip(),
        tracking_url=shipment.tracking_url.strip(),
        items=items or whole.items,
    )
    if not boxes:
        return [shipped]
    return [
        replace(shipped, parcel=box.number, parcels=len(boxes), weight_g=box.weight_g)
        for box in boxes
    ]


def group_labels(orders: list[Order], seller: Seller) -> list[LabelData]:
    """The labels of a merged shipment: the first order's (its recipient, its parcels) with
    the items of every order merged into it; one order alone: :func:`parcel_labels`."""
    first = parcel_labels(orders[0], seller)
    if len(orders) == 1:
        return first
    units: dict[str, int] = {}
    for order in orders:
        carried = order.shipments[-1].lines.items() if order.shipments else None
        lines = carried or ((ln.sku or ln.title or "item", ln.quantity) for ln in order.lines)
        for key, quantity in lines:
            units[key] = units.get(key, 0) + quantity
    others = tuple(order.id or 0 for order in orders[1:])
    return [replace(one, items=tuple(units.items()), merged=others) for one in first]


def label_data(order: Order, seller: Seller) -> LabelData:
    """The label's content for ``order`` (read inside the unit of work that loaded it)."""
    items = tuple((line.sku or line.title or "item", line.quantity) for line in order.lines)
    return LabelData(
        order_id=order.id or 0,
        channel=order.channel,
        external_id=order.external_id,
        ship_to=ship_to_lines(order),
        ship_from=seller_lines(seller),
        carrier=order.carrier,
        service=order.service,
        tracking_number=order.tracking_number.strip(),
        tracking_url=order.tracking_url.strip(),
        items=items,
    )


def return_label_data(order: Order, rma: str, seller: Seller) -> LabelData:
    """A return label: the buyer (the order's ship-to) sends the order's items back to the
    seller, the barcode carrying the return authorisation number."""
    return replace(
        label_data(order, seller),
        ship_to=seller_lines(seller),
        ship_from=ship_to_lines(order),
        carrier="",
        service="",
        tracking_number="",
        tracking_url="",
        return_number=rma,
    )

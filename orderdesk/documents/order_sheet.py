"""Orders as plain values for invoices and packing slips, read through the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from orderdesk.documents.label_data import channel_name, ship_to_lines
from orderdesk.domain.errors import BadInput
from orderdesk.domain.groups import members
from orderdesk.domain.models import Order

if TYPE_CHECKING:
    from orderdesk.store.database import Database


@dataclass(frozen=True)
class SheetLine:
    sku: str
    title: str
    variant: str
    quantity: int
    unit_price: int  # minor units of the order's currency

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price

    @property
    def description(self) -> str:
        return f"{self.title} ({self.variant})" if self.variant else self.title


@dataclass(frozen=True)
class OrderSheet:
    order_id: int
    channel: str
    external_id: str
    created_at: datetime
    paid_at: datetime | None
    currency: str
    payment: str
    buyer: tuple[str, ...]  # name, email, phone (the ones given)
    ship_to: tuple[str, ...]
    lines: tuple[SheetLine, ...]
    subtotal: int
    shipping: int
    tax: int
    discount: int
    total: int
    refunded: int
    carrier: str
    service: str
    tracking_number: str

    @property
    def ref(self) -> str:
        return f"#{self.order_id}"

    @property
    def channel_label(self) -> str:
        return channel_name(self.channel)

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


def order_sheet(order: Order) -> OrderSheet:
    buyer = tuple(
        part for part in (order.buyer_name, order.buyer_email, order.buyer_phone) if part.strip()
    )
    return OrderSheet(
        order_id=order.id or 0,
        channel=order.channel,
        external_id=order.external_id,
        created_at=order.created_at,
        paid_at=order.paid_at,
        currency=order.currency,
        payment=order.payment,
        buyer=buyer,
        ship_to=ship_to_lines(order),
        lines=tuple(
            SheetLine(line.sku, line.title, line.variant, line.quantity, line.unit_price)
            for line in order.lines
        ),
        subtotal=order.subtotal,
        shipping=order.shipping,
        tax=order.tax,
        discount=order.discount,
        total=order.total,
        refunded=order.refunded,
        carrier=order.carrier,
        service=order.service,
        tracking_number=order.tracking_number,
    )


def merged_sheet(orders: list[Order]) -> OrderSheet:
    """One packing sheet for a merged shipment: the first order's, with the lines of every
    order merged into it (each marked with its order) and their numbers."""
    first = order_sheet(orders[0])
    if len(orders) == 1:
        return first
    lines = tuple(
        replace(line, title=f"{line.title} · {sheet.ref}")
        for sheet in (order_sheet(order) for order in orders)
        for line in sheet.lines
    )
    others = " ".join(f"#{order.id}" for order in orders[1:])
    return replace(first, lines=lines, external_id=f"{first.external_id} + {others}")


def read_orders(
    database: Database, refs: Sequence[str | int], *, merged: bool = False
) -> tuple[list[OrderSheet], list[tuple[str, str]]]:
    """The named orders (each once, in the order given) and the refs that name no order.
    ``merged``: the orders of a merged shipment are one sheet (packing slips)."""
    sheets: list[OrderSheet] = []
    unknown: list[tuple[str, str]] = []
    seen: set[int] = set()
    with database.uow() as uow:  # read only: rolled back on exit
        for ref in refs:
            try:
                order = uow.order(ref)
            except BadInput as error:
                unknown.append((str(ref), error.message))
                continue
            if order.id in seen:
                continue
            group = members(uow, order) if merged else [order]
            seen.update(member.id or 0 for member in group)
            sheets.append(merged_sheet(group))
    return sheets, unknown

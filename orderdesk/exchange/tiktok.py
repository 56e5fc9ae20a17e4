"""TikTok Shop's order export (Seller Center → Orders → Export): CSV, UTF-8 with BOM, a row
per SKU with the order's own columns repeated on each.

Ids and times carry a trailing tab (``583870900000000001\\t``) so spreadsheets keep them as
text; they are trimmed. The file names no currency: it is the ship-to country's. Times are
day first (``25/06/2026 13:03:57``) except in the US export, whose times carry AM/PM and are
month first (``05/02/2026 2:49:19 PM``). ``Order Status`` is written in the seller's language
(``To ship``, ``จัดส่งแล้ว``, ``Dikirim``), so the stage is read from the times the file gives
(paid, shipped, delivered, cancelled) and the English status words only fill in. Orders
TikTok Shop fulfils itself are left out with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.countries import currency_of
from orderdesk.exchange.reading import Problems, Table
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "tiktok"
LABEL = "TikTok Shop orders export"
HEADERS = {"refunded": "Order Refund Amount", "total": "Order Amount"}
REQUIRED = ("Order ID", "Product Name", "Quantity", "Order Amount", "Created Time")
#: English status words → stage, when no time says more.
STATUS = {
    "unpaid": "pending",
    "on hold": "pending",
    "awaiting shipment": "pending",
    "to ship": "pending",
    "awaiting collection": "pending",
    "shipped": "in_transit",
    "in transit": "in_transit",
    "delivered": "delivered",
    "completed": "delivered",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}


def is_tiktok(header: set[str]) -> bool:
    return {"order id", "order status", "created time"} <= header and (
        "order substatus" in header or "sku id" in header
    )


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, format_name=LABEL)
    orders: dict[str, ImportedOrder] = {}
    left_out = 0
    order_of: dict[str, str] = {}  # the date order, from the first time seen
    for number, record in table.rows:
        tick(number)

        def get(name: str, record: list[Any] = record) -> Any:
            return cell(record, cols.index(name))

        order_id = text(get("Order ID"))
        if not order_id:
            if any(text(v) for v in record):
                problems.add(number, cols.label("Order ID"), "the order id is required")
            continue
        if "tiktok" in text(get("Fulfillment Type")).casefold():
            left_out += 1
            continue
        if "dates" not in order_of:
            created_raw = text(get("Created Time")).upper()
            order_of["dates"] = "mdy" if created_raw.endswith(("AM", "PM")) else "dmy"
        dates = order_of["dates"]
        order = orders.get(order_id)
        if order is None:
            order = _order(cols, get, problems, number, order_id, dates)
            orders[order_id] = order
        else:
            order.rows.append(number)
        code = order.currency
        units = quantity(problems, number, cols.label("Quantity"), get("Quantity"))
        unit = money(
            problems,
            number,
            cols.label("SKU Unit Original Price"),
            text(get("SKU Unit Original Price")).replace(",", ""),
            code,
            mark=".",
        )
        if not unit:
            after = money(
                problems,
                number,
                cols.label("SKU Subtotal After Discount"),
                text(get("SKU Subtotal After Discount")).replace(",", ""),
                code,
                mark=".",
            )
            unit = after // units if units else 0
        order.lines.append(
            ImportedLine(
                text(get("Seller SKU")) or text(get("SKU ID")),
                text(get("Product Name")),
                units,
                unit,
                text(get("Variation")),
            )
        )
        order.subtotal += units * unit
    for order in orders.values():
        residual = order.subtotal + order.shipping + order.tax - order.total
        if residual >= 0:
            order.discount = residual  # platform and seller discounts
        else:
            order.shipping -= residual  # a small-order fee the buyer paid
    if left_out:
        problems.warn(
            table.header_row + 1,
            cols.label("Fulfillment Type"),
            f"{left_out} row(s) of orders TikTok Shop fulfils left out: they are not yours to ship",
        )
    return list(orders.values())


def _order(
    cols: Columns,
    get: Callable[[str], Any],
    problems: Problems,
    number: int,
    order_id: str,
    dates: str,
) -> ImportedOrder:
    label = cols.label
    ship_country = country(problems, number, label("Country"), get("Country"))
    code = currency_of(ship_country) if ship_country else ""
    if not code:
        problems.add(
            number,
            label("Country"),
            "the export names no currency; it is the ship-to country's, and this row has none",
        )

    def amount(name: str) -> int:
        return money(
            problems, number, label(name), text(get(name)).replace(",", ""), code, mark="."
        )

    def moment(name: str, required: bool = False) -> Any:
        return when(problems, number, label(name), get(name), required=required, order=dates)

    created = moment("Created Time", True)
    order = ImportedOrder(
        channel=CHANNEL,
        external_id=order_id,
        row=number,
        currency=code,
        created_at=created or EPOCH,
        paid_at=moment("Paid Time"),
        shipped_at=moment("Shipped Time"),
        delivered_at=moment("Delivered Time"),
        cancelled_at=moment("Cancelled Time"),
        buyer_name=text(get("Recipient")) or text(get("Buyer Username")),
        buyer_phone=text(get("Phone #")),
        ship_name=text(get("Recipient")),
        ship_line1=text(get("Detail Address")),
        ship_line2=text(get("Additional address information")),
        ship_city=text(get("City")) or text(get("Post Town")) or text(get("Districts")),
        ship_region=text(get("State")),
        ship_postal_code=text(get("Zipcode")),
        ship_country=ship_country,
        shipping=amount("Shipping Fee After Discount"),
        tax=amount("Taxes"),
        total=amount("Order Amount"),
        refunded=amount("Order Refund Amount"),
        carrier=text(get("Shipping Provider Name")),
        tracking_number=text(get("Tracking ID")),
        service=text(get("Delivery Option")),
        note=text(get("Buyer Message")),
        rows=[number],
    )
    stage = STATUS.get(" ".join(text(get("Order Status")).split()).casefold(), "pending")
    if order.cancelled_at is not None:
        stage = "cancelled"
    elif order.delivered_at is not None:
        stage = "delivered"
    elif order.shipped_at is not None and stage != "delivered":
        stage = "in_transit"
    order.stage = stage
    if order.paid_at is not None or stage in ("in_transit", "delivered"):
        order.payment = "paid"
        order.paid_at = order.paid_at or order.created_at
    if stage == "cancelled":
        order.cancel_reason = text(get("Cancel Reason")) or "cancelled on TikTok Shop"
    return order

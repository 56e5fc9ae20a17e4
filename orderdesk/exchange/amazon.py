"""Amazon order report: tab-separated, one row per order item.

``item-price`` is the price of the row's whole quantity (as Amazon reports it), so the unit
price is ``item-price / quantity-purchased``. An item listed twice with the same values is a
repeat and skipped; with different values it is a conflict. Amounts use a decimal point.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.domain.stages import Payment
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, Table
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    currency_code,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "amazon"
LABEL = "Amazon order report"  # how messages and reports name the format
REQUIRED = ("order-id", "order-item-id", "purchase-date", "sku", "product-name",
            "quantity-purchased", "currency", "item-price")
OPTIONAL = ("payments-date", "buyer-email", "buyer-name", "buyer-phone-number", "item-tax",
            "shipping-price", "shipping-tax", "item-promotion-discount",
            "ship-promotion-discount", "ship-service-level", "recipient-name", "ship-address-1",
            "ship-address-2", "ship-address-3", "ship-city", "ship-state", "ship-postal-code",
            "ship-country", "ship-phone-number", "order-status", "latest-ship-date",
            "promise-date", "carrier", "tracking-number")
ORDER_LEVEL = ("purchase-date", "currency", "buyer-email", "order-status")


def is_amazon(header: set[str]) -> bool:
    return {"order-id", "order-item-id", "purchase-date"} <= header


def parse(table: Table, problems: Problems,
          tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, format_name=LABEL)
    i = {name: cols.index(name) for name in REQUIRED + OPTIONAL}
    orders: dict[str, ImportedOrder] = {}
    heads: dict[str, tuple[int, list[Any]]] = {}
    items: dict[tuple[str, str], tuple[int, list[Any]]] = {}
    for number, record in table.rows:
        tick(number)
        if not any(record):
            continue

        def get(name: str, record: list[Any] = record) -> Any:
            return cell(record, i[name])

        order_id = text(get("order-id"))
        item_id = text(get("order-item-id"))
        if not order_id:
            problems.add(number, cols.label("order-id"), "the order id is required")
            continue
        seen_item = items.get((order_id, item_id))
        if seen_item is not None:
            first_row, first = seen_item
            for index, value in enumerate(record):
                if text(value) != text(cell(first, index)):
                    problems.add(number, table.column_name(index),
                                 f"item {item_id} of order {order_id} is listed again with "
                                 f"{text(value)!r} (row {first_row} has "
                                 f"{text(cell(first, index))!r})")
                    break
            continue
        items[(order_id, item_id)] = (number, record)
        order = orders.get(order_id)
        if order is None:
            order = _order(cols, get, problems, number, order_id)
            orders[order_id] = order
            heads[order_id] = (number, record)
        else:
            head_row, head = heads[order_id]
            for name in ORDER_LEVEL:
                value, was = text(get(name)), text(cell(head, i[name]))
                if i[name] is not None and value != was:
                    problems.add(number, cols.label(name),
                                 f"{value!r} conflicts with {was!r} on row {head_row} for "
                                 f"order {order_id}")
        code = order.currency
        units = quantity(problems, number, cols.label("quantity-purchased"),
                         get("quantity-purchased"))
        price = money(problems, number, cols.label("item-price"), get("item-price"), code,
                      mark=".", required=True)
        if units and price % units:
            problems.add(number, cols.label("item-price"),
                         f"{text(get('item-price'))!r} does not divide into "
                         f"{units} equal unit prices")
        order.subtotal += price
        order.tax += money(problems, number, cols.label("item-tax"), get("item-tax"), code,
                           mark=".")
        order.tax += money(problems, number, cols.label("shipping-tax"), get("shipping-tax"),
                           code, mark=".")
        order.shipping += money(problems, number, cols.label("shipping-price"),
                                get("shipping-price"), code, mark=".")
        for name in ("item-promotion-discount", "ship-promotion-discount"):
            order.discount += abs(money(problems, number, cols.label(name), get(name), code,
                                        mark=".", allow_negative=True))
        order.lines.append(ImportedLine(text(get("sku")), text(get("product-name")), units,
                                        price // units if units else 0))
    for order in orders.values():
        order.total = order.subtotal + order.shipping + order.tax - order.discount
    return list(orders.values())


def _order(cols: Columns, get: Callable[[str], Any], problems: Problems, number: int,
           order_id: str) -> ImportedOrder:
    def label(name: str) -> str:
        return cols.label(name)

    code = currency_code(problems, number, label("currency"), get("currency"))
    created = when(problems, number, label("purchase-date"), get("purchase-date"),
                   required=True)
    paid = when(problems, number, label("payments-date"), get("payments-date"))
    order = ImportedOrder(
        channel=CHANNEL, external_id=order_id, row=number, currency=code,
        created_at=created or EPOCH, paid_at=paid,
        payment=(Payment.PAID if paid else Payment.UNPAID).value,
        buyer_email=text(get("buyer-email")), buyer_name=text(get("buyer-name")),
        buyer_phone=text(get("buyer-phone-number")) or text(get("ship-phone-number")),
        ship_name=text(get("recipient-name")), ship_line1=text(get("ship-address-1")),
        ship_line2=", ".join(p for p in (text(get("ship-address-2")),
                                         text(get("ship-address-3"))) if p),
        ship_city=text(get("ship-city")), ship_region=text(get("ship-state")),
        ship_postal_code=text(get("ship-postal-code")),
        ship_country=country(problems, number, label("ship-country"), get("ship-country")),
        service=text(get("ship-service-level")),
        ship_by=when(problems, number, label("latest-ship-date"), get("latest-ship-date"))
        or when(problems, number, label("promise-date"), get("promise-date")),
        carrier=text(get("carrier")), tracking_number=text(get("tracking-number")),
    )
    raw = text(get("order-status"))
    if raw:
        status = status_map.read("amazon", raw, problems, number, label("order-status"),
                                 "an Amazon order status")
        if status is not None:
            if status.stage is not None:
                order.stage = status.stage.value
            if status.payment is not None:
                order.payment = status.payment.value
    if order.payment == Payment.PAID and order.paid_at is None:
        order.paid_at = order.created_at
    if order.stage == "cancelled":
        order.cancel_reason = "cancelled on Amazon"
    return order

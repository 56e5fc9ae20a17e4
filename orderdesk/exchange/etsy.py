"""Etsy's CSV downloads: ``EtsySoldOrders*.csv`` (a row per order) and
``EtsySoldOrderItems*.csv`` (a row per item, the order's on each).

Dates are month first with a two-digit year (``12/02/21``); countries are names ("United
States"); amounts are plain decimals, sometimes with a ``$``. The Sold Orders file lists no
items, so its order gets one line of all its items at the order's value; the items file gives
the lines, and repeats the order's own amounts (``Order Shipping``, ``Order Sales Tax``, the
coupon's discount) on its item rows or gives them on the first: each is counted once. The
seller's fee is ``Card Processing Fees``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, Table
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    currency_code,
    quantity,
    text,
    when,
)
from orderdesk.exchange.symbols import cash

CHANNEL = "etsy"
LABEL = "Etsy sold orders"
HEADERS = {"refunded": "Order Total", "total": "Order Total"}
DATES = "mdy"


def is_etsy(header: set[str]) -> bool:
    return {"sale date", "order id"} <= header and (
        "order total" in header or "item name" in header
    )


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    items = Columns(table, ("Sale Date", "Order ID"), format_name=LABEL).index("Item Name")
    return _items(table, problems, tick) if items is not None else _orders(table, problems, tick)


def _base(
    cols: Columns,
    get: Callable[[str], Any],
    problems: Problems,
    number: int,
    order_id: str,
    code: str,
) -> ImportedOrder:
    label = cols.label
    created = when(
        problems, number, label("Sale Date"), get("Sale Date"), required=True, order=DATES
    )
    shipped = when(problems, number, label("Date Shipped"), get("Date Shipped"), order=DATES)
    paid = when(problems, number, label("Date Paid"), get("Date Paid"), order=DATES)
    name = text(get("Full Name")) or text(get("Ship Name")) or text(get("Buyer"))
    order = ImportedOrder(
        channel=CHANNEL,
        external_id=order_id,
        row=number,
        currency=code,
        created_at=created or EPOCH,
        paid_at=paid or created,
        payment="paid",
        shipped_at=shipped,
        stage="in_transit" if shipped else "pending",
        buyer_name=name,
        ship_name=text(get("Ship Name")) or name,
        ship_line1=text(get("Street 1")) or text(get("Ship Address1")),
        ship_line2=text(get("Street 2")) or text(get("Ship Address2")),
        ship_city=text(get("Ship City")),
        ship_region=text(get("Ship State")),
        ship_postal_code=text(get("Ship Zipcode")),
        ship_country=country(problems, number, label("Ship Country"), get("Ship Country")),
        rows=[number],
    )
    status = text(get("Status")).casefold()
    if status in ("canceled", "cancelled", "refunded"):
        order.stage, order.cancel_reason = "cancelled", "cancelled on Etsy"
    return order


def _getter(cols: Columns, record: list[Any]) -> Callable[[str], Any]:
    def get(name: str) -> Any:
        return cell(record, cols.index(name))

    return get


def _order_id(
    cols: Columns, get: Callable[[str], Any], record: Any, problems: Problems, number: int
) -> str:
    """The row's order id; a row with other cells but none is a problem, a blank row is not."""
    order_id = text(get("Order ID"))
    if not order_id and any(text(v) for v in record):
        problems.add(number, cols.label("Order ID"), "the order id is required")
    return order_id


def _orders(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(
        table,
        ("Sale Date", "Order ID", "Currency", "Order Value", "Order Total"),
        format_name=LABEL,
    )
    orders: dict[str, ImportedOrder] = {}
    for number, record in table.rows:
        tick(number)
        get = _getter(cols, record)
        order_id = _order_id(cols, get, record, problems, number)
        if not order_id:
            continue
        if order_id in orders:
            continue  # Etsy lists an order once; a repeat changes nothing
        code = currency_code(problems, number, cols.label("Currency"), get("Currency"))

        def amount(
            name: str, get: Callable[[str], Any] = get, code: str = code, number: int = number
        ) -> int:
            return cash(problems, number, cols.label(name), get(name), code)

        order = _base(cols, get, problems, number, order_id, code)
        value = amount("Order Value")
        order.subtotal = value
        order.discount = amount("Discount Amount") + amount("Shipping Discount")
        order.shipping = amount("Shipping")
        order.tax = amount("Sales Tax")
        order.total = amount("Order Total")
        order.fee = amount("Card Processing Fees")
        count = text(get("Number of Items")) or "1"
        order.lines = [ImportedLine(text(get("SKU")), f"{count} item(s) sold on Etsy", 1, value)]
        computed = order.subtotal - order.discount + order.shipping + order.tax
        if order.total != computed:
            order.discount += computed - order.total  # whatever Etsy took off, as it says
        orders[order_id] = order
    return list(orders.values())


def _items(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(
        table,
        ("Sale Date", "Order ID", "Item Name", "Quantity", "Price", "Currency"),
        format_name=LABEL,
    )
    orders: dict[str, ImportedOrder] = {}
    order_discounts: dict[str, dict[str, int]] = {}
    for number, record in table.rows:
        tick(number)
        get = _getter(cols, record)
        order_id = _order_id(cols, get, record, problems, number)
        if not order_id:
            continue
        order = orders.get(order_id)
        code = (
            order.currency
            if order
            else currency_code(problems, number, cols.label("Currency"), get("Currency"))
        )

        def amount(
            name: str, get: Callable[[str], Any] = get, code: str = code, number: int = number
        ) -> int:
            return cash(problems, number, cols.label(name), get(name), code)

        if order is None:
            order = _base(cols, get, problems, number, order_id, code)
            orders[order_id] = order
        else:
            order.rows.append(number)
        units = quantity(problems, number, cols.label("Quantity"), get("Quantity"))
        price = amount("Price")
        order.lines.append(
            ImportedLine(
                text(get("SKU")), text(get("Item Name")), units, price, text(get("Variations"))
            )
        )
        order.subtotal += units * price
        # the order's own amounts repeat on its item rows (or sit on the first): once each
        for name, key in (
            ("Order Shipping", "shipping"),
            ("Shipping", "shipping"),
            ("Order Sales Tax", "tax"),
            ("Sales Tax", "tax"),
        ):
            if cols.index(name) is not None:
                setattr(order, key, max(getattr(order, key), amount(name)))
        discounts = order_discounts.setdefault(order_id, {})
        for name in ("Discount Amount", "Shipping Discount"):
            discounts[name] = max(discounts.get(name, 0), amount(name))
    for order in orders.values():
        order.discount = sum(order_discounts.get(order.external_id, {}).values())
        order.total = order.subtotal - order.discount + order.shipping + order.tax
    return list(orders.values())

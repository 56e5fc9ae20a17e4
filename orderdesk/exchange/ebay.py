"""eBay's order downloads: the Seller Hub orders report and the older Selling Manager
``SalesHistory.csv`` (its header on row 2, under a blank row).

The Seller Hub file starts with a row of bare commas, its header on row 2, then a blank row.
A row per item; a multi-item order also has a row of its own (its money, no item title) above
its item rows, all under one ``Order Number`` (the old report: ``Sales Record Number``). The
file ends with ``N,record(s) downloaded,…`` and ``Seller ID : …`` rows. Amounts carry their
sign (``$19.50``, ``£3.20``, ``AU $5.00``), dates are month first (``Jan-18-16``, ``Sep 30,
2026``), countries are names ("United States"); the UK and Australian files say "Postage And
Handling" and "Post To …". ``Total Price`` includes the tax eBay collects when ``eBay
Collected Tax Included in Total`` says Yes. The report has no fees and no refunds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, Table, bad
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    quantity,
    text,
    when,
)
from orderdesk.exchange.symbols import cash, sign_currency

CHANNEL = "ebay"
LABEL = "eBay orders report"
HEADERS = {"refunded": "Total Price", "total": "Total Price"}
DATES = "mdy"
#: Each fact under the Seller Hub name and the older Selling Manager one.
NAMES = {
    "buyer": ("Buyer Name", "Buyer Fullname"),
    "email": ("Buyer Email",),
    "phone": ("Ship To Phone", "Post To Phone", "Buyer Phone Number"),
    "ship_name": ("Ship To Name", "Post To Name", "Buyer Fullname"),
    "line1": ("Ship To Address 1", "Post To Address 1", "Buyer Address 1"),
    "line2": ("Ship To Address 2", "Post To Address 2", "Buyer Address 2"),
    "city": ("Ship To City", "Post To City", "Buyer City"),
    "region": ("Ship To State", "Post To County", "Post To State", "Buyer State"),
    "zip": (
        "Ship To Zip",
        "Post To Postcode",
        "Post To Postal Code",
        "Buyer Zip",
        "Buyer Postcode",
    ),
    "country": ("Ship To Country", "Post To Country", "Buyer Country"),
    "price": ("Sold For", "Item Price", "Sale Price"),
    "sku": ("Custom Label",),
    "tax": ("Seller Collected Tax", "Sales Tax"),
    "ebay_tax": ("eBay Collected Tax",),
    "tax_included": ("eBay Collected Tax Included in Total",),
    "shipping": ("Shipping And Handling", "Postage And Handling"),
    "order": ("Order Number", "Order ID"),
    "sale_date": ("Sale Date", "Order Date"),
    "paid": ("Paid On Date", "Paid on Date"),
    "shipped": ("Shipped On Date", "Shipped on Date"),
    "ship_by": ("Ship By Date",),
    "tracking": ("Tracking Number",),
    "service": ("Shipping Service",),
    "variant": ("Variation Details",),
    "currency": ("Currency",),
    "item": ("Item Number", "Item ID"),
    "transaction": ("Transaction ID",),
}


def line_item_id(item: str, transaction: str) -> str:
    """eBay's id of an order line, as its APIs write it (``OrderLineItemID``): the item number
    and the transaction id joined by a hyphen; the tracking upload wants both back."""
    return f"{item}-{transaction}" if item and transaction else item


def is_ebay(header: set[str]) -> bool:
    return "sales record number" in header and ("item title" in header or "order number" in header)


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(
        table, ("Sales Record Number", "Item Title", "Quantity", "Total Price"), format_name=LABEL
    )
    where = {
        key: next((cols.index(n) for n in names if cols.index(n) is not None), None)
        for key, names in NAMES.items()
    }
    labels = {
        key: next((cols.label(n) for n in names if cols.index(n) is not None), f'"{names[0]}"')
        for key, names in NAMES.items()
    }
    if where["sale_date"] is None:
        raise bad(
            table.name,
            table.header_row,
            '"Sale Date"',
            f"missing from the header (the {LABEL} has Sale Date or Order Date)",
        )
    orders: dict[str, ImportedOrder] = {}
    summaries: set[str] = set()  # orders whose money comes from a row of their own
    for number, record in table.rows:
        tick(number)

        def get(key: str, record: list[Any] = record) -> Any:
            return cell(record, where[key])

        record_no = text(cell(record, cols.index("Sales Record Number")))
        order_id = text(get("order")) or record_no
        lead = " ".join(text(v) for v in record[:3]).casefold()
        if not order_id or "record(s) downloaded" in lead or lead.startswith("seller id"):
            continue  # the padding row and the footer
        title = text(cell(record, cols.index("Item Title")))
        total_raw = cell(record, cols.index("Total Price"))
        order = orders.get(order_id)
        if order is None:
            code = (
                text(get("currency")).upper()
                or sign_currency(total_raw)
                or sign_currency(get("price"))
                or "USD"
            )
            created = when(
                problems, number, labels["sale_date"], get("sale_date"), required=True, order=DATES
            )
            paid = when(problems, number, labels["paid"], get("paid"), order=DATES)
            shipped = when(problems, number, labels["shipped"], get("shipped"), order=DATES)
            order = ImportedOrder(
                channel=CHANNEL,
                external_id=order_id,
                row=number,
                currency=code,
                created_at=created or EPOCH,
                paid_at=paid,
                payment="paid" if paid else "unpaid",
                shipped_at=shipped,
                stage="in_transit" if shipped else "pending",
                ship_by=when(problems, number, labels["ship_by"], get("ship_by"), order=DATES),
                buyer_name=text(get("buyer")),
                buyer_email=text(get("email")),
                buyer_phone=text(get("phone")),
                ship_name=text(get("ship_name")),
                ship_line1=text(get("line1")),
                ship_line2=text(get("line2")),
                ship_city=text(get("city")),
                ship_region=text(get("region")),
                ship_postal_code=text(get("zip")),
                ship_country=country(problems, number, labels["country"], get("country")),
                tracking_number=text(get("tracking")),
                service=text(get("service")),
                rows=[number],
            )
            orders[order_id] = order
        else:
            order.rows.append(number)
        code = order.currency

        def amount(
            key: str, get: Callable[[str], Any] = get, number: int = number, code: str = code
        ) -> int:
            return cash(problems, number, labels[key], get(key), code)

        shipping = amount("shipping")
        total = cash(problems, number, cols.label("Total Price"), total_raw, code)
        tax = amount("tax")
        if text(get("tax_included")).casefold() in ("yes", "true", "y"):
            tax += amount("ebay_tax")
        if not title:  # the order's own row: its money, its items below
            summaries.add(order_id)
            order.shipping, order.tax, order.total = shipping, tax, total
            continue
        units = quantity(
            problems, number, cols.label("Quantity"), cell(record, cols.index("Quantity"))
        )
        price = amount("price")
        order.lines.append(
            ImportedLine(
                text(get("sku")),
                title,
                units,
                price,
                text(get("variant")),
                item_id=line_item_id(text(get("item")), text(get("transaction"))),
            )
        )
        order.subtotal += units * price
        if order_id not in summaries:
            order.shipping += shipping
            order.tax += tax
            order.total += total
    for order in orders.values():
        order.discount = max(order.subtotal + order.shipping + order.tax - order.total, 0)
        if order.subtotal + order.shipping + order.tax - order.discount != order.total:
            order.tax = order.total - order.subtotal - order.shipping + order.discount
    return list(orders.values())

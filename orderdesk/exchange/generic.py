"""The desk's own template (CSV or XLSX), for AliExpress, Wish and hand-kept sheets.

One row per line item; rows with the same ``channel`` and ``order_id`` are one order, whose
columns may be left blank after its first row (a different value there is a conflict).
``total``, when given, must equal the lines plus shipping and tax less discount: a typo is
caught, not imported. ``status`` takes the desk's words or AliExpress/Wish ones (see
:mod:`orderdesk.exchange.status_map`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.domain.intake import CHANNELS
from orderdesk.domain.money import decimal_string
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
)
from orderdesk.exchange.records import when as read_date

LABEL = "OrderDesk template"  # how messages and reports name the format
#: The template's columns, with what goes in each (written as the template's help).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("channel", "required: aliexpress, wish, manual, … (lower case, no spaces)"),
    ("order_id", "required: the channel's order number (kept as text)"),
    (
        "created_at",
        "required: when the order was placed, 2026-05-01 14:30 (local time) or "
        "with an offset, 2026-05-01 14:30:00 +0200",
    ),
    ("paid_at", "when it was paid; blank: unpaid unless payment says otherwise"),
    (
        "status",
        "pending (default), shipped, delivered, cancelled; or the AliExpress/Wish "
        "words: Awaiting shipment, Awaiting delivery, Completed, Closed, Approved",
    ),
    ("payment", "unpaid, paid, partially_refunded, refunded (blank: from paid_at)"),
    ("buyer_name", "required"),
    ("buyer_email", ""),
    ("buyer_phone", ""),
    ("ship_name", "blank: the buyer's name"),
    ("ship_line1", ""),
    ("ship_line2", ""),
    ("ship_city", ""),
    ("ship_region", ""),
    ("ship_postal_code", ""),
    ("ship_country", "two-letter code: AR, BR, US, CN, …"),
    ("currency", "required: ISO 4217 code (USD, EUR, ARS, JPY, …)"),
    ("sku", "SKU or title required"),
    ("title", ""),
    ("variant", ""),
    ("quantity", "required: whole units, at least 1"),
    ("unit_price", "required: price of one unit, 12.50 or 12,50"),
    ("shipping", "charged to the buyer"),
    ("tax", ""),
    ("discount", ""),
    ("total", "optional check: lines + shipping + tax − discount"),
    ("fee", "the marketplace's fee"),
    ("shipping_cost", "what shipping cost you"),
    ("refunded", "refunded to the buyer so far"),
    ("ship_by", "the channel's ship-by deadline (blank: paid + handling days)"),
    ("shipped_at", ""),
    ("delivered_at", ""),
    ("carrier", ""),
    ("tracking_number", ""),
    ("tracking_url", ""),
    ("note", ""),
)
NAMES = tuple(name for name, _ in COLUMNS)
REQUIRED = ("channel", "order_id", "created_at", "buyer_name", "currency", "quantity", "unit_price")
LINE_LEVEL = ("sku", "title", "variant", "quantity", "unit_price")
ORDER_LEVEL = tuple(n for n in NAMES if n not in LINE_LEVEL + ("channel", "order_id"))


def is_generic(header: set[str]) -> bool:
    return {"channel", "order_id", "quantity", "unit_price"} <= header


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, format_name=LABEL)
    i = {name: cols.index(name) for name in NAMES}
    orders: dict[tuple[str, str], ImportedOrder] = {}
    heads: dict[tuple[str, str], tuple[int, list[Any]]] = {}
    for number, record in table.rows:
        tick(number)
        if not any(v is not None and str(v).strip() for v in record):
            continue

        def get(name: str, record: list[Any] = record) -> Any:
            return cell(record, i[name])

        channel = text(get("channel")).lower()
        order_id = text(get("order_id"))
        if not channel or " " in channel or not channel.isascii():
            problems.add(
                number,
                cols.label("channel"),
                f"{channel!r} is not a channel name (e.g. {', '.join(CHANNELS)})"
                if channel
                else "the channel is required",
            )
            continue
        if not order_id:
            problems.add(number, cols.label("order_id"), "the order id is required")
            continue
        key = (channel, order_id)
        order = orders.get(key)
        if order is None:
            order = _order(
                cols, get, problems, number, channel, order_id, table.date_order, table.decimal_mark
            )
            orders[key] = order
            heads[key] = (number, record)
        else:
            head_row, head = heads[key]
            for name in ORDER_LEVEL:
                value, first = text(get(name)), text(cell(head, i[name]))
                if value and value != first:
                    problems.add(
                        number,
                        cols.label(name),
                        f"{value!r} conflicts with {first!r} on row {head_row} for "
                        f"order {order_id}",
                    )
        units = quantity(problems, number, cols.label("quantity"), get("quantity"))
        price = money(
            problems,
            number,
            cols.label("unit_price"),
            get("unit_price"),
            order.currency,
            required=True,
            mark=table.decimal_mark,
        )
        sku, title = text(get("sku")), text(get("title"))
        if not sku and not title:
            problems.add(number, cols.label("sku"), "a line needs a SKU or a title")
        order.lines.append(ImportedLine(sku, title, units, price, text(get("variant"))))
        order.rows.append(number)
        order.subtotal += units * price
    for key, order in orders.items():
        computed = order.subtotal + order.shipping + order.tax - order.discount
        if order.total and order.total != computed:
            problems.add(
                order.row,
                cols.label("total"),
                f"the total does not match the lines plus shipping and tax less "
                f"discount for order {key[1]} "
                f"({decimal_string(order.total, order.currency)} {order.currency} ≠ "
                f"{decimal_string(computed, order.currency)} {order.currency})",
            )
        order.total = computed
    return list(orders.values())


def _order(
    cols: Columns,
    get: Callable[[str], Any],
    problems: Problems,
    number: int,
    channel: str,
    order_id: str,
    dates: str | None = None,
    mark: str | None = None,
) -> ImportedOrder:
    def label(name: str) -> str:
        return cols.label(name)

    def when(
        problems: Problems, row: int, column: str, value: Any, *, required: bool = False
    ) -> Any:
        return read_date(problems, row, column, value, required=required, order=dates)

    code = currency_code(problems, number, label("currency"), get("currency"))

    def amount(name: str) -> int:
        return money(problems, number, label(name), get(name), code, mark=mark)

    buyer = text(get("buyer_name"))
    if not buyer:
        problems.add(number, label("buyer_name"), "the buyer's name is required")
    paid = when(problems, number, label("paid_at"), get("paid_at"))
    order = ImportedOrder(
        channel=channel,
        external_id=order_id,
        row=number,
        currency=code,
        created_at=when(problems, number, label("created_at"), get("created_at"), required=True)
        or EPOCH,
        paid_at=paid,
        payment=(Payment.PAID if paid else Payment.UNPAID).value,
        ship_by=when(problems, number, label("ship_by"), get("ship_by")),
        shipped_at=when(problems, number, label("shipped_at"), get("shipped_at")),
        delivered_at=when(problems, number, label("delivered_at"), get("delivered_at")),
        buyer_name=buyer,
        buyer_email=text(get("buyer_email")),
        buyer_phone=text(get("buyer_phone")),
        ship_name=text(get("ship_name")),
        ship_line1=text(get("ship_line1")),
        ship_line2=text(get("ship_line2")),
        ship_city=text(get("ship_city")),
        ship_region=text(get("ship_region")),
        ship_postal_code=text(get("ship_postal_code")),
        ship_country=country(problems, number, label("ship_country"), get("ship_country")),
        shipping=amount("shipping"),
        tax=amount("tax"),
        discount=amount("discount"),
        total=amount("total"),
        fee=amount("fee"),
        shipping_cost=amount("shipping_cost"),
        refunded=amount("refunded"),
        carrier=text(get("carrier")),
        tracking_number=text(get("tracking_number")),
        tracking_url=text(get("tracking_url")),
        note=text(get("note")),
    )
    raw = text(get("status"))
    status = status_map.read(
        "generic", raw, problems, number, label("status"), "a status the template knows"
    )
    if status is not None:
        if status.stage is not None:
            order.stage = status.stage.value
        if status.payment is not None:
            order.payment = status.payment.value
    pay_raw = text(get("payment")).lower()
    if pay_raw:
        payment = status_map.GENERIC_PAYMENT.get(pay_raw)
        if payment is None:
            problems.add(
                number,
                label("payment"),
                f"{pay_raw!r} is not a payment state ({', '.join(status_map.GENERIC_PAYMENT)})",
            )
        else:
            order.payment = payment.value
    if order.payment != "unpaid" and order.paid_at is None:
        order.paid_at = order.created_at
    if order.stage == "cancelled":
        order.cancel_reason = f"cancelled on {channel}"
    return order

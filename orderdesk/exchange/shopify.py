"""Shopify ``orders_export.csv``: one row per line item; the order's columns on its first row.

Continuation rows carry the order's ``Name`` and the line item; order columns there are blank
or repeat the first row (a different value is a conflict, reported by row and column). The
order's desk id on Shopify is its ``Name`` (``#1001``). Shopify's ``Subtotal`` is after
discounts, so the desk's subtotal (before discount) is ``Subtotal + Discount Amount``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from operator import itemgetter

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import EXPONENTS, decimal_string
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns
from orderdesk.exchange.reading import Problems, Table
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    _amount,
    _iso_time,
    country,
    currency_code,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "shopify"
LABEL = "Shopify orders export"  # how messages and reports name the format
REQUIRED = (
    "Name",
    "Financial Status",
    "Currency",
    "Total",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
)
#: Order columns compared on continuation rows (a different value there is a conflict).
#: The order's own columns, read from its first row (in the order ``_order`` unpacks them).
ORDER_FIELDS = (
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Billing Name",
    "Shipping Name",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Phone",
    "Notes",
    "Cancelled at",
    "Refunded Amount",
    "Tags",
    "Id",
)
HEADERS = {"refunded": "Refunded Amount", "total": "Total"}
CHECKED = (
    "Email",
    "Financial Status",
    "Currency",
    "Subtotal",
    "Total",
    "Created at",
    "Cancelled at",
    "Refunded Amount",
)


def is_shopify(header: set[str]) -> bool:
    return {"name", "financial status", "lineitem quantity"} <= header


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    """The file's orders, every problem reported by row and column.

    Each row is split once; the order's cells are taken in one ``itemgetter`` call by
    precomputed positions (a column the file lacks reads as blank). Cells take the fast path
    when they are plain (``12.50``, ``2026-05-01 10:00:00 +0200``, a known status); anything
    else goes through the detailed checkers in :mod:`orderdesk.exchange.records`, which word
    the problem.
    """
    cols = Columns(table, REQUIRED, format_name=LABEL)
    width = len(table.header)

    def at(name: str) -> int:  # a missing optional column reads the blank cell after the last
        index = cols.index(name)
        return width if index is None else index

    i_name, i_qty, i_title, i_price = (
        cols.need("Name"),
        cols.need("Lineitem quantity"),
        cols.need("Lineitem name"),
        cols.need("Lineitem price"),
    )
    i_sku, i_variant = at("Lineitem sku"), at("Lineitem variant")
    checked = [(name, index) for name in CHECKED if (index := cols.index(name)) is not None]
    checked_cells = itemgetter(*(index for _, index in checked))
    order_cells = itemgetter(*(at(name) for name in ORDER_FIELDS))
    blank = [""] * (width + 1)
    as_text = table.kind != "csv"
    label = cols.label
    orders: list[ImportedOrder] = []
    # per order: its first row, the checked order columns there, the order
    seen: dict[str, tuple[int, tuple[str, ...], ImportedOrder]] = {}
    current: ImportedOrder | None = None
    head: tuple[str, ...] = ()
    repeat: int | None = None  # position in an order's repeated rows, when it shows up again
    for number, cells in table.rows:
        if number % 1000 == 0:
            tick(number)
        if as_text:
            cells = [text(v) for v in cells]
        if len(cells) == width:
            record = cells
            record.append("")
        else:
            record = (cells + blank)[: width + 1]
        name = record[i_name].strip()
        if not name:
            if any(v.strip() for v in cells):
                problems.add(number, label("Name"), "the order name is required on every row")
            continue
        if current is None or name != current.external_id:
            known = seen.get(name)
            if known is None:
                repeat = None
                current = _order(cols, order_cells(record), problems, number)
                head = tuple(map(str.strip, checked_cells(record)))
                seen[name] = (number, head, current)
                orders.append(current)
            else:  # the order shows up again further down (two exports pasted together?)
                head_row, head, current = known
                repeat = 0
                _conflicts(problems, cols, checked, number, record, head, head_row)
        else:
            values = checked_cells(record)
            if values != head:
                for position, value in enumerate(values):
                    was = head[position]
                    if value and value != was and value.strip() != was:
                        problems.add(
                            number,
                            label(checked[position][0]),
                            f"{value.strip()!r} conflicts with {was!r} on row "
                            f"{current.row} for the same order",
                        )
            if repeat is not None:
                repeat += 1
        raw_qty = record[i_qty].strip()
        if raw_qty.isdecimal() and raw_qty[0] != "0" and len(raw_qty) < 7:
            units = int(raw_qty)
        else:
            units = quantity(problems, number, label("Lineitem quantity"), raw_qty)
        raw_price = record[i_price].strip()
        try:
            price = _amount(raw_price, current.currency, ".")
        except (BadInput, KeyError):
            price = -1
        if price < 0:
            price = money(
                problems,
                number,
                label("Lineitem price"),
                raw_price,
                current.currency,
                mark=".",
                required=True,
            )
        title = record[i_title].strip()
        sku = record[i_sku].strip()
        variant = record[i_variant].strip()
        if repeat is not None:
            _repeated_line(problems, cols, number, current, repeat, sku, title, units, price)
            current.rows.append(number)
            continue
        if not title and not sku:
            problems.add(number, label("Lineitem name"), "a line needs a name or a SKU")
        current.lines.append(ImportedLine(sku, title, units, price, variant))
        current.rows.append(number)
    for order in orders:
        _lines_within_subtotal(problems, label("Lineitem price"), order)
    return orders


def _lines_within_subtotal(problems: Problems, column: str, order: ImportedOrder) -> None:
    """The lines of an order cannot add up to more than its subtotal before discounts (a cent
    per line of rounding aside): a price that does is a damaged cell, not a sale. Less is
    possible (a discount code that also took shipping off), so it is not checked."""
    listed = sum(line.quantity * line.unit_price for line in order.lines)
    if listed > order.subtotal + len(order.lines):
        code = order.currency
        problems.add(
            order.row,
            column,
            f"order {order.external_id}: its lines add up to {decimal_string(listed, code)} "
            f"{code}, more than its subtotal before discounts "
            f"{decimal_string(order.subtotal, code)} {code} (Subtotal + Discount Amount)",
        )


def _conflicts(
    problems: Problems,
    cols: Columns,
    checked: list[tuple[str, int]],
    number: int,
    record: list[str],
    head: tuple[str, ...],
    head_row: int,
) -> None:
    for (name, index), was in zip(checked, head, strict=True):
        value = record[index].strip()
        if value and value != was:
            problems.add(
                number,
                cols.label(name),
                f"{value!r} conflicts with {was!r} on row {head_row} for the same order",
            )


def _repeated_line(
    problems: Problems,
    cols: Columns,
    number: int,
    order: ImportedOrder,
    position: int,
    sku: str,
    title: str,
    units: int,
    price: int,
) -> None:
    """A row of an order listed again: the same line as before is a repeat, else a conflict."""
    where = f"order {order.external_id} is listed again (first at row {order.row})"
    if position >= len(order.lines):
        problems.add(
            number,
            cols.label("Lineitem name"),
            f"{where} with a line it did not have: {title or sku!r}",
        )
        return
    line = order.lines[position]
    for column, value, was in (
        ("Lineitem sku", sku, line.sku),
        ("Lineitem name", title, line.title),
        ("Lineitem quantity", units, line.quantity),
        ("Lineitem price", price, line.unit_price),
    ):
        if value != was:
            problems.add(number, cols.label(column), f"{where} with a different value here")
            return


def _cash(
    problems: Problems,
    number: int,
    cols: Columns,
    column: str,
    raw: str,
    code: str,
    required: bool = False,
) -> int:
    """A money cell: plain amounts on the cached fast path, the rest worded by ``money``."""
    if raw:
        try:
            value = _amount(raw, code, ".")
        except BadInput:
            pass
        else:
            if value >= 0:
                return value
    elif not required:
        return 0
    return money(problems, number, cols.label(column), raw, code, mark=".", required=required)


def _moment(
    problems: Problems,
    number: int,
    cols: Columns,
    column: str,
    raw: str,
    raw_created: str,
    created: datetime | None,
) -> datetime | None:
    if not raw:
        return None
    if raw == raw_created and created is not None:
        return created
    return when(problems, number, cols.label(column), raw)


def _order(cols: Columns, cells: tuple[str, ...], problems: Problems, number: int) -> ImportedOrder:
    (
        name,
        email,
        financial_raw,
        raw_paid,
        fulfil_raw,
        raw_fulfilled,
        code,
        raw_subtotal,
        raw_shipping,
        raw_taxes,
        raw_total,
        raw_discount,
        service,
        raw_created,
        billing_name,
        ship_name,
        line1,
        line2,
        city,
        postal_code,
        province,
        raw_country,
        ship_phone,
        phone,
        note,
        raw_cancelled,
        raw_refunded,
        tags,
        shopify_id,
    ) = map(str.strip, cells)
    label = cols.label
    if code not in EXPONENTS:
        code = currency_code(problems, number, label("Currency"), code)
    try:
        created = _iso_time(raw_created) if raw_created else None
    except ValueError:
        created = None
    if created is None:
        created = when(problems, number, label("Created at"), raw_created, required=True)
    financial = status_map.read(
        "shopify-financial",
        financial_raw,
        problems,
        number,
        label("Financial Status"),
        "a Shopify financial status",
    )
    fulfilment = status_map.read(
        "shopify-fulfillment",
        fulfil_raw,
        problems,
        number,
        label("Fulfillment Status"),
        "a Shopify fulfillment status",
    )
    # the checks run in the order the columns are named in a problem report
    discount = _cash(problems, number, cols, "Discount Amount", raw_discount, code)
    paid_at = _moment(problems, number, cols, "Paid at", raw_paid, raw_created, created)
    shipped_at = _moment(
        problems, number, cols, "Fulfilled at", raw_fulfilled, raw_created, created
    )
    cancelled_at = _moment(
        problems, number, cols, "Cancelled at", raw_cancelled, raw_created, created
    )
    ship_country = (
        raw_country.upper()
        if len(raw_country) == 2 and raw_country.isalpha()
        else country(problems, number, label("Shipping Country"), raw_country)
    )
    subtotal = _cash(problems, number, cols, "Subtotal", raw_subtotal, code) + discount
    shipping = _cash(problems, number, cols, "Shipping", raw_shipping, code)
    tax = _cash(problems, number, cols, "Taxes", raw_taxes, code)
    total = _cash(problems, number, cols, "Total", raw_total, code, True)
    refunded = _cash(problems, number, cols, "Refunded Amount", raw_refunded, code)
    order = ImportedOrder(
        channel=CHANNEL,
        external_id=name,
        row=number,
        currency=code,
        created_at=created or EPOCH,
        paid_at=paid_at,
        shipped_at=shipped_at,
        cancelled_at=cancelled_at,
        buyer_email=email,
        buyer_name=billing_name or ship_name,
        buyer_phone=phone or ship_phone,
        ship_name=ship_name,
        ship_line1=line1,
        ship_line2=line2,
        ship_city=city,
        ship_region=province,
        ship_postal_code=postal_code,
        ship_country=ship_country,
        subtotal=subtotal,
        discount=discount,
        shipping=shipping,
        tax=tax,
        total=total,
        refunded=refunded,
        service=service,
        note=note,
        channel_ref=shopify_id,
        tags=",".join(t.strip() for t in tags.split(",") if t.strip()) if tags else "",
    )
    if financial is not None and financial.payment is not None:
        order.payment = financial.payment.value
        order.case_kind, order.case_status = financial.case_kind, financial.case_status
    if fulfilment is not None and fulfilment.stage is not None:
        order.stage = fulfilment.stage.value
    if order.cancelled_at is not None:
        order.stage = "cancelled"
        order.cancel_reason = "cancelled on Shopify"
    if order.payment != "unpaid" and order.paid_at is None:
        order.paid_at = order.created_at
    return order

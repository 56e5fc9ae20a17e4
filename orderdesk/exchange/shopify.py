"""Shopify ``orders_export.csv``: one row per line item; the order's columns on its first row.

Continuation rows carry the order's ``Name`` and the line item; order columns there are blank
or repeat the first row (a different value is a conflict, reported by row and column). The
order's desk id on Shopify is its ``Name`` (``#1001``). Shopify's ``Subtotal`` is after
discounts, so the desk's subtotal (before discount) is ``Subtotal + Discount Amount``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import EXPONENTS
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns
from orderdesk.exchange.reading import Problems, Table
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    _amount,
    country,
    currency_code,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "shopify"
REQUIRED = ("Name", "Financial Status", "Currency", "Total", "Created at", "Lineitem quantity",
            "Lineitem name", "Lineitem price")
OPTIONAL = ("Email", "Paid at", "Fulfillment Status", "Fulfilled at", "Subtotal", "Shipping",
            "Taxes", "Discount Amount", "Shipping Method", "Lineitem sku", "Lineitem variant",
            "Billing Name", "Shipping Name", "Shipping Address1", "Shipping Address2",
            "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country",
            "Shipping Phone", "Phone", "Notes", "Cancelled at", "Refunded Amount", "Id", "Tags")
#: Order columns compared on continuation rows (a different value there is a conflict).
CHECKED = ("Email", "Financial Status", "Currency", "Subtotal", "Total", "Created at",
           "Cancelled at", "Refunded Amount")


def is_shopify(header: set[str]) -> bool:
    return {"name", "financial status", "lineitem quantity"} <= header


def parse(table: Table, problems: Problems,
          tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, OPTIONAL, format_name="Shopify orders export")
    i = {name: cols.index(name) for name in REQUIRED + OPTIONAL}
    i_name, i_qty, i_title, i_price = (cols.need("Name"), cols.need("Lineitem quantity"),
                                       cols.need("Lineitem name"), cols.need("Lineitem price"))
    i_sku, i_variant = i["Lineitem sku"], i["Lineitem variant"]
    checked = [(name, index) for name in CHECKED if (index := i[name]) is not None]
    width = len(table.header)
    as_text = table.kind != "csv"
    orders: list[ImportedOrder] = []
    # per order: its first row, the checked order columns there, the order
    seen: dict[str, tuple[int, tuple[str, ...], ImportedOrder]] = {}
    current: ImportedOrder | None = None
    head: tuple[str, ...] = ()
    repeat: int | None = None  # position in an order's repeated rows, when it shows up again
    for number, record in table.rows:
        if number % 1000 == 0:
            tick(number)
        if as_text:
            record = [text(v) for v in record]
        if len(record) < width:
            record = record + [""] * (width - len(record))
        name = record[i_name].strip()
        if not name:
            if any(v.strip() for v in record):
                problems.add(number, cols.label("Name"),
                             "the order name is required on every row")
            continue
        if current is None or name != current.external_id:
            known = seen.get(name)
            if known is None:
                repeat = None
                current = _order(cols, i, problems, number, record)
                head = tuple(record[index].strip() for _, index in checked)
                seen[name] = (number, head, current)
                orders.append(current)
            else:  # the order shows up again further down (two exports pasted together?)
                head_row, head, current = known
                repeat = 0
                _conflicts(problems, cols, checked, number, record, head, head_row)
        else:
            head_row = current.row
            for (column, index), was in zip(checked, head, strict=True):
                value = record[index]
                if value and value.strip() != was:
                    problems.add(number, cols.label(column),
                                 f"{value.strip()!r} conflicts with {was!r} on row {head_row} "
                                 f"for the same order")
            if repeat is not None:
                repeat += 1
        raw_qty = record[i_qty].strip()
        units = int(raw_qty) if raw_qty.isdigit() and raw_qty[0] != "0" else quantity(
            problems, number, cols.label("Lineitem quantity"), raw_qty)
        raw_price = record[i_price].strip()
        try:
            price = _amount(raw_price, current.currency, ".")
        except (BadInput, KeyError):
            price = -1
        if price < 0:
            price = money(problems, number, cols.label("Lineitem price"), raw_price,
                          current.currency, mark=".", required=True)
        title = record[i_title].strip()
        sku = record[i_sku].strip() if i_sku is not None else ""
        variant = record[i_variant].strip() if i_variant is not None else ""
        if repeat is not None:
            _repeated_line(problems, cols, number, current, repeat, sku, title, units, price)
            continue
        if not title and not sku:
            problems.add(number, cols.label("Lineitem name"), "a line needs a name or a SKU")
        current.lines.append(ImportedLine(sku, title, units, price, variant))
    return orders


def _conflicts(problems: Problems, cols: Columns, checked: list[tuple[str, int]], number: int,
               record: list[str], head: tuple[str, ...], head_row: int) -> None:
    for (name, index), was in zip(checked, head, strict=True):
        value = record[index].strip()
        if value and value != was:
            problems.add(number, cols.label(name),
                         f"{value!r} conflicts with {was!r} on row {head_row} for the same order")


def _repeated_line(problems: Problems, cols: Columns, number: int, order: ImportedOrder,
                   position: int, sku: str, title: str, units: int, price: int) -> None:
    """A row of an order listed again: the same line as before is a repeat, else a conflict."""
    where = f"order {order.external_id} is listed again (first at row {order.row})"
    if position >= len(order.lines):
        problems.add(number, cols.label("Lineitem name"),
                     f"{where} with a line it did not have: {title or sku!r}")
        return
    line = order.lines[position]
    for column, value, was in (("Lineitem sku", sku, line.sku),
                               ("Lineitem name", title, line.title),
                               ("Lineitem quantity", units, line.quantity),
                               ("Lineitem price", price, line.unit_price)):
        if value != was:
            problems.add(number, cols.label(column), f"{where} with a different value here")
            return


def _order(cols: Columns, i: dict[str, int | None], problems: Problems, number: int,
           record: list[str]) -> ImportedOrder:
    values = dict.fromkeys(i, "")
    values.update((name, record[index].strip()) for name, index in i.items() if index is not None)
    get = values.__getitem__

    label = cols.label
    code = get("Currency")
    if code not in EXPONENTS:
        code = currency_code(problems, number, label("Currency"), code)
    raw_created = get("Created at")
    created = when(problems, number, label("Created at"), raw_created, required=True)
    financial_raw = get("Financial Status")
    financial = status_map.lookup("shopify-financial", financial_raw)
    if financial is None:
        problems.add(number, label("Financial Status"),
                     f"{financial_raw!r} is not a Shopify financial status "
                     f"({status_map.known('shopify-financial')})")
    fulfil_raw = get("Fulfillment Status")
    fulfilment = status_map.lookup("shopify-fulfillment", fulfil_raw)
    if fulfilment is None:
        problems.add(number, label("Fulfillment Status"),
                     f"{fulfil_raw!r} is not a Shopify fulfillment status "
                     f"({status_map.known('shopify-fulfillment')})")

    def amount(name: str, required: bool = False) -> int:
        raw = get(name)
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
        return money(problems, number, label(name), raw, code, mark=".", required=required)

    def moment(name: str) -> datetime | None:
        raw = get(name)
        if not raw:
            return None
        if raw == raw_created and created is not None:
            return created
        return when(problems, number, label(name), raw)

    discount = amount("Discount Amount")
    tags = get("Tags")
    raw_country = get("Shipping Country")
    order = ImportedOrder(
        channel=CHANNEL, external_id=get("Name"), row=number, currency=code,
        created_at=created or EPOCH, paid_at=moment("Paid at"),
        shipped_at=moment("Fulfilled at"), cancelled_at=moment("Cancelled at"),
        buyer_email=get("Email"), buyer_name=get("Billing Name") or get("Shipping Name"),
        buyer_phone=get("Phone") or get("Shipping Phone"), ship_name=get("Shipping Name"),
        ship_line1=get("Shipping Address1"), ship_line2=get("Shipping Address2"),
        ship_city=get("Shipping City"), ship_region=get("Shipping Province"),
        ship_postal_code=get("Shipping Zip"),
        ship_country=raw_country.upper() if len(raw_country) == 2 and raw_country.isalpha()
        else country(problems, number, label("Shipping Country"), raw_country),
        subtotal=amount("Subtotal") + discount, discount=discount,
        shipping=amount("Shipping"), tax=amount("Taxes"), total=amount("Total", True),
        refunded=amount("Refunded Amount"), service=get("Shipping Method"),
        note=get("Notes"),
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

"""Shopify ``orders_export.csv``: one row per line item; the order's columns on its first row.

Continuation rows carry the order's ``Name`` and the line item; order columns there are blank
or repeat the first row (a different value is a conflict, reported by row and column). The
order's desk id on Shopify is its ``Name`` (``#1001``). Shopify's ``Subtotal`` is after
discounts, so the desk's subtotal (before discount) is ``Subtotal + Discount Amount``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
    i_name, i_qty, i_title, i_price = (i["Name"], i["Lineitem quantity"], i["Lineitem name"],
                                       i["Lineitem price"])
    i_sku, i_variant = i["Lineitem sku"], i["Lineitem variant"]
    checked = [(name, i[name]) for name in CHECKED if i[name] is not None]
    orders: list[ImportedOrder] = []
    heads: dict[str, tuple[int, list[Any], ImportedOrder]] = {}
    current: ImportedOrder | None = None
    head: list[Any] = []
    closed_repeat = False
    for number, record in table.rows:
        tick(number)
        if not any(record):
            continue
        name = text(cell(record, i_name))
        if not name:
            problems.add(number, cols.label("Name"), "the order name is required on every row")
            continue
        if current is None or name != current.external_id:
            seen = heads.get(name)
            if seen is not None:
                # The order shows up again further down: an identical repeat (two exports
                # pasted together) is skipped; anything else is a conflict.
                first_row, first_head, current = seen
                closed_repeat = True
                _conflicts(problems, cols, checked, number, record, first_head, first_row)
                head = first_head
                continue
            closed_repeat = False
            head = record
            current = _order(cols, i, problems, number, record)
            heads[name] = (number, record, current)
            orders.append(current)
        else:
            if closed_repeat:
                continue
            _conflicts(problems, cols, checked, number, record, head, current.row)
        if closed_repeat:
            continue
        line_qty = quantity(problems, number, cols.label("Lineitem quantity"),
                            cell(record, i_qty))
        price = money(problems, number, cols.label("Lineitem price"), cell(record, i_price),
                      current.currency, mark=".", required=True)
        title = text(cell(record, i_title))
        sku = text(cell(record, i_sku))
        if not title and not sku:
            problems.add(number, cols.label("Lineitem name"), "a line needs a name or a SKU")
        current.lines.append(ImportedLine(sku, title, line_qty, price,
                                          text(cell(record, i_variant))))
    return orders


def _conflicts(problems: Problems, cols: Columns, checked: list[tuple[str, int | None]],
               number: int, record: list[Any], head: list[Any], head_row: int) -> None:
    for name, index in checked:
        value = text(cell(record, index))
        if value and value != text(cell(head, index)):
            problems.add(number, cols.label(name),
                         f"{value!r} conflicts with {text(cell(head, index))!r} on row "
                         f"{head_row} for the same order")


def _order(cols: Columns, i: dict[str, int | None], problems: Problems, number: int,
           record: list[Any]) -> ImportedOrder:
    def get(name: str) -> Any:
        return cell(record, i[name])

    def label(name: str) -> str:
        return cols.label(name)

    code = currency_code(problems, number, label("Currency"), get("Currency"))
    created = when(problems, number, label("Created at"), get("Created at"), required=True)
    financial_raw = text(get("Financial Status"))
    financial = status_map.lookup("shopify-financial", financial_raw)
    if financial is None:
        problems.add(number, label("Financial Status"),
                     f"{financial_raw!r} is not a Shopify financial status "
                     f"({status_map.known('shopify-financial')})")
    fulfil_raw = text(get("Fulfillment Status"))
    fulfilment = status_map.lookup("shopify-fulfillment", fulfil_raw)
    if fulfilment is None:
        problems.add(number, label("Fulfillment Status"),
                     f"{fulfil_raw!r} is not a Shopify fulfillment status "
                     f"({status_map.known('shopify-fulfillment')})")
    discount = money(problems, number, label("Discount Amount"), get("Discount Amount"), code,
                     mark=".")
    subtotal = money(problems, number, label("Subtotal"), get("Subtotal"), code, mark=".")
    order = ImportedOrder(
        channel=CHANNEL, external_id=text(get("Name")), row=number, currency=code,
        created_at=created or EPOCH,
        paid_at=when(problems, number, label("Paid at"), get("Paid at")),
        shipped_at=when(problems, number, label("Fulfilled at"), get("Fulfilled at")),
        cancelled_at=when(problems, number, label("Cancelled at"), get("Cancelled at")),
        buyer_email=text(get("Email")),
        buyer_name=text(get("Billing Name")) or text(get("Shipping Name")),
        buyer_phone=text(get("Phone")) or text(get("Shipping Phone")),
        ship_name=text(get("Shipping Name")), ship_line1=text(get("Shipping Address1")),
        ship_line2=text(get("Shipping Address2")), ship_city=text(get("Shipping City")),
        ship_region=text(get("Shipping Province")), ship_postal_code=text(get("Shipping Zip")),
        ship_country=country(problems, number, label("Shipping Country"),
                             get("Shipping Country")),
        subtotal=subtotal + discount, discount=discount,
        shipping=money(problems, number, label("Shipping"), get("Shipping"), code, mark="."),
        tax=money(problems, number, label("Taxes"), get("Taxes"), code, mark="."),
        total=money(problems, number, label("Total"), get("Total"), code, mark=".",
                    required=True),
        refunded=money(problems, number, label("Refunded Amount"), get("Refunded Amount"),
                       code, mark="."),
        service=text(get("Shipping Method")), note=text(get("Notes")),
        tags=",".join(t.strip() for t in text(get("Tags")).split(",") if t.strip()),
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

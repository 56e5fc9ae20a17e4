"""Invoices: A4, one per order (starting on a new page), in the order's currency.

Seller (from the settings), buyer and ship-to, the lines, then subtotal, shipping, discount,
tax and total; refunds when there were any. Amounts are the order's integer minor units,
formatted with :func:`orderdesk.domain.money.format_money` (never floats).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from orderdesk.config import Seller
from orderdesk.documents import fonts
from orderdesk.documents.label_data import seller_lines
from orderdesk.documents.order_sheet import OrderSheet
from orderdesk.documents.sheets import MARGIN, PAGE_W, Column, Sheet, local_date
from orderdesk.domain.money import format_money


def money(amount: int, code: str) -> str:
    """``US$ 12.50``; a deduction as ``−US$ 1.25`` (the one format, :func:`format_money`)."""
    return format_money(amount, code)


def invoice_number(sheet: OrderSheet) -> str:
    return invoice_number_of(sheet.order_id)


def invoice_number_of(order_id: int) -> str:
    """The invoice number of a desk order (the customs forms print it too)."""
    return f"INV-{order_id:06d}"


def totals(sheet: OrderSheet) -> list[tuple[str, int]]:
    """The totals block as (label, minor units), in the order printed."""
    rows = [("Subtotal", sheet.subtotal), ("Shipping", sheet.shipping)]
    if sheet.discount:
        rows.append(("Discount", -sheet.discount))
    if sheet.tax and sheet.subtotal + sheet.shipping - sheet.discount == sheet.total:
        # prices that include the tax (VAT marketplaces, Shopify stores): shown, not added
        rows += [("Total", sheet.total), ("incl. VAT", sheet.tax)]
    else:
        rows += [("Tax", sheet.tax), ("Total", sheet.total)]
    if sheet.refunded:
        rows += [
            ("Refunded", -sheet.refunded),
            ("Total after refunds", sheet.total - sheet.refunded),
        ]
    return rows


def write_invoices(stream: BinaryIO, orders: Sequence[OrderSheet], seller: Seller) -> int:
    """Write one invoice per order; returns the number of pages."""
    sheet = Sheet(stream, "Invoice" if len(orders) == 1 else f"{len(orders)} invoices")
    for order in orders:
        _invoice(sheet, order, seller)
    return sheet.save()


def _invoice(sheet: Sheet, order: OrderSheet, seller: Seller) -> None:
    number = invoice_number(order)
    sheet.new_page()
    sheet.footer = f"{number} · order {order.ref} · {order.channel_label} {order.external_id}"
    canvas = sheet.canvas
    top = sheet.y
    fonts.draw(canvas, MARGIN, top - 14, "INVOICE", 22, bold=True)
    right = PAGE_W - MARGIN
    facts = [
        ("Invoice", number),
        ("Date", local_date(order.paid_at or order.created_at)),
        ("Order", order.ref),
        (order.channel_label, order.external_id),
        ("Currency", order.currency),
    ]
    y = top - 6
    for label, value in facts:
        fonts.draw_fit(canvas, right - 170, y, label, 8, 62, bold=True)
        fonts.draw_fit(canvas, right, y, value, 8, 104, align="right")
        y -= 11
    seller_block = list(seller_lines(seller))
    for extra, prefix in ((seller.tax_id, "Tax id "), (seller.email, ""), (seller.phone, "")):
        if extra:
            seller_block.append(prefix + extra)
    below = min(sheet.block(MARGIN, top - 50, seller_block, heading="From"), y)
    below = min(
        sheet.block(MARGIN, below - 16, order.buyer or ("",), heading="Bill to", room=240),
        sheet.block(MARGIN + 260, below - 16, order.ship_to or ("",), heading="Ship to", room=240),
    )
    sheet.y = below - 12
    sheet.rule(0.8, 16)
    code = order.currency
    columns = [
        Column("SKU", 95),
        Column("Item", 205),
        Column("Qty", 40, "right"),
        Column("Unit price", 85, "right"),
        Column("Amount", 86, "right"),
    ]
    rows = [
        [
            line.sku,
            line.description,
            str(line.quantity),
            format_money(line.unit_price, code),
            format_money(line.amount, code),
        ]
        for line in order.lines
    ]
    sheet.table(columns, rows, on_new_page=f"Invoice {number} (continued)")
    sheet.need(14 * (len(totals(order)) + 1))
    for label, amount in totals(order):
        bold = label.startswith("Total")
        fonts.draw(canvas, right - 190, sheet.y, label, 10 if bold else 9, bold=bold)
        fonts.draw(
            canvas,
            right - 2,
            sheet.y,
            money(amount, code),
            10 if bold else 9,
            bold=bold,
            align="right",
        )
        sheet.y -= 14
    sheet.y -= 10
    sheet.text(f"Payment: {order.payment.replace('_', ' ')}", 8)

"""Packing slips (a page per order: lines with a check box and the quantity to pack) and pick
lists (units per SKU to take from the shelves, across the selected orders).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from orderdesk.documents import fonts
from orderdesk.documents.order_sheet import OrderSheet
from orderdesk.documents.sheets import MARGIN, PAGE_W, Column, Sheet
from orderdesk.store.documents_queries import PickRow


def write_packing_slips(stream: BinaryIO, orders: Sequence[OrderSheet]) -> int:
    """One document, a page (or more, for long orders) per order; returns the page count."""
    sheet = Sheet(stream, "Packing slip" if len(orders) == 1 else f"{len(orders)} packing slips")
    for order in orders:
        _slip(sheet, order)
    return sheet.save()


def _slip(sheet: Sheet, order: OrderSheet) -> None:
    sheet.new_page()
    sheet.footer = f"Packing slip · order {order.ref} · {order.channel_label} {order.external_id}"
    canvas = sheet.canvas
    top = sheet.y
    right = PAGE_W - MARGIN
    fonts.draw(canvas, MARGIN, top - 14, "PACKING SLIP", 20, bold=True)
    fonts.draw(canvas, right, top - 16, order.ref, 26, bold=True, align="right")
    fonts.draw_fit(
        canvas, right, top - 30, f"{order.channel_label} {order.external_id}", 9, 220, align="right"
    )
    below = sheet.block(
        MARGIN, top - 48, order.ship_to or ("",), heading="Ship to", size=11, room=300
    )
    carrier = " · ".join(
        part for part in (order.carrier, order.service, order.tracking_number) if part
    )
    if carrier:
        fonts.draw_fit(canvas, right, top - 60, carrier, 9, 200, align="right")
    sheet.y = below - 10
    sheet.rule(0.8, 18)
    columns = [
        Column("", 24, box=True),
        Column("Qty", 46, "right"),
        Column("SKU", 120),
        Column("Item", 321),
    ]
    rows = [["", str(line.quantity), line.sku, line.description] for line in order.lines]
    sheet.table(
        columns, rows, size=11, row_height=22, on_new_page=f"Packing slip {order.ref} (continued)"
    )
    sheet.text(
        f"{order.units} unit{'' if order.units == 1 else 's'} in "
        f"{len(order.lines)} line{'' if len(order.lines) == 1 else 's'}",
        10,
        bold=True,
    )


def write_picklist(stream: BinaryIO, rows: Sequence[PickRow], *, heading: str, orders: int) -> int:
    """Units per SKU with a check box each; returns the page count."""
    sheet = Sheet(stream, f"Pick list · {heading}")
    sheet.footer = f"Pick list · {heading}"
    sheet.new_page()
    units = sum(row.units for row in rows)
    fonts.draw(sheet.canvas, MARGIN, sheet.y - 14, "PICK LIST", 20, bold=True)
    fonts.draw_fit(
        sheet.canvas,
        PAGE_W - MARGIN,
        sheet.y - 14,
        f"{heading} · {orders} order{'' if orders == 1 else 's'} · {units} units",
        10,
        300,
        bold=True,
        align="right",
    )
    sheet.y -= 40
    columns = [
        Column("", 24, box=True),
        Column("Units", 50, "right"),
        Column("SKU", 130),
        Column("Item", 247),
        Column("Orders", 60, "right"),
    ]
    table = [
        ["", str(row.units), row.sku or "(no SKU)", row.title, str(row.orders)] for row in rows
    ]
    sheet.table(columns, table, size=10, row_height=20, on_new_page="Pick list (continued)")
    sheet.text(f"Total: {units} units of {len(rows)} SKUs", 10, bold=True)
    return sheet.save()

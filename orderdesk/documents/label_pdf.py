"""Shipping labels as PDF: 4×6 in (one label a page) or A4 (four labels a page).

Layout of one 288×432 pt label, top to bottom: ship-from and the order numbers; ship-to in
large type; carrier and service; the Code 128 barcode with its value; the item summary beside
the QR code of the tracking URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from orderdesk.documents import fonts
from orderdesk.documents.barcodes import MIN_MODULE, draw_code128, draw_qr
from orderdesk.documents.label_data import LabelData
from orderdesk.documents.output import Cancelled
from orderdesk.documents.pdf import new_canvas

LABEL_W, LABEL_H = 4 * 72.0, 6 * 72.0
MARGIN = 10.0
A4_GAP = 12.0  # around the four labels of an A4 page
A4_SCALE = min((A4[0] - 3 * A4_GAP) / (2 * LABEL_W), (A4[1] - 3 * A4_GAP) / (2 * LABEL_H))


def draw_label(canvas: Canvas, label: LabelData, *, scale: float = 1.0) -> None:
    """Draw ``label`` with its lower-left corner at the canvas origin (label units: points)."""
    right = LABEL_W - MARGIN
    room = LABEL_W - 2 * MARGIN
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)

    # Ship-from (left) and the order numbers (right).
    top = LABEL_H - MARGIN
    fonts.draw(canvas, MARGIN, top - 7, label.from_heading, 6, bold=True)
    y = top - 16
    for number, line in enumerate(label.ship_from[:4]):
        fonts.draw_fit(canvas, MARGIN, y, line, 8 if number == 0 else 7, 150, bold=number == 0)
        y -= 9
    fonts.draw_fit(canvas, right, top - 20, label.ref, 22, 110, bold=True, align="right")
    fonts.draw_fit(canvas, right, top - 33, label.channel_label, 8, 110, align="right")
    fonts.draw_fit(canvas, right, top - 43, label.order_line, 8, 110, align="right")
    rule = top - 54
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, rule, right, rule)

    # Ship-to, the largest type on the label.
    fonts.draw(canvas, MARGIN, rule - 11, label.to_heading, 7, bold=True)
    y = rule - 32
    name, *rest = label.ship_to or ("",)
    fonts.draw_fit(canvas, MARGIN, y, name, 20, room, bold=True, smallest=10)
    y -= 20
    for number, line in enumerate(rest[:4]):
        last = number == len(rest) - 1
        fonts.draw_fit(canvas, MARGIN, y, line, 14, room, bold=last, smallest=8)
        y -= 17
    rule = LABEL_H - MARGIN - 188
    canvas.line(MARGIN, rule, right, rule)

    # Carrier and service; the parcel's number in its shipment and its weight on the right.
    mark = label.parcel_mark
    side_room = 110.0 if mark or label.weight_line else 0.0
    fonts.draw_fit(canvas, MARGIN, rule - 15, label.carrier_line, 11, room - side_room, bold=True)
    if mark:
        fonts.draw_fit(canvas, right, rule - 16, mark, 14, 50, bold=True, align="right")
    if label.weight_line:
        fonts.draw_fit(canvas, right - 56, rule - 15, label.weight_line, 9, 56, align="right")
    rule -= 22
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, rule, right, rule)

    # Code 128 of the tracking number (or the desk reference), value under it.
    value = label.barcode_value
    bars_top = rule - 8
    bars_height = 62.0
    draw_code128(
        canvas,
        value,
        MARGIN - 4,
        bars_top - bars_height,
        room + 8,
        bars_height,
        what=f"order {label.ref}",
        minimum=MIN_MODULE / scale,
    )
    caption = label.barcode_caption
    fonts.draw_fit(
        canvas, LABEL_W / 2, bars_top - bars_height - 12, caption, 10, room, align="centre"
    )
    rule = bars_top - bars_height - 20
    canvas.line(MARGIN, rule, right, rule)

    # Items (left) and the QR code of the tracking URL (right).
    side = 104.0
    units = f"{label.units} unit{'' if label.units == 1 else 's'}"
    fonts.draw(canvas, MARGIN, rule - 11, f"ITEMS ({units})", 7, bold=True)
    items_room = LABEL_W - 3 * MARGIN - side
    y = rule - 23
    shown = _item_lines(label, max_lines=int((y - MARGIN) // 10) + 1)
    for line in shown:
        fonts.draw_fit(canvas, MARGIN, y, line, 8, items_room, smallest=6)
        y -= 10
    if label.tracking_url:
        draw_qr(canvas, label.tracking_url, right - side, MARGIN, side)
    canvas.setLineWidth(1.2)
    canvas.rect(1.5, 1.5, LABEL_W - 3, LABEL_H - 3, stroke=1, fill=0)


def _item_lines(label: LabelData, max_lines: int) -> list[str]:
    lines = [f"{sku} × {quantity}" for sku, quantity in label.items]
    if len(lines) <= max_lines:
        return lines
    kept = lines[: max_lines - 1]
    hidden = label.items[max_lines - 1 :]
    kept.append(f"+ {len(hidden)} more lines ({sum(q for _, q in hidden)} units)")
    return kept


def write_pdf(
    stream: BinaryIO,
    labels: Iterable[LabelData],
    total: int,
    *,
    size: str = "4x6",
    title: str = "Shipping labels",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    after: Callable[[Canvas, int], int] | None = None,
) -> int:
    """Write the labels to ``stream``; returns the number of pages.

    ``after(canvas, index)`` draws the pages that follow label ``index`` (its customs forms)
    and returns how many: after each label on 4×6, after the last label page on A4.
    """
    four = size == "a4"
    canvas = new_canvas(stream, A4 if four else (LABEL_W, LABEL_H), title)
    pages = 0
    done = 0
    for done, label in enumerate(labels, start=1):
        if cancelled is not None and cancelled():
            raise Cancelled
        slot = (done - 1) % 4 if four else 0
        if four:
            if slot == 0 and done > 1:
                canvas.showPage()
            if slot == 0:
                pages += 1
                _cut_marks(canvas)
            canvas.saveState()
            column, row = slot % 2, slot // 2
            x = A4_GAP + column * (LABEL_W * A4_SCALE + A4_GAP)
            y = A4[1] - (row + 1) * (LABEL_H * A4_SCALE + A4_GAP)
            canvas.translate(x, y)
            canvas.scale(A4_SCALE, A4_SCALE)
            draw_label(canvas, label, scale=A4_SCALE)
            canvas.restoreState()
        else:
            draw_label(canvas, label)
            canvas.showPage()
            pages += 1
            if after is not None:
                pages += after(canvas, done - 1)
        if progress is not None:
            progress(done, total)
    if four and done:
        canvas.showPage()
        if after is not None:
            pages += sum(after(canvas, index) for index in range(done))
    canvas.save()
    return pages


def _cut_marks(canvas: Canvas) -> None:
    """Light dashed lines between the four labels of an A4 page."""
    canvas.saveState()
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    middle_x = A4_GAP * 1.5 + LABEL_W * A4_SCALE
    middle_y = A4[1] - A4_GAP * 1.5 - LABEL_H * A4_SCALE
    canvas.line(middle_x, 4, middle_x, A4[1] - 4)
    canvas.line(4, middle_y, A4[0] - 4, middle_y)
    canvas.restoreState()

"""UPU customs declarations CN 22 (4×6 in, or on A4) and CN 23 (A4), and the commercial invoice.

Layouts after the UPU forms as reproduced in OECD (2018) *Misuse of Small Parcels for Trade in
Counterfeit Goods*, Annex A (CN 23), the Royal Mail/HMRC bilingual CN 23, and India Post's CN 22
with the UPU instructions (sources in docs/research/shipping-uploads-customs-manifests.md §4):
the boxes keep their UPU numbers. CN 22: category, then per article (1) description and
quantity, (2) weight in kg, (3) value with currency, (4) HS tariff number, (5) country of
origin; (6) total weight, (7) total value, the sender's certification and (8) date and
signature. No stored CN 22 copy showed the six categories of the CN 23 (returned goods and sale
of goods were added to the CN 23 in 2018); the desk prints all six on both forms, as the issue
asks. CN 23: from/to, per article (1) description, (2) quantity, (3) net weight, (5) value,
(7) HS tariff number, (8) origin; (4) total gross weight, (6) total value, (9) postal charges,
(10) category, (11) comments, (12) licence, (13) certificate, (14) invoice, the certification
and (15) date and signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from orderdesk.documents import fonts
from orderdesk.documents.addresses import country_line
from orderdesk.documents.customs_paper import (
    CATEGORY_ORDER,
    CERTIFICATION,
    CustomsPaper,
    kg,
    pages_of,
    value,
)
from orderdesk.documents.pdf import new_canvas
from orderdesk.domain.money import decimal_string, format_money

LABEL_W, LABEL_H = 4 * 72.0, 6 * 72.0
PAGE_W, PAGE_H = A4


def _box(canvas: Canvas, x: float, y: float, w: float, h: float) -> None:
    canvas.rect(x, y, w, h, stroke=1, fill=0)


def _tick(canvas: Canvas, x: float, y: float, side: float, ticked: bool) -> None:
    _box(canvas, x, y, side, side)
    if ticked:
        canvas.line(x + 1.5, y + 1.5, x + side - 1.5, y + side - 1.5)
        canvas.line(x + 1.5, y + side - 1.5, x + side - 1.5, y + 1.5)


def draw_cn22(canvas: Canvas, paper: CustomsPaper) -> None:
    """The CN 22 in a 288×432 pt box with its lower-left corner at the canvas origin."""
    d = paper.declaration
    m = 10.0
    right = LABEL_W - m
    room = LABEL_W - 2 * m
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    canvas.setLineWidth(0.8)
    top = LABEL_H - m
    fonts.draw(canvas, m, top - 12, "CUSTOMS DECLARATION", 11, bold=True)
    fonts.draw(canvas, right, top - 12, "CN 22", 14, bold=True, align="right")
    fonts.draw_fit(canvas, m, top - 24, f"Designated operator: {paper.operator}", 7, 170)
    fonts.draw(canvas, right, top - 24, "May be opened officially", 7, align="right")
    fonts.draw(canvas, m, top - 34, "Important! See instructions on the back", 6)
    fonts.draw_fit(
        canvas, right, top - 34, f"Order {paper.ref} · {paper.invoice}", 7, 120, align="right"
    )
    y = top - 40
    canvas.line(m, y, right, y)
    # category: tick one or more boxes
    fonts.draw(canvas, m, y - 9, "Tick one or more boxes", 6)
    cy = y - 22
    for number, kind in enumerate(CATEGORY_ORDER):
        x = m + (number % 3) * (room / 3)
        row = cy - (number // 3) * 12
        _tick(canvas, x, row - 1, 7, kind is d.category)
        fonts.draw(canvas, x + 10, row, kind.heading, 7)
    y = cy - 30
    canvas.line(m, y, right, y)
    # article rows: (1) (2) (3) then (4) (5) under each description
    w1, w2 = 150.0, 50.0
    x2, x3 = m + w1, m + w1 + w2
    fonts.draw(canvas, m, y - 8, "Quantity and detailed description", 6, bold=True)
    fonts.draw(canvas, m, y - 15, "of contents (1)", 6, bold=True)
    fonts.draw(canvas, x2 + 2, y - 8, "Weight", 6, bold=True)
    fonts.draw(canvas, x2 + 2, y - 15, "(in kg) (2)", 6, bold=True)
    fonts.draw(canvas, x3 + 2, y - 8, "Value (3)", 6, bold=True)
    fonts.draw(canvas, x3 + 2, y - 15, f"({d.currency})", 6, bold=True)
    header_bottom = y - 19
    canvas.line(m, header_bottom, right, header_bottom)
    row_h = 22.0
    foot_h = 150.0
    rows_room = int((header_bottom - foot_h) // row_h)
    shown = list(d.lines)
    extra: list[str] = []
    if len(shown) > rows_room:
        hidden = shown[rows_room - 1 :]
        shown = shown[: rows_room - 1]
        extra = [f"+ {len(hidden)} more articles: see the attached invoice {paper.invoice}"]
    y = header_bottom
    for line in shown:
        fonts.draw_fit(canvas, m + 2, y - 9, f"{line.quantity} × {line.description}", 7, w1 - 4)
        fonts.draw_fit(
            canvas,
            m + 2,
            y - 18,
            f"HS tariff number (4): {line.hs_code}   Origin (5): {line.origin}",
            6,
            w1 - 4,
        )
        fonts.draw(canvas, x3 - 3, y - 9, kg(line.weight_g), 7, align="right")
        fonts.draw_fit(
            canvas,
            right - 2,
            y - 9,
            value(line.value, d.currency),
            7,
            right - x3 - 4,
            align="right",
        )
        y -= row_h
        canvas.setLineWidth(0.3)
        canvas.line(m, y, right, y)
        canvas.setLineWidth(0.8)
    for text in extra:
        fonts.draw_fit(canvas, m + 2, y - 9, text, 6.5, room - 4)
        y -= 12
    canvas.line(x2, y, x2, header_bottom + 19)
    canvas.line(x3, y, x3, header_bottom + 19)
    # (6) total weight, (7) total value
    fonts.draw(canvas, m + 2, y - 9, "Total weight (in kg) (6)", 6, bold=True)
    fonts.draw(canvas, x3 - 3, y - 20, kg(d.total_weight_g), 8, bold=True, align="right")
    fonts.draw(canvas, x3 + 2, y - 9, "Total value (7)", 6, bold=True)
    fonts.draw_fit(
        canvas,
        right - 2,
        y - 20,
        value(d.total_value, d.currency),
        8,
        right - x3 - 4,
        bold=True,
        align="right",
    )
    canvas.line(x2, y, x2, y - 26)
    canvas.line(x3, y, x3, y - 26)
    y -= 26
    canvas.line(m, y, right, y)
    y -= 10
    for piece in fonts.wrap(CERTIFICATION, 6.5, room - 4, max_lines=6):
        fonts.draw(canvas, m + 2, y, piece, 6.5)
        y -= 8
    y -= 4
    fonts.draw(canvas, m + 2, y, "Date and sender's signature (8)", 6, bold=True)
    fonts.draw(canvas, m + 2, y - 14, paper.date.strftime("%Y-%m-%d"), 8)
    canvas.line(m + 80, y - 16, right - 4, y - 16)
    canvas.setLineWidth(1.2)
    canvas.rect(1.5, 1.5, LABEL_W - 3, LABEL_H - 3, stroke=1, fill=0)
    canvas.setLineWidth(0.8)


def draw_cn23(canvas: Canvas, paper: CustomsPaper) -> None:
    """The CN 23 on one A4 page (the articles past the first 12 continue on the invoice)."""
    d = paper.declaration
    m = 36.0
    right = PAGE_W - m
    room = right - m
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    canvas.setLineWidth(0.8)
    top = PAGE_H - m
    fonts.draw(canvas, m, top - 16, "CUSTOMS DECLARATION", 15, bold=True)
    fonts.draw(canvas, right, top - 16, "CN 23", 20, bold=True, align="right")
    fonts.draw_fit(canvas, m, top - 30, f"Designated operator: {paper.operator}", 8, 300)
    fonts.draw(canvas, right, top - 30, "May be opened officially", 8, align="right")
    fonts.draw(canvas, m, top - 41, "Important! See instructions on the back", 7)
    fonts.draw(canvas, right, top - 41, f"No. of item: {paper.ref}", 8, align="right")
    y = top - 48
    half = room / 2
    block_h = 118.0
    _box(canvas, m, y - block_h, half, block_h)
    _box(canvas, m + half, y - block_h, half, block_h)
    for x, heading, lines in (
        (m, "From", paper.sender),
        (m + half, "To", paper.addressee),
    ):
        fonts.draw(canvas, x + 4, y - 10, heading, 8, bold=True)
        ly = y - 24
        for number, text in enumerate(lines[:6]):
            fonts.draw_fit(canvas, x + 4, ly, text, 9, half - 8, bold=number == 0)
            ly -= 12
    fonts.draw_fit(
        canvas,
        m + 4,
        y - block_h + 18,
        f"Tel. No.: {paper.sender_phone}",
        7,
        half - 8,
    )
    fonts.draw_fit(
        canvas,
        m + 4,
        y - block_h + 6,
        f"Sender's customs reference (if any): {paper.sender_tax_id}",
        7,
        half - 8,
    )
    fonts.draw(canvas, m + half + 4, y - block_h + 6, "Importer/addressee reference (if any):", 7)
    y -= block_h
    # articles
    columns = (
        ("Detailed description of contents (1)", 190.0, "left"),
        ("Quantity (2)", 50.0, "right"),
        ("Net weight (in kg) (3)", 62.0, "right"),
        (f"Value (5) ({d.currency})", 72.0, "right"),
        ("HS tariff number (7)", 80.0, "left"),
        ("Country of origin (8)", room - 454.0, "left"),
    )
    head_h = 26.0
    _box(canvas, m, y - head_h, room, head_h)
    x = m
    for title, wide, _align in columns:
        for number, piece in enumerate(fonts.wrap(title, 6.5, wide - 6)[:2]):
            fonts.draw(canvas, x + 3, y - 9 - number * 8, piece, 6.5, bold=True)
        x += wide
    fonts.draw(canvas, m + 454 + 3, y - 24, "commercial items", 5.5)
    fonts.draw(canvas, m + 374 + 3, y - 24, "commercial items", 5.5)
    y -= head_h
    row_h = 15.0
    max_rows = 12
    shown = list(d.lines[:max_rows])
    table_top = y
    for line in shown:
        cells = (
            line.description,
            str(line.quantity),
            kg(line.weight_g),
            decimal_string(line.value, d.currency),
            line.hs_code,
            country_line(line.origin),
        )
        x = m
        for (_title, wide, align), text in zip(columns, cells, strict=True):
            tx = x + wide - 3 if align == "right" else x + 3
            fonts.draw_fit(canvas, tx, y - 11, text, 8, wide - 6, align=align)
            x += wide
        y -= row_h
        canvas.setLineWidth(0.3)
        canvas.line(m, y, right, y)
        canvas.setLineWidth(0.8)
    if len(d.lines) > max_rows:
        fonts.draw(
            canvas,
            m + 3,
            y - 11,
            f"+ {len(d.lines) - max_rows} more articles: see the attached invoice {paper.invoice}",
            8,
        )
        y -= row_h
    _box(canvas, m, y, room, table_top - y)
    x = m
    for _title, wide, _align in columns[:-1]:
        x += wide
        canvas.line(x, y, x, table_top + head_h)
    # totals (4) (6) (9)
    totals_h = 30.0
    thirds = room / 3
    for number, (heading, text) in enumerate(
        (
            ("Total gross weight (in kg) (4)", kg(d.total_weight_g)),
            ("Total value (6)", value(d.total_value, d.currency)),
            ("Postal charges/Fees (9)", value(d.postage, d.currency)),
        )
    ):
        bx = m + number * thirds
        _box(canvas, bx, y - totals_h, thirds, totals_h)
        fonts.draw(canvas, bx + 3, y - 9, heading, 6.5, bold=True)
        fonts.draw_fit(canvas, bx + 3, y - 23, text, 10, thirds - 6, bold=True)
    y -= totals_h
    # (10) category, (11) comments
    cat_h = 48.0
    _box(canvas, m, y - cat_h, half, cat_h)
    _box(canvas, m + half, y - cat_h, half, cat_h)
    fonts.draw(canvas, m + 3, y - 9, "Category of item (10)", 6.5, bold=True)
    for number, kind in enumerate(CATEGORY_ORDER):
        cx = m + 6 + (number % 2) * (half / 2)
        cy = y - 22 - (number // 2) * 11
        _tick(canvas, cx, cy - 1, 7, kind is d.category)
        fonts.draw(canvas, cx + 10, cy, kind.heading, 7)
    fonts.draw(canvas, m + half + 3, y - 9, "Comments (11): e.g. goods subject to quarantine,", 6.5)
    fonts.draw(canvas, m + half + 3, y - 17, "sanitary/phytosanitary inspection or other", 6.5)
    fonts.draw(canvas, m + half + 3, y - 25, "restrictions", 6.5)
    y -= cat_h
    # (12) licence, (13) certificate, (14) invoice
    lic_h = 30.0
    for number, (heading, text) in enumerate(
        (
            ("Licence (12) No(s). of licence(s)", ""),
            ("Certificate (13) No(s). of certificate(s)", ""),
            ("Invoice (14) No. of invoice", paper.invoice),
        )
    ):
        bx = m + number * thirds
        _box(canvas, bx, y - lic_h, thirds, lic_h)
        fonts.draw(canvas, bx + 3, y - 9, heading, 6.5, bold=True)
        _tick(canvas, bx + 3, y - 24, 7, bool(text))
        fonts.draw_fit(canvas, bx + 14, y - 23, text, 9, thirds - 18)
    y -= lic_h
    # certification and (15)
    sig_h = 64.0
    _box(canvas, m, y - sig_h, room * 0.62, sig_h)
    _box(canvas, m + room * 0.62, y - sig_h, room * 0.38, sig_h)
    ty = y - 10
    for piece in fonts.wrap(CERTIFICATION, 7, room * 0.62 - 8, max_lines=6):
        fonts.draw(canvas, m + 4, ty, piece, 7)
        ty -= 9
    fonts.draw(canvas, m + 4, y - sig_h + 18, "Date and sender's signature (15)", 6.5, bold=True)
    fonts.draw(canvas, m + 4, y - sig_h + 6, paper.date.strftime("%Y-%m-%d"), 8)
    canvas.line(m + 70, y - sig_h + 6, m + room * 0.62 - 8, y - sig_h + 6)
    fonts.draw(
        canvas, m + room * 0.62 + 4, y - 10, "Office of origin/Date of posting", 6.5, bold=True
    )


def draw_commercial_invoice(canvas: Canvas, paper: CustomsPaper) -> None:
    """A one-page A4 commercial invoice (export) of the declared articles."""
    d = paper.declaration
    m = 42.0
    right = PAGE_W - m
    room = right - m
    top = PAGE_H - m
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    fonts.draw(canvas, m, top - 18, "COMMERCIAL INVOICE", 20, bold=True)
    facts = (
        ("Invoice", paper.invoice),
        ("Date", paper.date.strftime("%Y-%m-%d")),
        ("Order", paper.ref),
        ("Currency", d.currency),
        ("Reason for export", d.category.heading),
    )
    fy = top - 8
    for heading, text in facts:
        fonts.draw(canvas, right - 190, fy, heading, 8, bold=True)
        fonts.draw_fit(canvas, right, fy, text, 8, 100, align="right")
        fy -= 11
    y = top - 76
    half = room / 2
    for x, heading, lines in (
        (m, "Exporter / shipper", paper.sender),
        (m + half, "Consignee / importer", paper.addressee),
    ):
        fonts.draw(canvas, x, y, heading, 8, bold=True)
        ly = y - 13
        for text in lines[:6]:
            fonts.draw_fit(canvas, x, ly, text, 9, half - 10)
            ly -= 11
    if paper.sender_tax_id:
        fonts.draw(canvas, m, y - 13 - 6 * 11, f"Tax id {paper.sender_tax_id}", 8)
    y -= 100
    columns = (
        ("Description", 170.0, "left"),
        ("HS code", 62.0, "left"),
        ("Origin", 40.0, "left"),
        ("Qty", 34.0, "right"),
        ("Net kg", 50.0, "right"),
        ("Unit value", 76.0, "right"),
        ("Amount", room - 432.0, "right"),
    )
    canvas.setLineWidth(0.8)
    canvas.line(m, y + 4, right, y + 4)
    x = m
    for title, wide, align in columns:
        tx = x + wide - 2 if align == "right" else x + 2
        fonts.draw(canvas, tx, y - 7, title, 7.5, bold=True, align=align)
        x += wide
    y -= 12
    canvas.line(m, y, right, y)
    for line in d.lines:
        if y < m + 140:
            fonts.draw(canvas, m, y - 10, f"… {len(d.lines)} articles in all", 8)
            y -= 14
            break
        unit = line.value // line.quantity if line.quantity else 0
        cells = (
            f"{line.description} ({line.sku})",
            line.hs_code,
            line.origin,
            str(line.quantity),
            kg(line.weight_g),
            decimal_string(unit, d.currency),
            decimal_string(line.value, d.currency),
        )
        x = m
        for (_title, wide, align), text in zip(columns, cells, strict=True):
            tx = x + wide - 2 if align == "right" else x + 2
            fonts.draw_fit(canvas, tx, y - 10, text, 8, wide - 4, align=align)
            x += wide
        y -= 14
    canvas.line(m, y, right, y)
    y -= 14
    for heading, amount in (
        ("Goods", d.total_value),
        ("Shipping", d.postage),
        ("Total", d.total_value + d.postage),
    ):
        bold = heading == "Total"
        fonts.draw(canvas, right - 190, y, heading, 9, bold=bold)
        fonts.draw(
            canvas, right - 2, y, format_money(amount, d.currency), 9, bold=bold, align="right"
        )
        y -= 13
    fonts.draw(canvas, m, y, f"Total net weight: {kg(d.total_weight_g)} kg", 9)
    y -= 26
    statement = (
        "I declare that the information on this invoice is true and correct, and that the "
        f"contents of this shipment are as stated above. Customs form: {d.form[:2]} {d.form[2:]}."
    )
    for piece in fonts.wrap(statement, 8, room):
        fonts.draw(canvas, m, y, piece, 8)
        y -= 10
    y -= 26
    canvas.line(m, y, m + 220, y)
    fonts.draw(canvas, m, y - 10, "Signature, name and date", 7)


def write_forms(
    stream: BinaryIO,
    papers: Sequence[CustomsPaper],
    *,
    commercial_invoice: bool = False,
    size: str = "a4",
) -> int:
    """The forms of ``papers`` in one PDF; returns the number of pages.

    ``size`` "4x6" draws each CN 22 on its own 4×6 page (as printed with the label); "a4" puts a
    CN 22 at the top left of an A4 page. A CN 23 is always A4 and, for a sale of goods, is
    followed by the commercial invoice (UPU CN 23 instructions: commercial items need one);
    ``commercial_invoice`` adds it to every order.
    """
    title = "Customs forms" if len(papers) != 1 else f"Customs {papers[0].ref}"
    canvas = new_canvas(stream, (LABEL_W, LABEL_H) if size == "4x6" else A4, title)
    pages = 0
    for paper in papers:
        pages += draw_pages(canvas, paper, size=size, commercial_invoice=commercial_invoice)
    canvas.save()
    return pages


def draw_pages(
    canvas: Canvas, paper: CustomsPaper, *, size: str, commercial_invoice: bool = False
) -> int:
    """Draw the pages of one order's customs papers on ``canvas``; returns how many."""
    pages = 0
    for kind in pages_of(paper, commercial_invoice=commercial_invoice):
        if kind == "CN22":
            if size == "4x6":
                canvas.setPageSize((LABEL_W, LABEL_H))
                draw_cn22(canvas, paper)
            else:
                canvas.setPageSize(A4)
                canvas.saveState()
                canvas.translate(12, PAGE_H - 12 - LABEL_H)
                draw_cn22(canvas, paper)
                canvas.restoreState()
        else:
            canvas.setPageSize(A4)
            (draw_cn23 if kind == "CN23" else draw_commercial_invoice)(canvas, paper)
        canvas.showPage()
        pages += 1
    return pages

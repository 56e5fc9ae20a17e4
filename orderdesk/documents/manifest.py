"""The end-of-day manifest: per carrier, every parcel handed over, on A4 pages.

Each row: the tracking barcode (Code 128, decodable), the order, the parcel's number in its
shipment and its weight; the last page of a carrier ends with the counts, the total weight and
a signature line for the driver. Renders only: the caller marks the parcels handed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from orderdesk.documents import fonts
from orderdesk.documents.barcodes import draw_code128
from orderdesk.documents.pdf import new_canvas

MARGIN = 36.0
ROW_H = 46.0
BARCODE_W = 230.0


@dataclass(frozen=True)
class ManifestParcel:
    tracking_number: str
    order_ref: str
    external_id: str
    parcel: int
    parcels: int
    weight_g: int


def write_manifest(
    stream: BinaryIO,
    carrier: str,
    day: date,
    sender: str,
    parcels: Sequence[ManifestParcel],
) -> int:
    """Write the manifest of ``carrier`` for ``day``; returns the number of pages."""
    width, height = A4
    canvas = new_canvas(stream, A4, f"Manifest {carrier} {day.isoformat()}")
    per_page = int((height - 2 * MARGIN - 90 - 110) // ROW_H)
    pages = max(1, -(-len(parcels) // per_page))
    total_g = sum(p.weight_g for p in parcels)
    shipments = len({p.tracking_number for p in parcels})
    for page in range(pages):
        top = height - MARGIN
        fonts.draw(canvas, MARGIN, top - 16, f"Manifest — {carrier}", 16, bold=True)
        fonts.draw(canvas, MARGIN, top - 32, f"Handed over {day.isoformat()} by {sender}", 9)
        fonts.draw(canvas, width - MARGIN, top - 16, f"page {page + 1}/{pages}", 9, align="right")
        y = top - 60
        fonts.draw(canvas, MARGIN, y, "TRACKING", 7, bold=True)
        fonts.draw(canvas, MARGIN + BARCODE_W + 16, y, "ORDER", 7, bold=True)
        fonts.draw(canvas, MARGIN + BARCODE_W + 150, y, "PARCEL", 7, bold=True)
        fonts.draw(canvas, width - MARGIN, y, "WEIGHT", 7, bold=True, align="right")
        y -= 8
        for item in parcels[page * per_page : (page + 1) * per_page]:
            y -= ROW_H
            draw_code128(
                canvas, item.tracking_number, MARGIN, y + 12, BARCODE_W, 26,
                what=f"order {item.order_ref}",
            )  # fmt: skip
            fonts.draw(canvas, MARGIN, y + 2, item.tracking_number, 7)
            text_y = y + 22
            fonts.draw(canvas, MARGIN + BARCODE_W + 16, text_y, item.order_ref, 10, bold=True)
            fonts.draw_fit(canvas, MARGIN + BARCODE_W + 16, text_y - 11, item.external_id, 7, 125)
            fonts.draw(
                canvas, MARGIN + BARCODE_W + 150, text_y, f"{item.parcel}/{item.parcels}", 10
            )
            fonts.draw(
                canvas, width - MARGIN, text_y, f"{item.weight_g / 1000:.3f} kg", 10,
                align="right",
            )  # fmt: skip
        if page == pages - 1:
            y -= 30
            summary = (
                f"{len(parcels)} parcel{'s' if len(parcels) != 1 else ''} · {shipments} "
                f"shipment{'s' if shipments != 1 else ''} · total {total_g / 1000:.3f} kg"
            )
            fonts.draw(canvas, MARGIN, y, summary, 11, bold=True)
            y -= 50
            canvas.setLineWidth(0.8)
            canvas.line(MARGIN, y, MARGIN + 220, y)
            canvas.line(width - MARGIN - 160, y, width - MARGIN, y)
            fonts.draw(canvas, MARGIN, y - 11, "Carrier's signature and name", 8)
            fonts.draw(canvas, width - MARGIN - 160, y - 11, "Date and time", 8)
        canvas.showPage()
    canvas.save()
    return pages

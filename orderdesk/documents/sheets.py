"""A4 documents drawn top to bottom: a cursor that starts a new page when the next row
would not fit, and tables whose header repeats on each page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from reportlab.lib.pagesizes import A4

from orderdesk.documents import fonts
from orderdesk.documents.pdf import new_canvas

PAGE_W, PAGE_H = A4
MARGIN = 42.0


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # points
    align: str = "left"  # left | right | centre
    box: bool = False  # a check box instead of text


class Sheet:
    """One PDF of A4 pages; ``y`` is the baseline of the next line."""

    def __init__(self, stream: BinaryIO, title: str) -> None:
        self.canvas = new_canvas(stream, A4, title)
        self.y = PAGE_H - MARGIN
        self.footer = ""
        self.pages = 0
        self._drawn = False

    @property
    def width(self) -> float:
        return float(PAGE_W - 2 * MARGIN)

    def new_page(self) -> None:
        """Finish the current page (if anything is on it) and start a fresh one."""
        if self._drawn:
            self._finish_page()
        self.y = PAGE_H - MARGIN
        self._drawn = True

    def _finish_page(self) -> None:
        self.pages += 1
        if self.footer:
            fonts.draw(self.canvas, PAGE_W / 2, MARGIN / 2, self.footer, 7, align="centre")
        self.canvas.showPage()

    def room(self, height: float) -> bool:
        return bool(self.y - height >= MARGIN)

    def need(self, height: float) -> None:
        if not self._drawn or not self.room(height):
            self.new_page()

    def text(
        self,
        text: str,
        size: float = 9,
        *,
        bold: bool = False,
        x: float = MARGIN,
        room: float | None = None,
        align: str = "left",
        gap: float | None = None,
    ) -> None:
        self.need(size * 1.3)
        fonts.draw_fit(
            self.canvas,
            x,
            self.y,
            text,
            size,
            room or self.width,
            bold=bold,
            align=align,
            smallest=min(size, 6),
        )
        self.y -= gap if gap is not None else size * 1.35

    def block(
        self,
        x: float,
        top: float,
        lines: Sequence[str],
        *,
        size: float = 9,
        heading: str = "",
        room: float = 240,
    ) -> float:
        """Lines at ``x`` from ``top`` down (first line bold); returns the y below them."""
        y = top
        if heading:
            fonts.draw(self.canvas, x, y, heading.upper(), 7, bold=True)
            y -= 12
        for number, line in enumerate(lines):
            fonts.draw_fit(self.canvas, x, y, line, size, room, bold=number == 0)
            y -= size * 1.35
        return y

    def rule(self, weight: float = 0.6, gap: float = 8) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.line(MARGIN, self.y, PAGE_W - MARGIN, self.y)
        self.y -= gap

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 9,
        row_height: float | None = None,
        on_new_page: str = "",
    ) -> None:
        """Rows under a bold header; a new page repeats the header (and ``on_new_page``)."""
        height = row_height or size * 1.6
        self._table_header(columns, size)
        for row in rows:
            if not self.room(height):
                self.new_page()
                if on_new_page:
                    self.text(on_new_page, 9, bold=True)
                self._table_header(columns, size)
            x = MARGIN
            for column, cell in zip(columns, row, strict=True):
                if column.box:
                    box = min(height - 4, 11)
                    self.canvas.setLineWidth(0.8)
                    self.canvas.rect(x + 2, self.y - 2, box, box, stroke=1, fill=0)
                else:
                    anchor = {
                        "left": x + 2,
                        "right": x + column.width - 2,
                        "centre": x + column.width / 2,
                    }[column.align]
                    fonts.draw_fit(
                        self.canvas,
                        anchor,
                        self.y,
                        cell,
                        size,
                        column.width - 4,
                        align=column.align,
                        smallest=min(size, 6),
                    )
                x += column.width
            self.y -= height
        self.canvas.setLineWidth(0.4)
        self.canvas.line(
            MARGIN,
            self.y + height - size * 0.6,
            MARGIN + sum(c.width for c in columns),
            self.y + height - size * 0.6,
        )
        self.y -= 6

    def _table_header(self, columns: Sequence[Column], size: float) -> None:
        self.need(size * 3.5)
        x = MARGIN
        for column in columns:
            anchor = {"left": x + 2, "right": x + column.width - 2, "centre": x + column.width / 2}[
                column.align
            ]
            fonts.draw_fit(
                self.canvas,
                anchor,
                self.y,
                column.title,
                size - 1,
                column.width - 4,
                bold=True,
                align=column.align,
            )
            x += column.width
        self.canvas.setLineWidth(0.8)
        line_y = self.y - size * 0.5
        self.canvas.line(MARGIN, line_y, MARGIN + sum(c.width for c in columns), line_y)
        self.y -= size * 1.8

    def save(self) -> int:
        if self._drawn:
            self._finish_page()
        self.canvas.save()
        return self.pages


def local_date(value: datetime | None) -> str:
    """A stored UTC time as the seller's local date (``2026-10-01``); "" when unset."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone():%Y-%m-%d}"

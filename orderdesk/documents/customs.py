"""Customs papers for a batch of orders: read the orders and their catalogue rows, write one PDF.

The domain (:mod:`orderdesk.domain.customs`) decides the form and refuses a declaration that
lacks a fact; this module gathers the papers' surroundings (seller, addressee, invoice number)
and writes the document atomically. One refused order refuses the whole run: nothing is
written, so that no parcel leaves with half its papers. The label document calls
:func:`label_customs` for each order it prints, so cross-border labels carry their CN 22/CN 23.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib.pagesizes import A4

from orderdesk.documents.invoice import invoice_number_of
from orderdesk.documents.label_data import seller_lines, ship_to_lines
from orderdesk.documents.output import default_path, write_atomically
from orderdesk.domain.customs import Category, crosses_border, declaration
from orderdesk.domain.errors import BadInput, Refused

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from orderdesk.config import Settings
    from orderdesk.documents.customs_paper import CustomsPaper
    from orderdesk.domain.models import Order
    from orderdesk.store.database import Database


@dataclass
class CustomsRun:
    path: Path | None  # None when nothing was written
    orders: list[int]
    forms: list[str]  # "CN22"/"CN23" per order, in order
    pages: int
    refused: list[tuple[str, str]] = field(default_factory=list)  # (ref, the rule's line)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (ref, why)

    @property
    def exit_status(self) -> int:
        if self.unknown:
            return 2
        return 1 if self.refused else 0


def paper_for(uow: Any, order: Order, settings: Settings, kind: Category) -> CustomsPaper:
    """The order's customs paper (raises :class:`Refused` from the domain's rule)."""
    from orderdesk.documents.customs_paper import CustomsPaper

    products = {line.sku: uow.product(line.sku) for line in order.lines if line.sku}
    seller = settings.seller
    found = declaration(order, products, seller_country=seller.country, kind=kind)
    return CustomsPaper(
        declaration=found,
        ref=f"#{order.id}",
        invoice=invoice_number_of(order.id or 0),
        sender=seller_lines(seller),
        addressee=ship_to_lines(order),
        sender_phone=seller.phone,
        sender_tax_id=seller.tax_id,
        date=uow.now(),
        operator=order.carrier,
    )


def label_customs(uow: Any, order: Order, settings: Settings) -> CustomsPaper | None:
    """The customs paper a label of ``order`` carries: None within the seller's country."""
    if not crosses_border(order, settings.seller.country):
        return None
    return paper_for(uow, order, settings, Category.SALE)


def customs_pages(
    papers: Sequence[CustomsPaper | None], size: str
) -> Callable[[Canvas, int], int] | None:
    """What the label document calls after label ``index``: draws its customs pages (if any)
    and gives back the label page size; returns the number of pages drawn."""
    if not any(papers):
        return None

    def draw(canvas: Canvas, index: int) -> int:
        from orderdesk.documents.customs_forms import LABEL_H, LABEL_W, draw_pages

        paper = papers[index]
        if paper is None:
            return 0
        drawn = draw_pages(canvas, paper, size=size)
        canvas.setPageSize(A4 if size == "a4" else (LABEL_W, LABEL_H))
        return drawn

    return draw


def customs_labels(papers: Sequence[CustomsPaper | None]) -> Callable[[int], str] | None:
    """What the ZPL label document writes after label ``index``: its customs form as 4×6 ZPL
    labels (:mod:`orderdesk.documents.customs_zpl`), or ""."""
    if not any(papers):
        return None

    def labels(index: int) -> str:
        from orderdesk.documents.customs_zpl import zpl_customs

        paper = papers[index]
        return "" if paper is None else zpl_customs(paper)

    return labels


def write_customs(
    database: Database,
    refs: Sequence[str | int],
    *,
    settings: Settings,
    out: Path | None = None,
    kind: Category = Category.SALE,
    commercial_invoice: bool = False,
    size: str = "a4",
) -> CustomsRun:
    """One PDF with the customs papers of every named order, or nothing when one is refused."""
    from orderdesk.documents.customs_forms import write_forms

    papers: list[CustomsPaper] = []
    refused: list[tuple[str, str]] = []
    unknown: list[tuple[str, str]] = []
    seen: set[int] = set()
    with database.uow() as uow:  # read only: rolled back on exit
        for ref in refs:
            try:
                order = uow.order(ref)
            except BadInput as error:
                unknown.append((str(ref), error.message))
                continue
            if order.id in seen:
                continue
            seen.add(order.id or 0)
            try:
                papers.append(paper_for(uow, order, settings, kind))
            except Refused as error:
                refused.append((str(ref), error.message))
    if refused or unknown or not papers:
        return CustomsRun(None, [], [], 0, refused, unknown)
    ids = [paper.declaration.order_id for paper in papers]
    target = Path(out) if out is not None else default_path("customs", ids, "pdf", database.clock())
    pages: list[int] = []
    path = write_atomically(
        target,
        lambda stream: pages.append(
            write_forms(stream, papers, commercial_invoice=commercial_invoice, size=size)
        ),
    )
    return CustomsRun(path, ids, [paper.declaration.form for paper in papers], pages[0])

"""What every customs form prints, in PDF (customs_forms) or ZPL (customs_zpl): the paper of one
order (its declaration and surroundings), the UPU certification, the category boxes' order, and
the way weights and values are written."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from orderdesk.domain.customs import Category, Declaration
from orderdesk.domain.money import decimal_string

CERTIFICATION = (
    "I, the undersigned, whose name and address are given on the item, certify that the "
    "particulars given in this declaration are correct and that this item does not contain "
    "any dangerous article or articles prohibited by legislation or by postal or customs "
    "regulations."
)
CATEGORY_ORDER = (
    Category.GIFT,
    Category.SAMPLE,
    Category.DOCUMENTS,
    Category.RETURN,
    Category.SALE,
    Category.OTHER,
)


@dataclass(frozen=True)
class CustomsPaper:
    """A declaration with what the forms print around it."""

    declaration: Declaration
    ref: str  # "#123"
    invoice: str  # the invoice number (box 14)
    sender: tuple[str, ...]  # seller name first, country last
    addressee: tuple[str, ...]  # ship-to name first, country last
    sender_phone: str
    sender_tax_id: str
    date: datetime
    operator: str = ""  # the designated operator (the carrier), when chosen


def kg(grams: int) -> str:
    """Grams as kg with three decimals: ``0.250``."""
    return f"{grams / 1000:.3f}"


def value(amount: int, currency: str) -> str:
    """A value as the forms want it: the amount and the ISO currency (``12.50 USD``)."""
    return f"{decimal_string(amount, currency)} {currency}"


def pages_of(paper: CustomsPaper, *, commercial_invoice: bool = False) -> Iterable[str]:
    """The pages an order's customs papers take: its form, then the invoice where one is due."""
    d = paper.declaration
    yield d.form
    if commercial_invoice or (d.form == "CN23" and d.category is Category.SALE):
        yield "invoice"

"""What a product is: its facts checked once, for the command line, the desk and imports.

Barcodes are GS1 numbers (EAN-8, UPC-A, EAN-13, GTIN-14) with their check digit; HS codes are
6 to 10 digits (dots and spaces as people write them are dropped); the country of origin is an
ISO 3166 two-letter code. Each checker returns the value as stored or raises
:class:`~orderdesk.domain.errors.BadInput` with the reason (the caller names the SKU, or the row
and column).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from orderdesk.domain.errors import BadInput

BARCODE_KINDS = {8: "EAN-8", 12: "UPC-A", 13: "EAN-13", 14: "GTIN-14"}
MAX_TITLE = 200
MAX_CUSTOMS = 200
MAX_UNITS = 10_000_000
MAX_WEIGHT_G = 1_000_000


def gs1_check_digit(body: str) -> int:
    """The GS1 check digit of the digits before it (weights 3, 1, … from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def check_barcode(value: str) -> str:
    code = "".join(value.split())
    if not code:
        return ""
    if not code.isdigit() or not code.isascii():
        raise BadInput(f"{value!r} is not a barcode (EAN/UPC digits only)")
    kind = BARCODE_KINDS.get(len(code))
    if kind is None:
        raise BadInput(f"{value!r} has {len(code)} digits; an EAN/UPC has 8, 12, 13 or 14")
    digit = gs1_check_digit(code[:-1])
    if int(code[-1]) != digit:
        raise BadInput(f"{value!r}: the check digit of this {kind} should be {digit}")
    return code


def check_hs_code(value: str) -> str:
    code = value.replace(".", "").replace(" ", "").strip()
    if not code:
        return ""
    if not code.isdigit() or not code.isascii() or not 6 <= len(code) <= 10:
        raise BadInput(f"{value!r} is not an HS code (6 to 10 digits, e.g. 6912.00)")
    return code


def check_origin(value: str) -> str:
    code = value.strip().upper()
    if not code:
        return ""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise BadInput(f"{value!r} is not a two-letter country code (CN, AR, US…)")
    return code


def check_text(value: str, limit: int) -> str:
    text = " ".join(value.split())
    if len(text) > limit:
        raise BadInput(f"longer than {limit} characters")
    return text


def check_units(value: int, *, what: str = "units") -> int:
    if value < 0:
        raise BadInput(f"{value}: {what} cannot be negative")
    if value > MAX_UNITS:
        raise BadInput(f"{value}: more than {MAX_UNITS:,} {what}")
    return value


def check_weight(value: int) -> int:
    if value < 0:
        raise BadInput(f"{value}: a weight cannot be negative")
    if value > MAX_WEIGHT_G:
        raise BadInput(f"{value}: more than a tonne; the weight is in grams")
    return value


def check_sku(value: str) -> str:
    sku = value.strip()
    if not sku:
        raise BadInput("a SKU is required")
    if len(sku) > 64 or any(c.isspace() for c in sku):
        raise BadInput(f"{value!r} is not a SKU (no spaces, at most 64 characters)")
    return sku


@dataclass
class ProductDraft:
    """A product as the seller gives it; ``None`` leaves a stored field as it is."""

    sku: str
    title: str | None = None
    on_hand: int | None = None
    low_stock: int | None = None
    barcode: str | None = None
    weight_g: int | None = None
    hs_code: str | None = None
    origin: str | None = None
    customs_description: str | None = None

    def given(self) -> dict[str, Any]:
        """The fields given, besides the SKU."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "sku" and getattr(self, f.name) is not None
        }


_CHECKS: dict[str, Any] = {
    "title": lambda v: check_text(v, MAX_TITLE),
    "on_hand": lambda v: check_units(v, what="units on hand"),
    "low_stock": lambda v: check_units(v, what="units (low-stock threshold)"),
    "barcode": check_barcode,
    "weight_g": check_weight,
    "hs_code": check_hs_code,
    "origin": check_origin,
    "customs_description": lambda v: check_text(v, MAX_CUSTOMS),
}


def checked(draft: ProductDraft) -> tuple[ProductDraft, dict[str, str]]:
    """The draft with every given field as stored, and the problems by field."""
    problems: dict[str, str] = {}
    try:
        sku = check_sku(draft.sku)
    except BadInput as error:
        problems["sku"] = error.message
        sku = draft.sku
    out = ProductDraft(sku)
    for name, value in draft.given().items():
        try:
            setattr(out, name, _CHECKS[name](value))
        except BadInput as error:
            problems[name] = error.message
    return out, problems

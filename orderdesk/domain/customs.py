"""Customs declarations for parcels leaving the seller's country: which form, and its lines.

The rule of the form, written once: a parcel whose contents are worth **at most 300 SDR** gets
the UPU CN 22; above that, the CN 23 ("If the value of the contents is over 300 SDR, you must use
a CN 23 form", UPU CN 22 instructions). The order's value is converted to SDR with
:data:`UNITS_PER_SDR`, reference rates (IMF, late 2025) rounded down, so that a value near the
threshold falls to the CN 23, the form that is never refused; a currency not in the table gets
the CN 23 for the same reason.

Every line needs, from the catalogue, the customs description, the HS code, the country of
origin and a weight: a missing one refuses the declaration naming the SKU and the field, and
nothing is written. Values are the order's integer minor units, in the order's currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.models import Order, Product
from orderdesk.domain.money import exponent

SDR_LIMIT = 300  # the UPU threshold between CN 22 and CN 23, in SDR

#: Units of each currency per SDR (rounded down; reference rates, late 2025).
UNITS_PER_SDR: dict[str, float] = {
    "USD": 1.36,
    "EUR": 1.17,
    "GBP": 1.01,
    "CNY": 9.7,
    "JPY": 205.0,
    "BRL": 7.3,
    "ARS": 1300.0,
    "MXN": 25.0,
    "CLP": 1280.0,
    "COP": 5300.0,
    "PEN": 4.6,
    "UYU": 54.0,
    "CAD": 1.88,
    "AUD": 2.07,
    "KRW": 1900.0,
    "INR": 117.0,
    "CHF": 1.08,
}


class Category(StrEnum):
    """The category boxes of the CN 22/CN 23 (box 10 of the CN 23)."""

    GIFT = "gift"
    SAMPLE = "sample"
    DOCUMENTS = "documents"
    RETURN = "return"
    SALE = "sale"
    OTHER = "other"

    @property
    def heading(self) -> str:
        return {
            "gift": "Gift",
            "sample": "Commercial sample",
            "documents": "Documents",
            "return": "Returned goods",
            "sale": "Sale of goods",
            "other": "Other",
        }[self.value]


def category(value: str) -> Category:
    try:
        return Category(value.strip().lower())
    except ValueError:
        names = ", ".join(c.value for c in Category)
        raise BadInput(f"--category: {value!r} is one of {names}") from None


@dataclass(frozen=True)
class CustomsLine:
    sku: str
    description: str
    quantity: int
    weight_g: int  # the line's net weight: unit weight × quantity
    value: int  # minor units of the declaration's currency
    hs_code: str
    origin: str


@dataclass(frozen=True)
class Declaration:
    order_id: int
    form: str  # "CN22" or "CN23"
    category: Category
    currency: str
    lines: tuple[CustomsLine, ...]
    postage: int  # minor units: the shipping the buyer paid (CN 23 box 9)

    @property
    def total_weight_g(self) -> int:
        return sum(line.weight_g for line in self.lines)

    @property
    def total_value(self) -> int:
        return sum(line.value for line in self.lines)


def crosses_border(order: Order, seller_country: str) -> bool:
    """True when the ship-to is in another country than the seller's (both known)."""
    origin = seller_country.strip().upper()
    destination = order.ship_country.strip().upper()
    return bool(origin and destination and origin != destination)


def form_for(value: int, currency: str) -> str:
    """CN22 for contents worth at most 300 SDR, CN23 above (and for an unknown currency)."""
    rate = UNITS_PER_SDR.get(currency.upper())
    if rate is None:
        return "CN23"
    sdr = value / 10 ** exponent(currency) / rate
    return "CN22" if sdr <= SDR_LIMIT else "CN23"


_NEEDED = (
    ("customs_description", "customs description"),
    ("hs_code", "HS code"),
    ("origin", "country of origin"),
    ("weight_g", "weight"),
)


def declaration(
    order: Order,
    products: dict[str, Product | None],
    *,
    seller_country: str,
    kind: Category = Category.SALE,
) -> Declaration:
    """The declaration of ``order``; refuses when it needs none or a SKU lacks a customs fact."""
    ref = f"order #{order.id}"
    if not seller_country.strip():
        raise Refused(
            f"{ref}: customs: the seller's country is not set ([seller] country in config.toml)"
        )
    if not crosses_border(order, seller_country):
        raise Refused(
            f"{ref}: customs: ships within {seller_country.upper()}; no customs form needed"
        )
    lines: list[CustomsLine] = []
    for line in order.lines:
        product = products.get(line.sku) if line.sku else None
        if product is None:
            what = f"SKU {line.sku}" if line.sku else f"line {line.title!r} (no SKU)"
            raise Refused(f"{ref}: customs: {what} is not in the catalogue")
        for name, words in _NEEDED:
            if not getattr(product, name):
                raise Refused(f"{ref}: customs: SKU {line.sku} has no {words} in the catalogue")
        lines.append(
            CustomsLine(
                sku=line.sku,
                description=product.customs_description,
                quantity=line.quantity,
                weight_g=product.weight_g * line.quantity,
                value=line.unit_price * line.quantity,
                hs_code=product.hs_code,
                origin=product.origin,
            )
        )
    if not lines:
        raise Refused(f"{ref}: customs: the order has no lines to declare")
    value = sum(line.value for line in lines)
    return Declaration(
        order_id=order.id or 0,
        form=form_for(value, order.currency),
        category=kind,
        currency=order.currency,
        lines=tuple(lines),
        postage=order.shipping,
    )

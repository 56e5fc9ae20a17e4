"""Amounts written with a currency sign (``$19.50``, ``US $1,234.50``, ``£3.20``, ``€12,00``),
as eBay and Etsy write them; the sign is checked against the order's currency."""

from __future__ import annotations

import re
from typing import Any

from orderdesk.exchange.reading import Problems
from orderdesk.exchange.records import money, text

#: Signs and the currencies they may stand for.
SIGNS = {
    "US $": "USD",
    "$": "",
    "C $": "CAD",
    "CA $": "CAD",
    "AU $": "AUD",
    "£": "GBP",
    "€": "EUR",
    "EUR": "EUR",
    "GBP": "GBP",
    "USD": "USD",
    "¥": "JPY",
}
_SIGN = re.compile(r"^(-?)\s*(US \$|C \$|CA \$|AU \$|\$|£|€|EUR|GBP|USD|¥)\s*")


def sign_currency(value: Any) -> str:
    """The currency a sign names (``"$"`` names none in particular: ``""``)."""
    match = _SIGN.match(text(value))
    return SIGNS.get(match.group(2), "") if match else ""


def cash(problems: Problems, row: int, column: str, value: Any, code: str) -> int:
    """A money cell with or without its sign, in minor units of ``code``; blank is 0."""
    raw = text(value)
    match = _SIGN.match(raw)
    if match:
        named = SIGNS.get(match.group(2), "")
        if named and code and named != code:
            problems.add(row, column, f"{raw!r} is in {named}, the order is in {code}")
            return 0
        raw = match.group(1) + raw[match.end() :]
    if "." in raw:
        return money(
            problems, row, column, raw.replace(",", ""), code, mark=".", allow_negative=True
        )
    return money(problems, row, column, raw, code, allow_negative=True)

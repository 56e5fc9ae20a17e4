"""Whole numbers a seller types: units on a line or a shelf, parcels, grams.

Only the digits 0-9 are a number here (Python would also read ``٣``, ``３`` or ``²``), and a
number is bounded: a quantity past :data:`LARGEST_UNITS` is a slip of the keyboard, and past
2**63 the database could not even store it.
"""

from __future__ import annotations

from orderdesk.domain.errors import BadInput

#: More units than any order line or shelf holds.
LARGEST_UNITS = 10_000_000


def whole(text: str, field: str, *, signed: bool = False, largest: int = LARGEST_UNITS) -> int:
    """``text`` as a whole number (``+3``/``-2`` too when ``signed``); bad input names ``field``."""
    named = f"{field}: " if field else ""
    value = text.strip()
    digits = value[1:] if signed and value[:1] in ("+", "-") else value
    if not (digits.isascii() and digits.isdigit()):
        raise BadInput(f"{named}{text!r} is not a whole number")
    number = int(value)
    if abs(number) > largest:
        raise BadInput(f"{named}{text!r} is more than the desk takes (at most {largest:,})")
    return number


def within(units: int, field: str, *, largest: int = LARGEST_UNITS) -> None:
    """The same bound on a number that did not come as text (a form, an import, a sum)."""
    if abs(units) > largest:
        raise BadInput(f"{field}: {units:,} is more than the desk takes (at most {largest:,})")

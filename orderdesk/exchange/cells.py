"""Text that buyers control, made safe for spreadsheets (no formula ever runs from it).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what
a spreadsheet may run as a formula (OWASP "CSV injection"). In xlsx such text is written as a
string cell with the quote-prefix style, so it shows exactly as typed and never evaluates; in
CSV, where there are no cell types, it gets a leading apostrophe.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Characters the xlsx format cannot hold at all (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def is_risky(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """Text for a CSV cell: a leading apostrophe stops a spreadsheet running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_text(text: str) -> str:
    """Text for an xlsx cell, without the control characters the format cannot store."""
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text

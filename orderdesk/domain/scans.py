"""What a scanned label says: a label's barcode encodes the order's tracking number, or its desk
reference ``#123`` before it has one (:mod:`orderdesk.documents.label_data`).

The packing screen also takes the bare number a packer types; a scan anywhere in the desk takes
only what a label encodes, so that fast typing of a few digits never opens an order.
"""

from __future__ import annotations

#: Digits an order id can have (a longer run of digits is a tracking number).
LONGEST_ID = 18


def may_begin_label(char: str) -> bool:
    """Whether a label's text can begin with ``char``: a desk reference begins with ``#``, a
    tracking number with a letter or digit. Anything else (``/``, ``?``) is typing, never the
    first key of a scan."""
    return char == "#" or char.isalnum()


def reference_id(code: str, *, typed: bool) -> int | None:
    """The desk id ``code`` names as a reference: ``#123``, or ``123`` when ``typed``."""
    text = code.strip()
    if text.startswith("#"):
        number = text[1:]
    elif typed:
        number = text
    else:
        return None
    if number.isdigit() and len(number) <= LONGEST_ID:
        return int(number)
    return None

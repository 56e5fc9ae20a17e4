"""What a scanned label says: a label's barcode encodes the order's tracking number, or its desk
reference ``#123`` before it has one (:mod:`orderdesk.documents.label_data`).

The packing screen also takes the bare number a packer types; a scan anywhere in the desk takes
only what a label encodes, so that fast typing of a few digits never opens an order. Orders
merged into one shipment share its tracking number: scanning it names them all.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def scanned_orders(holders: Sequence[tuple[int, int | None]]) -> tuple[int, ...]:
    """The orders a scanned tracking number opens, from ``(order id, merge group)`` of every
    order it is on: that order, or the whole merged shipment that left under it (lowest id
    first); none when it is on orders not merged together (one number typed on two orders)."""
    ids = sorted({order_id for order_id, _ in holders})
    if len(ids) <= 1:
        return tuple(ids)
    groups = {group for _, group in holders}
    if len(groups) == 1 and None not in groups:
        return tuple(ids)
    return ()


def scan_words(code: str, orders: Sequence[int]) -> str:
    """What the desk says of a scan: ``Scanned RR…CN: order #1, merged with #2, #3``."""
    words = f"Scanned {code}: order #{orders[0]}"
    if len(orders) > 1:
        words += ", merged with " + ", ".join(f"#{order}" for order in orders[1:])
    return words

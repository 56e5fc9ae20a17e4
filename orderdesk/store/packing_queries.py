"""What a packing station reads: an order's count to scan, and the order a scanned label names.

A label's barcode encodes the order's tracking number, or its desk reference (``#123``) before
it has one (see :mod:`orderdesk.documents.label_data`); a packer may also type the number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orderdesk.domain.packing import PackCount, pack_count
from orderdesk.domain.scans import reference_id
from orderdesk.store.reader import as_reader

if TYPE_CHECKING:
    from orderdesk.store.database import Database

#: The orders a tracking number is on: the order's own, or that of any of its shipments (an
#: earlier shipment's number is only there). Each side is an equality on an indexed column
#: (``ix_orders_tracking_number``, ``ix_shipments_tracking_number``); two distinct orders at
#: most are read, enough to tell one from several.
BY_TRACKING = (
    "SELECT id FROM orders WHERE tracking_number = :code"
    " UNION SELECT order_id FROM shipments WHERE tracking_number = :code LIMIT 2"
)


def packing_count(database: Database, ref: str | int) -> PackCount:
    """The units to scan for the order ``ref`` (refused by the domain when it cannot be
    packed; :class:`~orderdesk.domain.errors.BadInput` when ``ref`` names no order)."""
    with database.uow() as uow:  # read only: rolled back on exit
        order = uow.order(ref)
        barcodes: dict[str, str] = {}
        for line in order.lines:
            product = uow.product(line.sku) if line.sku else None
            if product is not None:
                barcodes[line.sku] = product.barcode
        return pack_count(order, barcodes)


def order_for_scan(source: Any, code: str, *, typed: bool = True) -> int | None:
    """The desk id of the order whose label ``code`` is (its tracking number, that of any of its
    shipments, or ``#123``; the bare number too when ``typed``, as a packer may type it), or
    None."""
    reader = as_reader(source)
    text = code.strip()
    if not text:
        return None
    number = reference_id(text, typed=typed)
    if number is not None:
        found = reader.scalar("SELECT id FROM orders WHERE id = :id", {"id": number})
        if found is not None:
            return int(found)
    rows = reader.rows(BY_TRACKING, {"code": text})
    if len(rows) == 1:  # a number on several orders (merged ones) names none of them alone
        return int(rows[0]["id"])
    return None

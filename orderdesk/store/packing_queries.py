"""What a packing station reads: an order's count to scan, and the order a scanned label names.

A label's barcode encodes the order's tracking number, or its desk reference (``#123``) before
it has one (see :mod:`orderdesk.documents.label_data`); a packer may also type the number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from orderdesk.domain.groups import members
from orderdesk.domain.packing import PackCount, pack_count
from orderdesk.domain.scans import reference_id, scanned_orders
from orderdesk.store.reader import as_reader

if TYPE_CHECKING:
    from orderdesk.store.database import Database

#: The orders a tracking number is on, with their merge group: the order's own number, or that
#: of any of its shipments (an earlier shipment's number is only there). Each side is an
#: equality on an indexed column (``ix_orders_tracking_number``, ``ix_shipments_tracking_number``)
#: and the shipment's order is read by its key; a merged shipment's orders are all read (a
#: parcel holds a handful; the limit only bounds a number typed on many orders by mistake).
BY_TRACKING = (
    "SELECT id, merge_group FROM orders WHERE tracking_number = :code"
    " UNION SELECT o.id, o.merge_group FROM shipments s JOIN orders o ON o.id = s.order_id"
    " WHERE s.tracking_number = :code LIMIT 100"
)


def packing_count(database: Database, ref: str | int) -> PackCount:
    """The units to scan for the parcel of the order ``ref``: that order's, or every order of
    its merged shipment (refused by the domain when it cannot be packed;
    :class:`~orderdesk.domain.errors.BadInput` when ``ref`` names no order)."""
    with database.uow() as uow:  # read only: rolled back on exit
        parcel = members(uow, uow.order(ref))
        barcodes: dict[str, str] = {}
        for line in (line for order in parcel for line in order.lines):
            product = uow.product(line.sku) if line.sku and line.sku not in barcodes else None
            if product is not None:
                barcodes[line.sku] = product.barcode
        return pack_count(parcel, barcodes)


def orders_for_scan(source: Any, code: str, *, typed: bool = True) -> tuple[int, ...]:
    """The desk ids of the orders whose label ``code`` is: one order (its tracking number, that
    of any of its shipments, or ``#123``; the bare number too when ``typed``, as a packer may
    type it), every order of a merged shipment under its tracking number (lowest id first, see
    :func:`~orderdesk.domain.scans.scanned_orders`), or none."""
    reader = as_reader(source)
    text = code.strip()
    if not text:
        return ()
    number = reference_id(text, typed=typed)
    if number is not None:
        found = reader.scalar("SELECT id FROM orders WHERE id = :id", {"id": number})
        if found is not None:
            return (int(found),)
    rows = reader.rows(BY_TRACKING, {"code": text})
    return scanned_orders([(int(row["id"]), row["merge_group"]) for row in rows])


def order_for_scan(source: Any, code: str, *, typed: bool = True) -> int | None:
    """The desk id of the order whose label ``code`` is: the first of a merged shipment's
    (:func:`packing_count` reads the rest of its parcel), or None."""
    found = orders_for_scan(source, code, typed=typed)
    return found[0] if found else None

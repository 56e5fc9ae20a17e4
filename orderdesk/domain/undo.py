"""Undo of the last undoable action, applied as a journaled inverse.

An entry is undone only while what it changed is as it left it: the order's and case's fields,
the order's lines, the products' own fields; and only if taking its stock moves back leaves no
shelf below zero. Stock actions (receive, count, adjust, a product made or edited, a catalogue
import) have no order: they are undone the same way, and the refusal names the SKU.
"""

from __future__ import annotations

from typing import Any

from orderdesk.domain.errors import Refused
from orderdesk.domain.journal import (
    PRODUCT_FIELDS,
    Change,
    dump,
    line_dicts,
    load,
    make_lines,
)
from orderdesk.domain.models import JournalEntry, Product
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

_NAMES = {
    "confirm": "confirm", "cancel": "cancel", "label": "label printed", "ship": "ship",
    "tracking_corrected": "tracking correction", "deliver": "deliver",
    "refund_accepted": "refund accepted", "refund_rejected": "refund rejected",
    "dispute_won": "dispute won", "dispute_lost": "dispute lost",
    "edited": "edit", "paid": "mark paid", "lines_changed": "change of lines", "hold": "hold",
    "released": "release", "stock_received": "stock received", "stock_counted": "stock count",
    "stock_adjusted": "stock adjustment", "product_set": "product edit",
    "catalogue_imported": "catalogue import",
}


def undo(uow: UnitOfWork) -> Outcome:
    entry = uow.last_undoable()
    if entry is None:
        raise Refused("nothing to undo")
    name = _NAMES.get(entry.action, entry.action)
    order = uow.order(entry.order_id) if entry.order_id is not None else None
    case = uow.case(entry.case_id) if entry.case_id is not None else None
    skus = sorted(set(entry.stock) | set(entry.after.get("products", {})))
    what = order.ref if order is not None else ", ".join(skus[:3]) + (" …" if len(skus) > 3
                                                                      else "")
    subject = f"order {what}" if order is not None else f"SKU {what}"

    def refuse(why: str) -> Refused:
        return Refused(f"{subject}: cannot undo {name}; {why}")

    for part, record in (("order", order), ("case", case)):
        for field, value in entry.after.get(part, {}).items():
            if dump(field, getattr(record, field)) != value:
                raise refuse(f"it has changed since ({field} is now {getattr(record, field)})")
    if "lines" in entry.after and order is not None and \
            line_dicts(order.lines) != entry.after["lines"]:
        raise refuse("its lines have changed since")
    products = _products_as_left(uow, entry, refuse)
    for sku, delta in entry.stock.items():
        product = products[sku]
        if product.on_hand - delta < 0:
            raise refuse(f"{sku} needs {delta} back, {product.on_hand} on hand")
    change = Change(order, case)
    if order is not None:
        change.set(**{f: load(f, v) for f, v in entry.before.get("order", {}).items()})
        if "lines" in entry.before:
            change.set_lines(make_lines(entry.before["lines"]))
    if case is not None:
        change.set_case(**{f: load(f, v) for f, v in entry.before.get("case", {}).items()})
    gone = []
    for sku, fields in entry.before.get("products", {}).items():
        product = products[sku]
        if fields is None:  # made by the entry: it goes again
            gone.append(product)
            change.before.setdefault("products", {})[sku] = _fields(product)
            change.after.setdefault("products", {})[sku] = None
        else:
            change.set_product(product, **fields)
    for sku, delta in entry.stock.items():
        change.stock_to(products[sku], products[sku].on_hand - delta)
    for product in gone:
        uow.delete(product)
    message = f"Undid {name} on {subject}"
    undo_entry = change.entry("undo", uow.actor, uow.now(), message, undoable=False)
    undo_entry.undo_of = entry.id
    uow.add(undo_entry)
    uow.flush()
    entry.undone_by = undo_entry.id
    return Outcome("undo", order.id or 0 if order is not None else 0, message,
                   entry.case_id, undo_entry.id)


def _products_as_left(uow: UnitOfWork, entry: JournalEntry,
                      refuse: Any) -> dict[str, Product]:
    """The products the entry touched, refusing if one is gone or was changed since."""
    products: dict[str, Product] = {}
    touched = set(entry.stock) | set(entry.after.get("products", {}))
    for sku in sorted(touched):
        product = uow.product(sku)
        if product is None:
            raise refuse(f"product {sku} is gone")
        for field, value in (entry.after.get("products", {}).get(sku) or {}).items():
            if getattr(product, field) != value:
                raise refuse(f"{sku} has changed since ({field} is now "
                             f"{getattr(product, field)!r})")
        products[sku] = product
    return products


def _fields(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in PRODUCT_FIELDS}

"""Undo of the last undoable action, applied as a journaled inverse."""

from __future__ import annotations

from orderdesk.domain.errors import Refused
from orderdesk.domain.journal import Change, dump, load
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

_NAMES = {
    "confirm": "confirm", "cancel": "cancel", "label": "label printed", "ship": "ship",
    "tracking_corrected": "tracking correction", "deliver": "deliver",
    "refund_accepted": "refund accepted", "refund_rejected": "refund rejected",
    "dispute_won": "dispute won", "dispute_lost": "dispute lost",
}


def undo(uow: UnitOfWork) -> Outcome:
    entry = uow.last_undoable()
    if entry is None or entry.order_id is None:
        raise Refused("nothing to undo")
    order = uow.order(entry.order_id)
    case = uow.case(entry.case_id) if entry.case_id is not None else None
    name = _NAMES.get(entry.action, entry.action)
    for part, record in (("order", order), ("case", case)):
        for field, value in entry.after.get(part, {}).items():
            if dump(field, getattr(record, field)) != value:
                raise Refused(f"order {order.ref}: cannot undo {name}; the order has changed "
                              f"since ({field} is now {getattr(record, field)})")
    products = {}
    for sku, delta in entry.stock.items():
        product = uow.product(sku)
        if product is None:
            raise Refused(f"order {order.ref}: cannot undo {name}; product {sku} is gone")
        if product.on_hand - delta < 0:
            raise Refused(f"order {order.ref}: cannot undo {name}; {sku} needs {delta} "
                          f"back, {product.on_hand} on hand")
        products[sku] = product
    change = Change(order, case)
    change.set(**{f: load(f, v) for f, v in entry.before.get("order", {}).items()})
    if case is not None:
        change.set_case(**{f: load(f, v) for f, v in entry.before.get("case", {}).items()})
    for sku, delta in entry.stock.items():
        products[sku].on_hand -= delta
        change.move_stock(sku, -delta)
    undo_entry = change.entry("undo", uow.actor, uow.now(), f"Undid {name} on order {order.ref}",
                              undoable=False)
    undo_entry.undo_of = entry.id
    uow.add(undo_entry)
    uow.flush()
    entry.undone_by = undo_entry.id
    return Outcome("undo", order.id or 0, f"Undid {name} on order {order.ref}",
                   entry.case_id, undo_entry.id)

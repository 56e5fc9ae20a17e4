"""Undo of the last undoable action, applied as a journaled inverse.

Before undoing, a face asks :func:`plan_undo` what ``u`` would reverse and whether the seller
must be asked first (:meth:`UndoPlan.needs_asking`): only the latest action of the desk that
is asking, made since it was opened and moving no money, is undone without a question.
:func:`undo` with the plan's ``entry_id`` then reverses exactly that entry, or refuses if
another action came in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from orderdesk.domain.errors import Refused
from orderdesk.domain.journal import Change, dump, load
from orderdesk.domain.models import JournalEntry
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

_NAMES = {
    "confirm": "confirm", "cancel": "cancel", "label": "label printed", "ship": "ship",
    "tracking_corrected": "tracking correction", "deliver": "deliver",
    "refund_accepted": "refund accepted", "refund_rejected": "refund rejected",
    "dispute_won": "dispute won", "dispute_lost": "dispute lost",
}


#: Order fields whose change moves money (a payout merely falling due does not): an undo
#: touching them is always asked first.
MONEY_FIELDS = frozenset({"payment", "refunded"})
MONEY_CASE_FIELDS = frozenset({"amount"})


@dataclass(frozen=True)
class UndoPlan:
    """What ``u`` would reverse, in the seller's words."""

    entry_id: int
    order_id: int
    action: str  # "cancel", "refund accepted"…
    at: datetime
    changes: tuple[str, ...]  # "stage: cancelled → confirmed", "payment: refunded → paid"
    money: bool

    @property
    def what(self) -> str:
        return f"{self.action} on order #{self.order_id}"

    def needs_asking(self, latest_here: int | None) -> bool:
        """Whether to ask before undoing: anything but the asking desk's own latest action
        (``latest_here``, the journal id of what it did last, ``None`` before it did
        anything), and anything that moves money."""
        return self.money or latest_here is None or self.entry_id != latest_here

    def question(self, opened_at: datetime | None = None) -> str:
        when = "before this desk was opened" if opened_at is not None and self.at < opened_at \
            else "earlier in this session"
        lines = [f"Undo {self.what}, done {when} ({self.at:%Y-%m-%d %H:%M} UTC)?",
                 *(f"  {change}" for change in self.changes)]
        if self.money:
            lines.append("This moves money back.")
        return "\n".join(lines)


def plan_undo(uow: UnitOfWork) -> UndoPlan:
    entry = _last(uow)
    changes = []
    for part in ("order", "case"):
        before, after = entry.before.get(part, {}), entry.after.get(part, {})
        for field in after:
            changes.append(f"{'case ' if part == 'case' else ''}{field}: "
                           f"{_shown(after[field])} → {_shown(before.get(field))}")
    money = bool(MONEY_FIELDS & set(entry.after.get("order", {}))
                 or MONEY_CASE_FIELDS & set(entry.after.get("case", {}))
                 or entry.action.startswith(("refund", "dispute")))
    return UndoPlan(entry.id or 0, entry.order_id or 0, _NAMES.get(entry.action, entry.action),
                    entry.at, tuple(changes), money)


def _shown(value: object) -> str:
    return "none" if value is None or value == "" else str(value)


def _last(uow: UnitOfWork) -> JournalEntry:
    entry = uow.last_undoable()
    if entry is None or entry.order_id is None:
        raise Refused("nothing to undo")
    return entry


def undo(uow: UnitOfWork, *, entry_id: int | None = None) -> Outcome:
    """Undo the last undoable action; with ``entry_id`` (from :func:`plan_undo`) only if that
    is still the one."""
    entry = _last(uow)
    if entry_id is not None and entry.id != entry_id:
        raise Refused(f"order #{entry.order_id}: another action came in since undo was asked; "
                      f"press u again to see what it would reverse")
    assert entry.order_id is not None
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

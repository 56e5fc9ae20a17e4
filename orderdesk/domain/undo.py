"""Undo of the last undoable action, applied as a journaled inverse.

An entry is undone only while what it changed is as it left it: the order's and case's fields,
the order's lines, the products' own fields; and only if taking its stock moves back leaves no
shelf below zero. Stock actions (receive, count, adjust, a product made or edited, a catalogue
import) have no order: they are undone the same way, and the refusal names the SKU.

Before undoing, a face asks :func:`plan_undo` what ``u`` would reverse and whether the seller
must be asked first (:meth:`UndoPlan.needs_asking`): only the latest action of the desk that
is asking, made since it was opened and moving no money, is undone without a question.
:func:`undo` with the plan's ``entry_id`` then reverses exactly that entry, or refuses if
another action came in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from orderdesk.domain import packing
from orderdesk.domain.errors import Refused
from orderdesk.domain.journal import (
    PRODUCT_FIELDS,
    TIME_FIELDS,
    Change,
    authorisation_dict,
    dump,
    line_dicts,
    load,
    make_lines,
    restore_shipment,
    shipment_dict,
)
from orderdesk.domain.models import JournalEntry, Product
from orderdesk.domain.money import format_money
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Payment, Payout, Stage, state_label

_NAMES = {
    "confirm": "confirm",
    "cancel": "cancel",
    "label": "label printed",
    "ship": "ship",
    "tracking_corrected": "tracking correction",
    "deliver": "deliver",
    "packed": "pack",
    "refund_accepted": "refund accepted",
    "refund_rejected": "refund rejected",
    "dispute_won": "dispute won",
    "dispute_lost": "dispute lost",
    "edited": "edit",
    "paid": "mark paid",
    "lines_changed": "change of lines",
    "hold": "hold",
    "released": "release",
    "stock_received": "stock received",
    "stock_counted": "stock count",
    "stock_adjusted": "stock adjustment",
    "product_set": "product edit",
    "catalogue_imported": "catalogue import",
    "shipped_part": "partial shipment",
    "parcels": "parcels",
    "confirmations": "shipment confirmations",
    "handed_over": "manifest handover",
    "merged": "merge",
    "return_received": "return received",
}


#: Order fields whose change moves money (a payout merely falling due does not): an undo
#: touching them is always asked first.
MONEY_FIELDS = frozenset({"payment", "refunded"})
MONEY_CASE_FIELDS = frozenset({"amount"})
#: The journaled fields that hold an amount in the order's minor units.
AMOUNT_FIELDS = frozenset({"refunded", "amount"})
#: The journaled fields that hold a state the desk names by its label.
STATE_LABELS: dict[str, type[Stage | Payment | Payout]] = {
    "stage": Stage,
    "payment": Payment,
    "payout": Payout,
}
#: How the undo question writes a time: the seller's local time, as the detail's timeline.
WHEN = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class UndoPlan:
    """What ``u`` would reverse, in the seller's words."""

    entry_id: int
    order_id: int  # 0 for a stock action, which has no order
    subject: str  # "order #12", or "SKU MATE-1" for a stock action
    action: str  # "cancel", "refund accepted"…
    at: datetime
    changes: tuple[str, ...]  # "stage: cancelled → confirmed", "payment: refunded → paid"
    money: bool

    @property
    def what(self) -> str:
        return f"{self.action} on {self.subject}"

    def needs_asking(self, latest_here: int | None, looking_at: int | None = None) -> bool:
        """Whether to ask before undoing: anything but the asking desk's own latest action
        (``latest_here``, the journal id of what it did last, ``None`` before it did
        anything), anything that moves money, and (asked from one order's screen,
        ``looking_at``) an action on another order than the one the seller is looking at."""
        elsewhere = looking_at is not None and self.order_id != looking_at
        return self.money or elsewhere or latest_here is None or self.entry_id != latest_here

    def question(self, opened_at: datetime | None = None) -> str:
        when = (
            "before this desk was opened"
            if opened_at is not None and self.at < opened_at
            else "earlier in this session"
        )
        lines = [
            f"Undo {self.what}, done {when} ({self.at.astimezone():{WHEN}})?",
            *(f"  {change}" for change in self.changes),
        ]
        if self.money:
            lines.append("This moves money back.")
        return "\n".join(lines)


def plan_undo(uow: UnitOfWork) -> UndoPlan:
    entry = _last(uow)
    entries = _together(uow, entry)
    changes = []
    for one in entries:
        whose = f"#{one.order_id} " if len(entries) > 1 else ""
        code = uow.order(one.order_id).currency if one.order_id is not None else None
        for part in ("order", "case"):
            before, after = one.before.get(part, {}), one.after.get(part, {})
            for field in after:
                changes.append(
                    f"{whose}{'case ' if part == 'case' else ''}{_field_name(field)}: "
                    f"{shown(part, field, after[field], code)} → "
                    f"{shown(part, field, before.get(field), code)}"
                )
    money = any(
        MONEY_FIELDS & set(one.after.get("order", {}))
        or MONEY_CASE_FIELDS & set(one.after.get("case", {}))
        or one.action.startswith(("refund", "dispute"))
        for one in entries
    )
    return UndoPlan(
        entry.id or 0,
        entry.order_id or 0,
        _subjects(entries),
        _NAMES.get(entry.action, entry.action),
        entry.at,
        tuple(changes),
        money,
    )


def _field_name(field: str) -> str:
    """``closed_at`` → ``closed``, ``tracking_number`` → ``tracking number``."""
    return field.removesuffix("_at").replace("_", " ")


def shown(part: str, field: str, value: object, code: str | None) -> str:
    """A journaled value as the desk shows it: an amount in the order's currency
    (``$ 1.500,50``), a time in the seller's local time, a stage, payment, payout or case
    status by its label; nothing as ``none``."""
    if value is None or value == "":
        return "none"
    if field in AMOUNT_FIELDS and code is not None and isinstance(value, int):
        return format_money(value, code)
    if field in TIME_FIELDS and isinstance(value, str):
        return datetime.fromisoformat(value).astimezone().strftime(WHEN)
    if part == "order" and field in STATE_LABELS:
        return STATE_LABELS[field](str(value)).label
    if part == "case" and field == "status":
        return state_label(str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _last(uow: UnitOfWork) -> JournalEntry:
    entry = uow.last_undoable()
    if entry is None:
        raise Refused("nothing to undo")
    return entry


def _together(uow: UnitOfWork, entry: JournalEntry) -> list[JournalEntry]:
    """The entries one action wrote for several orders (a merge…), or the entry alone."""
    if not entry.together:
        return [entry]
    return [uow.entry(entry_id) for entry_id in entry.together]


def _subjects(entries: list[JournalEntry]) -> str:
    if len(entries) == 1:
        return _subject(entries[0])
    return "orders " + ", ".join(f"#{e.order_id}" for e in entries)


def _subject(entry: JournalEntry) -> str:
    """What an entry acted on: its order, or (a stock action) its SKUs."""
    if entry.order_id is not None:
        return f"order #{entry.order_id}"
    if entry.after.get("shipments"):
        return f"{len(entry.after['shipments'])} shipments"
    skus = sorted(set(entry.stock) | set(entry.after.get("products", {})))
    return "SKU " + ", ".join(skus[:3]) + (" …" if len(skus) > 3 else "")


def undo(uow: UnitOfWork, *, entry_id: int | None = None) -> Outcome:
    """Undo the last undoable action; with ``entry_id`` (from :func:`plan_undo`) only if that
    is still the one."""
    entry = _last(uow)
    if entry_id is not None and entry.id != entry_id:
        raise Refused(
            f"{_subject(entry)}: another action came in since undo was asked; "
            f"press u again to see what it would reverse"
        )
    entries = _together(uow, entry)
    name = _NAMES.get(entry.action, entry.action)
    subject = _subjects(entries)
    undone = [_undo_one(uow, one, name, subject) for one in entries]
    mine = undone[[one.id for one in entries].index(entry.id)]
    return Outcome("undo", mine.order_id or 0, mine.summary, entry.case_id, mine.id)


def _undo_one(uow: UnitOfWork, entry: JournalEntry, name: str, subject: str) -> JournalEntry:
    """Apply one entry's inverse (refusing, naming ``subject``, if it no longer applies)."""
    order = uow.order(entry.order_id) if entry.order_id is not None else None
    case = uow.case(entry.case_id) if entry.case_id is not None else None

    def refuse(why: str) -> Refused:
        return Refused(f"{subject}: cannot undo {name}; {why}")

    for part, record in (("order", order), ("case", case)):
        for field, value in entry.after.get(part, {}).items():
            if dump(field, getattr(record, field)) != value:
                raise refuse(f"it has changed since ({field} is now {getattr(record, field)})")
    if (
        "lines" in entry.after
        and order is not None
        and line_dicts(order.lines) != entry.after["lines"]
    ):
        raise refuse("its lines have changed since")
    shipments = {int(sid): uow.shipment(int(sid)) for sid in entry.after.get("shipments", {})}
    for sid, after in entry.after.get("shipments", {}).items():
        shipment = shipments.get(int(sid))
        if shipment is None or shipment_dict(shipment) != after:
            raise refuse(f"its shipment {sid} has changed since")
    stage_back = entry.before.get("order", {}).get("stage")
    if order is not None and stage_back is not None and not packing.may_be_packed(stage_back):
        if order.packed_at is not None:
            raise refuse("it was packed since — undo the pack first")
    authorisation = case.authorisation if case is not None else None
    for rid, after in entry.after.get("returns", {}).items():
        if (
            authorisation is None
            or authorisation.id != int(rid)
            or authorisation_dict(authorisation) != after
        ):
            raise refuse(f"its return authorisation {rid} has changed since")
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
    for sid, before in entry.before.get("shipments", {}).items():
        shipment = shipments[int(sid)]
        assert shipment is not None
        change.touch_shipment(shipment)
        if before is None:  # made by the entry: it goes again
            if order is not None and shipment in order.shipments:
                order.shipments.remove(shipment)
            uow.delete(shipment)
            change.shipments.pop(int(sid))
            change.after.setdefault("shipments", {})[sid] = None
        else:
            restore_shipment(shipment, before)
    for rid, before in entry.before.get("returns", {}).items():
        assert authorisation is not None
        change.before.setdefault("returns", {})[rid] = authorisation_dict(authorisation)
        if before is None:  # made by the entry: it goes (its number is never handed out again)
            assert case is not None
            case.authorisation = None
            uow.delete(authorisation)
            change.after.setdefault("returns", {})[rid] = None
        else:
            received = before["received_at"]
            authorisation.received_at = datetime.fromisoformat(received) if received else None
            change.after.setdefault("returns", {})[rid] = authorisation_dict(authorisation)
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
    return undo_entry


def _products_as_left(uow: UnitOfWork, entry: JournalEntry, refuse: Any) -> dict[str, Product]:
    """The products the entry touched, refusing if one is gone or was changed since."""
    products: dict[str, Product] = {}
    touched = set(entry.stock) | set(entry.after.get("products", {}))
    for sku in sorted(touched):
        product = uow.product(sku)
        if product is None:
            raise refuse(f"product {sku} is gone")
        for field, value in (entry.after.get("products", {}).get(sku) or {}).items():
            if getattr(product, field) != value:
                raise refuse(
                    f"{sku} has changed since ({field} is now {getattr(product, field)!r})"
                )
        products[sku] = product
    return products


def _fields(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in PRODUCT_FIELDS}

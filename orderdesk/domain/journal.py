"""The journal: what each action changed, how to undo it, and how to replay it.

An entry keeps only the fields it changed, as JSON values, under ``"order"`` and ``"case"``, and
the stock it moved as ``{sku: delta}``. Replaying every entry's ``after`` over an order, in
order, gives the order's stored state; undo applies an entry's ``before`` and reverses its stock.
A change of a product's own fields is kept under ``"products"`` as ``{sku: {field: value}}``
(``None`` before a product existed); a change of an order's lines keeps the whole list of lines
under ``"lines"``, before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from orderdesk.domain.models import (
    Case,
    JournalEntry,
    Line,
    Order,
    Parcel,
    Product,
    ReturnAuthorisation,
    Shipment,
)
from orderdesk.domain.stored_columns import stored_columns
from orderdesk.domain.units import within

#: The order fields the actions change, and so the ones the journal tracks.
ORDER_FIELDS: tuple[str, ...] = (
    "stage",
    "payment",
    "payout",
    "refunded",
    "stock_taken",
    "carrier",
    "service",
    "tracking_number",
    "tracking_url",
    "confirmed_at",
    "label_printed_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
    "cancel_reason",
    "paid_at",
    "ship_by",
)
CASE_FIELDS: tuple[str, ...] = ("status", "amount", "closed_at", "resolution")
#: A product's own fields, as the journal keeps them when a product is made or edited (its
#: on-hand count moves only as ``stock``).
PRODUCT_FIELDS: tuple[str, ...] = (
    "title",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
    "customs_description",
)
#: An order line's fields, as the journal keeps an order's lines.
LINE_FIELDS: tuple[str, ...] = ("sku", "title", "variant", "quantity", "unit_price")
#: The journaled fields that hold a time (kept as ISO 8601 text in UTC).
TIME_FIELDS = {
    "confirmed_at",
    "label_printed_at",
    "packed_at",
    "shipped_at",
    "delivered_at",
    "cancelled_at",
    "paid_at",
    "ship_by",
    "closed_at",
    "hold_until",
}


_ORDER_TIMES = tuple(name for name in ORDER_FIELDS if name in TIME_FIELDS)


def dump(name: str, value: Any) -> Any:
    if name in TIME_FIELDS:
        return value.isoformat() if value is not None else None
    return value


def load(name: str, value: Any) -> Any:
    if name in TIME_FIELDS:
        return datetime.fromisoformat(value) if value is not None else None
    return value


def snapshot(order: Order) -> dict[str, Any]:
    """Every tracked field of an order, as the journal stores it."""
    return {name: dump(name, getattr(order, name)) for name in ORDER_FIELDS}


def fields_snapshot(fields: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`snapshot` of an order given as its stored fields (a bulk load's new order;
    written out, not through :func:`dump`: it runs once for each of 100,000 orders)."""
    taken = {name: fields[name] for name in ORDER_FIELDS}
    for name in _ORDER_TIMES:
        moment = taken[name]
        if moment is not None:
            taken[name] = moment.isoformat()
    return taken


#: A journal entry's columns, from the ``JournalEntry`` model (its id is the database's).
ENTRY_COLUMNS = stored_columns(JournalEntry)


def entry_fields(
    action: str,
    actor: str,
    at: datetime,
    summary: str,
    *,
    order_id: int | None = None,
    case_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    stock: dict[str, int] | None = None,
    undoable: bool = False,
) -> dict[str, Any]:
    """Every stored field of a new journal entry but its id, whoever writes it: the ORM
    (``JournalEntry(**entry_fields(…))``, as :meth:`Change.entry` does) or a bulk load. A
    column not named here is the model's default; a part not given, an empty mapping."""
    row = ENTRY_COLUMNS.row()
    row["at"] = at
    row["actor"] = actor
    row["action"] = action
    row["order_id"] = order_id
    row["case_id"] = case_id
    row["summary"] = summary
    if before is not None:
        row["before"] = before
    if after is not None:
        row["after"] = after
    if stock is not None:
        row["stock"] = stock
    row["undoable"] = undoable
    return row


@dataclass
class Change:
    """Collects what one action changes, for its journal entry."""

    order: Order | None = None
    case: Case | None = None
    before: dict[str, Any] = field(default_factory=lambda: {"order": {}, "case": {}})
    after: dict[str, Any] = field(default_factory=lambda: {"order": {}, "case": {}})
    stock: dict[str, int] = field(default_factory=dict)
    #: The shipments this action made or changed, by id; their state after is read at entry().
    shipments: dict[int, Shipment] = field(default_factory=dict)

    def touch_shipment(self, shipment: Shipment, *, new: bool = False) -> None:
        """Before changing a shipment (or after adding and flushing a new one): keep its state
        before (``None`` for a new one) under ``"shipments"``."""
        assert shipment.id is not None
        before = self.before.setdefault("shipments", {})
        before.setdefault(str(shipment.id), None if new else shipment_dict(shipment))
        self.shipments[shipment.id] = shipment

    def set(self, **values: Any) -> None:
        assert self.order is not None
        self._set(self.order, "order", values)

    def set_product(self, product: Product, **values: Any) -> None:
        """Change a product's own fields (never ``on_hand``: see :meth:`stock_to`)."""
        before = self.before.setdefault("products", {})
        after = self.after.setdefault("products", {})
        for name, value in values.items():
            old = getattr(product, name)
            if old == value:
                continue
            if before.get(product.sku, {}) is not None:
                before.setdefault(product.sku, {}).setdefault(name, old)
            after.setdefault(product.sku, {})[name] = value
            setattr(product, name, value)

    def stock_to(self, product: Product, on_hand: int) -> None:
        """Set a product's on-hand count, journaling the difference as a stock move."""
        within(on_hand, f"SKU {product.sku}: on hand")
        self.move_stock(product.sku, on_hand - product.on_hand)
        product.on_hand = on_hand

    def new_product(self, product: Product) -> None:
        """A product made by this action: nothing before, every field after."""
        self.before.setdefault("products", {})[product.sku] = None
        self.after.setdefault("products", {})[product.sku] = {
            name: getattr(product, name) for name in PRODUCT_FIELDS
        }

    def set_lines(self, lines: list[Line]) -> None:
        """Replace the order's lines, keeping both lists for the journal and undo."""
        assert self.order is not None
        self.before.setdefault("lines", line_dicts(self.order.lines))
        self.order.lines = lines
        self.after["lines"] = line_dicts(lines)

    def set_case(self, **values: Any) -> None:
        assert self.case is not None
        self._set(self.case, "case", values)

    def move_stock(self, sku: str, delta: int) -> None:
        total = self.stock.get(sku, 0) + delta
        if total:
            self.stock[sku] = total
        else:
            self.stock.pop(sku, None)

    def _set(self, record: Any, part: str, values: dict[str, Any]) -> None:
        for name, value in values.items():
            old = getattr(record, name)
            if old == value:
                continue
            self.before[part].setdefault(name, dump(name, old))
            self.after[part][name] = dump(name, value)
            setattr(record, name, value)

    def entry(
        self, action: str, actor: str, at: datetime, summary: str, *, undoable: bool
    ) -> JournalEntry:
        if self.shipments:
            after = self.after.setdefault("shipments", {})
            for sid, shipment in self.shipments.items():
                after[str(sid)] = shipment_dict(shipment)
        return JournalEntry(
            **entry_fields(
                action,
                actor,
                at,
                summary,
                order_id=self.order.id if self.order is not None else None,
                case_id=self.case.id if self.case else None,
                before=_compact(self.before),
                after=_compact(self.after),
                stock=dict(self.stock),
                undoable=undoable,
            )
        )


def _compact(parts: dict[str, Any]) -> dict[str, Any]:
    return {part: values for part, values in parts.items() if values}


def shipment_dict(shipment: Shipment) -> dict[str, Any]:
    """A shipment as the journal keeps it, its parcels as ``[weight_g, handed_over_at]``."""
    return {
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
        "lines": dict(shipment.lines),
        "merge_group": shipment.merge_group,
        "confirmed_at": _moment(shipment.confirmed_at),
        "parcels": [[p.weight_g, _moment(p.handed_over_at)] for p in shipment.parcels],
    }


def restore_shipment(shipment: Shipment, values: dict[str, Any]) -> None:
    """Put a shipment back as :func:`shipment_dict` kept it."""
    shipment.carrier = values["carrier"]
    shipment.tracking_number = values["tracking_number"]
    shipment.tracking_url = values["tracking_url"]
    shipment.lines = dict(values["lines"])
    shipment.merge_group = values["merge_group"]
    confirmed = values["confirmed_at"]
    shipment.confirmed_at = datetime.fromisoformat(confirmed) if confirmed else None
    kept = [(int(w), datetime.fromisoformat(h) if h else None) for w, h in values["parcels"]]
    if [(p.weight_g, p.handed_over_at) for p in shipment.parcels] != kept:
        shipment.parcels = [
            Parcel(number=i, weight_g=w, handed_over_at=h)  # type: ignore[call-arg]
            for i, (w, h) in enumerate(kept, start=1)
        ]


def authorisation_dict(authorisation: ReturnAuthorisation) -> dict[str, Any]:
    """A return authorisation as the journal keeps it under ``"returns"`` (by its number)."""
    return {
        "case_id": authorisation.case_id,
        "received_at": _moment(authorisation.received_at),
    }


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def line_dicts(lines: list[Line]) -> list[dict[str, Any]]:
    return [{name: getattr(line, name) for name in LINE_FIELDS} for line in lines]


def make_lines(values: list[dict[str, Any]]) -> list[Line]:
    """Order lines from the journal's list of them, numbered in order."""
    return [
        Line(position=i, **{name: value[name] for name in LINE_FIELDS})
        for i, value in enumerate(values)
    ]


def replay(entries: list[JournalEntry]) -> dict[str, Any]:
    """The order state an order's journal entries (oldest first) lead to."""
    state: dict[str, Any] = {}
    for entry in entries:
        state.update(entry.after.get("order", {}))
    return state


def replay_case(entries: list[JournalEntry], case_id: int) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for entry in entries:
        if entry.case_id == case_id:
            state.update(entry.after.get("case", {}))
    return state


def stages_walked(entries: list[JournalEntry]) -> list[str]:
    """The sequence of stages an order's journal shows it in."""
    walk: list[str] = []
    for entry in entries:
        stage = entry.after.get("order", {}).get("stage")
        if stage is not None and (not walk or walk[-1] != stage):
            walk.append(stage)
    return walk

"""Merging: unshipped orders of one buyer to one address leave as one shipment.

One label (the recipient once, every merged order's items), one tracking number recorded on
each order. Any channel, with one exception: a channel that prints its own labels
(:data:`CHANNEL_LABELS`) ships each of its orders under the label it issued for it, so its
orders never share a parcel. The reasons an order cannot merge, each said in one line:
cancelled, already shipped (or partly), not paid, on hold, its channel's own label, another
buyer, a different address. Addresses are compared field by field once folded (case, accents,
spacing and the punctuation between words do not count), never as raw strings.

The orders merged share ``merge_group`` (see :mod:`orderdesk.domain.groups`): the lowest group
number already among them, else the lowest desk id. A merge writes one journal entry per order
whose group changes, tied together, so one undo reverses it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from orderdesk.domain import groups, row_rules
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.fulfilment import record
from orderdesk.domain.holds import hold_words, on_hold
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.search_key import fold
from orderdesk.domain.stages import UNSHIPPED, Stage

#: Channels whose orders leave under a label the marketplace itself issues (DESIGN §6: a
#: Mercado Libre sale's state is "Etiqueta lista para imprimir" — Mercado Envíos' label, with
#: its tracking already the marketplace's): such an order cannot share another's parcel.
CHANNEL_LABELS: dict[str, str] = {
    "mercadolibre": "Mercado Libre ships it under its own label (Mercado Envíos)",
}

#: The ship-to fields two merged orders must agree on, as the seller reads them.
ADDRESS_FIELDS: dict[str, str] = {
    "ship_line1": "address line 1",
    "ship_line2": "address line 2",
    "ship_postal_code": "postal code",
    "ship_city": "city",
    "ship_region": "region",
    "ship_country": "country",
}
#: A region is compared only when both orders give one (channels differ in sending it).
_OPTIONAL = frozenset({"ship_region"})
_BETWEEN_WORDS = re.compile(r"[\s.,;:]+")
_IN_POSTAL_CODES = re.compile(r"[\s\-.]+")


def folded(name: str, value: str) -> str:
    """A ship-to field as merging compares it."""
    text = fold(value or "")
    if name == "ship_postal_code":
        return _IN_POSTAL_CODES.sub("", text)
    return _BETWEEN_WORDS.sub(" ", text).strip()


def address_difference(one: Order, other: Order) -> str | None:
    """The first ship-to field the two orders disagree on, in words (None: the same place)."""
    for name, label in ADDRESS_FIELDS.items():
        a, b = folded(name, getattr(one, name)), folded(name, getattr(other, name))
        if name in _OPTIONAL and (not a or not b):
            continue
        if a != b:
            theirs = getattr(other, name).strip() or "none"
            mine = getattr(one, name).strip() or "none"
            return f"different address ({label} {theirs!r}, not {mine!r})"
    return None


def same_buyer(order: Order, name: str, email: str) -> bool:
    """One buyer: the same name once folded, or the same email (channels mask emails
    differently, so either is enough)."""
    mine = folded("buyer_name", order.buyer_name)
    if mine and mine == folded("buyer_name", name):
        return True
    address = order.buyer_email.strip().casefold()
    return bool(address) and address == email.strip().casefold()


def why_not_alone(order: Order, uow: UnitOfWork) -> str | None:
    """Why ``order`` cannot go out in a merged shipment at all (None: it can)."""
    if order.stage == Stage.CANCELLED:
        return "cancelled"
    if Stage(order.stage) not in UNSHIPPED:
        return "already shipped"
    if order.shipments:
        return "partly shipped already — ship the rest on its own"
    if (unpaid := row_rules.not_paid(order.payment)) is not None:
        return unpaid
    if on_hold(order, uow.now()):
        return hold_words(order)
    return CHANNEL_LABELS.get(order.channel)


def why_not(lead: Order, order: Order, uow: UnitOfWork) -> str | None:
    """Why ``order`` cannot go out with ``lead`` (None: it can)."""
    alone = why_not_alone(order, uow)
    if alone is not None:
        return alone
    if not same_buyer(lead, order.buyer_name, order.buyer_email):
        return f"another buyer ({order.buyer_name or order.buyer_email or 'no name'})"
    return address_difference(lead, order)


def check_still_mergeable(lead: Order, order: Order) -> None:
    """Refuse a merged label when an address edited since the merge no longer agrees."""
    if order is lead:
        return
    why = address_difference(lead, order)
    if why is not None:
        raise Refused(
            f"order {order.ref}: merged with {lead.ref}, but now a {why[0].lower()}{why[1:]} — "
            f"correct the address or undo the merge"
        )


def merge(uow: UnitOfWork, refs: Sequence[str | int]) -> Outcome:
    """Merge the orders ``refs`` name (and those already merged with them) into one shipment."""
    given: list[Order] = []
    for ref in refs:
        order = uow.order(ref)
        if all(order.id != other.id for other in given):
            given.append(order)
    if len(given) < 2:
        raise BadInput("merge: name two orders or more to merge into one shipment")
    lead = given[0]
    group: dict[int, Order] = {}
    for order in given:
        for member in groups.members(uow, order):
            group.setdefault(member.id or 0, member)
    alone = why_not_alone(lead, uow)
    if alone is not None:
        raise Refused(f"order {lead.ref}: cannot merge: {alone}")
    for order in group.values():
        if order is not lead:
            why = why_not(lead, order, uow)
            if why is not None:
                raise Refused(f"order {order.ref}: cannot merge with {lead.ref}: {why}")
    taken = sorted({o.merge_group for o in group.values() if o.merge_group is not None})
    number = taken[0] if taken else min(group)
    moving = [order for _, order in sorted(group.items()) if order.merge_group != number]
    if not moving:
        listed = ", ".join(f"#{i}" for i in sorted(group))
        raise Refused(f"order {lead.ref}: orders {listed} are already merged")
    listed = ", ".join(f"#{i}" for i in sorted(group))
    entries = []
    for order in moving:
        change = Change(order)
        change.set(merge_group=number)
        others = ", ".join(f"#{i}" for i in sorted(group) if i != order.id)
        entries.append(
            record(uow, change, "merged", f"Order {order.ref} merged with {others}: one shipment")
        )
    groups.tie(uow, [entry.journal_id for entry in entries])
    place = ", ".join(part for part in (lead.ship_name, lead.ship_city) if part.strip())
    return Outcome(
        "merged",
        lead.id or 0,
        f"Orders {listed} merged: one shipment, one label to {place or 'the buyer'}",
        None,
        entries[-1].journal_id,
    )


@dataclass(frozen=True)
class Candidate:
    """Another order of the same buyer, and why it cannot merge (None: it can)."""

    order_id: int
    channel: str
    external_id: str
    stage: str
    place: str  # postal code and city, to tell addresses apart at a glance
    reason: str | None
    merged: bool  # already in the same merged shipment

    @property
    def ref(self) -> str:
        return f"#{self.order_id}"


@dataclass(frozen=True)
class Candidates:
    order_id: int
    buyer: str
    reason: str | None  # why the order itself cannot merge (None: it can)
    others: tuple[Candidate, ...]

    @property
    def mergeable(self) -> list[int]:
        """The ids a merge would add (free to merge, not merged with it yet)."""
        if self.reason is not None:
            return []
        return [c.order_id for c in self.others if c.reason is None and not c.merged]


def candidates(uow: UnitOfWork, ref: str | int) -> Candidates:
    """The buyer's other unshipped orders (any channel), each with why it cannot merge."""
    order = uow.order(ref)
    mine = {member.id for member in groups.members(uow, order) if member.id != order.id}
    others: list[Candidate] = []
    for order_id, name, email in uow.unshipped_buyers():
        if order_id == order.id or not same_buyer(order, name, email):
            continue
        other = uow.order(order_id)
        place = " ".join(p for p in (other.ship_postal_code, other.ship_city) if p.strip())
        others.append(
            Candidate(
                order_id,
                other.channel,
                other.external_id,
                other.stage,
                place,
                None if order_id in mine else why_not(order, other, uow),
                order_id in mine,
            )
        )
    return Candidates(order.id or 0, order.buyer_name, why_not_alone(order, uow), tuple(others))

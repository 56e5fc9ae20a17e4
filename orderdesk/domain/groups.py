"""Merge groups as the rules read them, and actions that write one entry per order.

An order merged with others (see :mod:`orderdesk.domain.merging`) carries the group's number in
``merge_group``; its group is every order carrying that number. An action over a whole group
(the merge itself, the tracking of the merged shipment, its label) writes one journal entry per
order, so each order's timeline tells it, and :func:`tie` lists those entries in each of them
(``together``): undo reverses them as one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from orderdesk.domain.models import Order
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Stage


def members(uow: UnitOfWork, order: Order) -> list[Order]:
    """The orders leaving with ``order`` (itself included), lowest id first; alone: itself.
    A cancelled order has left its merged shipment (the others still go)."""
    if order.merge_group is None or order.stage == Stage.CANCELLED:
        return [order]
    found = [
        member for member in uow.merge_group(order.merge_group) if member.stage != Stage.CANCELLED
    ]
    return found if len(found) > 1 else [order]


def merged_with(uow: UnitOfWork, order: Order) -> list[int]:
    """The ids of the other orders of ``order``'s merged shipment."""
    return [other.id or 0 for other in members(uow, order) if other.id != order.id]


def tie(uow: UnitOfWork, entry_ids: Iterable[int | None]) -> None:
    """Mark the entries one action wrote for several orders as one, for undo."""
    ids = [entry_id for entry_id in entry_ids if entry_id is not None]
    if len(ids) < 2:
        return
    for entry_id in ids:
        uow.entry(entry_id).together = list(ids)
    uow.flush()


def tied(
    uow: UnitOfWork,
    outcomes: Sequence[Outcome],
    order_id: int | None,
    words: Callable[[Outcome, str], str],
) -> Outcome:
    """One action's outcomes over a merged shipment, tied for undo (:func:`tie`), as one: the
    outcome of ``order_id`` (else the first), its message ``words(it, "#2, #3")`` naming the
    other orders."""
    tie(uow, [outcome.journal_id for outcome in outcomes])
    mine = next((o for o in outcomes if o.order_id == order_id), outcomes[0])
    others = ", ".join(f"#{o.order_id}" for o in outcomes if o is not mine)
    return Outcome(mine.action, mine.order_id, words(mine, others), None, mine.journal_id)

"""Stages of an order, the tabs that show them, payment and payout states."""

from __future__ import annotations

from enum import StrEnum


def state_label(value: str) -> str:
    """A stored state as people read it: ``partially_refunded`` → ``Partially refunded``."""
    return value.replace("_", " ").capitalize()


class Stage(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    READY_TO_SHIP = "ready_to_ship"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return state_label(self.value)


class Payment(StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"

    @property
    def label(self) -> str:
        return state_label(self.value)


class Payout(StrEnum):
    NOT_DUE = "not_due"
    PENDING = "pending"
    RELEASED = "released"

    @property
    def label(self) -> str:
        return state_label(self.value)


class Tab(StrEnum):
    TO_PREPARE = "to-prepare"
    READY_TO_SHIP = "ready-to-ship"
    IN_TRANSIT = "in-transit"
    FINALIZED = "finalized"
    REFUNDS = "refunds"
    DISPUTES = "disputes"

    @property
    def heading(self) -> str:
        """The tab's title as the desk shows it: ``To prepare``."""
        return TAB_TITLES[self]


TAB_TITLES = {
    Tab.TO_PREPARE: "To prepare",
    Tab.READY_TO_SHIP: "Ready to ship",
    Tab.IN_TRANSIT: "In transit",
    Tab.FINALIZED: "Finalized",
    Tab.REFUNDS: "Refunds",
    Tab.DISPUTES: "Disputes",
}

#: What ``--tab`` accepts: every tab, and ``all``.
TAB_NAMES: tuple[str, ...] = (*(t.value for t in Tab), "all")

STAGE_TAB: dict[Stage, Tab] = {
    Stage.PENDING: Tab.TO_PREPARE,
    Stage.CONFIRMED: Tab.READY_TO_SHIP,
    Stage.READY_TO_SHIP: Tab.READY_TO_SHIP,
    Stage.IN_TRANSIT: Tab.IN_TRANSIT,
    Stage.DELIVERED: Tab.FINALIZED,
    Stage.CANCELLED: Tab.FINALIZED,
}

#: The stages each stage may move to by a desk action (undo moves back along these edges).
TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.PENDING: frozenset({Stage.CONFIRMED, Stage.CANCELLED}),
    Stage.CONFIRMED: frozenset({Stage.READY_TO_SHIP, Stage.IN_TRANSIT, Stage.CANCELLED}),
    Stage.READY_TO_SHIP: frozenset({Stage.IN_TRANSIT, Stage.CANCELLED}),
    Stage.IN_TRANSIT: frozenset({Stage.DELIVERED}),
    Stage.DELIVERED: frozenset(),
    Stage.CANCELLED: frozenset(),
}

UNSHIPPED = frozenset({Stage.PENDING, Stage.CONFIRMED, Stage.READY_TO_SHIP})


def tab_of(stage: Stage | str) -> Tab:
    return STAGE_TAB[Stage(stage)]


def may_move(before: Stage | str, after: Stage | str) -> bool:
    """Whether a stage change is one the desk's actions (or their undo) can make."""
    b, a = Stage(before), Stage(after)
    return b == a or a in TRANSITIONS[b] or b in TRANSITIONS[a]

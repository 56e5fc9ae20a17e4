"""Which actions an order's stage and payment allow, and why not: written once, asked by the
actions themselves (they refuse with these words) and by the desk (its footer offers only
the keys these allow, and a key that does not apply says why)."""

from __future__ import annotations

from orderdesk.domain.stages import UNSHIPPED, Payment, Stage

SHIPPABLE = frozenset({Stage.CONFIRMED, Stage.READY_TO_SHIP, Stage.IN_TRANSIT})
DISPUTABLE = frozenset({Stage.IN_TRANSIT, Stage.DELIVERED})


def _is(stage: str) -> str:
    return Stage(stage).label.lower()


#: Payments an order is confirmed on: paid, or partly refunded (a line taken off a paid
#: order leaves the rest paid for).
CONFIRMED_ON = frozenset({Payment.PAID, Payment.PARTIALLY_REFUNDED})


def not_paid(payment: str) -> str | None:
    """Why an order cannot go out on its payment (None: it can)."""
    if payment == Payment.REFUNDED:
        # a channel's export says so of an order refunded before it shipped (Shopify:
        # Financial Status "refunded", unfulfilled): the money is back with the buyer
        return "refunded in full — do not ship it; cancel it (nothing more is refunded)"
    if payment not in CONFIRMED_ON:
        return "not paid — do not ship until payment shows Paid"
    return None


def confirm(stage: str, payment: str) -> str | None:
    if stage != Stage.PENDING:
        return f"only a pending order can be confirmed (it is {_is(stage)})"
    return not_paid(payment)


#: Payments a cancel refunds in full (the rest of the total goes back to the buyer).
REFUNDED_ON_CANCEL = frozenset({Payment.PAID, Payment.PARTIALLY_REFUNDED})


def cancel_consequence(payment: str) -> str | None:
    """What a cancel does with the money, for the seller to read before confirming it."""
    if payment in REFUNDED_ON_CANCEL:
        return "it is paid: cancelling records a full refund to the buyer"
    return None


def cancel(stage: str, payment: str) -> str | None:
    if stage == Stage.CANCELLED:
        return "already cancelled"
    if stage not in UNSHIPPED:
        return "already shipped — open a refund or return instead"
    return None


def label(stage: str, payment: str) -> str | None:
    if stage == Stage.PENDING:
        return "not confirmed — confirm it before printing its label"
    if stage not in SHIPPABLE:
        return f"no label for a {_is(stage)} order"
    return None


def tracking(stage: str, payment: str) -> str | None:
    if stage == Stage.PENDING:
        return "not confirmed — confirm it before adding tracking"
    if stage not in SHIPPABLE:
        return f"cannot add tracking to a {_is(stage)} order"
    return None


def deliver(stage: str, payment: str) -> str | None:
    if stage != Stage.IN_TRANSIT:
        return f"only an order in transit can be delivered (it is {_is(stage)})"
    return None


def refund(stage: str, payment: str) -> str | None:
    if stage == Stage.CANCELLED:
        return "cancelled orders take no refund requests"
    return None


def dispute(stage: str, payment: str) -> str | None:
    if stage not in DISPUTABLE:
        return f"a dispute is opened on an order in transit or delivered (it is {_is(stage)})"
    return None


def edit_contact(stage: str, payment: str) -> str | None:
    if stage not in UNSHIPPED:
        return "already shipped — the address can no longer change"
    return None


#: The channels whose payment is marked by hand; the others' comes with their imports.
PAID_BY_HAND = frozenset({"manual", "direct"})


def mark_paid(stage: str, payment: str) -> str | None:
    if stage == Stage.CANCELLED:
        return "cancelled orders take no payment"
    if payment != Payment.UNPAID:
        return f"already {Payment(payment).label.lower()}"
    return None


def change_lines(stage: str, payment: str) -> str | None:
    if stage != Stage.PENDING:
        return f"lines change only before the order is confirmed (it is {_is(stage)})"
    return None


def hold(stage: str, payment: str) -> str | None:
    if stage not in UNSHIPPED:
        return f"only an order not yet shipped can be held (it is {_is(stage)})"
    return None


#: The desk's row keys (their action names) and the rule each obeys.
BY_ACTION = {
    "confirm": confirm,
    "cancel_order": cancel,
    "label": label,
    "tracking": tracking,
    "deliver": deliver,
    "refund": refund,
    "dispute": dispute,
    "edit_contact": edit_contact,
    "mark_paid": mark_paid,
    "change_lines": change_lines,
    "hold": hold,
}


def why_not(action: str, stage: str, payment: str) -> str | None:
    """Why ``action`` does not apply to an order in ``stage`` with ``payment`` (None: it
    does; what else it needs, stock or an address, the action itself finds out)."""
    rule = BY_ACTION.get(action)
    return rule(stage, payment) if rule is not None else None

"""After-sales: refund and return requests, disputes, and their answers."""

from __future__ import annotations

from datetime import timedelta

from orderdesk.domain import row_rules
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.fulfilment import cancel_into, load, record, refuse
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Case, Order
from orderdesk.domain.money import format_money, parse_in_currency
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.return_rules import RETURN_KIND, rma_text
from orderdesk.domain.returns import authorise
from orderdesk.domain.stages import UNSHIPPED, Payment

#: Days the seller has to answer a case before the marketplace decides for the buyer.
RESPOND_DAYS = {"refund": 3, "return": 3, "dispute": 7}
REFUND_KINDS = ("refund", "return")


def refundable(order: Order) -> int:
    """What is left of the payment that a refund may still give back."""
    if order.payment not in (Payment.PAID, Payment.PARTIALLY_REFUNDED):
        return 0
    return order.total - order.refunded


def _add_refund(order: Order, change: Change, amount: int) -> None:
    refunded = order.refunded + amount
    payment = Payment.REFUNDED if refunded >= order.total else Payment.PARTIALLY_REFUNDED
    change.set(refunded=refunded, payment=payment.value)


def request_refund(
    uow: UnitOfWork,
    ref: str | int,
    amount: int | str,
    reason: str,
    *,
    kind: str = "refund",
    expected_version: int | None = None,
) -> Outcome:
    """Record a buyer's refund (or return) request as an open case.

    ``amount`` is in minor units, or text typed in the order's currency (``"12.50"``).
    """
    order = load(uow, ref, expected_version)
    if isinstance(amount, str):
        amount = parse_in_currency(amount, order.currency, field=f"order {order.ref}: amount")
    if kind not in REFUND_KINDS:
        raise BadInput(f"case kind {kind!r}: use refund or return")
    if amount <= 0:
        raise BadInput(f"order {order.ref}: the refund amount must be more than zero")
    if not (reason or "").strip():
        raise Refused(f"order {order.ref}: give the reason for the {kind} request")
    refuse(order, row_rules.refund(order.stage, order.payment))
    if kind == "return" and order.stage in UNSHIPPED:
        raise Refused(
            f"order {order.ref}: nothing to return before it ships — request a refund, or cancel it"
        )
    left = refundable(order)
    if amount > left:
        raise Refused(
            f"order {order.ref}: amount {format_money(amount, order.currency)} is above "
            f"what was paid and not yet refunded ({format_money(left, order.currency)})"
        )
    now = uow.now()
    case = Case(
        order_id=order.id or 0,
        kind=kind,
        reason=reason.strip(),
        amount=amount,
        opened_at=now,
        respond_by=now + timedelta(days=RESPOND_DAYS[kind]),
    )
    uow.add(case)
    uow.flush()
    change = Change(order, case)
    change.after["case"] = {"status": "open", "amount": amount}
    return record(
        uow,
        change,
        f"{kind}_requested",
        f"{kind.capitalize()} of {format_money(amount, order.currency)} requested on "
        f"order {order.ref} (case {case.id}): {reason.strip()}",
        undoable=False,
    )


def _open_case(uow: UnitOfWork, case_id: str | int, kinds: tuple[str, ...]) -> tuple[Case, Order]:
    case = uow.case(case_id)
    order = uow.order(case.order_id)
    if case.kind not in kinds:
        raise Refused(
            f"case {case.id} on order {order.ref} is a {case.kind}, not a {' or '.join(kinds)}"
        )
    if case.status != "open":
        raise Refused(f"case {case.id} on order {order.ref} is already {case.status}")
    return case, order


def accept_refund(uow: UnitOfWork, case_id: str | int) -> Outcome:
    """Refund the case's amount. A full refund before shipping cancels the order and restocks;
    an accepted return of a shipped order gets its return authorisation (RMA) number, and its
    items go back on the shelf when the parcel is received (:func:`returns.receive_return`)."""
    case, order = _open_case(uow, case_id, REFUND_KINDS)
    left = refundable(order)
    if case.amount > left:
        raise Refused(
            f"order {order.ref}: case {case.id} asks "
            f"{format_money(case.amount, order.currency)}, above what was paid and not "
            f"yet refunded ({format_money(left, order.currency)})"
        )
    change = Change(order, case)
    change.set_case(status="accepted", closed_at=uow.now())
    _add_refund(order, change, case.amount)
    message = (
        f"Refund of {format_money(case.amount, order.currency)} accepted on order "
        f"{order.ref} (case {case.id})"
    )
    if order.refunded >= order.total and order.stage in UNSHIPPED:
        cancel_into(uow, order, change, f"refunded in full (case {case.id})")
        message += "; order cancelled and restocked"
    elif case.kind == RETURN_KIND and order.stage not in UNSHIPPED:
        authorisation = authorise(uow, case, change)
        message += (
            f"; return authorised as {rma_text(authorisation.id or 0)} (restocked when received)"
        )
    return record(uow, change, "refund_accepted", message)


def reject_refund(uow: UnitOfWork, case_id: str | int, reason: str) -> Outcome:
    case, order = _open_case(uow, case_id, REFUND_KINDS)
    if not (reason or "").strip():
        raise Refused(f"order {order.ref}: give a reason to reject case {case.id}")
    change = Change(order, case)
    change.set_case(status="rejected", closed_at=uow.now(), resolution=reason.strip())
    return record(
        uow,
        change,
        "refund_rejected",
        f"Refund request {case.id} on order {order.ref} rejected: {reason.strip()}",
    )


def open_dispute(
    uow: UnitOfWork, ref: str | int, reason: str, *, expected_version: int | None = None
) -> Outcome:
    order = load(uow, ref, expected_version)
    refuse(order, row_rules.dispute(order.stage, order.payment))
    if not (reason or "").strip():
        raise Refused(f"order {order.ref}: give the reason for the dispute")
    if any(c.kind == "dispute" and c.status == "open" for c in order.cases):
        raise Refused(f"order {order.ref}: a dispute is already open")
    now = uow.now()
    case = Case(
        order_id=order.id or 0,
        kind="dispute",
        reason=reason.strip(),
        amount=refundable(order),
        opened_at=now,
        respond_by=now + timedelta(days=RESPOND_DAYS["dispute"]),
    )
    uow.add(case)
    uow.flush()
    change = Change(order, case)
    change.after["case"] = {"status": "open", "amount": case.amount}
    return record(
        uow,
        change,
        "dispute_opened",
        f"Dispute opened on order {order.ref} (case {case.id}): {reason.strip()}",
        undoable=False,
    )


def resolve_dispute(uow: UnitOfWork, case_id: str | int, *, won: bool) -> Outcome:
    case, order = _open_case(uow, case_id, ("dispute",))
    change = Change(order, case)
    if won:
        change.set_case(status="won", closed_at=uow.now())
        return record(uow, change, "dispute_won", f"Dispute {case.id} on order {order.ref} won")
    change.set_case(status="lost", closed_at=uow.now())
    amount = min(case.amount, refundable(order))
    if amount:
        _add_refund(order, change, amount)
    return record(
        uow,
        change,
        "dispute_lost",
        f"Dispute {case.id} on order {order.ref} lost; "
        f"{format_money(amount, order.currency)} refunded",
    )

"""Carrying out what a later file changes in an order the desk already has.

The rule of what a channel may change is the domain's
(:mod:`orderdesk.domain.channel_updates`, pure: :func:`plan`); :func:`apply` carries a plan out
through the domain with a unit of work and writes one journal entry (a cancel by the channel
goes through the desk's own cancel effects, :func:`orderdesk.domain.fulfilment.cancel_into`:
stock back if it was taken, a paid order refunded in full, unless the channel cancelled it
without refunding it yet: then it stays paid, tagged ``refund-owed``).
"""

from __future__ import annotations

from datetime import timedelta

from orderdesk.domain.aftersales import RESPOND_DAYS
from orderdesk.domain.channel_updates import RANK, REFUND_OWED, CaseDraft, Plan, aware, plan
from orderdesk.domain.fulfilment import cancel_into, record
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Case
from orderdesk.domain.ports import UnitOfWork

__all__ = ["RANK", "CaseDraft", "Plan", "apply", "aware", "plan"]


def apply(uow: UnitOfWork, step: Plan, *, summary: str) -> None:
    """Carry out a plan through the domain: one journal entry, the desk's cancel effects."""
    order = uow.order(step.order_id)
    change = Change(order)
    change.set(**{k: v for k, v in step.changes.items() if k != "cancelled_at"})
    for line, (sku, price) in zip(order.lines, step.prices, strict=False):
        if line.sku == sku:
            line.unit_price = price
    if step.cancel_reason:
        cancel_into(uow, order, change, step.cancel_reason, refund=not step.refund_owed)
        change.set(cancelled_at=step.changes["cancelled_at"])
        if step.refund_owed:
            tags = [t for t in order.tags.split(",") if t]
            if REFUND_OWED not in tags:
                change.set(tags=",".join([*tags, REFUND_OWED]))
    if step.case is not None:
        now = uow.now()
        closed = step.case.status != "open"
        case = Case(
            order_id=order.id or 0,
            kind=step.case.kind,
            reason=summary,
            status=step.case.status,
            amount=step.case.amount,
            opened_at=now,
            respond_by=None if closed else now + timedelta(days=RESPOND_DAYS[step.case.kind]),
            closed_at=now if closed else None,
            resolution="decided on the channel" if closed else "",
        )
        uow.add(case)
        uow.flush()
        change.case = case
        change.after["case"] = {
            "status": case.status,
            "amount": case.amount,
            "closed_at": now.isoformat() if closed else None,
        }
    record(uow, change, "channel_update", summary, undoable=False)

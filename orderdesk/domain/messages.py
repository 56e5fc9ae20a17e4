"""The message thread on an order: messages to the buyer and internal notes."""

from __future__ import annotations

from orderdesk.domain.errors import Refused
from orderdesk.domain.fulfilment import load, record
from orderdesk.domain.inbox import FROM_BUYER, TO_BUYER
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Message
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

MAX_OUTGOING = 1500
DIRECTIONS = (TO_BUYER, FROM_BUYER, "note")


def over_limit(body: str, direction: str) -> int:
    """How many characters an outgoing message is over the limit (0: it may be sent)."""
    if direction != "out":
        return 0
    return max(0, len((body or "").strip()) - MAX_OUTGOING)


def add_message(uow: UnitOfWork, ref: str | int, body: str, *, direction: str = "out") -> Outcome:
    order = load(uow, ref)
    text = (body or "").strip()
    if direction not in DIRECTIONS:
        raise Refused(f"order {order.ref}: a message goes out, comes in, or is a note")
    if not text:
        raise Refused(f"order {order.ref}: the message is empty")
    if over_limit(text, direction):
        raise Refused(
            f"order {order.ref}: a message to the buyer is at most {MAX_OUTGOING} "
            f"characters (this one has {len(text)})"
        )
    uow.add(
        Message(
            order_id=order.id or 0,
            at=uow.now(),
            direction=direction,
            author=uow.actor if direction != "in" else order.buyer_name,
            body=text,
        )
    )
    # the desk is offline: a message to the buyer is kept on the order's thread, for the
    # seller to send through the marketplace, never sent by the desk itself
    what = {
        "out": "Message to the buyer kept on",
        "in": "Message from the buyer kept on",
        "note": "Note added to",
    }
    return record(
        uow, Change(order), "message", f"{what[direction]} order {order.ref}", undoable=False
    )

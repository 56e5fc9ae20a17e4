"""Holds: an order waiting for something (restock, the buyer's answer), by rule.

A held order cannot be confirmed or labelled. A hold with a date lifts by itself when the date
comes: nothing needs to run at that moment, the rule reads the date.
"""

from __future__ import annotations

from datetime import UTC, datetime

from orderdesk.domain.errors import Refused
from orderdesk.domain.models import Order


def on_hold(order: Order, now: datetime) -> bool:
    """Held: a reason is set and its date (if any) has not come. On the date it lifts."""
    if not order.hold_reason:
        return False
    return order.hold_until is None or _aware(order.hold_until) > now


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def hold_words(order: Order) -> str:
    until = f" until {_aware(order.hold_until).astimezone():%Y-%m-%d}" if order.hold_until else ""
    return f"on hold ({order.hold_reason}){until}"


def check_not_held(order: Order, now: datetime, doing: str) -> None:
    if on_hold(order, now):
        raise Refused(f"order {order.ref}: {hold_words(order)} — release it before you {doing}")

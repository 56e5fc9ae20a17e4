"""Ship-by deadlines in business days; overdue and due-soon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DUE_SOON = timedelta(hours=24)


def utcnow() -> datetime:
    return datetime.now(UTC)


def add_business_days(start: datetime, days: int) -> datetime:
    """``start`` moved forward by ``days`` working days (Saturday and Sunday skipped)."""
    moment = start
    while moment.weekday() >= 5:  # a weekend order starts counting on Monday
        moment += timedelta(days=1)
    left = days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def ship_by(channel_deadline: datetime | None, paid_at: datetime | None,
            created_at: datetime, handling_days: int = 2) -> datetime:
    """The channel's own deadline when it gives one, else paid (or placed) + handling days."""
    if channel_deadline is not None:
        return channel_deadline
    return add_business_days(paid_at or created_at, handling_days)


def is_overdue(deadline: datetime | None, shipped: bool, now: datetime) -> bool:
    return deadline is not None and not shipped and deadline < now


def is_due_soon(deadline: datetime | None, shipped: bool, now: datetime) -> bool:
    return deadline is not None and not shipped and now <= deadline < now + DUE_SOON

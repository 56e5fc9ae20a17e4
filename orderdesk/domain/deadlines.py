"""Ship-by deadlines in business days; overdue and due-soon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from orderdesk.domain.tracking import CARRIERS, USUAL_TRANSIT_DEFAULT, find_carrier

DUE_SOON = timedelta(hours=24)


def utcnow() -> datetime:
    return datetime.now(UTC)


def add_business_days(start: datetime, days: int, tz: tzinfo | None = None) -> datetime:
    """``start`` moved forward by ``days`` working days of the seller's calendar.

    Days are counted in the seller's time zone (``tz``, default the machine's local time), so a
    Friday-night sale in Buenos Aires is a Friday sale even though it is Saturday in UTC. An
    order placed on a weekend counts from Monday's start. The result has ``start``'s zone.
    """
    zone = tz or datetime.now().astimezone().tzinfo
    moment = start.astimezone(zone)
    if moment.weekday() >= 5:
        moment = (moment + timedelta(days=7 - moment.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    left = days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment.astimezone(start.tzinfo) if start.tzinfo else moment


def ship_by(
    channel_deadline: datetime | None,
    paid_at: datetime | None,
    created_at: datetime,
    handling_days: int = 2,
    tz: tzinfo | None = None,
) -> datetime:
    """The channel's own deadline when it gives one, else paid (or placed) + handling days
    (counted in ``tz``, default the machine's local time)."""
    if channel_deadline is not None:
        return channel_deadline
    return add_business_days(paid_at or created_at, handling_days, tz)


def is_overdue(deadline: datetime | None, shipped: bool, now: datetime) -> bool:
    return deadline is not None and not shipped and deadline < now


def is_due_soon(deadline: datetime | None, shipped: bool, now: datetime) -> bool:
    return deadline is not None and not shipped and now <= deadline < now + DUE_SOON


def usual_transit_days(carrier: str | None) -> int:
    """The usual days in transit of the carrier a name refers to, found in the domain's
    carrier list as the tracking check finds it (``DHL Express``, ``dhl``, ``Correios``,
    ``Correios (Brasil)`` alike); a carrier not listed is given the default."""
    found = find_carrier(carrier or "")
    return found.usual_days if found is not None else USUAL_TRANSIT_DEFAULT


def slow_before(carrier: str | None, now: datetime) -> datetime:
    """A parcel with ``carrier`` shipped before this moment and still in transit is slow:
    in transit more than twice its carrier's usual days."""
    return now - timedelta(days=2 * usual_transit_days(carrier))


def earliest_slow_before(now: datetime) -> datetime:
    """The latest moment any slow parcel can have shipped (the quickest carrier's bound):
    parcels shipped after it are slow with no carrier."""
    quickest = min([USUAL_TRANSIT_DEFAULT, *(c.usual_days for c in CARRIERS.values())])
    return now - timedelta(days=2 * quickest)


def is_slow_in_transit(
    carrier: str | None, shipped_at: datetime | None, in_transit: bool, now: datetime
) -> bool:
    """In transit far longer than usual: more than twice the carrier's usual days since it
    shipped (a parcel the seller should ask the carrier about)."""
    if not in_transit or shipped_at is None:
        return False
    return shipped_at < slow_before(carrier, now)

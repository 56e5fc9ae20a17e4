"""The end-of-day handover: a carrier's parcels shipped on a day and not yet handed over.

:func:`hand_over` passes them to ``write`` (the manifest document) and then marks each parcel
handed over, as one undoable journal entry, in the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Parcel, Shipment
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start, start + timedelta(days=1)


def hand_over(
    uow: UnitOfWork,
    carrier: str,
    day: date,
    write: Callable[[list[tuple[Shipment, Parcel]]], None],
) -> Outcome | None:
    """Write and mark the carrier's parcels of ``day`` not handed over yet; ``None``: none."""
    name = carrier.strip()
    if not name:
        raise BadInput("--carrier: name the carrier")
    start, end = day_bounds(day)
    shipments = uow.shipments_between(name, start, end)
    parcels = [(s, p) for s in shipments for p in s.parcels if p.handed_over_at is None]
    if not parcels:
        return None
    write(parcels)
    change = Change()
    now = uow.now()
    for shipment in {s.id: s for s, _ in parcels}.values():
        change.touch_shipment(shipment)
    for _, parcel in parcels:
        parcel.handed_over_at = now
    grams = sum(p.weight_g for _, p in parcels)
    message = (
        f"Manifest {name} {day.isoformat()}: {len(parcels)} parcel"
        f"{'s' if len(parcels) != 1 else ''} handed over, {grams / 1000:.3f} kg"
    )
    entry = change.entry("handed_over", uow.actor, now, message, undoable=True)
    uow.add(entry)
    uow.flush()
    return Outcome("handed_over", 0, message, None, entry.id)

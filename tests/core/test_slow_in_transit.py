"""In transit flags a parcel in transit far longer than usual: over twice its carrier's usual
days since it shipped (before, nothing told a slow parcel from the others)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from orderdesk.domain.deadlines import is_slow_in_transit, usual_transit_days

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def test_twice_the_carriers_usual_days_is_slow() -> None:
    usual = usual_transit_days("Andreani")
    assert not is_slow_in_transit("Andreani", NOW - timedelta(days=2 * usual), True, NOW)
    assert is_slow_in_transit("Andreani", NOW - timedelta(days=2 * usual, hours=1), True, NOW)


def test_an_unknown_carrier_has_the_default_and_delivered_is_never_slow() -> None:
    long_ago = NOW - timedelta(days=60)
    assert is_slow_in_transit("Some courier", long_ago, True, NOW)
    assert not is_slow_in_transit("Some courier", long_ago, False, NOW)
    assert not is_slow_in_transit("Some courier", None, True, NOW)

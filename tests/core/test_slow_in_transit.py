"""In transit flags a parcel in transit far longer than usual: over twice its carrier's usual
days since it shipped (before, nothing told a slow parcel from the others)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

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


def test_every_listed_carrier_and_its_variants_get_its_usual_days() -> None:
    """Before, the days were keyed by a few spellings: "DHL Express" and "dhl" fell to the
    default (10) though the desk's own list names DHL Express."""
    from orderdesk.domain.tracking import CARRIERS

    for carrier in CARRIERS.values():
        plain = carrier.name.split(" (")[0]  # "Correios (Brasil)" as "Correios"
        for name in (carrier.name, carrier.key, carrier.name.upper(), f" {plain.lower()} "):
            assert usual_transit_days(name) == carrier.usual_days, (name, carrier.key)
            shipped = NOW - timedelta(days=2 * carrier.usual_days, hours=1)
            assert is_slow_in_transit(name, shipped, True, NOW), name
            assert not is_slow_in_transit(name, shipped + timedelta(hours=2), True, NOW), name


def test_a_dhl_express_parcel_two_weeks_out_is_slow() -> None:
    assert usual_transit_days("DHL Express") == 6
    assert is_slow_in_transit("DHL Express", NOW - timedelta(days=13), True, NOW)
    assert usual_transit_days("Correios (Brasil)") == 12
    assert not is_slow_in_transit("Correios (Brasil)", NOW - timedelta(days=23), True, NOW)
    assert is_slow_in_transit("correios", NOW - timedelta(days=25), True, NOW)


def test_the_slow_count_is_the_rows_flagged_slow(database: Any) -> None:
    """The tab's count (SQL, per carrier) agrees with the rows the In transit tab flags, on the
    real file, with carriers written as the desk's list, its variants, unknown and none."""
    from sqlalchemy import text

    from orderdesk.domain.stages import Tab
    from orderdesk.store.queries import list_rows, slow_in_transit_count, tab_counts
    from orderdesk.store.reader import sqlite_time

    def stored(moment: datetime) -> Any:  # as the store writes a time on either engine
        return sqlite_time(moment) if database.engine.dialect.name == "sqlite" else moment

    names = ["DHL Express", "dhl", "Correios (Brasil)", "Correios", "Some courier", ""]
    with database.read() as connection:
        ids = connection.execute(
            text("SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id LIMIT 60")
        ).scalars()
        ids = list(ids)
    assert len(ids) == 60
    with database.engine.begin() as connection:
        for n, order in enumerate(ids):
            connection.execute(
                text("UPDATE orders SET carrier = :c, shipped_at = :at WHERE id = :id"),
                {"c": names[n % 6], "at": stored(NOW - timedelta(days=5 + n // 2)), "id": order},
            )
    with database.reader() as reader:
        rows = list_rows(reader, Tab.IN_TRANSIT, now=NOW)
        flagged = sum(1 for row in rows if row["slow"])
        assert slow_in_transit_count(reader, NOW) == flagged
        assert tab_counts(reader, NOW).slow == flagged
    ours = [(names[n % 6], NOW - timedelta(days=5 + n // 2)) for n in range(60)]
    mine = sum(1 for name, at in ours if is_slow_in_transit(name, at, True, NOW))
    assert 0 < mine <= flagged

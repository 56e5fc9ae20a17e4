"""Period picker logic: local dates in, a UTC half-open interval out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from orderdesk.domain.errors import BadInput
from orderdesk.domain.periods import (
    buckets,
    days_period,
    granularity,
    month_period,
    parse_day,
    period_for,
)

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_last_7_days_end_tonight_local_and_start_six_days_before() -> None:
    now = datetime(2026, 3, 18, 2, 0, tzinfo=UTC)  # still 17 March in New York
    period = period_for("last-7", now, NEW_YORK)
    assert (period.first_day, period.last_day) == (date(2026, 3, 11), date(2026, 3, 17))
    assert period.start == datetime(2026, 3, 11, 4, 0, tzinfo=UTC)  # EDT since 8 March
    assert period.end == datetime(2026, 3, 18, 4, 0, tzinfo=UTC)
    assert period.days == 7


def test_periods_across_a_dst_change_are_whole_local_days() -> None:
    period = days_period(date(2026, 3, 7), date(2026, 3, 9), NEW_YORK)
    assert period.start == datetime(2026, 3, 7, 5, 0, tzinfo=UTC)  # EST
    assert period.end == datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # EDT
    days = buckets(period, NEW_YORK)
    assert [b.end - b.start for b in days] == [
        timedelta(hours=24),
        timedelta(hours=23),
        timedelta(hours=24),
    ]


def test_this_month_and_last_month() -> None:
    now = datetime(2026, 1, 5, 20, 0, tzinfo=UTC)  # 6 January in Tokyo
    this = period_for("this-month", now, TOKYO)
    assert (this.first_day, this.last_day) == (date(2026, 1, 1), date(2026, 1, 6))
    last = period_for("last-month", now, TOKYO)
    assert (last.first_day, last.last_day) == (date(2025, 12, 1), date(2025, 12, 31))
    assert last.start == datetime(2025, 11, 30, 15, 0, tzinfo=UTC)
    assert month_period(2024, 2, UTC).last_day == date(2024, 2, 29)


def test_long_periods_are_bucketed_by_week_then_month() -> None:
    thirty = period_for("last-30", datetime(2026, 3, 18, 12, tzinfo=UTC), UTC)
    assert granularity(thirty) == "day" and len(buckets(thirty, UTC)) == 30
    ninety = period_for("last-90", datetime(2026, 3, 18, 12, tzinfo=UTC), UTC)
    weeks = buckets(ninety, UTC)
    assert granularity(ninety) == "week"
    assert all(b.first_day.weekday() == 0 for b in weeks[1:])  # weeks start on Monday
    assert weeks[0].start == ninety.start and weeks[-1].end == ninety.end
    years = days_period(date(2023, 1, 15), date(2026, 3, 18), UTC)
    months = buckets(years, UTC)
    assert granularity(years) == "month" and months[1].first_day == date(2023, 2, 1)
    assert sum((b.end - b.start for b in months), timedelta()) == years.end - years.start


def test_bad_dates_and_periods_are_refused_with_the_field_named() -> None:
    with pytest.raises(BadInput, match="--from: '2026-02-30' is not a date"):
        parse_day("2026-02-30", "--from")
    with pytest.raises(BadInput, match="before the first day"):
        days_period(date(2026, 3, 2), date(2026, 3, 1), UTC)
    with pytest.raises(BadInput, match="not a period"):
        period_for("last-8", datetime(2026, 3, 18, tzinfo=UTC), UTC)

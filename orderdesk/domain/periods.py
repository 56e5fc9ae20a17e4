"""Reporting periods: the seller picks local dates, the store filters UTC instants.

A period is a run of whole local days, ``first_day`` to ``last_day`` inclusive, and the
half-open UTC interval ``[start, end)`` from the first day's local midnight to the local
midnight after the last day. ``tz=None`` means the machine's local time zone (DST-aware).
Pure functions: "now" is passed in (the store's ``Database.clock()``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from orderdesk.domain.errors import BadInput

PERIOD_LABELS: dict[str, str] = {
    "last-7": "Last 7 days",
    "last-30": "Last 30 days",
    "last-90": "Last 90 days",
    "this-month": "This month",
    "last-month": "Last month",
}
PERIOD_KEYS: tuple[str, ...] = tuple(PERIOD_LABELS)
CUSTOM = "custom"

#: periods up to this many days are bucketed per day, up to ``MAX_WEEKS`` weeks per week,
#: longer ones per month (charts stay readable and the bucket list stays short).
MAX_DAYS = 31
MAX_WEEKS = 104


@dataclass(frozen=True)
class Period:
    key: str  # one of PERIOD_KEYS, or "custom"
    label: str
    first_day: date
    last_day: date  # inclusive
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def span(self) -> str:
        """``1 Nov 2026 – 30 Nov 2026`` (local dates)."""
        return f"{_day_text(self.first_day)} – {_day_text(self.last_day)}"


@dataclass(frozen=True)
class Bucket:
    """One point of a sales-over-time series: local days ``first_day`` … and its UTC range."""

    first_day: date
    start: datetime
    end: datetime


def _day_text(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def local_midnight(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant at which local ``day`` begins."""
    if tz is None:
        return datetime(day.year, day.month, day.day).astimezone(UTC)  # system local rules
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


def local_time(iso: str | None, fmt: str) -> str:
    """A stored UTC time (ISO text) in the seller's local time, written with ``fmt``."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso).astimezone().strftime(fmt)


#: A moment of this year, as the desk's tables write it: ``22 Nov 14:05``.
THIS_YEAR_MOMENT = "%d %b %H:%M"
#: A moment of another year: the year in place of the time (``22 Nov 2025``, as wide), so a
#: ship-by date of last December never reads as this December's.
OTHER_YEAR_MOMENT = "%d %b %Y"


def short_local_time(iso: str | None, year: int, *, day_only: bool = False) -> str:
    """A stored UTC time in local time, short: day, month and time in ``year`` (this year,
    by the desk's clock; the day and month alone with ``day_only``), day, month and year in
    any other."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone()
    if moment.year != year:
        return moment.strftime(OTHER_YEAR_MOMENT)
    return moment.strftime("%d %b" if day_only else THIS_YEAR_MOMENT)


def local_today(now: datetime, tz: tzinfo | None = None) -> date:
    """The seller's local date at the (aware) instant ``now``."""
    return now.astimezone(tz).date()


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def days_period(
    first_day: date,
    last_day: date,
    tz: tzinfo | None = None,
    *,
    key: str = CUSTOM,
    label: str | None = None,
) -> Period:
    """The local days ``first_day`` … ``last_day`` (inclusive) as a period."""
    if last_day < first_day:
        raise BadInput(
            f"period: the last day {last_day.isoformat()} is before the first day "
            f"{first_day.isoformat()}"
        )
    within_kept_days(first_day, "period")
    within_kept_days(last_day, "period")
    return Period(
        key=key,
        label=label or f"{first_day.isoformat()} to {last_day.isoformat()}",
        first_day=first_day,
        last_day=last_day,
        start=local_midnight(first_day, tz),
        end=local_midnight(last_day + timedelta(days=1), tz),
    )


def period_for(key: str, now: datetime, tz: tzinfo | None = None) -> Period:
    """A named period ending today (local): ``last-7`` … ``last-month``.

    "Last N days" are today and the N-1 days before it; "this month" runs from the 1st to
    today; "last month" is the whole previous calendar month.
    """
    today = local_today(now, tz)
    label = PERIOD_LABELS.get(key)
    if label is None:
        raise BadInput(f"--period: {key!r} is not a period ({', '.join(PERIOD_KEYS)})")
    if key.startswith("last-") and key != "last-month":
        days = int(key.removeprefix("last-"))
        return days_period(today - timedelta(days=days - 1), today, tz, key=key, label=label)
    if key == "this-month":
        return days_period(_first_of_month(today), today, tz, key=key, label=label)
    first = _add_months(_first_of_month(today), -1)
    return days_period(first, _first_of_month(today) - timedelta(days=1), tz, key=key, label=label)


def month_period(year: int, month: int, tz: tzinfo | None = None) -> Period:
    """A whole calendar month (the month-end workbook's period)."""
    if not 1 <= month <= 12:
        raise BadInput(f"month: {year}-{month:02d} is not a month")
    first = date(year, month, 1)
    return days_period(
        first, _add_months(first, 1) - timedelta(days=1), tz, label=first.strftime("%B %Y")
    )


def parse_day(text: str, field: str) -> date:
    """``YYYY-MM-DD`` → date, or a one-line :class:`BadInput` naming the field."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        raise BadInput(f"{field}: {text!r} is not a date (use YYYY-MM-DD)") from None
    return within_kept_days(day, field)


#: How a seller writes a date: day first (03/12/2026 is 3 December), month first (the US:
#: 12/03/2026), or year first (2026/12/03).
DATE_ORDERS = ("dmy", "mdy", "ymd")
_MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW"})
_YEAR_FIRST = frozenset({"CN", "JP", "KR", "TW", "HU", "MN", "LT"})
_DATE_HINT = {"dmy": "DD/MM/YYYY", "mdy": "MM/DD/YYYY", "ymd": "YYYY/MM/DD"}
_LOCAL = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$", re.ASCII)


def date_order_for(country: str | None) -> str | None:
    """The date order of the seller's country (US month first, CN/JP/KR year first, the
    rest day first); None when no country is set."""
    code = (country or "").strip().upper()
    if not code:
        return None
    if code in _MONTH_FIRST:
        return "mdy"
    if code in _YEAR_FIRST:
        return "ymd"
    return "dmy"


def date_hint(order: str | None) -> str:
    """The placeholder of a date field: the local style, and ISO (always read)."""
    local = _DATE_HINT.get(order or "")
    return f"{local} or YYYY-MM-DD" if local else "YYYY-MM-DD"


def parse_local_day(text: str, field: str, order: str | None) -> date:
    """A date as the seller writes it: ISO ``YYYY-MM-DD`` always, else in the seller's date
    ``order`` (``dmy``/``mdy``/``ymd``) with ``/``, ``.`` or ``-``. With no order known, a date
    whose day and month could be swapped is refused, naming the field, as is a short year."""
    raw = (text or "").strip()
    try:
        return within_kept_days(date.fromisoformat(raw), field)
    except ValueError:
        pass
    found = _LOCAL.match(raw)
    if found is None:
        raise BadInput(f"{field}: {text!r} is not a date (use {date_hint(order)})")
    a, b, c = found.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif len(c) == 4:
        first, second = int(a), int(b)
        if order == "mdy":
            month, day = first, second
        elif order == "dmy" or order == "ymd":
            day, month = first, second
        elif first != second and first <= 12 and second <= 12:
            raise BadInput(
                f"{field}: {raw!r} could be day {first} of month {second} or month {first} "
                f"day {second}; write it as YYYY-MM-DD"
            )
        else:
            day, month = (first, second) if first > 12 else (second, first)
        year = int(c)
    else:
        raise BadInput(f"{field}: {raw!r}: write the year in full ({date_hint(order)})")
    try:
        return within_kept_days(date(year, month, day), field)
    except ValueError:
        raise BadInput(f"{field}: {raw!r} is not a date (use {date_hint(order)})") from None


#: The days the desk keeps orders for: marketplaces began after the first, and the last leaves
#: room for every period's end (the local midnight after it) inside what a time can hold.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)


def within_kept_days(day: date, field: str) -> date:
    """``day``, or a one-line refusal naming the field when it is outside the kept days."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise BadInput(
            f"{field}: {day.isoformat()} is outside the days the desk keeps "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"
        )
    return day


def granularity(period: Period) -> str:
    """``day``, ``week`` or ``month``: the size of a chart's buckets for this period."""
    if period.days <= MAX_DAYS:
        return "day"
    if period.days <= MAX_WEEKS * 7:
        return "week"
    return "month"


def buckets(period: Period, tz: tzinfo | None = None) -> list[Bucket]:
    """The period cut into days, weeks (Monday first) or months, clipped to the period."""
    size = granularity(period)
    points: list[Bucket] = []
    day = period.first_day
    while day <= period.last_day:
        if size == "day":
            following = day + timedelta(days=1)
        elif size == "week":
            following = day + timedelta(days=7 - day.weekday())
        else:
            following = _add_months(_first_of_month(day), 1)
        following = min(following, period.last_day + timedelta(days=1))
        points.append(Bucket(day, local_midnight(day, tz), local_midnight(following, tz)))
        day = following
    return points

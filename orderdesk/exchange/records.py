"""What a file says about one order, before it meets the database; and the cell parsers.

Each format's reader turns rows into :class:`ImportedOrder` values (money in minor units, times
timezone-aware UTC) and reports every cell it cannot read to :class:`Problems` by row and
column. Money goes through :func:`orderdesk.domain.money.parse_amount` (never floats).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import EXPONENTS, parse_amount
from orderdesk.domain.new_orders import LineFacts, OrderFacts
from orderdesk.exchange.reading import Problems

#: Stands in for a date that could not be read (the row is reported, never imported).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


#: A line as a channel's file states it (with the channel's own line id, when it gives one).
ImportedLine = LineFacts


@dataclass(slots=True, kw_only=True)
class ImportedOrder(OrderFacts):
    """One order as the channel's file states it: the facts of a new order, and where in the
    file they were read."""

    row: int
    case_kind: str = ""  # refund | return | dispute, when the channel reports one
    case_status: str = ""  # open | accepted | …
    lines: list[ImportedLine] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the file rows it was read from

    @property
    def key(self) -> tuple[str, str]:
        return self.channel, self.external_id


def text(value: Any) -> str:
    """A cell as trimmed text (numbers from a workbook without a trailing ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


@lru_cache(maxsize=65_536)
def _amount(raw: str, code: str, mark: str | None) -> int:
    return parse_amount(raw, code, decimal_mark=mark)


def money(
    problems: Problems,
    row: int,
    column: str,
    value: Any,
    code: str,
    *,
    mark: str | None = None,
    required: bool = False,
    allow_negative: bool = False,
) -> int:
    """A money cell in minor units of ``code``; blank is 0 unless required."""
    if type(value) is str and value and code in EXPONENTS:  # the common case, kept short
        try:
            amount = _amount(value.strip(), code, mark)
        except BadInput:
            pass
        else:
            if amount >= 0 or allow_negative:
                return amount
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(row, column, "an amount is required")
        return 0
    if code not in EXPONENTS:
        return 0  # the currency itself is reported
    try:
        if isinstance(value, bool):
            raise BadInput("not an amount")
        if isinstance(value, float):
            amount = parse_amount(Decimal(repr(value)), code)
        elif isinstance(value, int | Decimal):
            amount = parse_amount(value, code)
        else:
            amount = _amount(str(value).strip(), code, mark)
    except BadInput as error:
        reason = error.message.split(": ", 1)[-1]
        problems.add(
            row,
            column,
            f"{str(value)!r} is not an amount"
            if "is not" in reason
            else reason
            if reason.startswith(("'", '"'))
            else f"{str(value)!r}: {reason}",
        )
        return 0
    if amount < 0 and not allow_negative:
        problems.add(row, column, f"{str(value)!r}: cannot be negative")
        return 0
    return amount


def quantity(problems: Problems, row: int, column: str, value: Any) -> int:
    raw = text(value)
    if not raw:
        problems.add(row, column, "a quantity is required")
        return 0
    if isinstance(value, float) and not value.is_integer():
        problems.add(row, column, f"{raw!r} is not a whole number of units")
        return 0
    try:
        number = int(raw)
    except ValueError:
        problems.add(row, column, f"{raw!r} is not a whole number of units")
        return 0
    if number <= 0:
        problems.add(row, column, f"{raw!r}: a quantity must be at least 1")
        return 0
    if number > 1_000_000:
        problems.add(row, column, f"{raw!r}: more than a million units in one line")
        return 0
    return number


def local_to_utc(moment: datetime) -> datetime:
    """A naive time is the seller's local time; an aware one keeps its offset. → UTC."""
    return moment.astimezone(UTC)


_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
    r"( ?(Z|UTC|[+-]\d{2}:?\d{2}))?$",
    re.ASCII,
)
_SLASH = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$",
    re.ASCII,
)
_NAMED_MONTH = re.compile(
    r"^([A-Za-z]{3})[- ](\d{1,2})[-, ]+(\d{4}|\d{2})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
    r"(?:\s+([A-Z]{3,4}))?$",
    re.ASCII,
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
#: How a format writes a date with slashes: day first, month first, or year first.
DATE_ORDERS = ("dmy", "mdy", "ymd")
#: US time zones eBay's reports name (standard and daylight offsets).
_ZONES = {
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "UTC": 0,
    "GMT": 0,
}


class AmbiguousDate(ValueError):
    """A date with slashes whose day and month could be either way round."""


def _year(raw: str) -> int:
    number = int(raw)
    return number + 2000 if len(raw) == 2 else number


def _clock(
    hour: str | None, minute: str | None, second: str | None, half: str | None
) -> tuple[int, int, int]:
    h = int(hour or 0)
    if half:
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return h, int(minute or 0), int(second or 0)


@lru_cache(maxsize=65_536)
def _iso_time(raw: str, order: str | None = None) -> datetime | None:
    if len(raw) == 25 and raw[19] == " " and raw[20] in "+-" and raw[10] in " T":
        try:  # Shopify's 2026-05-01 10:00:00 +0200, the common case
            return datetime.fromisoformat(raw[:19] + raw[20:]).astimezone(UTC)
        except ValueError:
            pass
    if not _ISO.match(raw):
        return _written_date(raw, order)
    cleaned = raw.replace(" UTC", "+00:00").replace("Z", "+00:00")
    cleaned = re.sub(r" ([+-]\d{2}):?(\d{2})$", r"\1:\2", cleaned)
    return local_to_utc(datetime.fromisoformat(cleaned))


_ZONED = re.compile(r"^(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?) ([A-Z]{3,4})$")


def _written_date(raw: str, order: str | None) -> datetime | None:
    """``12/02/2021``, ``12/2/21 3:04 PM`` in the format's declared order, or eBay's
    ``Jan-18-16`` / ``Jan-18-16 14:03:22 PST``. A slash date whose order is not declared
    is read only when it cannot be read two ways (raises :class:`AmbiguousDate`)."""
    zoned = _ZONED.match(raw)  # Amazon's older 2013-01-07 07:35:42 PST
    if zoned and zoned.group(2) in _ZONES:
        moment = datetime.fromisoformat(zoned.group(1).replace("T", " "))
        return (moment - timedelta(hours=_ZONES[zoned.group(2)])).replace(tzinfo=UTC)
    match = _SLASH.match(raw)
    if match:
        first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if order is None:
            if len(year) == 2:
                raise AmbiguousDate(raw)
            if first > 12 >= second:
                order = "dmy"
            elif second > 12 >= first:
                order = "mdy"
            elif first == second:
                order = "dmy"
            else:
                raise AmbiguousDate(raw)
        if order == "ymd":
            return None
        day, month = (first, second) if order == "dmy" else (second, first)
        clock = _clock(match.group(4), match.group(5), match.group(6), match.group(7))
        return local_to_utc(datetime(_year(year), month, day, *clock))
    match = _NAMED_MONTH.match(raw)
    if match and match.group(1).lower() in _MONTHS:
        clock = _clock(match.group(4), match.group(5), match.group(6), match.group(7))
        moment = datetime(
            _year(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2)), *clock
        )
        zone = match.group(8)
        if zone in _ZONES:
            return (moment - timedelta(hours=_ZONES[zone])).replace(tzinfo=UTC)
        if zone:
            return None
        return local_to_utc(moment)
    return None


def when(
    problems: Problems,
    row: int,
    column: str,
    value: Any,
    *,
    required: bool = False,
    order: str | None = None,
) -> datetime | None:
    """A date/time cell: ISO 8601 (``2026-05-01 10:00:00 +0200``), a slash date in the
    format's ``order`` (``dmy``, ``mdy``), ``Jan-18-16``, or a workbook date. Naive times are
    the seller's local time. An ambiguous slash date is a problem, never a guess."""
    if type(value) is str and value:
        try:
            moment = _iso_time(value.strip(), order)
        except ValueError:
            moment = None
        if moment is not None:
            return moment
    if isinstance(value, datetime):
        return local_to_utc(value)
    if isinstance(value, date):
        return local_to_utc(datetime.combine(value, time(0, 0)))
    raw = text(value)
    if not raw:
        if required:
            problems.add(row, column, "a date is required")
        return None
    try:
        moment = _iso_time(raw, order)
    except AmbiguousDate:
        problems.add(
            row,
            column,
            f"{raw!r} could be read day first or month first; the "
            f'format must say which (a mapping\'s date_order = "dmy" '
            f'or "mdy"), or write it as 2026-05-01',
        )
        return None
    except ValueError:
        moment = None
    if moment is None:
        problems.add(
            row, column, f"{raw!r} is not a date (use 2026-05-01 or 2026-05-01 14:30:00 +0200)"
        )
        return None
    return moment


def country(
    problems: Problems, row: int, column: str, value: Any, names: dict[str, str] | None = None
) -> str:
    """A country as its ISO code: a two-letter code, or a name in any language the files use
    ("United States", "Brasil", "España")."""
    raw = text(value)
    if not raw:
        return ""
    if len(raw) == 2 and raw.isascii() and raw.isalpha():
        return raw.upper()
    from orderdesk.exchange.countries import country_code

    code = (names or {}).get(raw.casefold()) or country_code(raw)
    if code is None:
        problems.add(
            row, column, f"{raw!r} is not a country the desk knows (a two-letter code or its name)"
        )
        return ""
    return code


def currency_code(problems: Problems, row: int, column: str, value: Any) -> str:
    code = text(value).upper()
    if code not in EXPONENTS:
        problems.add(
            row,
            column,
            f"{code!r} is not an ISO 4217 currency code (USD, EUR, ARS…)"
            if code
            else "the currency is required",
        )
    return code

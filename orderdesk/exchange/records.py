"""What a file says about one order, before it meets the database; and the cell parsers.

Each format's reader turns rows into :class:`ImportedOrder` values (money in minor units, times
timezone-aware UTC) and reports every cell it cannot read to :class:`Problems` by row and
column. Money goes through :func:`orderdesk.domain.money.parse_amount` (never floats).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import EXPONENTS, parse_amount
from orderdesk.exchange.reading import Problems

#: Stands in for a date that could not be read (the row is reported, never imported).
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class ImportedLine:
    sku: str
    title: str
    quantity: int
    unit_price: int
    variant: str = ""


@dataclass(slots=True)
class ImportedOrder:
    """One order as the channel's file states it."""

    channel: str
    external_id: str
    row: int
    currency: str
    created_at: datetime
    stage: str = "pending"  # what the channel says: pending, in_transit, delivered, cancelled
    payment: str = "unpaid"
    paid_at: datetime | None = None
    ship_by: datetime | None = None  # the channel's own deadline, when the file gives one
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    buyer_name: str = ""
    buyer_email: str = ""
    buyer_phone: str = ""
    ship_name: str = ""
    ship_line1: str = ""
    ship_line2: str = ""
    ship_city: str = ""
    ship_region: str = ""
    ship_postal_code: str = ""
    ship_country: str = ""
    subtotal: int = 0
    shipping: int = 0
    tax: int = 0
    discount: int = 0
    total: int = 0
    fee: int = 0
    shipping_cost: int = 0
    refunded: int = 0
    carrier: str = ""
    service: str = ""
    tracking_number: str = ""
    tracking_url: str = ""
    note: str = ""
    tags: str = ""
    case_kind: str = ""  # refund | return | dispute, when the channel reports one
    case_status: str = ""  # open | accepted | …
    lines: list[ImportedLine] = field(default_factory=list)

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


def money(problems: Problems, row: int, column: str, value: Any, code: str, *,
          mark: str | None = None, required: bool = False, allow_negative: bool = False) -> int:
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
        problems.add(row, column, f"{str(value)!r}: {reason}" if "is not" not in reason
                     else f"{str(value)!r} is not an amount")
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


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?"
                  r"( ?(Z|UTC|[+-]\d{2}:?\d{2}))?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})( (\d{1,2}):(\d{2})(:(\d{2}))?)?$")


@lru_cache(maxsize=65_536)
def _iso_time(raw: str) -> datetime | None:
    if len(raw) == 25 and raw[19] == " " and raw[20] in "+-" and raw[10] in " T":
        try:  # Shopify's 2026-05-01 10:00:00 +0200, the common case
            return datetime.fromisoformat(raw[:19] + raw[20:]).astimezone(UTC)
        except ValueError:
            pass
    if not _ISO.match(raw):
        match = _DMY.match(raw)
        if not match:
            return None
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        hour = int(match.group(5) or 0)
        minute = int(match.group(6) or 0)
        second = int(match.group(8) or 0)
        return local_to_utc(datetime(year, month, day, hour, minute, second))
    cleaned = raw.replace(" UTC", "+00:00").replace("Z", "+00:00")
    cleaned = re.sub(r" ([+-]\d{2}):?(\d{2})$", r"\1:\2", cleaned)
    return local_to_utc(datetime.fromisoformat(cleaned))


def when(problems: Problems, row: int, column: str, value: Any, *,
         required: bool = False) -> datetime | None:
    """A date/time cell: ISO 8601 (``2026-05-01 10:00:00 +0200``), day/month/year, or a
    workbook date. Naive times are the seller's local time."""
    if type(value) is str and value:
        try:
            moment = _iso_time(value.strip())
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
        moment = _iso_time(raw)
    except ValueError:
        moment = None
    if moment is None:
        problems.add(row, column, f"{raw!r} is not a date (use 2026-05-01 or "
                                  f"2026-05-01 14:30:00 +0200)")
        return None
    return moment


def country(problems: Problems, row: int, column: str, value: Any,
            names: dict[str, str] | None = None) -> str:
    raw = text(value)
    if not raw:
        return ""
    if len(raw) == 2 and raw.isalpha():
        return raw.upper()
    code = (names or {}).get(raw.casefold())
    if code is None:
        problems.add(row, column, f"{raw!r} is not a two-letter country code")
        return ""
    return code


def currency_code(problems: Problems, row: int, column: str, value: Any) -> str:
    code = text(value).upper()
    if code not in EXPONENTS:
        problems.add(row, column, f"{code!r} is not an ISO 4217 currency code (USD, EUR, ARS…)"
                     if code else "the currency is required")
    return code

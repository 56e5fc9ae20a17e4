"""Money as an integer count of the currency's minor unit, with ISO 4217 exponents.

Never floats: amounts are parsed with :class:`decimal.Decimal` and kept as ``int``.
Amounts in different currencies are never added together.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from orderdesk.domain.errors import BadInput

# Active ISO 4217 codes. Most have 2 decimals; the exceptions are listed below.
_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD UYU UYW UZS VED VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG
""".split()
_ZERO = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "ISK",
    "JPY",
    "KMF",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
}
_THREE = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}
_FOUR = {"UYW"}

EXPONENTS: dict[str, int] = {
    code: 0 if code in _ZERO else 3 if code in _THREE else 4 if code in _FOUR else 2
    for code in _CODES
}


class Convention(NamedTuple):
    """How people who use a currency write it: its symbol, on which side, and its marks."""

    symbol: str
    before: bool  # the symbol goes before the number
    thousands: str
    decimal: str


_DOT_COMMA = (".", ",")  # 1.234,56
_COMMA_DOT = (",", ".")  # 1,234.56

#: Each currency written as its own people write it (the symbol where it is unambiguous on a
#: desk selling in several currencies). One table, read by :func:`format_money`.
CONVENTIONS: dict[str, Convention] = {
    "USD": Convention("US$", True, *_COMMA_DOT),
    "ARS": Convention("$", True, *_DOT_COMMA),
    "BRL": Convention("R$", True, *_DOT_COMMA),
    "EUR": Convention("€", False, *_DOT_COMMA),
    "GBP": Convention("£", True, *_COMMA_DOT),
    "JPY": Convention("¥", True, *_COMMA_DOT),
    "CNY": Convention("CN¥", True, *_COMMA_DOT),
    "MXN": Convention("MX$", True, *_COMMA_DOT),
    "CLP": Convention("CLP$", True, *_DOT_COMMA),
    "COP": Convention("COL$", True, *_DOT_COMMA),
    "UYU": Convention("$U", True, *_DOT_COMMA),
    "PEN": Convention("S/", True, *_COMMA_DOT),
    "CAD": Convention("CA$", True, *_COMMA_DOT),
    "AUD": Convention("A$", True, *_COMMA_DOT),
    "CHF": Convention("CHF", True, "'", "."),
    "PYG": Convention("₲", True, *_DOT_COMMA),
}


def convention(code: str) -> Convention:
    """A currency not in the table is written with its code first, ``1,234.56``."""
    return CONVENTIONS.get(code) or Convention(code, True, *_COMMA_DOT)


def currency(code: str) -> str:
    """Return the normalised ISO 4217 code, or raise :class:`BadInput`."""
    normal = (code or "").strip().upper()
    if normal not in EXPONENTS:
        raise BadInput(f"unknown currency {code!r} (use an ISO 4217 code such as USD, EUR, ARS)")
    return normal


def exponent(code: str) -> int:
    return EXPONENTS[currency(code)]


#: Digits 0-9 only (re.ASCII): Python would also read ３ or ٣ as a digit of an amount.
_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}([.,' ]\d{3})+)?([.,]\d+)?$", re.ASCII)


#: No amount of one order reaches this many minor units (ten trillion dollars in cents); a
#: number beyond it is a damaged cell, and sums of it would overflow the database's integers.
LARGEST_MINOR = 10**15


def parse_amount(
    text: str | int | Decimal, code: str, *, decimal_mark: str | None = None, field: str = "amount"
) -> int:
    """Parse a money amount into minor units of ``code``.

    Accepts ``1234.5``, ``1,234.56`` and ``1.234,56``. Where both marks appear the last one is
    the decimal mark; ``decimal_mark`` settles a lone separator when the source format says
    which it is. More decimals than the currency has is an error, never a silent rounding.
    """
    places = exponent(code)
    if isinstance(text, int):
        text = Decimal(text)
    if isinstance(text, Decimal):
        value = text
    else:
        raw = str(text).strip().replace("\u00a0", " ")
        for sign in ("$", "€", "£", "¥"):
            raw = raw.replace(sign, "")
        raw = raw.strip()
        if raw.upper().startswith(code.upper()):
            raw = raw[len(code) :].strip()
        if not raw or not _NUMBER.match(raw):
            raise BadInput(f"{field}: {text!r} is not an amount")
        try:
            value = Decimal(_normalise(raw, places, decimal_mark))
        except _Ambiguous as unclear:
            whole = raw.replace(unclear.sep, "")
            raise BadInput(
                f"{field}: {text!r} is ambiguous in {code} (thousands or decimals?): "
                f"write {whole} without a separator, or two decimals"
            ) from None
    try:
        minor = value.scaleb(places)
    except InvalidOperation as exc:  # pragma: no cover - Decimal guards above
        raise BadInput(f"{field}: {text!r} is not an amount") from exc
    if minor != minor.to_integral_value():
        raise BadInput(f"{field}: {text!r} has more decimals than {code} allows ({places})")
    if abs(minor) > LARGEST_MINOR:
        raise BadInput(
            f"{field}: {text!r} is larger than any order's amount "
            f"(at most {grouped(LARGEST_MINOR, code)})"
        )
    return int(minor)


class _Ambiguous(Exception):
    """``1.234`` in a two-decimal currency: a thousands or a decimal separator?"""

    def __init__(self, sep: str) -> None:
        super().__init__(sep)
        self.sep = sep


def _normalise(raw: str, places: int, decimal_mark: str | None) -> str:
    raw = raw.replace(" ", "").replace("'", "")
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        mark = "." if last_dot > last_comma else ","
    elif last_dot < 0 and last_comma < 0:
        return raw
    else:
        sep = "." if last_dot >= 0 else ","
        digits_after = len(raw) - raw.rfind(sep) - 1
        whole = raw[: raw.find(sep)].lstrip("+-")
        if decimal_mark is not None:
            mark = decimal_mark
        elif raw.count(sep) > 1 or (digits_after == 3 and places == 0 and whole.lstrip("0")):
            mark = "," if sep == "." else "."  # a thousands separator
        elif digits_after == 3 and places != 3 and whole.lstrip("0"):
            raise _Ambiguous(sep)
        else:
            mark = sep
    thousands = "," if mark == "." else "."
    return raw.replace(thousands, "").replace(mark, ".")


def parse_in_currency(text: str, code: str, *, field: str = "amount") -> int:
    """An amount typed for an order in ``code``: ``12.50``, ``12,50 EUR`` or ``USD 12.50``.

    A different currency than the order's is refused: amounts are never converted.
    """
    raw = (text or "").strip()
    match = re.fullmatch(r"([A-Za-z]{3})?\s*(.*?)\s*([A-Za-z]{3})?", raw)
    given = (match.group(1) or match.group(3)) if match and match.group(2) else None
    if given:
        if currency(given) != code:
            raise BadInput(f"{field}: {raw!r} is in {given.upper()}, but the order is in {code}")
        raw = match.group(2) if match else raw
    if raw.startswith("-"):
        raise BadInput(f"{field}: {text!r} is negative")
    return parse_amount(raw, code, field=field)


def to_decimal(minor: int, code: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(code))


def decimal_string(minor: int, code: str) -> str:
    """The amount as a plain decimal string with the currency's places: ``1234.50``."""
    places = exponent(code)
    return f"{to_decimal(minor, code):.{places}f}"


MINUS = "\u2212"


def grouped(minor: int, code: str) -> str:
    """The number part of :func:`format_money`, no symbol (where a column header or a title
    names the currency): ``1,234.50`` in US$, ``1.234,50`` in R$. Zero is never signed."""
    marks = convention(code)
    places = exponent(code)
    digits = f"{abs(to_decimal(minor, code)):,.{places}f}"
    whole, _, part = digits.partition(".")
    number = whole.replace(",", marks.thousands) + (marks.decimal + part if part else "")
    return f"{MINUS}{number}" if minor < 0 else number


def format_money(minor: int, code: str) -> str:
    """The one way an amount is shown to people, in the desk, its dialogs, the documents and
    the command line's text: ``US$ 1,234.56``, ``$ 124.960,00`` (ARS), ``R$ 1.234,56``,
    ``1.234,56 €``; a negative amount ``−US$ 12.00``; zero never ``−0.00``."""
    marks = convention(code)
    number = grouped(abs(minor), code)
    shown = f"{marks.symbol} {number}" if marks.before else f"{number} {marks.symbol}"
    return f"{MINUS}{shown}" if minor < 0 else shown


def format_amount_text(amount: str | Decimal | None, code: str) -> str:
    """:func:`format_money` for an amount the queries give as a decimal string (``"12.50"``,
    as the JSON output carries it); empty for none."""
    if amount is None or amount == "":
        return ""
    return format_money(int(Decimal(amount).scaleb(exponent(code))), code)


def percent(rate: float | None) -> str:
    """A rate for people: ``12.5%``; ``–`` when there is nothing to divide by."""
    return "–" if rate is None else f"{rate * 100:.1f}%"


def excel_number_format(code: str) -> str:
    places = exponent(code)
    decimals = "." + "0" * places if places else ""
    return f'#,##0{decimals} "{code}";-#,##0{decimals} "{code}"'

"""What a tab lists and in which order, as the seller narrows and sorts it: by channel,
ship-to country, payment and shortage of stock, and by a column either way. The store turns
these into the page's SQL (``WHERE`` and ``ORDER BY``); the desk shows them in the tab's
header. The words for them, and what the seller may type, are written here once."""

from __future__ import annotations

from dataclasses import dataclass

from orderdesk.domain.errors import BadInput
from orderdesk.domain.search_key import fold
from orderdesk.domain.stages import Payment

#: Answers that mean "yes" in the short-of-stock field.
_YES = frozenset({"y", "yes", "x", "1", "true", "si", "sí", "s"})
_NO = frozenset({"", "n", "no", "0", "false"})


@dataclass(frozen=True)
class RowFilter:
    """Only the rows of this channel, to this country, in this payment state, short of stock
    (each one that is set; none set lists every row)."""

    channel: str | None = None
    country: str | None = None
    payment: str | None = None
    short: bool = False

    @property
    def active(self) -> bool:
        return bool(self.channel or self.country or self.payment or self.short)

    def describe(self) -> str:
        """``shopify · to BR · paid · short of stock``: how the tab's header names it."""
        parts = []
        if self.channel:
            parts.append(self.channel)
        if self.country:
            parts.append(f"to {self.country}")
        if self.payment:
            parts.append(Payment(self.payment).label.lower())
        if self.short:
            parts.append("short of stock")
        return " · ".join(parts)


NO_FILTER = RowFilter()


def parse_filter(values: dict[str, str]) -> RowFilter:
    """The filter the seller typed (``channel``, ``country``, ``payment``, ``short``); an
    answer that cannot be one is refused naming its field."""
    channel = (values.get("channel") or "").strip().lower() or None
    country = (values.get("country") or "").strip().upper() or None
    if country is not None and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise BadInput(f"country: {country!r} is not a two-letter country code (BR, US, AR…)")
    payment = None
    typed = (values.get("payment") or "").strip()
    if typed:
        wanted = fold(typed).replace(" ", "_")
        payment = next((p.value for p in Payment if p.value == wanted), None)
        if payment is None:
            known = ", ".join(p.label.lower() for p in Payment)
            raise BadInput(f"payment: {typed!r} is not a payment state ({known})")
    answer = fold((values.get("short") or "").strip())
    if answer not in _YES | _NO:
        raise BadInput(f"short of stock: answer y or n (not {answer!r})")
    return RowFilter(channel, country, payment, answer in _YES)


#: The columns a tab may be sorted by (a table column's key), the way each sorts first.
SORTABLE: dict[str, bool] = {
    "order": False,
    "ship_by": False,
    "channel": False,
    "buyer": False,
    "country": False,
    "total": True,  # the largest first
    "shipped": False,
    "finalized": True,
    "respond_by": False,
    "amount": True,
}

UP, DOWN = "▲", "▼"


@dataclass(frozen=True)
class RowSort:
    """Rows by one column, up or down (ties by order id the same way)."""

    column: str
    descending: bool

    def arrow(self) -> str:
        return DOWN if self.descending else UP

    def flipped(self) -> RowSort:
        return RowSort(self.column, not self.descending)


def next_sort(current: RowSort | None, columns: list[str]) -> RowSort | None:
    """The sort after ``current`` among a tab's sortable ``columns``, in the table's order,
    each its natural way first; after the last, None: the tab's own worked order again."""
    sortable = [column for column in columns if column in SORTABLE]
    if not sortable:
        return None
    if current is None or current.column not in sortable:
        return RowSort(sortable[0], SORTABLE[sortable[0]])
    at = sortable.index(current.column) + 1
    if at == len(sortable):
        return None
    return RowSort(sortable[at], SORTABLE[sortable[at]])

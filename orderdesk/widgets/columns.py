"""What each tab's table shows: its columns and how a row's cells are drawn.

Cells are :class:`rich.text.Text`, never markup strings, so a ``[`` in a buyer's name or an
address shows as typed. Times arrive as ISO 8601 in UTC and are shown in local time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from rich.text import Text

from orderdesk.domain.money import format_amount_text
from orderdesk.domain.periods import local_time, short_local_time
from orderdesk.domain.stages import TAB_TITLES, Tab
from orderdesk.store.rows import OrderField, OrderRow

Row = OrderRow

SELECTED_MARK = "●"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    #: ``cell(row, year)``: the row's cell; ``year`` is this year by the desk's clock (a
    #: moment of another year is written with its year).
    cell: Callable[[Row, int], Text]
    width: int | None = None


def _plain(key: OrderField) -> Callable[[Row, int], Text]:
    return lambda row, _year: Text(str(row.get(key) or ""), no_wrap=True, overflow="ellipsis")


def _label(key: OrderField) -> Callable[[Row, int], Text]:
    return lambda row, _year: Text(str(row.get(key) or "").replace("_", " "), no_wrap=True)


def tab_title(row: Row, _year: int) -> Text:
    """The tab a search hit is on, as its tab is titled ("Ready to ship", not its code)."""
    tab = str(row.get("tab") or "")
    return Text(TAB_TITLES[Tab(tab)] if tab in _TABS else tab, no_wrap=True)


_TABS = frozenset(tab.value for tab in Tab)


def ship_by(row: Row, year: int) -> Text:
    text = Text(short_local_time(row.get("ship_by"), year), no_wrap=True)
    if row.get("overdue"):
        text.stylize("bold red")
        text.append(" !", style="bold red")
    elif row.get("due_soon"):
        text.stylize("yellow")
    return text


def order_ref(row: Row, _year: int) -> Text:
    return Text(f"#{row['id']}", no_wrap=True)


def money(key: Literal["total", "case_amount"]) -> Callable[[Row, int], Text]:
    def cell(row: Row, _year: int) -> Text:
        return Text(
            format_amount_text(row.get(key), row["currency"]), justify="right", no_wrap=True
        )

    return cell


def respond_by(row: Row, year: int) -> Text:
    text = Text(short_local_time(row.get("respond_by"), year), no_wrap=True)
    if row.get("respond_late"):
        text.stylize("bold red")
        text.append(" !", style="bold red")
    elif row.get("case_status") == "open":
        text.stylize("bold")
    return text


def case_ref(row: Row, _year: int) -> Text:
    return Text(f"{row['case_id']}", no_wrap=True)


def label_state(row: Row, year: int) -> Text:
    """Ready to ship: whether the label is printed (and when), or still to print."""
    if row.get("label_printed_at"):
        return Text(
            f"✓ {short_local_time(row['label_printed_at'], year, day_only=True)}", no_wrap=True
        )
    return Text("to print", style="bold", no_wrap=True)


def finalized(row: Row, _year: int) -> Text:
    return Text(local_time(row.get("finalized_at"), "%d %b %Y"), no_wrap=True)


def shipped(row: Row, _year: int) -> Text:
    """In transit: when it shipped, red and flagged when far longer than usual (the rule in
    :func:`orderdesk.domain.deadlines.is_slow_in_transit`)."""
    text = Text(local_time(row.get("shipped_at"), "%d %b %Y"), no_wrap=True)
    if row.get("slow"):
        text.stylize("bold red")
        text.append(" slow", style="bold red")
    return text


def flags(row: Row, _year: int) -> Text:
    """What stops the order today: its hold (with the reason) and a shortage of stock."""
    text = Text(no_wrap=True, overflow="ellipsis")
    hold = row.get("hold")
    if hold and hold.get("active"):
        text.append(f"held: {hold['reason']}", style="bold magenta")
    if row.get("short"):
        if text:
            text.append(" ")
        text.append("short", style="bold red")
    return text


FLAGS = Column("flags", "Hold / stock", flags, 16)
ORDER = Column("order", "Order", order_ref)
CHANNEL = Column("channel", "Channel", _plain("channel"), 12)
BUYER = Column("buyer", "Buyer", _plain("buyer_name"), 18)
ITEMS = Column("items", "Items", _plain("items"), 20)
TOTAL = Column("total", "Total", money("total"))
PAYMENT = Column("payment", "Payment", _label("payment"))
STAGE = Column("stage", "Stage", _label("stage"))
SHIP_BY = Column("ship_by", "Ship by", ship_by)
COUNTRY = Column("country", "To", _plain("country"))

CASE_COLUMNS = (
    Column("case", "Case", case_ref),
    Column("status", "Status", _label("case_status")),
    Column("respond_by", "Respond by", respond_by),
    ORDER,
    BUYER,
    Column("reason", "Reason", _plain("case_reason"), 28),
    Column("amount", "Amount", money("case_amount")),
    STAGE,
)

#: Columns per tab (the Tab's value), and for the search results across all tabs.
TAB_COLUMNS: dict[str, tuple[Column, ...]] = {
    # Every order in To prepare is pending: its flags (hold, shortage) take the stage's place.
    "to-prepare": (SHIP_BY, ORDER, CHANNEL, BUYER, ITEMS, TOTAL, PAYMENT, FLAGS),
    "ready-to-ship": (
        SHIP_BY,
        ORDER,
        Column("label", "Label", label_state),
        CHANNEL,
        BUYER,
        COUNTRY,
        ITEMS,
        TOTAL,
        FLAGS,
    ),
    "in-transit": (
        ORDER,
        CHANNEL,
        BUYER,
        Column("carrier", "Carrier", _plain("carrier"), 16),
        Column("tracking", "Tracking", _plain("tracking_number"), 24),
        Column("shipped", "Shipped", shipped),
        TOTAL,
    ),
    "finalized": (
        Column("finalized", "Finished", finalized),
        ORDER,
        CHANNEL,
        BUYER,
        STAGE,
        TOTAL,
        PAYMENT,
        ITEMS,
    ),
    "refunds": CASE_COLUMNS,
    "disputes": CASE_COLUMNS,
    "search": (
        ORDER,
        Column("tab", "Tab", tab_title),
        CHANNEL,
        BUYER,
        ITEMS,
        TOTAL,
        STAGE,
        Column("tracking", "Tracking", _plain("tracking_number"), 20),
    ),
}


def row_key(row: Row) -> str:
    """Case tabs list a case per row (an order may have several); others an order per row."""
    if "case_id" in row:
        return f"case-{row['case_id']}"
    return f"order-{row['id']}"

"""One order in full: buyer, ship-to, lines, fee composition, tracking, cases, messages and
the journal timeline. Read in a worker with the store's ``order_detail``.

The screen acts on its order with the desk's own row keys (:mod:`orderdesk.screens.row_keys`)
and actions (:class:`~orderdesk.screens.desk_actions.RowActions`): the footer offers what the
domain's rule allows for this order, a key that does not apply says why, and the actions run
in the desk's own line of actions; once they are reported the order is read again.

What the command line or another desk changes shows by itself: the desk's one watch of the
database (``DeskScreen._look_for_changes``) tells this screen, which reads its order again and
says in one line what changed under the seller, if anything of this order did."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from orderdesk.domain.money import MINUS, format_amount_text
from orderdesk.domain.periods import local_time
from orderdesk.domain.stages import Payment, Stage
from orderdesk.screens.desk_actions import RowActions
from orderdesk.screens.row_keys import (
    EXCEPTION_KEYS,
    ORDER_KEYS,
    PAPER_KEYS,
    RELOAD_KEY,
    UNDO_KEY,
)

if TYPE_CHECKING:
    from datetime import datetime

    from orderdesk.config import Settings
    from orderdesk.screens.calls import Call
    from orderdesk.screens.desk import DeskScreen
    from orderdesk.store import Database
    from orderdesk.store.rows import MoneyKey, OrderDetail, OrderRow

MONEY_ROWS: tuple[tuple[MoneyKey, str], ...] = (
    ("subtotal", "Items"),
    ("shipping", "Shipping charged"),
    ("tax", "Tax"),
    ("discount", "Discount"),
    ("total", "Total"),
    ("fee", "Marketplace fee"),
    ("shipping_cost", "Shipping cost"),
    ("refunded", "Refunded"),
    ("net", "Net"),
)

#: The detail has room for the year: a case or message of last year says so.
FULL_MOMENT = "%d %b %Y %H:%M"


def _label(value: str | None) -> str:
    return (value or "").replace("_", " ")


def heading(detail: OrderDetail) -> Text:
    text = Text.assemble(
        (f"Order #{detail['id']}", "bold"),
        "  ",
        (f"{detail['channel']} {detail['external_id']}", ""),
        "  ·  ",
        (_label(detail["stage"]).capitalize(), "bold"),
        "  ·  payment ",
        _label(detail["payment"]),
        "  ·  payout ",
        _label(detail["payout"]),
    )
    if detail.get("overdue"):
        text.append("  OVERDUE", style="bold red")
    hold = detail.get("hold")
    if hold and hold.get("active"):
        text.append(f"  ON HOLD: {hold['reason']}", style="bold magenta")
    if detail.get("short"):
        text.append("  SHORT OF STOCK", style="bold red")
    return text


def people(detail: OrderDetail) -> Table:
    ship = detail["ship_to"]
    address = [
        ship["name"],
        ship["line1"],
        ship["line2"],
        " ".join(p for p in (ship["postal_code"], ship["city"]) if p),
        " ".join(p for p in (ship["region"], ship["country"]) if p),
    ]
    table = Table.grid(padding=(0, 4))
    table.add_column()
    table.add_column()
    table.add_row(Text("Buyer", style="bold"), Text("Ship to", style="bold"))
    table.add_row(
        Text(
            "\n".join(
                p for p in (detail["buyer_name"], detail["buyer_email"], detail["buyer_phone"]) if p
            )
        ),
        Text("\n".join(p for p in address if p)),
    )
    return table


def lines(detail: OrderDetail) -> Table:
    table = Table(title="Lines", title_justify="left", expand=False)
    table.add_column("SKU", no_wrap=True)
    table.add_column("Title", overflow="fold")  # a narrow terminal wraps it, never cuts it
    table.add_column("Variant", overflow="fold")
    table.add_column("Qty", justify="right", no_wrap=True)
    table.add_column("Unit price", justify="right", no_wrap=True)
    for line in detail["lines"]:
        table.add_row(
            Text(line["sku"] or ""),
            Text(line["title"] or ""),
            Text(line["variant"] or ""),
            str(line["quantity"]),
            format_amount_text(line["unit_price"], detail["currency"]),
        )
    return table


def money(detail: OrderDetail) -> Table:
    table = Table(title="Fee composition", title_justify="left", show_header=False)
    table.add_column()
    table.add_column(justify="right")
    for key, label in MONEY_ROWS:
        style = "bold" if key in ("total", "net") else ""
        shown = format_amount_text(detail["money"][key], detail["currency"])
        if key in ("fee", "shipping_cost", "refunded", "discount") and shown != (
            format_amount_text("0", detail["currency"])
        ):
            shown = f"{MINUS}{shown}"  # taken off; nothing taken off is never −0.00
        table.add_row(Text(label, style=style), Text(shown, style=style))
    return table


def tracking(detail: OrderDetail) -> Text:
    """The carrier and tracking number of each shipment, as ``y`` on the desk copies them
    (ready to paste where a marketplace takes no upload), and whether a confirmations file
    has told the marketplace."""
    from orderdesk.domain.upload_channels import shipments_to_copy

    text = Text("Tracking  ", style="bold")
    copy = shipments_to_copy(detail)
    if not copy:
        text.append("none yet", style="dim")
        return text
    told = [s.get("confirmed") for s in detail.get("shipments") or [] if s.get("tracking_number")]
    for number, line in enumerate(copy):
        if number:
            text.append("\n          ")
        text.append(line)
        if number < len(told):
            text.append(
                "  marketplace told" if told[number] else "  marketplace not told yet",
                style="dim",
            )
    text.append("   (y on the desk's row copies it)", style="dim")
    if detail.get("tracking_url"):
        text.append("\n")
        text.append(detail["tracking_url"], style=f"link {detail['tracking_url']} underline")
    if detail.get("merged_with"):
        text.append("\nMerged    ", style="bold")
        text.append("one shipment with " + ", ".join(f"#{i}" for i in detail["merged_with"]))
    return text


def cases(detail: OrderDetail) -> RenderableType:
    if not detail["cases"]:
        return Text("Cases  none", style="dim")
    # No vertical rules, and the resolution under its reason: at 80 columns every column
    # shows whole (the text ones wrap), none is cut to an ellipsis.
    table = Table(title="Cases", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("Case", "Kind", "Status"):
        table.add_column(name, no_wrap=True)
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("Respond by", no_wrap=True)
    table.add_column("Reason", overflow="fold")  # then "→ resolution"
    for case in detail["cases"]:
        why = Text(case["reason"] or "")
        if case["resolution"]:
            why.append("\n→ ", style="dim")
            why.append(case["resolution"])
        table.add_row(
            str(case["id"]),
            case["kind"],
            case["status"],
            format_amount_text(case["amount"], detail["currency"]),
            local_time(case["respond_by"], FULL_MOMENT),
            why,
        )
    return table


def messages(detail: OrderDetail) -> RenderableType:
    if not detail["messages"]:
        return Text("Messages  none", style="dim")
    arrows = {"out": "→ buyer", "in": "← buyer", "note": "note"}
    out = Text("Messages\n", style="bold")
    for message in detail["messages"]:
        arrow = arrows.get(message["direction"], "")
        out.append(
            f"{local_time(message['at'], FULL_MOMENT)}  {arrow}  {message['author']}\n", style="dim"
        )
        out.append(f"  {message['body']}\n")
    return out


def journal(detail: OrderDetail) -> Text:
    out = Text("Timeline\n", style="bold")
    for entry in detail["journal"]:
        style = "dim strike" if entry.get("undone_by") else ""
        out.append(f"{local_time(entry['at'], '%Y-%m-%d %H:%M')}  ", style="dim")
        out.append(f"{entry['summary']}", style=style)
        out.append(f"  ({entry['actor']})\n", style="dim")
    return out


def what_changed(before: OrderDetail, after: OrderDetail) -> str | None:
    """One line saying what changed in an order since the seller last saw it, or None if
    nothing of it did."""
    parts = []
    if after["stage"] != before["stage"]:
        parts.append(f"now {Stage(after['stage']).label}")
    if after["payment"] != before["payment"]:
        parts.append(f"payment {Payment(after['payment']).label}")
    new = len(after["messages"]) - len(before["messages"])
    if new > 0:
        parts.append(f"{new} new message{'s' if new != 1 else ''}")
    if [(c["id"], c["status"]) for c in after["cases"]] != [
        (c["id"], c["status"]) for c in before["cases"]
    ]:
        parts.append("its cases changed")
    if not parts and after["version"] == before["version"]:
        return None
    return f"Order #{after['id']} changed elsewhere: " + (", ".join(parts) or "read again")


class DetailScreen(RowActions, Screen[None]):
    """Everything about one order, and the desk's keys for it; Escape goes back to the tab."""

    CSS_PATH = "detail.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="detail-back"),
        Binding("backspace", "app.pop_screen", "Back", show=False),
        # q closes this screen, not the whole desk (the app's q quits from the desk)
        Binding("q", "app.pop_screen", "Back", show=False, id="detail-close"),
        *ORDER_KEYS,
        *EXCEPTION_KEYS,
        *PAPER_KEYS,
        UNDO_KEY,
        RELOAD_KEY,
    ]

    @dataclass
    class Loaded(Message):
        detail: OrderDetail | None
        error: str | None = None
        announce: bool = False  # say what changed since the order was last shown

    def __init__(self, desk: DeskScreen, order_id: int) -> None:
        super().__init__()
        self.desk = desk
        self.database: Database = desk.database
        self.settings: Settings = desk.settings
        self.order_id = order_id
        self.opened_at: datetime = desk.opened_at
        self.detail: OrderDetail | None = None
        self.looking_at = order_id  # undo asks before reversing another order's action
        self._acting = 0  # this screen's actions not yet reported: their changes are not news

    # -- what the row keys act on: this order, through the desk --------------------------

    @property
    def current_row(self) -> OrderRow | None:
        return self.detail

    @property
    def selected(self) -> dict[int, int]:
        return {}  # one order, never a batch

    @property
    def list_view(self) -> str | None:
        return None  # a pick list here is of this order, not of a tab

    @property
    def latest_entry(self) -> int | None:
        return self.desk.latest_entry

    def perform(
        self,
        calls: list[Call],
        *,
        batch: bool = False,
        after: Callable[[], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """In the desk's line of actions (its versions, its undo, its reload); this order is
        read again once the outcome is reported."""

        def then() -> None:
            self._acting -= 1
            if self.is_attached:
                self.load()
            if after is not None:
                after()

        self._acting += 1
        self.desk.perform(calls, after=then, refused=refused)

    def report(self, done: list[str], refused: list[str]) -> None:
        self.desk.report(done, refused)

    def reload(self) -> None:
        """After a job (a label printed): this order again, and the desk's page. The job's
        own commit is read here, so the desk's next look does not take it for news."""
        if self.desk.changes is not None:
            self.desk.changes.changed()
        self.load()
        self.desk.reload()

    def changed_outside(self) -> None:
        """The desk's watch saw a commit: read the order again, and say what changed if the
        seller is looking at it (not under a dialog or a job, not this screen's own action
        on its way back)."""
        self.load(announce=self.app.screen is self and not self._acting)

    def action_reload(self) -> None:
        """Ctrl+R: this order and the desk's page, read again now."""
        self.load(announce=True)
        self.desk.reload()
        self.notify("Read again from the database")

    # -- layout and reading --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail"):
            yield Static(f"Order #{self.order_id} …", id="heading")
            yield Static(id="people")
            with Horizontal(id="middle"):
                yield Static(id="lines")
                yield Static(id="money")
            yield Static(id="tracking")
            yield Static(id="cases")
            yield Static(id="messages")
            yield Static(id="journal")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, announce: bool = False) -> None:
        from orderdesk.store.queries import order_detail

        try:
            with self.database.reader() as reader:
                detail = order_detail(reader, self.order_id, self.database.clock())
        except Exception as error:  # noqa: BLE001 - shown, the desk stays up
            self.post_message(self.Loaded(None, str(error)))
            return
        self.post_message(self.Loaded(detail, announce=announce))

    def on_detail_screen_loaded(self, message: Loaded) -> None:
        if message.detail is None:
            self.query_one("#heading", Static).update(Text(f"{message.error}", style="red"))
            return
        if message.announce and self.detail is not None:
            news = what_changed(self.detail, message.detail)
            if news is not None:
                self.notify(news, title="Changed", severity="warning", timeout=8)
        detail = self.detail = message.detail
        self.refresh_bindings()  # the footer: what the rule allows for the order as it is now
        self.query_one("#heading", Static).update(heading(detail))
        self.query_one("#people", Static).update(people(detail))
        self.query_one("#lines", Static).update(lines(detail))
        self.query_one("#money", Static).update(money(detail))
        self._fit_middle()
        self.query_one("#tracking", Static).update(tracking(detail))
        self.query_one("#cases", Static).update(cases(detail))
        self.query_one("#messages", Static).update(messages(detail))
        self.query_one("#journal", Static).update(Group(journal(detail)))
        self.query_one("#detail", VerticalScroll).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_middle()

    def _fit_middle(self) -> None:
        """Lines and fee composition side by side where both fit whole, else one above the
        other: the fee composition is never pushed off the right edge."""
        if self.detail is None:
            return
        console = self.app.console
        options = console.options.update_width(10_000)
        need = sum(
            Measurement.get(console, options, table(self.detail)).maximum
            for table in (lines, money)
        )
        room = self.size.width - 2 - 2 - 2  # the screen's padding, the gap, a scroll bar
        self.query_one("#middle", Horizontal).set_class(need > room, "-stacked")

"""The Stock screen: the catalogue a page at a time, with on hand, committed and available,
and the keys that receive, count, adjust and edit.

A page is 100 SKUs read in a worker (``product_rows``: committed is asked for the page's SKUs
only); the counts (SKUs, low, short) come from aggregate queries. Every key hands a domain
action to a worker through ``database.perform``; the page and the counts are read again after
it, whenever the database changed while the screen was away (an order confirmed on the desk
changes committed and on hand), and within a second of an outside change while it is shown.
Whether anything changed is the store's cheap probe (``database.watch()``, the desk's own): a
screen opened again with nothing changed keeps the page it shows and reads nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from orderdesk.domain.errors import DeskError
from orderdesk.domain.units import whole
from orderdesk.screens import calls
from orderdesk.screens.calls import Call, call
from orderdesk.screens.dialog import Dialog
from orderdesk.screens.fields import Field, FieldsDialog
from orderdesk.widgets.footer import DeskFooter
from orderdesk.widgets.paged_table import PagedTable

if TYPE_CHECKING:
    from orderdesk.store import Database
    from orderdesk.store.changes import Changes
    from orderdesk.store.stock_queries import Movement, ProductField, ProductRow, StockCounts

PAGE = 100
#: How often the shown screen asks the store whether anything changed (as the desk does).
CHANGES_SECONDS = 1.0
#: What a row shows (the weight and the customs description are in the edit form and the
#: export; 120 columns hold these).
COLUMNS: tuple[tuple[ProductField, str, int], ...] = (
    ("sku", "SKU", 14),
    ("title", "Title", 22),
    ("on_hand", "On hand", 7),
    ("committed", "Committed", 9),
    ("available", "Available", 9),
    ("low_stock", "Low at", 6),
    ("barcode", "Barcode", 13),
    ("hs_code", "HS code", 10),
    ("origin", "Origin", 6),
)
NUMBERS = frozenset({"on_hand", "committed", "available", "low_stock", "weight_g"})
PRODUCT_FIELDS: tuple[tuple[ProductField, str], ...] = (
    ("title", "Title"),
    ("low_stock", "Low-stock threshold"),
    ("barcode", "Barcode (EAN/UPC)"),
    ("weight_g", "Weight in grams"),
    ("hs_code", "HS code"),
    ("origin", "Country of origin (two letters)"),
    ("customs_description", "Customs description"),
)


def stock_line(counts: StockCounts) -> Text:
    """``500 SKUs · 12 low · 3 short``, the low and short counts coloured when not zero."""
    text = Text(f"{counts['products']:,} SKUs")
    text.append(" · ")
    text.append(f"{counts['low']:,} low", style="bold yellow" if counts["low"] else "")
    text.append(" · ")
    text.append(f"{counts['short']:,} short", style="bold red" if counts["short"] else "")
    return text


def cells(row: ProductRow) -> list[Text]:
    out = []
    for key, _label, _width in COLUMNS:
        value = row[key]
        cell = Text(
            str(value if value not in ("", None) else ""),
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if key in NUMBERS else "left",
        )
        if key == "available" and row["short"]:
            cell.stylize("bold red")
        elif key in ("available", "on_hand") and row["low"]:
            cell.stylize("yellow")
        out.append(cell)
    return out


class StockTable(PagedTable):
    """A page of SKUs, drawn as the desk's order tables are: every column has a fixed width
    and every row one line, so a new page measures nothing, and the drawn cells are kept
    across a show of the screen (the largest part of ``S`` and ``]`` once was drawing them)."""


class StockScreen(Screen[None]):
    """Every SKU, a page at a time; the keys act on the highlighted SKU."""

    CSS_PATH = "stock.tcss"
    AUTO_FOCUS = "#stock-table"

    BINDINGS = [
        Binding("escape", "back", "Back", id="stock-back"),
        Binding(
            "r", "receive", "Receive", tooltip="Units arrived: on hand goes up", id="stock-receive"
        ),
        Binding(
            "c",
            "count",
            "Count",
            tooltip="Set the counted number (difference journaled)",
            id="stock-count",
        ),
        Binding(
            "a",
            "adjust",
            "Adjust",
            tooltip="Damaged, lost, returned to supplier…",
            id="stock-adjust",
        ),
        Binding(
            "e",
            "edit_product",
            "Edit",
            tooltip="Title, threshold, barcode, weight, HS code, origin, customs description",
            id="stock-edit",
        ),
        Binding("n", "new_product", "New", tooltip="Add a product", id="stock-new"),
        Binding(
            "l",
            "toggle_low",
            "Low only",
            tooltip="Only the SKUs at or under their threshold",
            id="stock-low",
        ),
        Binding(
            "slash",
            "search",
            "Find",
            key_display="/",
            tooltip="SKU, title or a scanned barcode",
            id="stock-search",
        ),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", id="stock-next"),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "Prev page",
            key_display="[",
            show=False,
            id="stock-prev",
        ),
        Binding(
            "enter",
            "movements",
            "Movements",
            tooltip="The SKU's stock movements",
            id="stock-movements",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo your last action", id="stock-undo"),
    ]

    @dataclass
    class Loaded(Message):
        rows: list[ProductRow]
        total: int
        counts: StockCounts | None
        error: str | None = None

    @dataclass
    class Performed(Message):
        done: list[str]
        refused: list[str] = field(default_factory=list)
        #: Reopens the dialog the action came from, with what was typed, on a refusal.
        refused_then: Callable[[str], None] | None = None

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.page_start = 0
        self.total = 0
        self.low_only = False
        self.search_text = ""
        self.rows: list[ProductRow] = []
        self.counts: StockCounts | None = None
        self.shown_at = 0.0  # time.perf_counter() when the last page was put on screen
        self.changes: Changes | None = None
        self._read = False  # a page has been read since the screen was made

    def compose(self) -> ComposeResult:
        with Vertical(id="stock"):
            yield Static("", id="stock-counts")
            yield Input(
                placeholder="Find: SKU, title or barcode (Enter: to the list · Esc: close)",
                id="stock-find",
            )
            table = StockTable(id="stock-table")
            yield table
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#stock-table", DataTable)
        for key, label, width in COLUMNS:
            table.add_column(
                Text(label, justify="right" if key in NUMBERS else "left"), key=key, width=width
            )
        self.query_one("#stock-find", Input).display = False
        self.changes = self.database.watch()
        self.set_interval(CHANGES_SECONDS, self._look_for_changes, name="stock-changes")

    def on_unmount(self) -> None:
        if self.changes is not None:
            self.changes.close()

    def on_screen_resume(self) -> None:
        """Shown: the page and counts are read the first time, and again only when the store
        says something changed since they were read; otherwise the page on screen is kept
        (opening the screen is then a switch, with no read and no relayout)."""
        if self._fresh():
            self.load()
        else:
            self.shown_at = time.perf_counter()

    def _fresh(self) -> bool:
        """Whether the page must be read (consumes the probe: the read that follows covers
        every change committed before it)."""
        changed = self.changes is None or self.changes.changed()
        first = not self._read
        self._read = True
        return first or changed

    def _look_for_changes(self) -> None:
        """Every second while shown: an outside change (the desk's confirm, the command
        line, another desk) shows by itself."""
        if self.app.screen is self and self.changes is not None and self.changes.changed():
            self.load()

    # -- reading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="stock-page")
    def load(self) -> None:
        from orderdesk.store.stock_queries import count_products, product_rows, stock_counts

        try:
            with self.database.reader() as reader:
                rows = product_rows(
                    reader,
                    low=self.low_only,
                    search=self.search_text,
                    offset=self.page_start,
                    limit=PAGE,
                )
                total = count_products(reader, low=self.low_only, search=self.search_text)
                counts = stock_counts(reader)
        except Exception as error:  # noqa: BLE001 - shown, the desk stays up
            self.post_message(self.Loaded([], 0, None, str(error)))
            return
        self.post_message(self.Loaded(rows, total, counts))

    def on_stock_screen_loaded(self, message: Loaded) -> None:
        if message.error is not None:
            self.notify(f"could not read the stock: {message.error}", severity="error")
            return
        table = self.query_one("#stock-table", DataTable)
        keep = table.cursor_row
        same = message.rows == self.rows and table.row_count == len(self.rows)
        self.rows, self.total, self.counts = message.rows, message.total, message.counts
        if not same:  # shown again with nothing changed: the page on screen stays as it is
            table.clear()
            for row in message.rows:
                table.add_row(*cells(row), key=row["sku"])
            if message.rows:
                table.move_cursor(row=min(keep, len(message.rows) - 1))
        assert message.counts is not None
        heading = Text.assemble(("Stock", "bold"), "  ", stock_line(message.counts))
        counts = self.query_one("#stock-counts", Static)
        if heading != counts.content:  # an update lays the screen out again
            counts.update(heading)
        last = self.page_start + len(message.rows)
        what = "low SKUs" if self.low_only else "SKUs"
        found = f" matching {self.search_text!r}" if self.search_text else ""
        table.border_title = (
            f"{what}{found} {self.page_start + 1 if message.rows else 0:,}–"
            f"{last:,} of {message.total:,}"
        )
        table.border_subtitle = "] next page · [ previous" if message.total > PAGE else ""
        self.shown_at = time.perf_counter()

    @property
    def current(self) -> ProductRow | None:
        table = self.query_one("#stock-table", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    # -- moving --------------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        offset = self.page_start + step * PAGE
        if 0 <= offset < max(self.total, 1):
            self.page_start = offset
            self.query_one("#stock-table", DataTable).move_cursor(row=0)
            self.load()

    def action_toggle_low(self) -> None:
        self.low_only = not self.low_only
        self.page_start = 0
        self.load()

    def action_search(self) -> None:
        bar = self.query_one("#stock-find", Input)
        bar.display = True
        bar.focus()

    @on(Input.Changed, "#stock-find")
    def _find_changed(self, event: Input.Changed) -> None:
        self.search_text = event.value.strip()
        self.page_start = 0
        self.load()

    @on(Input.Submitted, "#stock-find")
    def _find_submitted(self) -> None:
        self.query_one("#stock-table", DataTable).focus()

    def action_back(self) -> None:
        bar = self.query_one("#stock-find", Input)
        if bar.display:
            bar.value = ""
            bar.display = False
            self.query_one("#stock-table", DataTable).focus()
            return
        self.app.pop_screen()

    # -- acting --------------------------------------------------------------------------

    def perform(self, asked: Call, refused: Callable[[str], None] | None = None) -> None:
        self._perform(asked, refused)

    @work(thread=True, exit_on_error=False, group="stock-actions")
    def _perform(self, asked: Call, refused: Callable[[str], None] | None) -> None:
        try:
            outcome = self.database.perform(asked)
        except DeskError as error:
            self.post_message(self.Performed([], [error.message], refused))
        except Exception as error:  # noqa: BLE001 - one line, the desk stays up
            line = f"unexpected error: {error.__class__.__name__}: {error}"
            self.post_message(self.Performed([], [line], refused))
        else:
            self.post_message(self.Performed([outcome.message]))

    def on_stock_screen_performed(self, message: Performed) -> None:
        for done in message.done:
            self.notify(done)
        for refused in message.refused:
            self.notify(refused, title="Refused", severity="error", timeout=8)
        if message.refused and message.refused_then is not None:
            message.refused_then(message.refused[0])
        if message.done:
            self._fresh()  # this screen's own commit: the read below covers it
            self.load()

    def _ask(
        self,
        title: str,
        hint: str,
        fields: list[Field],
        confirm: str,
        then: Callable[[dict[str, str]], Call],
        *,
        every: bool = True,
    ) -> None:
        """The form; ``then`` makes the action of what was typed, and runs first as the
        form's check (a number that is not one is refused in the form, the field focused).
        The store's refusal (more taken off than on hand) opens the form again as typed."""

        def opened(dialog: Dialog[dict[str, str]]) -> None:
            def answered(values: dict[str, str] | None) -> None:
                if values is not None:
                    self.perform(
                        then(values),
                        lambda line: opened(
                            FieldsDialog(
                                title, hint, fields, confirm, every=every, check=then
                            ).restore(dialog.last_fields, line)
                        ),
                    )

            self.app.push_screen(dialog, answered)

        opened(FieldsDialog(title, hint, fields, confirm, every=every, check=then))

    @staticmethod
    def _whole(text: str, what: str) -> int:
        return whole(text, what, signed=True)

    def action_receive(self) -> None:
        row = self.current
        if row is None:
            return

        def then(values: dict[str, str]) -> Call:
            units = self._whole(values["units"], "Units received")
            return call(calls.receive_stock, row["sku"], units, values.get("note", ""))

        self._ask(
            f"Receive {row['sku']}",
            f"{row['title']} · {row['on_hand']} on hand",
            [
                Field("units", "Units received", required=True),
                Field("note", "Note (supplier, delivery note)"),
            ],
            "Receive",
            then,
        )

    def action_count(self) -> None:
        row = self.current
        if row is None:
            return

        def then(values: dict[str, str]) -> Call:
            units = self._whole(values["units"], "Units counted")
            return call(calls.count_stock, row["sku"], units)

        self._ask(
            f"Count {row['sku']}",
            f"{row['title']} · {row['on_hand']} on hand now; the difference is journaled",
            [Field("units", "Units counted on the shelf", required=True)],
            "Count",
            then,
        )

    def action_adjust(self) -> None:
        from orderdesk.domain.stock import ADJUST_REASONS

        row = self.current
        if row is None:
            return

        def then(values: dict[str, str]) -> Call:
            delta = self._whole(values["delta"], "Units")
            return call(calls.adjust_stock, row["sku"], delta, values["reason"])

        self._ask(
            f"Adjust {row['sku']}",
            f"{row['title']} · {row['on_hand']} on hand",
            [
                Field("delta", "Units (−2 takes two off, 3 adds three)", required=True),
                Field("reason", "Reason", placeholder=", ".join(ADJUST_REASONS), required=True),
            ],
            "Adjust",
            then,
        )

    def _product_fields(self, row: ProductRow | None) -> list[Field]:
        return [
            Field(name, label, str(row[name]) if row is not None else "")
            for name, label in PRODUCT_FIELDS
            if row is None or name in row
        ]

    def _draft_then(self, sku: str) -> Callable[[dict[str, str]], Call]:
        from orderdesk.domain.catalogue import ProductDraft

        def then(values: dict[str, str]) -> Call:
            given: dict[str, Any] = {}
            for name, text in values.items():
                if name in ("low_stock", "weight_g", "on_hand"):
                    if text.strip():
                        given[name] = self._whole(text, name.replace("_", " "))
                elif name != "sku":
                    given[name] = text
            return call(calls.set_product, ProductDraft(sku, **given))

        return then

    def action_edit_product(self) -> None:
        row = self.current
        if row is None:
            return
        self._ask(
            f"Edit {row['sku']}",
            "Change what differs; the journal keeps both.",
            self._product_fields(row),
            "Save",
            self._draft_then(row["sku"]),
            every=False,
        )

    def action_new_product(self) -> None:
        def then(values: dict[str, str]) -> Call:
            return self._draft_then(values["sku"].strip())(values)

        fields = [
            Field("sku", "SKU", required=True),
            Field("on_hand", "On hand"),
            *self._product_fields(None),
        ]
        self._ask(
            "New product", "Only the SKU is needed; the rest can follow.", fields, "Add", then
        )

    def action_undo(self) -> None:
        self.perform(call(calls.undo))

    def action_movements(self) -> None:
        row = self.current
        if row is not None:
            self.app.push_screen(MovementsScreen(self.database, row["sku"]))


class MovementsScreen(Screen[None]):
    """One SKU's stock movements, newest first, from the journal."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="movements-back")]

    @dataclass
    class Loaded(Message):
        moves: list[Movement]
        error: str | None = None

    def __init__(self, database: Database, sku: str) -> None:
        super().__init__()
        self.database = database
        self.sku = sku

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="movements", cursor_type="row")
        table.border_title = f"Movements of {self.sku}"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in ("When", "Who", "Units", "What"):
            table.add_column(label, key=label.lower())
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from orderdesk.store.stock_queries import movements

        try:
            with self.database.reader() as reader:
                moves = movements(reader, self.sku)
        except Exception as error:  # noqa: BLE001 - shown, the desk stays up
            self.post_message(self.Loaded([], str(error)))
            return
        self.post_message(self.Loaded(moves))

    def on_movements_screen_loaded(self, message: Loaded) -> None:
        from orderdesk.domain.periods import local_time

        if message.error is not None:
            self.notify(f"could not read the movements: {message.error}", severity="error")
            return
        table = self.query_one(DataTable)
        for move in message.moves:
            table.add_row(
                Text(local_time(move["at"], "%d %b %Y %H:%M")),
                Text(move["actor"]),
                Text(f"{move['units']:+d}", justify="right"),
                Text(move["summary"]),
            )
        if not message.moves:
            table.border_subtitle = "no movements yet"

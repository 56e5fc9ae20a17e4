"""The main screen: six tabs of paged tables, live counts, search, selection and the row keys.

Reads run in thread workers (a page of at most 100 rows, the counts); every action runs in a
worker through ``database.perform`` and its outcome comes back as a message. No rule lives
here: which keys the footer shows for a row is a hint, the domain decides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TabbedContent, TabPane

from orderdesk.domain.periods import local_today
from orderdesk.domain.row_filter import NO_FILTER, RowFilter, RowSort, next_sort, parse_filter
from orderdesk.domain.search_key import LONGEST_TERM
from orderdesk.domain.stages import TAB_TITLES, Payment, Tab
from orderdesk.screens.calls import Call
from orderdesk.screens.desk_actions import RowActions
from orderdesk.screens.performing import ActionLine
from orderdesk.screens.row_keys import (
    EXCEPTION_KEYS,
    ORDER_KEYS,
    PAPER_KEYS,
    RELOAD_KEY,
    UNDO_KEY,
    bound_keys,
)
from orderdesk.widgets.footer import DeskFooter
from orderdesk.widgets.held_frame import HeldFrame
from orderdesk.widgets.order_table import OrderTable, Page
from orderdesk.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.store import Database
    from orderdesk.store.changes import Changes
    from orderdesk.store.queries import Reader, TabCounts
    from orderdesk.store.rows import OrderRow
    from orderdesk.store.stock_queries import StockCounts

TABS = [tab.value for tab in Tab]
#: How the filter form names a payment state (what ``parse_filter`` reads back).
PAYMENT_NAMES = {p.value: p.label.lower() for p in Payment}
#: How often the desk asks the store whether anything changed (outside changes show within).
CHANGES_SECONDS = 1.0
SEARCH = "search"
#: A search key's letter waits at most this long to be drawn with its first page of results
#: (most are read in a few milliseconds; a long read shows the letter, then its page).
HOLD_FOR_RESULTS = 0.04
#: The counts are read once the first page is on screen, or after this long if it is not.
FIRST_COUNT_SECONDS = 1.0

GUIDE = """\
[b]No orders yet.[/b]

  [b]i[/b]  import a marketplace export (Shopify, Amazon, Mercado Libre, or the generic sheet)
  [b]n[/b]  add an order by hand
  or load demo data from the command line:  [b]orderdesk demo --open[/b]

Press [b]?[/b] for every key.
"""


def counting_label(number: int, tab: Tab) -> Content:
    """A tab's title while its count is read (just after the first paint): ``1 To prepare …``;
    the number replaces the dim ellipsis when it arrives, never a guess before it."""
    return Content.from_text(Text.assemble(f"{number} ", TAB_TITLES[tab], (" …", "dim")))


def key_display(binding: Binding, keymap: Mapping[str, str]) -> str:
    """How the help screen and the palette name a binding's key."""
    if binding.id in keymap:
        return ", ".join(bound_keys(binding, keymap))
    return binding.key_display or binding.key


class DeskScreen(RowActions, Screen[None]):
    """The six tabs the seller works, top to bottom."""

    CSS_PATH = "desk.tcss"
    AUTO_FOCUS = None

    BINDINGS = [
        *(
            Binding(str(n), f"show_tab('{tab}')", TAB_TITLES[Tab(tab)], show=False, id=f"tab-{tab}")
            for n, tab in enumerate(TABS, start=1)
        ),
        *ORDER_KEYS,
        Binding(
            "space", "toggle_select", "Select", tooltip="Select for a batch (c p d x)", id="select"
        ),
        Binding(
            "slash", "search", "Search", key_display="/", tooltip="Search every tab", id="search"
        ),
        Binding("n", "new_order", "New", tooltip="Type in a new order", id="new-order"),
        *EXCEPTION_KEYS,
        Binding(
            "S",
            "stock",
            "Stock",
            tooltip="Catalogue and stock: receive, count, adjust, edit",
            id="stock",
        ),
        Binding(
            "K",
            "pack",
            "Pack",
            show=False,
            tooltip="Scan to pack: the label, then every item's barcode",
            id="pack",
        ),
        *PAPER_KEYS,
        Binding(
            "M",
            "merge",
            "Merge",
            show=False,
            tooltip="Merge with the buyer's other orders to the same address: one shipment",
            id="merge",
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            show=False,
            tooltip="Filter the tab: channel, country, payment, short of stock",
            id="filter",
        ),
        Binding(
            "o", "sort", "Sort", show=False, tooltip="Sort the tab by its next column", id="sort"
        ),
        Binding(
            "O", "sort_flip", "Sort ▲▼", show=False, tooltip="Sort the other way", id="sort-flip"
        ),
        UNDO_KEY,
        Binding("e", "export", "Export", show=False, tooltip="Month-end workbook", id="export"),
        Binding(
            "i",
            "import_file",
            "Import",
            show=False,
            tooltip="Import a marketplace file",
            id="import",
        ),
        Binding("g", "insights", "Insights", show=False, tooltip="Sales insights", id="insights"),
        RELOAD_KEY,
        Binding("escape", "clear", "Clear", show=False, id="clear"),
    ]

    @dataclass
    class CountsRead(Message):
        counts: TabCounts | None
        error: str | None = None
        stock: StockCounts | None = None
        unconfirmed: dict[str, int] = field(default_factory=dict)

    @dataclass
    class Performed(Message):
        """Outcome messages and refusals of one key's actions."""

        done: list[str]
        refused: list[str] = field(default_factory=list)
        batch: dict[int, int] | None = None  # the selection the actions came from
        entries: list[int] = field(default_factory=list)  # the journal entries written
        conflicts: list[int] = field(default_factory=list)  # orders changed elsewhere
        after: Callable[[], None] | None = None  # what the asking screen does next (detail)
        #: Reopens the dialog the actions came from, when every one of them was refused.
        refused_then: Callable[[str], None] | None = None

    def __init__(self, database: Database, settings: Settings) -> None:
        super().__init__()
        self.database = database
        self.settings = settings
        self.search_text = ""
        self.tab_before_search = Tab.TO_PREPARE.value
        self.generation = 0
        self._search_reader: Reader | None = None  # the search page being read, if any
        #: A term was typed and its first page not yet shown: that page brings the Search tab
        #: forward. A page of results read again (after an action, or another desk's change)
        #: never does: the seller may have gone to another tab meanwhile.
        self._results_awaited = False
        self._frame: HeldFrame | None = None  # the typed letter waits to be drawn with its page
        #: Each tab's filter and sort, as the seller set them (f, o, O); applied in SQL.
        self.filters: dict[str, RowFilter] = {}
        self.sorts: dict[str, RowSort] = {}
        self.opened_at = database.clock()
        self.latest_entry: int | None = None  # the journal id of this desk's last action
        self.actions = ActionLine(database)
        self.changes: Changes | None = None
        self._stale = False
        self._counted = False  # the counts were asked for (after the first page)
        self._counts: TabCounts | None = None  # the last counts read, to title the tabs
        self._titles: dict[Tab, Text] = {}  # the titles the tabs show

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="desk"):
            yield SearchBar(
                typing=self._hold_frame,
                placeholder="Search: order id, channel id, buyer, SKU, tracking "
                "(Enter: to the results · Esc: close)",
                id="search-bar",
                max_length=LONGEST_TERM,
            )
            with TabbedContent(initial=TABS[0], id="tabs"):
                for number, tab in enumerate(TABS, start=1):
                    with TabPane(counting_label(number, Tab(tab)), id=tab):
                        yield OrderTable(tab, self._fetcher(Tab(tab)), id=f"table-{tab}")
                with TabPane("Search", id=SEARCH):
                    yield OrderTable(SEARCH, self._fetcher(None), id=f"table-{SEARCH}")
            yield Static(GUIDE, id="guide")
            yield Static("", id="stock-line")
            yield Static("", id="confirm-line")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.changes = self.database.watch()
        self.set_interval(CHANGES_SECONDS, self._look_for_changes, name="changes")
        self.query_one("#search-bar", Input).display = False
        self.query_one("#guide").display = False
        self.query_one("#stock-line").display = False
        self.query_one("#confirm-line").display = False
        self.query_one(TabbedContent).hide_tab(SEARCH)
        # The first page first: the counts are read once it is on screen (the tab titles say
        # "…" until then), or after a second if it cannot be read.
        self.active_table.load(0)
        self.active_table.focus()
        self.set_timer(FIRST_COUNT_SECONDS, self._count_first)

    # -- reading -------------------------------------------------------------------------

    def _fetcher(self, tab: Tab | None) -> Callable[[int, int], Page]:
        database = self.database

        def fetch(offset: int, limit: int) -> Page:
            from orderdesk.store.queries import count_rows, list_rows

            search = self.search_text if tab is None else None
            if tab is None and not search:
                return Page([], 0, 0)
            now = database.clock()
            year = local_today(now).year
            with database.reader() as reader:
                if tab is None:
                    # Search: one row past the page says whether more follow; counting every
                    # match would read the whole table on each key typed.
                    self._search_reader = reader
                    try:
                        rows = list_rows(
                            reader,
                            None,
                            search=search,
                            now=now,
                            offset=offset,
                            limit=limit + 1,
                        )
                    finally:
                        if self._search_reader is reader:
                            self._search_reader = None
                    more = len(rows) > limit
                    return Page(rows[:limit], offset + len(rows), offset, more=more, year=year)
                row_filter = self.filters.get(tab.value)
                rows = list_rows(
                    reader,
                    tab,
                    search=None,
                    now=now,
                    offset=offset,
                    limit=limit,
                    row_filter=row_filter,
                    sort=self.sorts.get(tab.value),
                )
                total = count_rows(reader, tab, row_filter=row_filter)
            return Page(rows, total, offset, year=year)

        return fetch

    def _count_first(self) -> None:
        if not self._counted:
            self._counted = True
            self.refresh_counts()

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def refresh_counts(self) -> None:
        from orderdesk.store.queries import tab_counts, unconfirmed_counts
        from orderdesk.store.stock_queries import stock_counts

        try:
            with self.database.reader() as reader:
                counts = tab_counts(reader, self.database.clock())
                stock = stock_counts(reader)
                unconfirmed = unconfirmed_counts(reader)
        except Exception as error:  # noqa: BLE001 - shown, the desk stays up
            self.post_message(self.CountsRead(None, str(error)))
            return
        self.post_message(self.CountsRead(counts, stock=stock, unconfirmed=unconfirmed))

    def on_desk_screen_counts_read(self, message: CountsRead) -> None:
        if message.counts is None:
            self.notify(f"could not count the orders: {message.error}", severity="error")
            return
        counts = message.counts
        tabs = self.query_one(TabbedContent)
        self._counts = counts
        self._title_tabs()
        line = self.query_one("#stock-line", Static)
        parts: list[Text] = []
        if message.stock and message.stock["products"]:
            from orderdesk.screens.stock import stock_line

            orders = Text(
                f" · {counts.short:,} order{'s' if counts.short != 1 else ''} short in To prepare",
                style="bold red" if counts.short else "",
            )
            parts.append(
                Text.assemble(
                    ("Stock ", "bold"),
                    stock_line(message.stock),
                    orders,
                    ("   S: the Stock screen", "dim"),
                )
            )
        if counts.unanswered:
            waiting = counts.unanswered
            parts.insert(  # first: shorter and more urgent than the stock
                0,
                Text(
                    f"✉ {waiting:,} buyer message{'s' if waiting != 1 else ''} not answered",
                    style="bold yellow",
                ),
            )
        line.display = bool(parts)
        line.update(Text("   ").join(parts))
        self._show_unconfirmed(message.unconfirmed)
        empty = sum(counts.counts[tab] for tab in Tab) == 0 and not self.search_text
        self.query_one("#guide").display = empty
        tabs.display = not empty

    def _show_unconfirmed(self, unconfirmed: dict[str, int]) -> None:
        """Shipments not yet told to the marketplaces that take an upload, per channel."""
        from orderdesk.domain.upload_channels import unconfirmed_line

        text = unconfirmed_line(unconfirmed)
        line = self.query_one("#confirm-line", Static)
        line.display = bool(text)
        if not text:
            line.update("")
        else:
            line.update(
                Text.assemble(
                    ("Shipments not yet confirmed to the marketplace ", "bold"),
                    text,
                    ("   orderdesk confirmations --channel NAME --out FILE", "dim"),
                )
            )

    @property
    def active_table(self) -> OrderTable:
        active = self.query_one(TabbedContent).active or TABS[0]
        return self.query_one(f"#table-{active}", OrderTable)

    @property
    def current_row(self) -> OrderRow | None:
        return self.active_table.current

    @property
    def list_view(self) -> str | None:
        return self.active_table.view

    def reload(self) -> None:
        """After an action: the page again (the row leaves its tab) and the counts; the other
        tabs read theirs again when next shown."""
        self.generation += 1
        self.active_table.generation = self.generation
        self.active_table.reload()
        self.refresh_counts()

    # -- tabs ----------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def _title_tabs(self) -> None:
        """Each tab titled with its count. Case tabs list every case, open first; their count
        is of the open ones only. A red "!N": that many overdue (To prepare), in transit far
        longer than usual (In transit) or past their respond-by date (cases). Where the six
        full titles do not fit the terminal (80 columns: "4 Finalized 1,61" was the last thing
        seen), tabs not shown drop their name ("5 11"), the first ones first, until the row
        fits: every count stays in sight, and the shown tab keeps its name (its table's
        border names it too)."""
        counts = self._counts
        if counts is None:
            return
        tabs = self.query_one(TabbedContent)

        def title(number: int, tab: Tab, named: bool) -> Text:
            label = Text(f"{number} {TAB_TITLES[tab]} " if named else f"{number} ")
            label.append(f"{counts[tab]:,}")
            urgent = {Tab.TO_PREPARE: counts.overdue, Tab.IN_TRANSIT: counts.slow}.get(
                tab, counts.late.get(tab, 0)
            )
            if urgent:
                label.append(f" !{urgent:,}", style="bold red")
            return label

        full = [title(number, tab, True) for number, tab in enumerate(Tab, start=1)]
        short = [title(number, tab, False) for number, tab in enumerate(Tab, start=1)]
        search = tabs.get_tab(SEARCH)
        room = self.size.width - (search.label.cell_length + 2 if search.display else 0)
        wanted = list(full)
        width = sum(label.cell_len + 2 for label in wanted)
        for index, tab in enumerate(Tab):  # the first tabs not shown lose their name first
            if width <= room:
                break
            if tabs.active != tab.value:
                width -= wanted[index].cell_len - short[index].cell_len
                wanted[index] = short[index]
        for tab, label in zip(Tab, wanted, strict=True):
            if self._titles.get(tab) != label:  # a new label lays the row out again
                self._titles[tab] = label
                tabs.get_tab(tab.value).label = label

    def on_resize(self) -> None:
        self._title_tabs()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._title_tabs()
        table = self.active_table
        if table.view != SEARCH and not table.loaded:
            if not table.reading:  # the desk's first page is asked for on mount
                table.load(0)  # search results are loaded by the typing, before the tab shows
        elif table.generation != self.generation:
            table.reload()  # an action changed the data since this page was read
        table.generation = self.generation
        if table.view == SEARCH:
            # The tab row is wider than 120 columns once counts grow: keep Search in view.
            tabs = self.query_one(TabbedContent)
            row, tab = tabs.query_one("#tabs-scroll"), tabs.get_tab(SEARCH)
            self.call_after_refresh(lambda: row.scroll_to_center(tab, animate=False, force=True))
        if not self.query_one("#search-bar", Input).has_focus:
            table.focus()
        self.refresh_bindings()

    @on(OrderTable.PageShown)
    def _page_shown(self, event: OrderTable.PageShown) -> None:
        table = event.table
        if not self._counted:
            self.call_after_refresh(self._count_first)  # once the first page is painted
        if table.view == SEARCH:
            self._show_search_results()
        title = "Search" if table.view == SEARCH else TAB_TITLES[Tab(table.view)]
        row_filter = self.filters.get(table.view, NO_FILTER)
        if row_filter.active:
            title += f" ({row_filter.describe()} only)"
        sort = self.sorts.get(table.view)
        table.show_sort(sort)
        if sort is not None:
            title += f" · by {table.column_label(sort.column)} {sort.arrow()}"
        table.border_title = f"{title} · {table.span}"
        if table.selected:
            table.border_subtitle = f"{len(table.selected)} selected (space: toggle, esc: clear)"
        else:
            table.border_subtitle = ""
        self.refresh_bindings()
        if table.view == SEARCH:
            self._release_frame()  # the letter typed and its results, drawn together

    def _hold_frame(self) -> None:
        """A key is changing the search text: its letter waits to be drawn with its page."""
        if self._frame is None:
            self._frame = HeldFrame(self.app)
        self._frame.hold(HOLD_FOR_RESULTS)

    def _release_frame(self) -> None:
        if self._frame is not None:
            self._frame.release()

    @on(OrderTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OrderTable.RowSelected)
    def _row_selected(self, event: OrderTable.RowSelected) -> None:
        row = self.current_row
        if row is not None:
            from orderdesk.screens.detail import DetailScreen

            self.app.push_screen(DetailScreen(self, row["id"]))

    # -- search --------------------------------------------------------------------------

    def action_search(self) -> None:
        bar = self.query_one("#search-bar", Input)
        tabs = self.query_one(TabbedContent)
        if tabs.active != SEARCH:
            self.tab_before_search = tabs.active
        bar.display = True
        bar.focus()

    @on(Input.Changed, "#search-bar")
    def _search_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text == self.search_text or not text:
            self._release_frame()  # no page to wait for: the text is drawn now
            if text == self.search_text:
                return  # a space at either end: the same search, already read or being read
        self.search_text = text
        self._stop_search()
        self._results_awaited = bool(self.search_text)
        if self.search_text:
            # The results tab is shown once their first page is read, not before: showing it
            # first would lay out and draw the screen twice for one key.
            self.query_one(f"#table-{SEARCH}", OrderTable).load(0)

    def _stop_search(self) -> None:
        """A search still reading stops (typing a tracking number fast would otherwise leave
        a read of every order running per key). Its worker is cancelled first, so that the
        interrupted read is not reported as an error."""
        table = self.query_one(f"#table-{SEARCH}", OrderTable)
        reading = self._search_reader
        self.app.workers.cancel_group(table, "page")
        if reading is not None:
            reading.interrupt()

    def _show_search_results(self) -> None:
        tabs = self.query_one(TabbedContent)
        awaited, self._results_awaited = self._results_awaited, False
        if not awaited or tabs.active == SEARCH or not self.search_text:
            return  # read again, already shown, or the search was closed while it was read
        tabs.show_tab(SEARCH)
        tabs.active = SEARCH

    @on(Input.Submitted, "#search-bar")
    def _search_submitted(self) -> None:
        if self.search_text:
            self.query_one(f"#table-{SEARCH}", OrderTable).focus()

    def action_clear(self) -> None:
        """Escape: close the search, else clear the batch selection."""
        bar = self.query_one("#search-bar", Input)
        if bar.display:
            self._stop_search()
            self._release_frame()
            bar.value = ""
            bar.display = False
            self.search_text = ""
            tabs = self.query_one(TabbedContent)
            tabs.active = self.tab_before_search
            tabs.hide_tab(SEARCH)
            self.query_one(f"#table-{self.tab_before_search}", OrderTable).focus()
            return
        table = self.active_table
        if table.selected:
            table.selected.clear()
            table.refresh_marks()
            self._page_shown(OrderTable.PageShown(table))

    def action_toggle_short(self) -> None:
        """To prepare: only the orders short of stock, or every order again (palette)."""
        view = Tab.TO_PREPARE.value
        now = self.filters.get(view, NO_FILTER)
        self.filters[view] = replace(now, short=not now.short)
        self.action_show_tab(view)
        self.query_one(f"#table-{view}", OrderTable).load(0)

    # -- filter and sort -----------------------------------------------------------------

    def _sortable_tab(self, what: str) -> str | None:
        view = self.active_table.view
        if view == SEARCH:
            self.notify(
                f"{what} applies to a tab, not to the search results (Esc closes the search)",
                title="Not now",
                severity="warning",
            )
            return None
        return view

    def action_filter(self) -> None:
        """f: only the tab's rows of a channel, to a country, in a payment state, short of
        stock; everything left empty lists every row again."""
        from orderdesk.screens.fields import Field, FieldsDialog

        view = self._sortable_tab("A filter")
        if view is None:
            return
        now = self.filters.get(view, NO_FILTER)

        def chosen(values: dict[str, str] | None) -> None:
            if values is None:
                return
            self.filters[view] = parse_filter(values)  # checked before the form closed
            table = self.query_one(f"#table-{view}", OrderTable)
            table.selected.clear()  # a selection hidden by the filter must not act
            table.load(0)

        self.app.push_screen(
            FieldsDialog(
                f"Filter {TAB_TITLES[Tab(view)]}",
                "Only the orders matching every field given; leave all empty for every order.",
                [
                    Field("channel", "Channel", now.channel or "", "shopify, mercadolibre…"),
                    Field("country", "Ship-to country", now.country or "", "BR, US, AR…"),
                    Field(
                        "payment",
                        "Payment",
                        PAYMENT_NAMES.get(now.payment or "", ""),
                        "paid, unpaid, refunded, partially refunded",
                    ),
                    Field("short", "Short of stock only (y/n)", "y" if now.short else "", "n"),
                ],
                "Filter",
                every=True,
                check=parse_filter,
            ),
            chosen,
        )

    def action_sort(self) -> None:
        """o: sort the tab by its next column (each its natural way first), and after the
        last back to the tab's worked order."""
        view = self._sortable_tab("Sorting")
        if view is None:
            return
        table = self.query_one(f"#table-{view}", OrderTable)
        self._sort(view, next_sort(self.sorts.get(view), table.column_keys()))

    def action_sort_flip(self) -> None:
        """O: the tab's sort the other way."""
        view = self._sortable_tab("Sorting")
        if view is None:
            return
        sort = self.sorts.get(view)
        if sort is None:
            self.notify("not sorted by a column yet: o picks one", title="Not now")
            return
        self._sort(view, sort.flipped())

    def _sort(self, view: str, sort: RowSort | None) -> None:
        if sort is None:
            self.sorts.pop(view, None)
        else:
            self.sorts[view] = sort
        self.query_one(f"#table-{view}", OrderTable).load(0)

    # -- selection -----------------------------------------------------------------------

    @property
    def selected(self) -> dict[int, int]:
        """The batch selection (id: version) of the tab on screen: each tab has its own, so a
        selection never acts from a tab where it cannot be seen."""
        return self.active_table.selected

    def action_toggle_select(self) -> None:
        table = self.active_table
        if table.toggle_selected() is not None:
            self._page_shown(OrderTable.PageShown(table))
            table.action_cursor_down()

    # -- performing ----------------------------------------------------------------------

    def perform(
        self,
        calls: list[Call],
        *,
        batch: bool = False,
        after: Callable[[], None] | None = None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Run domain actions in a worker, after those asked for before; a message brings
        their outcomes back. A batch clears the selection it acted on (that tab's, whichever
        tab shows by then). ``after`` runs once the outcomes are reported (the detail screen
        reads its order again); ``refused`` gets the first refusal when nothing was done (the
        dialog that asked reopens with what was typed)."""
        self._perform(
            calls, self.selected if batch else None, self.actions.ticket(), after, refused
        )

    @work(thread=True, exit_on_error=False, group="actions")
    def _perform(
        self,
        calls: list[Call],
        batch: dict[int, int] | None,
        ticket: int,
        after: Callable[[], None] | None,
        refused: Callable[[str], None] | None,
    ) -> None:
        result = self.actions.run(ticket, calls)
        self.post_message(
            self.Performed(
                result.done,
                result.refused,
                batch,
                result.entries,
                result.conflicts,
                after,
                refused,
            )
        )

    def on_desk_screen_performed(self, message: Performed) -> None:
        if message.entries:
            self.latest_entry = max(message.entries)
        refused = message.refused
        if message.conflicts:
            refused = [f"{line}; reloaded" if "another desk" in line else line for line in refused]
        self.report(message.done, refused)
        if message.batch is not None and message.done:
            message.batch.clear()
        if message.done or message.conflicts:
            if self.changes is not None:
                # This desk's own commit: the reload below reads it (and anything committed
                # before it), so the next look need not read the same again.
                self.changes.changed()
            self.reload()
        if message.after is not None:
            message.after()
        if message.refused_then is not None and message.refused and not message.done:
            message.refused_then(message.refused[0])

    # -- outside changes -----------------------------------------------------------------

    def _look_for_changes(self) -> None:
        """Every second: the store's probe (about a microsecond when nothing changed). An
        order added or changed by the command line or another desk shows by itself."""
        if self.changes is None or not self.changes.changed():
            return
        if self.app.screen is self:
            self.reload()
            return
        self._stale = True  # read again when the dialog or screen above closes
        from orderdesk.screens.detail import DetailScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, DetailScreen) and screen.desk is self:
                screen.changed_outside()  # one order: read again now, under a dialog too

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.reload()

    def on_unmount(self) -> None:
        self._release_frame()
        if self.changes is not None:
            self.changes.close()

    def action_reload(self) -> None:
        self.reload()
        self.notify("Read again from the database")

    def report(self, done: list[str], refused: list[str]) -> None:
        if len(done) > 3:
            self.notify(
                "\n".join([*done[:2], f"… and {len(done) - 2} more"]), title=f"{len(done)} done"
            )
        elif done:
            self.notify("\n".join(done))
        for message in refused[:4]:
            self.notify(message, title="Refused", severity="error", timeout=8)
        if len(refused) > 4:
            self.notify(f"… and {len(refused) - 4} more refused", severity="error", timeout=8)

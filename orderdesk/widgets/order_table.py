"""A table that holds one page of a tab, never the whole tab.

Rows come a page at a time from a ``fetch(offset, limit) -> Page`` callable that runs in a
thread worker; moving past the last row (cursor, Page Down or the mouse wheel) loads the next
page, moving above the first row the previous one, Ctrl+Home / Ctrl+End the first and last,
Home / End the tab's first and last row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.events import MouseScrollDown, MouseScrollUp
from textual.message import Message
from textual.widgets.data_table import ColumnKey
from textual.worker import get_current_worker

from orderdesk.domain.row_filter import RowSort
from orderdesk.widgets.columns import SELECTED_MARK, TAB_COLUMNS, Row, row_key
from orderdesk.widgets.paged_table import PagedTable

PAGE_SIZE = 100
#: The wide columns never shrink below this, and grow at most this much on a wide terminal.
_LEAST_WIDTH = 4
#: Which wide column gives up its width first on a narrow terminal (the buyer last).
_SHRINK_ORDER = {"channel": 0, "items": 1, "carrier": 1, "reason": 2, "tracking": 3, "buyer": 4}
_MOST_GROWTH = 2.5
_GROWS = frozenset({"buyer", "items"})
#: From this many columns on, buyer and items take the spare width.
_WIDE = 140


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    first: int
    more: bool = False  # more rows follow than ``total`` says (a search is not counted)
    #: This year by the desk's clock when the page was read: a moment of another year shows
    #: its year.
    year: int = field(default_factory=lambda: datetime.now().astimezone().year)


Fetch = Callable[[int, int], Page]


class OrderTable(PagedTable):
    """One page of a tab's rows, with the selection mark in the first column."""

    BINDINGS = [
        Binding("ctrl+home", "first_page", "First", show=False),
        Binding("ctrl+end", "last_page", "Last", show=False),
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
    ]

    DEFAULT_CSS = """
    OrderTable { height: 1fr; }
    """

    @dataclass
    class PageShown(Message):
        """A page is on screen (the screen refreshes its counts and footer)."""

        table: OrderTable

        @property
        def control(self) -> OrderTable:
            return self.table

    @dataclass
    class Fetched(Message):
        page: Page
        cursor: int | str
        error: str | None = None

    def __init__(
        self,
        view: str,
        fetch: Fetch,
        *,
        selected: dict[int, int] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.view = view
        self.fetch = fetch
        self.page_rows: list[Row] = []
        self.first = 0
        self.total = 0
        self.more = False
        self.loaded = False
        self.reading = False  # a page asked for by ``load`` is being read
        self.generation = 0  # the screen's data generation this page was read in
        self.shown_at = 0.0  # time.perf_counter() when the last page was put on screen
        self.selected: dict[int, int] = selected if selected is not None else {}
        #: Where the cursor is going (row number in the tab) while the page holding it is
        #: read: keys typed meanwhile move this, so none is lost at a page boundary.
        self._target: int | None = None
        self._loading_offset = 0

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="mark", width=1)
        for column in TAB_COLUMNS[self.view]:
            self.add_column(Text(column.label), key=column.key, width=column.width)

    def _fit_columns(self, width: int) -> bool:
        """The wide columns (buyer, items, channel, tracking, reason…: those with a width of
        their own) shrink to let the rest show on a narrow terminal (80 columns: order, buyer,
        total and the tab's own column stay in view) and widen on a wide one, buyer and items
        most. Returns whether a width changed."""
        flexible = {
            column.key: column.width
            for column in TAB_COLUMNS[self.view]
            if column.width is not None
        }
        if not width or not flexible or not self.columns:
            return False
        padding = 2 * self.cell_padding
        others = sum(
            column.get_render_width(self)
            for key, column in self.columns.items()
            if key.value not in flexible
        )
        room = width - others - padding * len(flexible) - 2  # the vertical scrollbar
        base = sum(w or 0 for w in flexible.values())
        wanted: dict[str, int] = {}
        if room >= base and width < _WIDE:
            wanted = {key: natural or 0 for key, natural in flexible.items()}
        elif room >= base:
            growing = [key for key in flexible if key in _GROWS] or list(flexible)
            extra, share = room - base, 0
            for key, natural in flexible.items():
                share = extra // len(growing) if key in growing else 0
                wanted[key] = min((natural or 0) + share, int((natural or 0) * _MOST_GROWTH))
        else:  # the least needed go first, the buyer last
            wanted = {key: natural or 0 for key, natural in flexible.items()}
            for key in sorted(wanted, key=lambda k: _SHRINK_ORDER.get(k, 1)):
                over = sum(wanted.values()) - max(room, 0)
                if over <= 0:
                    break
                wanted[key] = max(_LEAST_WIDTH, wanted[key] - over)
        changed = False
        for key, new in wanted.items():
            column = self.columns.get(key)  # type: ignore[call-overload]
            if column is not None and column.width != new:
                column.width = new
                changed = True
        if changed:
            self._require_update_dimensions = True
        return changed

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the current page again (after an action), keeping the cursor's place."""
        self.load(self.first, self.cursor_row)

    def load(self, offset: int, cursor: int | str = 0) -> None:
        """Load the page at ``offset``; ``cursor`` is a row index or ``"last"``."""
        self._target = None
        self.reading = True
        self._fetch_page(max(0, offset), cursor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _fetch_page(self, offset: int, cursor: int | str) -> None:
        try:
            page = self.fetch(offset, PAGE_SIZE)
        except Exception as error:  # noqa: BLE001 - shown to the seller, the desk stays up
            if not get_current_worker().is_cancelled:  # else stopped for a newer page
                self.post_message(self.Fetched(Page([], 0, offset), cursor, f"{error}"))
            return
        if not page.rows and page.first > 0 and page.total:
            page = self.fetch(_last_page_offset(page.total), PAGE_SIZE)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Fetched(page, cursor))

    def on_order_table_fetched(self, message: Fetched) -> None:
        message.stop()
        self.reading = False
        if message.error:
            self._target = None
            self.notify(f"could not read the orders: {message.error}", severity="error")
            return
        page, cursor, target = message.page, message.cursor, self._target
        if target is not None:
            self._target = None
            if page.first <= target < page.first + len(page.rows):
                cursor = target - page.first
            elif page.rows and (target < page.first or page.total > target or page.more):
                self.show_page(page, cursor)
                self._go(target)  # the keys went on past this page while it was read
                return
        self.show_page(page, cursor)

    def show_page(self, page: Page, cursor: int | str = 0) -> None:
        self.clear()
        self.page_rows = page.rows
        self.first = page.first
        self.total = page.total
        self.more = page.more
        self.loaded = True
        self.shown_at = time.perf_counter()
        for row in page.rows:
            mark = self._mark(row)
            cells = [mark, *(column.cell(row, page.year) for column in TAB_COLUMNS[self.view])]
            self.add_row(*cells, key=row_key(row))
        if self.page_rows:
            last = len(self.page_rows) - 1
            index = last if cursor == "last" else min(int(cursor), last)
            self.move_cursor(row=index, animate=False)
        self.post_message(self.PageShown(self))

    # -- the focused row and the selection -----------------------------------------------

    @property
    def current(self) -> Row | None:
        if not self.page_rows or not 0 <= self.cursor_row < len(self.page_rows):
            return None
        return self.page_rows[self.cursor_row]

    def toggle_selected(self) -> Row | None:
        row = self.current
        if row is None:
            return None
        if row["id"] in self.selected:
            del self.selected[row["id"]]
        else:
            self.selected[row["id"]] = row["version"]
        self.refresh_marks()
        return row

    def _mark(self, row: Row) -> Text:
        return Text(SELECTED_MARK if row["id"] in self.selected else "", style="bold")

    def refresh_marks(self) -> None:
        for index, row in enumerate(self.page_rows):
            mark = self._mark(row)
            self.update_cell_at(Coordinate(index, 0), mark)

    # -- the sort the header shows ---------------------------------------------------------

    def column_keys(self) -> list[str]:
        return [column.key for column in TAB_COLUMNS[self.view]]

    def column_label(self, key: str) -> str:
        return next((c.label for c in TAB_COLUMNS[self.view] if c.key == key), key)

    def show_sort(self, sort: RowSort | None) -> None:
        """The sorted column's header carries its direction (``Total ▼``); the others their
        plain label."""
        changed = False
        for column in TAB_COLUMNS[self.view]:
            label = column.label
            if sort is not None and sort.column == column.key:
                label = f"{label} {sort.arrow()}"
            shown = self.columns.get(ColumnKey(column.key))
            if shown is None or shown.label.plain == label:
                continue
            shown.label = Text(label)
            shown.content_width = max(shown.content_width, cell_len(label))
            changed = True
        if changed:
            self._require_update_dimensions = True
            self.refresh()

    @property
    def span(self) -> str:
        """``101–200 of 1,234`` for the table's border title."""
        if not self.total:
            return "no orders"
        end = self.first + len(self.page_rows)
        if self.more:
            return f"{self.first + 1:,}–{end:,} of more than {end:,}"
        return f"{self.first + 1:,}–{end:,} of {self.total:,}"

    @property
    def has_next(self) -> bool:
        return self.first + len(self.page_rows) < self.total

    @property
    def has_previous(self) -> bool:
        return self.first > 0

    # -- moving past the page's ends loads the neighbouring page -------------------------

    def _go(self, row: int) -> None:
        """Put the cursor on the tab's row ``row`` (counted from 0), reading its page if it is
        not the one shown. Moves made while a page is read add up, from where they left."""
        row = max(0, row)
        if self.total and not self.more:
            row = min(row, self.total - 1)
        if self._target is None and self.first <= row < self.first + len(self.page_rows):
            self.move_cursor(row=row - self.first, animate=False)
            return
        loading = self._target is not None
        self._target = row
        offset = row // PAGE_SIZE * PAGE_SIZE
        if not loading or offset != self._loading_offset:
            self._loading_offset = offset
            self._fetch_page(offset, row - offset)

    @property
    def _position(self) -> int:
        """The tab row the cursor is on, or is going to."""
        return self._target if self._target is not None else self.first + self.cursor_row

    def _at_last_row(self) -> bool:
        return not self.page_rows or self.cursor_row >= len(self.page_rows) - 1

    def _moving(self) -> bool:
        """Whether a move from here leaves the page (or one is under way)."""
        return self._target is not None

    def action_cursor_down(self) -> None:
        if self._moving() or (self._at_last_row() and self.has_next):
            self._go(self._position + 1)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._moving() or (self.cursor_row == 0 and self.has_previous):
            self._go(self._position - 1)
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._moving() or (self._at_last_row() and self.has_next):
            self._go(self._position + max(1, self.size.height - 2))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self._moving() or (self.cursor_row == 0 and self.has_previous):
            self._go(self._position - max(1, self.size.height - 2))
        else:
            super().action_page_up()

    def action_first_row(self) -> None:
        """Home: the tab's first row (reading its page if another is shown)."""
        self._go(0)

    def action_last_row(self) -> None:
        """End: the tab's last row (for a search, the last of the rows read so far)."""
        self._go(max(0, (self.total if not self.more else self.first + len(self.page_rows)) - 1))

    def action_first_page(self) -> None:
        if self.has_previous:
            self.load(0, 0)
        else:
            self.action_scroll_top()

    def action_last_page(self) -> None:
        if self.has_next:
            self.load(_last_page_offset(self.total), "last")
        else:
            self.action_scroll_bottom()

    def _on_mouse_scroll_down(self, event: MouseScrollDown) -> None:
        if self.scroll_y >= self.max_scroll_y and self.has_next:
            event.stop()
            self._go(self.first + len(self.page_rows))
            return
        super()._on_mouse_scroll_down(event)

    def _on_mouse_scroll_up(self, event: MouseScrollUp) -> None:
        if self.scroll_y <= 0 and self.has_previous:
            event.stop()
            self._go(self.first - 1)
            return
        super()._on_mouse_scroll_up(event)


def _last_page_offset(total: int) -> int:
    return (total - 1) // PAGE_SIZE * PAGE_SIZE

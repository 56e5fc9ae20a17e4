"""A table that holds one page of a tab, never the whole tab.

Rows come a page at a time from a ``fetch(offset, limit) -> Page`` callable that runs in a
thread worker; moving past the last row (cursor, Page Down or the mouse wheel) loads the next
page, moving above the first row the previous one, Ctrl+Home / Ctrl+End the first and last.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.events import MouseScrollDown, MouseScrollUp
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import get_current_worker

from orderdesk.widgets.columns import SELECTED_MARK, TAB_COLUMNS, Row, row_key

PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    first: int


Fetch = Callable[[int, int], Page]


class OrderTable(DataTable[Text]):
    """One page of a tab's rows, with the selection mark in the first column."""

    BINDINGS = [
        Binding("ctrl+home", "first_page", "First", show=False),
        Binding("ctrl+end", "last_page", "Last", show=False),
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

    def __init__(self, view: str, fetch: Fetch, *, selected: dict[int, int] | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=1)
        self.view = view
        self.fetch = fetch
        self.page_rows: list[Row] = []
        self.first = 0
        self.total = 0
        self.loaded = False
        self.generation = 0  # the screen's data generation this page was read in
        self.shown_at = 0.0  # time.perf_counter() when the last page was put on screen
        self.selected: dict[int, int] = selected if selected is not None else {}

    def on_mount(self) -> None:
        self.add_column(Text(" "), key="mark", width=1)
        for column in TAB_COLUMNS[self.view]:
            self.add_column(Text(column.label), key=column.key, width=column.width)

    # -- loading -------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = True) -> None:
        """Fetch the current page again (after an action), keeping the cursor's place."""
        self.load(self.first, self.cursor_row if keep_cursor else 0)

    def load(self, offset: int, cursor: int | str = 0) -> None:
        """Load the page at ``offset``; ``cursor`` is a row index or ``"last"``."""
        self._fetch_page(max(0, offset), cursor)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page")
    def _fetch_page(self, offset: int, cursor: int | str) -> None:
        try:
            page = self.fetch(offset, PAGE_SIZE)
        except Exception as error:  # noqa: BLE001 - shown to the seller, the desk stays up
            self.post_message(self.Fetched(Page([], 0, offset), cursor, f"{error}"))
            return
        if not page.rows and page.first > 0 and page.total:
            last = (page.total - 1) // PAGE_SIZE * PAGE_SIZE
            page = self.fetch(last, PAGE_SIZE)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Fetched(page, cursor))

    def on_order_table_fetched(self, message: Fetched) -> None:
        message.stop()
        if message.error:
            self.notify(f"could not read the orders: {message.error}", severity="error")
            return
        self.show_page(message.page, message.cursor)

    def show_page(self, page: Page, cursor: int | str = 0) -> None:
        self.clear()
        self.page_rows = page.rows
        self.first = page.first
        self.total = page.total
        self.loaded = True
        self.shown_at = time.perf_counter()
        for row in page.rows:
            mark = Text(SELECTED_MARK if row["id"] in self.selected else "", style="bold")
            cells = [mark, *(column.cell(row) for column in TAB_COLUMNS[self.view])]
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

    def refresh_marks(self) -> None:
        for index, row in enumerate(self.page_rows):
            mark = Text(SELECTED_MARK if row["id"] in self.selected else "", style="bold")
            self.update_cell_at(Coordinate(index, 0), mark)

    @property
    def span(self) -> str:
        """``101–200 of 1,234`` for the table's border title."""
        if not self.total:
            return "no orders"
        end = self.first + len(self.page_rows)
        return f"{self.first + 1:,}–{end:,} of {self.total:,}"

    @property
    def has_next(self) -> bool:
        return self.first + len(self.page_rows) < self.total

    @property
    def has_previous(self) -> bool:
        return self.first > 0

    # -- moving past the page's ends loads the neighbouring page -------------------------

    def _at_last_row(self) -> bool:
        return not self.page_rows or self.cursor_row >= len(self.page_rows) - 1

    def action_cursor_down(self) -> None:
        if self._at_last_row() and self.has_next:
            self.load(self.first + PAGE_SIZE, 0)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row == 0 and self.has_previous:
            self.load(self.first - PAGE_SIZE, "last")
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self._at_last_row() and self.has_next:
            self.load(self.first + PAGE_SIZE, 0)
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row == 0 and self.has_previous:
            self.load(self.first - PAGE_SIZE, "last")
        else:
            super().action_page_up()

    def action_first_page(self) -> None:
        if self.has_previous:
            self.load(0, 0)
        else:
            self.action_scroll_top()

    def action_last_page(self) -> None:
        if self.has_next:
            self.load((self.total - 1) // PAGE_SIZE * PAGE_SIZE, "last")
        else:
            self.action_scroll_bottom()

    def _on_mouse_scroll_down(self, event: MouseScrollDown) -> None:
        if self.scroll_y >= self.max_scroll_y and self.has_next:
            event.stop()
            self.load(self.first + PAGE_SIZE, 0)
            return
        super()._on_mouse_scroll_down(event)

    def _on_mouse_scroll_up(self, event: MouseScrollUp) -> None:
        if self.scroll_y <= 0 and self.has_previous:
            event.stop()
            self.load(self.first - PAGE_SIZE, "last")
            return
        super()._on_mouse_scroll_up(event)


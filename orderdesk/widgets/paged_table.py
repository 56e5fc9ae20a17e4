"""The drawing every paged table of the desk shares: a DataTable that holds one page of rows,
each a line of :class:`rich.text.Text` cells, and draws it from caches kept across focus
changes, resizes and new pages (the desk's order tables and the Stock screen's SKUs).

DataTable drops every rendered cell on any style update or resize and measures every cell of a
new page; a page is drawn here once per style, and a new page measures its auto-width columns
by their text's length alone. What rows a table holds and how it pages stays with the table.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.events import Resize
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from orderdesk.widgets.text_cells import text_cell_lines

#: Marks the kept rows drawn by :meth:`PagedTable._render_line_in_row` in DataTable's row cache.
_ROW = "paged-row"


class PagedTable(DataTable[Text]):
    """A page of one-line Text rows, drawn from kept caches (a row cursor, zebra stripes)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=1)
        self._styles_seen: dict[Hashable, Hashable] = {}
        self._row_styles: dict[Hashable, Style] = {}
        self._styles_changed = True
        self._rendered_size = Size(0, 0)
        self._drawing_style: Style | None = None
        #: A cell's mouse meta (its row and column on the page): the same for every page.
        self._cell_meta: dict[tuple[int, int], Style] = {}

    def _fit_columns(self, width: int) -> bool:
        """Fit the columns to ``width`` (a table whose widths follow the terminal does it
        here); returns whether a width changed. The widths given are kept by default."""
        return False

    def notify_style_update(self) -> None:
        """Keep the rendered rows across a focus change.

        DataTable drops every rendered cell on any style update, and a tab switch is one (the
        shown table gains focus, whose cursor and border differ): the whole visible page was
        rendered again, the largest part of a switch. Its render caches are already keyed by
        the focus state, so they are dropped only when the styles for a state really changed
        (a new theme, a class on the table); that is checked before the next render, once the
        component styles (cursor, header, stripes) are up to date.
        """
        Widget.notify_style_update(self)
        self._get_styles_to_render_cell.cache_clear()
        self._styles_cache.clear()
        self._row_styles.clear()
        self._styles_changed = True
        self.refresh()

    def _on_resize(self, event: Resize) -> None:
        """A resize keeps the rendered cells.

        DataTable drops every rendered cell on any resize, and showing a hidden tab or the
        search bar sends one. A cell does not depend on the table's size (its width is its
        column's); only the filler to the right of the last column does, which lives in the
        row and line caches. So those two are dropped when the size really changed, and the
        cells are kept.
        """
        event.prevent_default()
        if event.size != self._rendered_size:
            self._row_render_cache.clear()
            self._line_cache.clear()
            if self._fit_columns(event.size.width):
                self._clear_caches()
            self.refresh()
        self._rendered_size = event.size

    @property
    def rich_style(self) -> Style:
        """The table's style; while its lines are drawn, the one worked out for them.

        DataTable asks for it once per line drawn, and each time it is worked out from every
        ancestor's styles (a fifth of a millisecond here): a third of drawing an empty page.
        Nothing restyles the table in the middle of drawing it."""
        drawing = self._drawing_style
        return drawing if drawing is not None else super().rich_style

    def render_lines(self, crop: Region) -> list[Strip]:
        self._drawing_style = super().rich_style
        try:
            return self._render_lines(crop)
        finally:
            self._drawing_style = None

    def _render_lines(self, crop: Region) -> list[Strip]:
        if self._styles_changed:
            self._styles_changed = False
            state = self.get_pseudo_class_state()
            signature = (
                self.app.theme,
                tuple(sorted(self.classes)),
                self.rich_style,
                tuple(
                    self.get_component_rich_style(name) for name in sorted(self.COMPONENT_CLASSES)
                ),
            )
            if self._styles_seen.get(state, signature) != signature:
                self._styles_seen.clear()
            if not self._styles_seen:
                self._row_render_cache.clear()
                self._cell_render_cache.clear()
                self._line_cache.clear()
            self._styles_seen[state] = signature
        return super().render_lines(crop)

    # -- drawing a page: DataTable's work, less of it ------------------------------------

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        """A body cell is one line of Text: drawn by ``text_cell_lines`` into DataTable's
        own cache under DataTable's own key; the header and anything else by DataTable."""
        row_key = self._row_locations.get_key(row_index) if row_index >= 0 else None
        column_key = self._column_locations.get_key(column_index) if column_index >= 0 else None
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        lines = self._cell_render_cache.get(key)
        if lines is not None:
            return lines
        row = self.rows.get(row_key)
        cells = self._get_row_renderables(row_index).cells
        if row is not None and row.height == 1 and column_index < len(cells):
            fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
            component_style, post_style = self._get_styles_to_render_cell(
                False,
                False,
                fixed,
                hover,
                cursor,
                self.show_cursor,
                self._show_hover_cursor,
                self.cursor_foreground_priority == "css",
                self.cursor_background_priority == "css",
            )
            style = (
                base_style
                + Style.from_meta({"row": row_index, "column": column_index})
                + component_style
            )
            drawn = text_cell_lines(
                self.app.console,
                self.app.console_options,
                cells[column_index],
                width,
                self.cell_padding,
                style,
                post_style,
            )
            if drawn is not None:
                self._cell_render_cache[key] = drawn
                return drawn
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A body row of one line is drawn here in one pass, kept until the cursor or the
        mouse comes onto it or leaves it; the header and anything else by DataTable.

        DataTable keys a drawn row by where the cursor is, so one step of the cursor drew
        every visible row again (from kept cells), and a new page drew each cell through
        its general path (30 rows of 9 cells: most of a page down). The segments are the
        ones DataTable makes (``tests/ui/test_text_cells.py`` compares them)."""
        row = self.rows.get(row_key)
        row_index = self._row_locations.get(row_key)
        if (
            row is None
            or row_index is None
            or row.height != 1
            or line_no
            or self.fixed_columns
            or self.fixed_rows
            or self.cursor_type != "row"
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        show_cursor, show_hover = self.show_cursor, self._show_hover_cursor
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        key = (
            _ROW,
            row_key,
            base_style,
            cursor and show_cursor,
            hover and show_cursor and show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        drawn = self._row_render_cache.get(key)  # type: ignore[arg-type]
        if drawn is not None:
            return drawn
        row_style = self._get_row_style(row_index, base_style)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            show_cursor,
            show_hover,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        console, options = self.app.console, self.app.console_options
        cells = self._get_row_renderables(row_index).cells
        columns = self.ordered_columns
        widths = [column.get_render_width(self) for column in columns]
        scrollable: list[list[Segment]] = []
        for column_index, width in enumerate(widths):
            lines = None
            if column_index < len(cells):
                style = row_style + self._meta(row_index, column_index) + component_style
                lines = text_cell_lines(
                    console,
                    options,
                    cells[column_index],
                    width,
                    self.cell_padding,
                    style,
                    post_style,
                )
            if lines is None:
                lines = self._render_cell(
                    row_index, column_index, row_style, width, cursor=cursor, hover=hover
                )
            scrollable.append(lines[0])
        # The filler to the table's right edge, styled as DataTable styles it.
        extend_style, _ = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, show_cursor, show_hover, False, False
        )
        extend_style = (
            row_style
            + extend_style
            + Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        )
        remaining = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        scrollable.append([Segment(" " * remaining, extend_style)])
        drawn_row: tuple[list[list[Segment]], list[list[Segment]]] = ([], scrollable)
        self._row_render_cache[key] = drawn_row  # type: ignore[arg-type]
        return drawn_row

    def _meta(self, row_index: int, column_index: int) -> Style:
        meta = self._cell_meta.get((row_index, column_index))
        if meta is None:
            meta = Style.from_meta({"row": row_index, "column": column_index})
            self._cell_meta[row_index, column_index] = meta
        return meta

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        """DataTable looks up the stripe's component style for every line it draws; the
        answer only changes with the styles, so it is kept until they do."""
        if row_index == -1 or row_index < self.fixed_rows or not self.zebra_stripes:
            return super()._get_row_style(row_index, base_style)
        key = (row_index % 2, self._pseudo_class_state)
        style = self._row_styles.get(key)
        if style is None:
            style = self._row_styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Column widths for a new page: a one-line Text measures as its length, so the
        auto-width columns take the longest cell without rich's measure per cell (DataTable
        measured every cell of every column, fixed widths too)."""
        columns = self.ordered_columns
        auto = [(index, column) for index, column in enumerate(columns) if column.auto_width]
        rest: list[RowKey] = []
        for key in new_rows:
            row_index = self._row_locations.get(key)
            row = self.rows.get(key)
            if row_index is None or row is None:
                continue
            label, cells = self._get_row_renderables(row_index)
            if row.auto_height or label is not None or len(cells) < len(columns):
                rest.append(key)
                continue
            for index, column in auto:
                cell = cells[index]
                if not isinstance(cell, Text) or "\n" in cell.plain:
                    rest.append(key)
                    break
                width = cell_len(cell.plain)
                if width > column.content_width:
                    column.content_width = width
        super()._update_dimensions(rest)
        if self._fit_columns(self.size.width):  # the auto-width columns changed the room
            self._clear_caches()
            super()._update_dimensions([])

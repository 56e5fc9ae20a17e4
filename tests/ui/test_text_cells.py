"""The desk draws its table cells itself (``widgets/text_cells.py``) for speed; what it draws
must be exactly what Textual's DataTable would have drawn, to the segment and style."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from orderdesk.store.rows import OrderRow
from orderdesk.widgets.order_table import OrderTable, Page
from orderdesk.widgets.text_cells import text_cell_lines
from tests.rows import ORDER_ROW

_CONSOLE = Console(width=120, color_system="truecolor", force_terminal=True, legacy_windows=False)

_styles = st.sampled_from(
    [
        Style(),
        Style(bold=True),
        Style(color="red", bgcolor="blue"),
        Style(italic=True, underline=True),
        Style(color="yellow"),
    ]
)
_words = st.text(alphabet=st.sampled_from(list("ab Zé.#-€") + ["中", "文", "●", "…"]), max_size=30)


@st.composite
def _cells(draw: st.DrawFn) -> Text:
    edges = st.sampled_from(["", " ", "  "])  # spaces at the ends: justification trims them
    text = Text(
        draw(edges) + draw(_words) + draw(edges),
        style=draw(_styles),
        justify=draw(st.sampled_from([None, "left", "right", "default"])),
        overflow=draw(st.sampled_from([None, "fold", "crop", "ellipsis"])),
        no_wrap=True,
    )
    if text.plain and draw(st.booleans()):
        start = draw(st.integers(0, len(text.plain) - 1))
        text.stylize(draw(_styles), start, draw(st.integers(start, len(text.plain))))
    if draw(st.booleans()):
        text.append(" !", style="bold red")
    return text


def _as_datatable_draws(
    cell: Text, width: int, padding: int, style: Style, post: Style
) -> list[list[Segment]]:
    """DataTable._render_cell's own drawing of a body cell of height 1 (textual 8.2)."""
    options = _CONSOLE.options.update_dimensions(width, 1).update(no_wrap=True)
    return _CONSOLE.render_lines(
        Styled(Padding(cell, (0, padding)), pre_style=style, post_style=post), options
    )


@settings(max_examples=400, deadline=None)
@given(
    cell=_cells(), width=st.integers(1, 40), padding=st.integers(0, 2), style=_styles, post=_styles
)
def test_a_text_cell_is_drawn_as_datatable_draws_it(
    cell: Text, width: int, padding: int, style: Style, post: Style
) -> None:
    drawn = text_cell_lines(_CONSOLE, _CONSOLE.options, cell, width, padding, style, post)
    if drawn is None:  # left to DataTable: only when the cell has no room inside its padding
        assert width - 2 * padding < 1
        return
    assert drawn == _as_datatable_draws(cell, width, padding, style, post)


def test_cells_it_cannot_draw_are_left_to_datatable() -> None:
    for cell in (
        Text("two\nlines"),
        Text("a\ttab"),
        Text("centred", justify="center"),
        Text("full", justify="full"),
        "a string",
        42,
    ):
        assert text_cell_lines(_CONSOLE, _CONSOLE.options, cell, 20, 1, Style(), None) is None


_ROWS: list[OrderRow] = [
    {
        **ORDER_ROW,
        "id": 100 + n,
        "tab": "to-prepare",
        "channel": "mercadolibre",
        "buyer_name": name,
        "items": items,
        "total": total,
        "currency": currency,
        "stage": "pending",
        "tracking_number": tracking,
        "version": 1,
    }
    for n, (name, items, total, currency, tracking) in enumerate(
        [
            ("Ana Lía Pérez de la Fuente Olmedo", "2× MUG-RED, 1× CAP", "1234567.89", "ARS", ""),
            ("王小明", "1× 充电器", "88.00", "CNY", "LX123456789CN"),
            ("[bold]not markup[/]", "", "0.00", "USD", "1Z999AA10123456784"),
            ("O'Brien", "10× SOCK-BLK-XL-LONGNAME", "12.5", "EUR", ""),
        ]
    )
]


class _Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield OrderTable("search", lambda offset, limit: Page([], 0, 0), id="table")


async def test_the_desk_table_draws_every_cell_as_datatable_does() -> None:
    """On a mounted table, with the cursor and zebra stripes: OrderTable's cells against
    DataTable's own _render_cell for the same cell, key and style."""
    app = _Tables()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(OrderTable)
        table.show_page(Page(_ROWS, len(_ROWS), 0), cursor=1)
        await pilot.pause()
        base = table.rich_style
        compared = 0
        for row in range(len(_ROWS)):
            row_style = table._get_row_style(row, base)
            for column, spec in enumerate(table.ordered_columns):
                width = spec.get_render_width(table)
                for cursor in (False, True):
                    ours = table._render_cell(row, column, row_style, width, cursor=cursor)
                    table._cell_render_cache.clear()
                    theirs = DataTable._render_cell(
                        table, row, column, row_style, width, cursor=cursor
                    )
                    table._cell_render_cache.clear()
                    assert ours == theirs, (row, column, cursor)
                    compared += 1
        assert compared == len(_ROWS) * len(table.ordered_columns) * 2


async def test_the_desk_table_draws_every_row_as_datatable_does() -> None:
    """A whole row, drawn in one pass and kept until the cursor or the mouse comes or goes:
    against DataTable's own _render_line_in_row, for the cursor's row, the hovered row and
    the rest, focused or not, and after the cursor moved (a kept row must not show it)."""
    from textual.coordinate import Coordinate

    app = _Tables()
    async with app.run_test(size=(120, 20)) as pilot:
        table = app.query_one(OrderTable)
        table.show_page(Page(_ROWS, len(_ROWS), 0), cursor=1)
        await pilot.pause()
        base = table.rich_style
        compared = 0
        for focused in (False, True):
            if focused:
                table.focus()
                await pilot.pause()
            located = (table._row_locations.get_key(index) for index in range(len(_ROWS)))
            keys = [key for key in located if key is not None]
            assert len(keys) == len(_ROWS)
            moves = [
                (Coordinate(row, 0), Coordinate(hovered, 0))
                for row, hovered in ((1, 3), (2, 3), (2, 0), (1, 0))
            ]
            theirs = {}
            for cursor, hover in moves:
                for key in keys:
                    table._row_render_cache.clear()
                    table._cell_render_cache.clear()
                    theirs[cursor, hover, key] = DataTable._render_line_in_row(
                        table, key, 0, base, cursor, hover
                    )
            table._row_render_cache.clear()
            table._cell_render_cache.clear()
            for cursor, hover in moves:  # each pass draws from the rows the one before kept
                for key in keys:
                    ours = table._render_line_in_row(key, 0, base, cursor, hover)
                    assert ours == theirs[cursor, hover, key], (focused, cursor, hover, key)
                    compared += 1
        assert compared == 2 * 4 * len(_ROWS)
        # The header stays DataTable's own.
        header = table._header_row_key
        assert table._render_line_in_row(header, 0, base, cursor, hover) == (
            DataTable._render_line_in_row(table, header, 0, base, cursor, hover)
        )


@pytest.mark.parametrize("view", ["to-prepare", "refunds"])
async def test_column_widths_fit_the_longest_cell(view: str) -> None:
    """Auto-width columns (order, total…) are as wide as their longest cell on the page."""
    rows: list[OrderRow] = [
        {
            **row,
            "ship_by": None,
            "payment": "paid",
            "case_id": n,
            "case_status": "open",
            "case_reason": "not as described",
            "case_amount": row["total"],
            "respond_by": None,
        }
        for n, row in enumerate(_ROWS)
    ]

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            yield OrderTable(view, lambda offset, limit: Page([], 0, 0), id="table")

    app = Tables()
    async with app.run_test(size=(120, 20)) as pilot:  # wider, buyer and items would grow
        table = app.query_one(OrderTable)
        table.show_page(Page(rows, len(rows), 0))
        await pilot.pause()
        by_key = {column.key.value: column for column in table.ordered_columns}
        # The longest cell, or the header when it is longer ("Order" over "#103").
        if view == "to-prepare":
            assert by_key["total"].content_width == len("1234567.89 ARS")
            assert by_key["order"].content_width == len("Order")
            table.show_page(Page([{**rows[0], "id": 1234567}], 1, 0))
            await pilot.pause()
            assert by_key["order"].content_width == len("#1234567")
        else:
            assert by_key["amount"].content_width == len("1234567.89 ARS")
        assert by_key["buyer"].get_render_width(table) == 18 + 2  # fixed width, padded


async def test_a_moment_of_another_year_shows_its_year() -> None:
    """A ship-by date of last December, or a label printed last year, is not read as this
    year's: its cell has the year where this year's has the time (before: "22 Dec 10:00")."""

    class Tables(App[None]):
        def compose(self) -> ComposeResult:
            yield OrderTable("ready-to-ship", lambda offset, limit: Page([], 0, 0), id="table")

    rows: list[OrderRow] = [
        {
            **_ROWS[0],
            "id": 1,
            "ship_by": "2025-12-22T10:00:00+00:00",
            "label_printed_at": "2025-12-20T09:00:00+00:00",
        },
        {
            **_ROWS[1],
            "id": 2,
            "ship_by": "2026-01-05T16:45:00+00:00",
            "label_printed_at": "2026-01-04T09:00:00+00:00",
        },
    ]
    app = Tables()
    async with app.run_test(size=(160, 20)) as pilot:
        table = app.query_one(OrderTable)
        table.show_page(Page(rows, len(rows), 0, year=2026))
        await pilot.pause()
        cells = [[str(cell) for cell in table.get_row_at(n)] for n in range(2)]
        assert cells[0][1:4] == ["22 Dec 2025", "#1", "✓ 20 Dec 2025"]
        assert cells[1][1:4] == ["05 Jan 16:45", "#2", "✓ 04 Jan"]

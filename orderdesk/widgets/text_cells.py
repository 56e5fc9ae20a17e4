"""A table cell of one line of Text, drawn the way DataTable draws it, without its layers.

DataTable draws every cell through ``Styled(Padding(cell))`` and the console's generic
``render_lines``: six generator layers, a wrap and a measure per cell, which is most of the time
a new page takes to reach the screen (a page down redraws 30 rows of 8 cells). The desk's cells
are single lines of :class:`~rich.text.Text` (``columns.py``), so the same segments can be made
directly with the same rich calls for the steps that shape them: justify, truncate, join, pad,
style. ``tests/ui/test_text_cells.py`` checks the result is identical to DataTable's own for any
text, style, width, justification and overflow; anything else (a line break, a tab, centred or
full justification) returns None and is drawn by DataTable.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_JOINER = Text("\n")


def text_cell_lines(
    console: Console,
    options: ConsoleOptions,
    cell: object,
    width: int,
    padding: int,
    style: Style,
    post_style: Style | None,
) -> list[list[Segment]] | None:
    """The one line of segments ``cell`` is drawn as in a ``width``-wide cell, or None when
    the cell is not a plain one-line Text (DataTable then draws it)."""
    if not isinstance(cell, Text):
        return None
    inner = width - 2 * padding
    plain = cell.plain
    justify = cell.justify or options.justify or "default"
    overflow = cell.overflow or options.overflow or "fold"
    if (
        inner < 1
        or "\n" in plain
        or "\t" in plain
        or justify not in _JUSTIFY
        or overflow not in _OVERFLOW
    ):
        return None
    line = cell
    if justify != "default" or cell_len(plain) > inner:
        # As Text.wrap does for a line that is not wrapped: justify it, then cut it to fit.
        line = cell.copy()
        if justify == "left":
            line.truncate(inner, overflow=overflow, pad=True)
        elif justify == "right":
            line.rstrip()
            line.truncate(inner, overflow=overflow)
            line.pad_left(inner - cell_len(line.plain))
        line.truncate(inner, overflow=overflow)
    if line.style or line.spans:
        segments = list(_JOINER.join([line]).render(console))
    else:  # what rendering an unstyled line gives, without the copy and the spans' walk
        segments = [Segment(line.plain)]
    # Padding: the content padded to its width, the cell padding either side (unstyled).
    blank = console.get_style("none")
    segments = Segment.adjust_line_length(segments, inner, style=blank, pad=True)
    if padding:
        space = " " * padding
        segments = [Segment(space, blank), *segments, Segment(space, blank)]
    # Styled: the row's style under each segment's own, the cursor's (post) over it.
    return [list(Segment.apply_style(segments, style, post_style))]


_JUSTIFY = frozenset({"default", "left", "right"})
_OVERFLOW = frozenset({"fold", "crop", "ellipsis"})

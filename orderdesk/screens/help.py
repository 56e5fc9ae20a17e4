"""Every key of the desk, from the bindings themselves (so the list cannot drift)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from orderdesk.screens.dialog import Dialog

EXTRA = (
    ("1 … 6", "Switch tab: To prepare, Ready to ship, In transit, Finalized, Refunds, Disputes"),
    ("Enter", "Open the order: buyer, ship-to, lines, fees, tracking, cases, messages, timeline"),
    ("↑ ↓ PgUp PgDn", "Move; past the end of a page the next page loads"),
    ("Ctrl+Home / End", "First / last page of the tab"),
    ("Esc", "Close a dialog or the search; clear the batch selection"),
    ("Ctrl+P", "Command palette: every action by name"),
)


def key_table(bindings: Iterable[BindingType], keymap: Mapping[str, str]) -> Table:
    """Every key of ``bindings``, as the seller's keymap binds it."""
    from orderdesk.screens.desk import key_display

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, what in EXTRA:
        table.add_row(key, what)
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.key[0].isdigit():
            continue
        if binding.action in ("clear",):
            continue
        table.add_row(
            Text(key_display(binding, keymap)), Text(binding.tooltip or binding.description)
        )
    return table


class HelpScreen(Dialog[None]):
    """Every key of the desk and the app (handed in: the app opens this screen)."""

    CSS_PATH = "help.tcss"

    def __init__(self, bindings: Iterable[BindingType], keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.bindings = list(bindings)
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="frame") as frame:
            frame.border_title = "Keys (Esc to close)"
            yield Static(key_table(self.bindings, self.keymap))
            yield Static(
                "c, p, d and x act on every selected order (space selects). A key that "
                "does not apply to an order says why, and changes nothing.",
                classes="hint",
            )

"""M on an order: the buyer's other unshipped orders, to merge into one shipment.

The list and every reason come from the domain (:func:`orderdesk.domain.merging.candidates`):
each other order of the same buyer (any channel) shows whether it can go out with this one, and
if not, why (different address, a channel with its own labels, not paid, on hold…). Merging
returns the ids to merge; the desk performs :func:`orderdesk.domain.merging.merge` with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from orderdesk.screens.dialog import Dialog

if TYPE_CHECKING:
    from orderdesk.domain.merging import Candidates


def candidate_table(found: Candidates) -> Table:
    """One row per other order of the buyer: order, channel, stage, place, can it merge."""
    table = Table.grid(padding=(0, 2))
    for _ in range(5):
        table.add_column(no_wrap=False)
    for other in found.others:
        if other.merged:
            verdict = Text("already merged with it", style="bold")
        elif other.reason is None:
            verdict = Text("can merge", style="bold green")
        else:
            verdict = Text(f"cannot: {other.reason}", style="red")
        table.add_row(
            Text(other.ref, style="bold"),
            Text(f"{other.channel} {other.external_id}".strip()),
            Text(other.stage.replace("_", " ")),
            Text(other.place),
            verdict,
        )
    return table


class MergeDialog(Dialog[list[int]]):
    """The merge candidates of one order; Enter on "Merge" returns the ids to merge."""

    CSS_PATH = "merge.tcss"

    def __init__(self, found: Candidates) -> None:
        super().__init__()
        self.found = found

    def compose(self) -> ComposeResult:
        found = self.found
        ids = found.mergeable
        with Vertical(classes="frame") as frame:
            frame.border_title = f"Merge order #{found.order_id} ({found.buyer})"
            if found.reason is not None:
                yield Static(
                    f"Order #{found.order_id} cannot merge: {found.reason}",
                    id="merge-reason",
                    markup=False,
                )
            if found.others:
                yield Static(candidate_table(found), id="merge-candidates")
            else:
                yield Static(
                    "No other unshipped order of this buyer.", id="merge-none", markup=False
                )
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                if ids:
                    listed = ", ".join(f"#{i}" for i in ids)
                    yield Button(
                        f"Merge with {listed}: one shipment", id="merge", variant="primary"
                    )

    def on_mount(self) -> None:
        buttons = self.query("#merge")
        (buttons.first(Button) if buttons else self.query_one("#back", Button)).focus()

    @on(Button.Pressed, "#merge")
    def _merge(self) -> None:
        self.dismiss(self.found.mergeable)

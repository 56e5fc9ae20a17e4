"""A buyer's refund (or return) request: amount in the order's currency and the reason.

The amount comes first and has the focus as the dialog opens (then Tab to the reason, Tab to
the return box): what the seller types first lands in the amount, and a space typed in a field
is a space there. The order's total is shown in the desk's one money format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static

from orderdesk.domain.errors import DeskError
from orderdesk.domain.money import format_amount_text, format_money, parse_in_currency
from orderdesk.screens.dialog import Dialog
from orderdesk.widgets.marks import CheckMark

if TYPE_CHECKING:
    from orderdesk.store.rows import OrderRow


@dataclass(frozen=True)
class RefundEntry:
    amount: str
    reason: str
    kind: str


class RefundDialog(Dialog[RefundEntry]):
    def __init__(self, row: OrderRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        currency = self.row["currency"]
        with Vertical(classes="frame") as frame:
            frame.border_title = f"Refund request on order #{self.row['id']}"
            yield Static(
                f"Order total {format_amount_text(self.row['total'], currency)} · "
                f"payment {self.row['payment'].replace('_', ' ')}",
                classes="hint",
                markup=False,
            )
            yield Label(f"Amount ({currency})")
            yield Input(value=self.row["total"], id="amount")
            yield Static("", id="amount-check", classes="hint", markup=False)
            yield Label("The buyer's reason")
            yield Input(id="reason", placeholder="e.g. arrived damaged")
            yield CheckMark(
                "A return: the items come back (restocked when received)", id="is-return"
            )
            yield Static("", id="refund-problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Record request", variant="primary", id="ok")

    def on_mount(self) -> None:
        self._amount_changed()
        self.query_one("#amount", Input).focus()

    @on(Input.Changed, "#amount")
    def _amount_changed(self) -> None:
        check = self.query_one("#amount-check", Static)
        currency = self.row["currency"]
        try:
            minor = parse_in_currency(self.query_one("#amount", Input).value, currency)
        except DeskError as error:
            check.update(error.message)
            check.set_classes("problem")
            return
        check.update(f"= {format_money(minor, currency)}")
        check.set_classes("ok")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        amount = self.query_one("#amount", Input).value.strip()
        reason = self.query_one("#reason", Input).value.strip()
        problem = self.query_one("#refund-problem", Static)
        if "problem" in self.query_one("#amount-check", Static).classes:
            problem.update("Fix the amount first.")
            self.query_one("#amount", Input).focus()
            return
        if not reason:
            problem.update("Give the buyer's reason.")
            self.query_one("#reason", Input).focus()
            return
        kind = "return" if self.query_one("#is-return", Checkbox).value else "refund"
        self.submit(RefundEntry(amount, reason, kind))

"""Adding tracking: a carrier (picked from the known ones or typed), the number checked as it
is typed with the domain's own check, and the tracking URL it gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static

from orderdesk.domain.errors import Refused
from orderdesk.domain.tracking import CARRIERS, carriers_matching, check_tracking, find_carrier
from orderdesk.screens.dialog import Dialog

if TYPE_CHECKING:
    from orderdesk.store.rows import OrderRow


@dataclass(frozen=True)
class TrackingEntry:
    carrier: str
    number: str
    url: str


class CarrierList(OptionList, can_focus=False):
    """Known carriers to click, narrowed to those the typed name may be heading for; the
    keyboard completes them in the input (→ accepts)."""

    def show_matching(self, typed: str) -> None:
        names = [carrier.name for carrier in carriers_matching(typed)]
        if names != [str(option.prompt) for option in self.options]:
            self.set_options(names)


class TrackingDialog(Dialog[TrackingEntry]):
    CSS_PATH = "tracking.tcss"

    def __init__(self, row: OrderRow) -> None:
        super().__init__()
        self.row = row
        self.entry: TrackingEntry | None = None

    def compose(self) -> ComposeResult:
        names = [carrier.name for carrier in CARRIERS.values()]
        with Vertical(classes="frame") as frame:
            frame.border_title = f"Tracking for order #{self.row['id']}"
            yield Label("Carrier (a known one, or any name)")
            yield Input(
                value=self.row.get("carrier") or "",
                id="carrier",
                placeholder="e.g. UPS, China Post, Correios",
                suggester=SuggestFromList(names, case_sensitive=False),
            )
            yield CarrierList(*names, id="carriers")
            yield Label("Tracking number")
            yield Input(
                value=self.row.get("tracking_number") or "",
                id="number",
                placeholder="e.g. LP123456785CN",
            )
            yield Label("Tracking URL (only for a carrier the desk does not know)")
            yield Input(id="url", placeholder="https://…")
            yield Static("", id="check", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Add tracking", variant="primary", id="ok")

    def on_mount(self) -> None:
        self._narrow()
        self._check()

    @on(OptionList.OptionSelected, "#carriers")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#carrier", Input).value = str(event.option.prompt)
        self.query_one("#number", Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "carrier":
            self._narrow()
        self._check()

    def _narrow(self) -> None:
        self.query_one(CarrierList).show_matching(self.query_one("#carrier", Input).value)

    def _check(self) -> None:
        carrier = self.query_one("#carrier", Input).value
        number = self.query_one("#number", Input).value
        url = self.query_one("#url", Input).value
        check = self.query_one("#check", Static)
        known = find_carrier(carrier)
        self.query_one("#url", Input).disabled = known is not None
        self.entry = None
        if not carrier.strip() or not number.strip():
            check.update("Type the carrier and the number; it is checked as you type.")
            check.set_classes("hint")
            return
        try:
            tracking = check_tracking(carrier, number, url)
        except Refused as refusal:
            check.update(refusal.message)
            check.set_classes("problem")
            return
        self.entry = TrackingEntry(tracking.carrier, tracking.number, url.strip())
        where = tracking.url or "no URL (type one above if the carrier has a page)"
        check.update(f"✓ {tracking.carrier} {tracking.number}\n{where}")
        check.set_classes("ok")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        self._check()
        if self.entry is not None:
            self.submit(self.entry)

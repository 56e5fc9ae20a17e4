"""Typing in a new order: a form checked as the seller goes, returning an ``OrderDraft``.

Money is typed as the seller writes it (``1.234,56`` or ``1,234.56``) and read with the
domain's ``parse_amount``; the draft is checked with the domain's ``check_draft``. While the
seller types, the email and phone are checked lightly (the domain's
:mod:`~orderdesk.domain.contact`) and a SKU the catalogue does not know is pointed out (it
will not be stock-tracked). The currency starts as the one last typed in, and Escape asks
before it throws a filled form away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from orderdesk.domain.contact import contact_problems
from orderdesk.domain.errors import BadInput, DeskError
from orderdesk.domain.intake import CHANNELS, LineDraft, OrderDraft, check_draft
from orderdesk.domain.money import parse_amount
from orderdesk.domain.units import whole
from orderdesk.screens.dialog import Dialog
from orderdesk.widgets.marks import CheckMark

if TYPE_CHECKING:
    from orderdesk.store import Database

LINES = 3
FIELDS = (
    ("buyer_name", "Buyer name *"),
    ("buyer_email", "Email"),
    ("buyer_phone", "Phone"),
    ("external_id", "Channel order id"),
    ("ship_name", "Ship-to name"),
    ("ship_line1", "Address line 1"),
    ("ship_line2", "Address line 2"),
    ("ship_city", "City"),
    ("ship_region", "Region"),
    ("ship_postal_code", "Postal code"),
    ("ship_country", "Country (AR, BR…)"),
    ("currency", "Currency *"),
)
MONEY = (("shipping", "Shipping charged"), ("tax", "Tax"), ("discount", "Discount"))


class NewOrderScreen(Dialog[OrderDraft]):
    CSS_PATH = "new_order.tcss"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="new-order-save")]

    def __init__(self, database: Database | None = None) -> None:
        super().__init__()
        self.database = database
        self._unknown: set[str] = set()  # SKUs typed that the catalogue does not hold
        self._blank: dict[str, str] = {}  # each field as the form opened (or was prefilled)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="frame") as frame:
            frame.border_title = "New order"
            with Grid(classes="fields"):
                yield Label("Channel")
                yield Select(
                    [(c, c) for c in CHANNELS],
                    value="manual",
                    allow_blank=False,
                    id="channel",
                    compact=True,
                )
                for name, label in FIELDS:
                    yield Label(label)
                    yield Input(id=name, compact=True, value="USD" if name == "currency" else "")
            yield Static("Lines: SKU · title · quantity · unit price", classes="hint")
            with Grid(classes="lines"):
                for number in range(1, LINES + 1):
                    yield Input(id=f"sku-{number}", placeholder="SKU", compact=True)
                    yield Input(
                        id=f"title-{number}", placeholder=f"line {number} title", compact=True
                    )
                    yield Input(id=f"quantity-{number}", placeholder="qty", compact=True)
                    yield Input(id=f"price-{number}", placeholder="unit price", compact=True)
            with Grid(classes="fields"):
                for name, label in MONEY:
                    yield Label(label)
                    yield Input(id=name, compact=True, placeholder="0")
                yield Label("Note")
                yield Input(id="note", compact=True)
            yield CheckMark("Paid", id="paid", compact=True)
            yield Static("", id="checks", classes="hint", markup=False)
            yield Static("", id="problems", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Save (Ctrl+S)", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#buyer_name", Input).focus()
        self._blank = {field.id or "": field.value for field in self.query(Input)}
        self.query_one("#checks", Static).display = False
        if self.database is not None:
            self._read_last_currency()

    # -- as the seller types -------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-order-currency")
    def _read_last_currency(self) -> None:
        from orderdesk.store.stock_queries import last_hand_currency

        assert self.database is not None
        with self.database.reader() as reader:
            currency = last_hand_currency(reader)
        if currency:
            self.app.call_from_thread(self._prefill_currency, currency)

    def _prefill_currency(self, currency: str) -> None:
        field = self.query_one("#currency", Input)
        if field.value == self._blank.get("currency"):  # not typed over meanwhile
            field.value = currency
            self._blank["currency"] = currency
            self.opened_as("currency", currency)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name.startswith("sku-") and self.database is not None:
            self._look_up_skus([self._text(f"sku-{n}") for n in range(1, LINES + 1)])
        elif name in ("buyer_email", "buyer_phone"):
            self._show_checks()

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-order-skus")
    def _look_up_skus(self, skus: list[str]) -> None:
        from orderdesk.store.stock_queries import count_products, known_skus

        assert self.database is not None
        with self.database.reader() as reader:
            # With no catalogue at all, nothing is stock-tracked: nothing to warn about.
            unknown = set(skus) - known_skus(reader, skus) if count_products(reader) else set()
        self.app.call_from_thread(self._skus_known, unknown - {""})

    def _skus_known(self, unknown: set[str]) -> None:
        self._unknown = unknown
        self._show_checks()

    def _show_checks(self) -> None:
        lines = contact_problems(self._text("buyer_email"), self._text("buyer_phone"))
        for number in range(1, LINES + 1):
            sku = self._text(f"sku-{number}")
            if sku in self._unknown:
                lines.append(
                    f"line {number} SKU: {sku!r} is not in the catalogue (its stock is not tracked)"
                )
        shown = self.query_one("#checks", Static)
        shown.update("\n".join(lines))
        shown.display = bool(lines)  # no blank line while all is well

    def typed(self) -> bool:
        """Escape asks first (the desk's one way, :class:`Dialog`) once a field is typed in
        or Paid is ticked."""
        return super().typed() or self.query_one("#paid", Checkbox).value

    def _text(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def read_draft(self) -> tuple[OrderDraft | None, list[str]]:
        """The draft the form describes, and every problem with it (each naming its field)."""
        problems: list[str] = []
        currency = self._text("currency").upper()

        def amount(text: str, field: str) -> int:
            if not text:
                return 0
            try:
                return parse_amount(text, currency or "USD")
            except DeskError as error:
                problems.append(f"{field}: {error.message}")
                return 0

        lines = []
        for number in range(1, LINES + 1):
            sku, title = self._text(f"sku-{number}"), self._text(f"title-{number}")
            quantity_text, price = self._text(f"quantity-{number}"), self._text(f"price-{number}")
            if not (sku or title or quantity_text or price):
                continue
            quantity = 1
            if quantity_text:
                try:
                    quantity = whole(quantity_text, f"line {number} quantity")
                except BadInput as error:
                    problems.append(error.message)
            lines.append(
                LineDraft(
                    sku=sku,
                    title=title,
                    quantity=quantity,
                    unit_price=amount(price, f"line {number} unit price"),
                )
            )
        channel = self.query_one("#channel", Select).value
        fields: dict[str, Any] = {
            name: self._text(name)
            for name, _label in FIELDS
            if name not in ("buyer_name", "currency")
        }
        fields.update({name: amount(self._text(name), name) for name, _label in MONEY})
        draft = OrderDraft(
            buyer_name=self._text("buyer_name"),
            currency=currency,
            lines=lines,
            channel=str(channel),
            paid=self.query_one("#paid", Checkbox).value,
            note=self._text("note"),
            **fields,
        )
        problems += check_draft(draft)
        return (None if problems else draft), problems

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        draft, problems = self.read_draft()
        if draft is None:
            self.query_one("#problems", Static).update("\n".join(problems))
            return
        self.submit(draft)

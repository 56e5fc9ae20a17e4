"""A message to the buyer, one from the buyer, or an internal note on an order.

The usual messages come from the domain's templates (:mod:`orderdesk.domain.message_templates`):
picking one (or another language; the ship-to country picks the first) puts it, filled with the
buyer's name, the order number and the tracking link, in the text to edit and send."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, RadioSet, Select, Static, TextArea

from orderdesk.domain.message_templates import LANGUAGES, fill, language_for, offered
from orderdesk.domain.messages import MAX_OUTGOING, over_limit
from orderdesk.screens.dialog import Dialog
from orderdesk.widgets.marks import RadioMark

if TYPE_CHECKING:
    from orderdesk.store.rows import OrderRow

DIRECTIONS = (("out", "To the buyer"), ("note", "Internal note"), ("in", "From the buyer"))


@dataclass(frozen=True)
class MessageEntry:
    body: str
    direction: str


class MessageDialog(Dialog[MessageEntry]):
    CSS_PATH = "message.tcss"
    BINDINGS = [Binding("ctrl+s", "send", "Send", id="message-send")]

    def __init__(self, row: OrderRow) -> None:
        super().__init__()
        self.row = row
        self._filled = ""  # the template text last put in the body, as filled

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = f"Message · order #{self.row['id']} · {self.row['buyer_name']}"
            with RadioSet(id="direction"):
                for index, (_key, label) in enumerate(DIRECTIONS):
                    yield RadioMark(label, value=index == 0)
            with Horizontal(id="templates"):
                yield Select(
                    [(t.title, t.key) for t in offered(self.row)],
                    prompt="Template…",
                    id="template",
                )
                yield Select(
                    [(name, code) for code, name in LANGUAGES.items()],
                    value=language_for(self.row.get("country")),
                    allow_blank=False,
                    id="language",
                )
            yield TextArea(id="body")
            yield Static("", id="count", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Send (Ctrl+S)", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()
        self._count()

    @property
    def direction(self) -> str:
        index = self.query_one("#direction", RadioSet).pressed_index
        return DIRECTIONS[max(index, 0)][0]

    @on(Select.Changed)
    def _template(self) -> None:
        """A template (or its language) picked: its text, filled, replaces the body. Text the
        seller typed (or edited) is replaced only once the seller says so: a template is a
        whole message (greeting, body, signature), and dropped into the middle of a draft it
        would make two messages in one; asked, the seller keeps the draft with Back."""
        key = self.query_one("#template", Select).value
        if not isinstance(key, str):
            return
        language = str(self.query_one("#language", Select).value)
        text = fill(key, language, self.row)
        body = self.query_one("#body", TextArea)
        if not body.text.strip() or body.text == self._filled:
            self._fill(text)
            return
        from orderdesk.screens.dialog import ChoiceDialog

        def answered(choice: str | None) -> None:
            if choice == "replace":
                self._fill(text)
            body.focus()

        self.app.push_screen(
            ChoiceDialog(
                "Replace what you typed?",
                "The template takes the place of the text in the message. Back keeps your text.",
                [("replace", "Replace it")],
            ),
            answered,
        )

    def _fill(self, text: str) -> None:
        self._filled = text
        self.query_one("#body", TextArea).text = text

    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    def _count(self) -> None:
        text = self.query_one("#body", TextArea).text
        length = len(text.strip())
        count = self.query_one("#count", Static)
        over = over_limit(text, self.direction)
        if over:
            count.update(
                f"{length:,} / {MAX_OUTGOING:,} characters: {over:,} too many to "
                f"send; shorten it (the text is kept)"
            )
        elif self.direction == "out":
            count.update(f"{length:,} / {MAX_OUTGOING:,} characters")
        else:
            count.update(f"{length:,} characters")
        count.set_classes("problem" if over else "hint")
        self.query_one("#ok", Button).disabled = bool(over) or not length

    @on(Button.Pressed, "#ok")
    def action_send(self) -> None:
        """Ctrl+S or Send: sent only when the domain's limit allows; otherwise the dialog
        stays open with the text, and says by how much it is over."""
        body = self.query_one("#body", TextArea).text.strip()
        if body and not over_limit(body, self.direction):
            self.submit(MessageEntry(body, self.direction))
        elif body:
            self.query_one("#body", TextArea).focus()

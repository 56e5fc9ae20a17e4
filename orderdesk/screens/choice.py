"""Choosing one answer (accept/reject a refund, dispute won/lost); returns its key."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from orderdesk.screens.dialog import Dialog


class ChoiceDialog(Dialog[str]):
    """A question and a button per answer; Tab/arrows move, Enter chooses."""

    BINDINGS = [("left", "app.focus_previous", "Previous"), ("right", "app.focus_next", "Next")]

    def __init__(self, title: str, text: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = self.title_text
            yield Static(self.text, markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                for key, label in self.choices:
                    yield Button(label, id=f"choice-{key}", classes="choice", variant="primary")

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.choices[0][0]}", Button).focus()

    @on(Button.Pressed, ".choice")
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))

"""Asking a reason (cancel, reject a refund, open a dispute); returns the text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from orderdesk.screens.dialog import Dialog


class ReasonDialog(Dialog[str]):
    """One line of text; Enter or the button confirms, Escape leaves everything as it was."""

    def __init__(self, title: str, prompt: str, confirm: str) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = self.title_text
            yield Static(self.prompt, classes="hint", markup=False)
            yield Input(placeholder="reason", id="reason")
            yield Static("", id="reason-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button(self.confirm, variant="primary", id="ok")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.refuse("Give a reason first.")
            return
        self.submit(reason)

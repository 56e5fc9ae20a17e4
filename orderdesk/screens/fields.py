"""A small form: labelled one-line fields, prefilled; returns the fields the seller changed.

Used by the desk's exception keys (edit ship-to, mark paid, hold) and the Stock screen's keys
(receive, count, adjust, edit a product). The dialog checks only that required fields are
given; the rule is the domain's: the opener's ``check`` (a domain parser or rule) runs before
the form closes, and a refusal stays in the form (see :class:`~orderdesk.screens.dialog.Dialog`).
Enter in any field confirms, like the button.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from orderdesk.screens.dialog import Dialog


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    required: bool = False


class FieldsDialog(Dialog[dict[str, str]]):
    DEFAULT_CSS = """
    FieldsDialog Input { margin-bottom: 1; }
    """

    """Enter (or the button) confirms; Escape leaves everything as it was.

    The result holds every field whose text differs from its prefilled value (all of them with
    ``every=True``)."""

    def __init__(
        self,
        title: str,
        hint: str,
        fields: list[Field],
        confirm: str,
        *,
        every: bool = False,
        check: Callable[[dict[str, str]], object] | None = None,
    ) -> None:
        super().__init__(check=check)
        self.title_text = title
        self.hint = hint
        self.fields = fields
        self.confirm = confirm
        self.every = every

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = self.title_text
            if self.hint:
                yield Static(self.hint, classes="hint", markup=False)
            for field in self.fields:
                yield Label(field.label + (" *" if field.required else ""))
                yield Input(
                    field.value,
                    placeholder=field.placeholder,
                    compact=True,
                    id=f"field-{field.name}",
                )
            yield Static("", id="fields-problem", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button(self.confirm, variant="primary", id="ok")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        result: dict[str, str] = {}
        for field in self.fields:
            value = self.query_one(f"#field-{field.name}", Input).value
            if field.required and not value.strip():
                self.refuse(f"{field.label}: required.")
                return
            if self.every or value != field.value:
                result[field.name] = value
        if not result:
            self.query_one("#fields-problem", Static).update("Nothing changed.")
            return
        self.submit(result)

"""The frame every modal dialog shares: a titled box, Escape (or a ``#back`` button) to close
without a result; ``q`` closes it too, unless a field is taking the typing.

Nothing typed is lost, in any dialog:

* **Escape asks first.** The text in every field (``Input`` and ``TextArea``) is remembered as
  the dialog opened; when the seller has typed something, Escape and Back ask before
  discarding it (:meth:`Dialog.typed`; a dialog with more to lose adds to it).
* **A refusal keeps the dialog open.** A dialog confirms through :meth:`Dialog.submit`, which
  first runs the opener's ``check`` (a domain rule or parser that may raise ``DeskError``): a
  refusal leaves the dialog open with every field as typed, shows the one line in the dialog's
  ``.problem`` line and focuses the field the line names. Only an accepted result closes it.
* **A refusal only the store can know** (the action ran and was refused) comes back after the
  dialog closed: the opener reopens the same dialog with :meth:`Dialog.restore`, the fields as
  typed and the refusal shown. Keeping it open until the worker answered would let the keys
  the seller types next (meant for the desk) land in the dialog.

Keys typed in one burst with the key that opens a dialog (``t`` then the carrier) reach the
dialog's field in order: the app's :class:`~orderdesk.key_queue.KeyQueue` hands each key over
only once the dialog has mounted and focused it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from orderdesk.domain.errors import DeskError

ResultT = TypeVar("ResultT")


def _text(widget: Widget) -> str:
    return widget.text if isinstance(widget, TextArea) else getattr(widget, "value", "")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog returning ``ResultT`` (or ``None`` when closed with Escape)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="dialog-close"),
        # q closes the dialog, never the desk (a field being typed in takes the q itself)
        Binding("q", "close", "Close", show=False, id="dialog-close-q"),
    ]

    def __init__(self, *, check: Callable[[ResultT], object] | None = None) -> None:
        super().__init__()
        self.check = check
        self._opened: dict[str, str] = {}  # each text field as the dialog opened
        self._restore: tuple[dict[str, str], str] | None = None
        #: Every text field by id, as it was when the dialog was last confirmed.
        self.last_fields: dict[str, str] = {}

    # -- what was typed ------------------------------------------------------------------

    def text_fields(self) -> list[Widget]:
        return [w for w in self.query("Input, TextArea") if w.id]

    def fields_now(self) -> dict[str, str]:
        return {w.id or "": _text(w) for w in self.text_fields()}

    def on_mount(self) -> None:
        """Runs after the dialog's own ``on_mount`` (Textual calls the subclass first)."""
        self._opened = self.fields_now()
        if self._restore is not None:
            fields, problem = self._restore
            self._restore = None
            for widget in self.text_fields():
                if widget.id in fields:
                    if isinstance(widget, TextArea):
                        widget.text = fields[widget.id]
                    elif isinstance(widget, Input):
                        widget.value = fields[widget.id]
            self.refuse(problem)

    def opened_as(self, field_id: str, value: str) -> None:
        """A field the dialog itself filled in after opening (not typed by the seller)."""
        self._opened[field_id] = value

    def restore(self, fields: dict[str, str], problem: str) -> Dialog[ResultT]:
        """Reopen with the fields as they were typed and the refusal shown (before pushing)."""
        self._restore = (fields, problem)
        return self

    def typed(self) -> bool:
        """Whether anything typed would be lost by closing now."""
        now = self.fields_now()
        return any(value != self._opened.get(key, "") for key, value in now.items())

    # -- closing -------------------------------------------------------------------------

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        """Escape, or the dialog's Back button: closed without a result; when something was
        typed, only once the seller says to discard it."""
        if not self.typed():
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        self.app.push_screen(
            ChoiceDialog(
                "Discard what you typed?",
                "Back keeps it to go on with; the text is lost only if you discard it.",
                [("discard", "Discard it")],
            ),
            answered,
        )

    def submit(self, result: ResultT) -> None:
        """Confirm: closed with ``result`` once the opener's check accepts it; a refusal keeps
        the dialog open, every field as typed, the line shown and its field focused."""
        if self.check is not None:
            try:
                self.check(result)
            except DeskError as error:
                self.refuse(error.message)
                return
        self.last_fields = self.fields_now()
        self.dismiss(result)

    def refuse(self, problem: str) -> None:
        """Show ``problem`` in the dialog and focus the field it names (by its label)."""
        lines = list(self.query(".problem").results(Static))
        if lines:
            lines[-1].update(problem)
        target = self.field_named(problem)
        if target is not None:
            target.focus()

    def field_named(self, problem: str) -> Widget | None:
        """The field a refusal names: the one whose label (or id) the line starts with or
        mentions first; else the first field."""
        from textual.widgets import Label

        fields = [w for w in self.text_fields() if not w.disabled]
        if not fields:
            return None
        lowered = problem.lower()
        best: tuple[int, Widget] | None = None
        for widget in fields:
            names = [(widget.id or "").replace("-", " ").replace("_", " ")]
            names = [n.removeprefix("field ") for n in names]
            label = self._label_of(widget, Label)
            if label:
                names.append(label)
            for name in names:
                at = lowered.find(name.lower()) if name else -1
                if at >= 0 and (best is None or at < best[0]):
                    best = (at, widget)
        return best[1] if best is not None else fields[0]

    def _label_of(self, widget: Widget, label_type: type[Widget]) -> str:
        parent = widget.parent
        if parent is None:
            return ""
        children = list(parent.children)
        index = children.index(widget)
        if index and isinstance(children[index - 1], label_type):
            text = str(children[index - 1].render()).split("(")[0]
            return text.replace("*", "").strip()
        return ""


class ChoiceDialog(Dialog[str]):
    """Choosing one answer (accept or reject a refund, a dispute won or lost, typed text
    discarded): a question and a button per answer; Tab/arrows move, Enter chooses. Kept here
    with the frame it asks from (in a module of its own, the two imported each other)."""

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

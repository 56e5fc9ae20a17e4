"""The frame every modal dialog shares: a titled box, Escape (or a ``#back`` button) to close
without a result; ``q`` closes it too, unless a field is taking the typing.

Keys typed in one burst with the key that opens a dialog (``t`` then the carrier) reach the
dialog's field in order: the app's :class:`~orderdesk.key_queue.KeyQueue` hands each key over
only once the dialog has mounted and focused it.
"""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog returning ``ResultT`` (or ``None`` when closed with Escape)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="dialog-close"),
        # q closes the dialog, never the desk (a field being typed in takes the q itself)
        Binding("q", "close", "Close", show=False, id="dialog-close-q"),
    ]

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_close()  # by name: a dialog that asks before closing asks here too

    def action_close(self) -> None:
        """Escape, or the dialog's Back button: closed without a result."""
        self.dismiss(None)

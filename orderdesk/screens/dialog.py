"""The frame every modal dialog shares: a titled box, Escape to close without a result."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog returning ``ResultT`` (or ``None`` when closed with Escape)."""

    BINDINGS = [Binding("escape", "close", "Close", id="dialog-close")]

    def action_close(self) -> None:
        self.dismiss(None)

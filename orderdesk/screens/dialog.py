"""The frame every modal dialog shares: a titled box, Escape (or a ``#back`` button) to close
without a result.

Keys typed in one burst with the key that opens a dialog (``t`` then the carrier) reach the
screen below, or the dialog before its first field has focus, and would be lost or, worse, act
on the desk. :meth:`Dialog.take_key` receives them; the dialog keeps them until a field has
focus and hands them over in order.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events, on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog returning ``ResultT`` (or ``None`` when closed with Escape)."""

    BINDINGS = [Binding("escape", "close", "Close", id="dialog-close")]

    def __init__(self) -> None:
        super().__init__()
        self._early_keys: list[events.Key] = []

    @on(Button.Pressed, "#back")
    def action_close(self) -> None:
        """Escape, or the dialog's Back button: closed without a result."""
        self.dismiss(None)

    def take_key(self, key: str, character: str | None) -> None:
        """A key typed for this dialog that reached another screen first."""
        if self.focused is not None and not self._early_keys:
            self.focused.post_message(events.Key(key, character))
        else:
            self._keep(key, character)

    def on_key(self, event: events.Key) -> None:
        """A key with no focused field yet: keep it for the field about to take focus."""
        if self.focused is not None or event.key == "escape":
            return
        event.stop()
        event.prevent_default()
        self._keep(event.key, event.character)

    def _keep(self, key: str, character: str | None) -> None:
        self._early_keys.append(events.Key(key, character))
        if len(self._early_keys) == 1:
            self.call_after_refresh(self._hand_over_early_keys)

    def _hand_over_early_keys(self) -> None:
        target = self.focused or next(iter(self.focus_chain), None)
        if target is None:
            self._early_keys.clear()
            return
        self.set_focus(target)
        keys, self._early_keys = self._early_keys, []
        for key in keys:
            target.post_message(key)

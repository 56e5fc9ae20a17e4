"""The desk's search bar: an Input that says when a key is about to change its text.

Its screen holds the next update from that moment (:mod:`orderdesk.widgets.held_frame`), so
the letter and the results read for it are drawn together. Waiting for the Input's ``Changed``
message is too late: the letter can be drawn while that message is still on its way up to
the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widgets import Input

#: Keys that change the text (besides a printable character): the Input's own deletions.
_EDITING = frozenset(
    {"backspace", "delete", "ctrl+u", "ctrl+k", "ctrl+w", "ctrl+f", "ctrl+d", "ctrl+h"}
)


class SearchBar(Input):
    """An Input that calls ``typing()`` before a key that may change its text takes effect."""

    def __init__(
        self, *, typing: Callable[[], None], placeholder: str, id: str, max_length: int
    ) -> None:
        super().__init__(placeholder=placeholder, id=id, max_length=max_length)
        self._typing = typing

    def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handling (a subclass's handler comes first).
        if event.is_printable or event.key in _EDITING:
            self._typing()

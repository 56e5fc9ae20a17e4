"""One screen update for a key and what it asks for, when that comes soon.

Textual draws at most 60 times a second and draws as soon as it can: a letter typed in the
search bar is drawn on one update, and the results page read for it (5-10 ms later, in a
worker) waits for the next, 17 ms after. Holding the screen's updates from the key until its
page is shown (never longer than ``most`` seconds: a slow read still shows the letter) draws
both at once. The hold is Textual's own ``App.batch_update``, entered and left across the
read.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


class HeldFrame:
    """The app's screen updates, held for at most a moment."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self._held: AbstractContextManager[None] | None = None
        self._generation = 0

    def hold(self, most: float) -> None:
        """Hold updates until :meth:`release`, or ``most`` seconds (a hold already on keeps
        its own limit: the screen is never held longer than that)."""
        if self._held is not None:
            return
        held = self.app.batch_update()
        held.__enter__()
        self._held = held
        self._generation += 1
        generation = self._generation
        self.app.set_timer(most, lambda: self._expire(generation))

    def _expire(self, generation: int) -> None:
        if generation == self._generation:
            self.release()

    def release(self) -> None:
        """Draw what is waiting (does nothing when nothing is held)."""
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)

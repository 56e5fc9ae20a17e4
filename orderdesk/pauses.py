"""Work the desk keeps for the seller's pauses.

Two jobs stall the desk for a tenth of a second or more whenever they run, so they wait until
the seller has gone a second without a key (every key restarts the wait):

- importing the write path (SQLAlchemy, SQLModel, the domain's actions): about 0.4 s of the
  interpreter, in a thread or not, done once so that the first dialog that needs it opens at
  once;
- a full pass of Python's cycle collector. Its cost grows with the objects the desk keeps
  alive, mostly Textual's render caches for six tabs: on 100,000 orders each pass took
  60–180 ms, and with Python's default thresholds one ran every few keys, doubling those keys'
  time to the screen. Objects alive at the first paint (modules, classes, the stylesheet) are
  frozen out of the collector's sight; young objects are still collected as usual; the full
  pass runs in a pause after the seller has worked, and otherwise only rarely.
"""

from __future__ import annotations

import gc
import importlib
from typing import Any

from textual.app import App
from textual.timer import Timer

#: Seconds without a key that make a pause.
PAUSE_SECONDS = 1.0

#: Collections of the middle generation before Python considers a full one on its own
#: (its default is 10); the pauses do it sooner.
FULL_COLLECTION_AFTER = 1000

WRITE_PATH = (
    "orderdesk.domain.fulfilment",
    "orderdesk.domain.aftersales",
    "orderdesk.domain.intake",
    "orderdesk.domain.messages",
    "orderdesk.domain.undo",
    "orderdesk.store.uow",
)


def import_write_path() -> None:
    for module in WRITE_PATH:
        importlib.import_module(module)


class Pauses:
    """The pause timer of one app, and what it does when it fires."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.timer: Timer | None = None
        self.warmed = False
        self.worked = False
        self._thresholds = gc.get_threshold()

    def start(self) -> None:
        """From the first paint on."""
        gc.freeze()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)
        self.timer = self.app.set_interval(PAUSE_SECONDS, self._paused, name="pauses")

    def stop(self) -> None:
        """The process goes back to Python's own collection (the app may be one of many in
        a process, as in the tests)."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        gc.set_threshold(*self._thresholds)
        gc.unfreeze()

    def key(self) -> None:
        self.worked = True
        if self.timer is not None:
            self.timer.reset()

    def _paused(self) -> None:
        if not self.warmed:
            self.warmed = True
            self.app.run_worker(
                import_write_path, thread=True, group="warm-up", exit_on_error=False
            )
        elif self.worked:
            self.worked = False
            gc.collect()

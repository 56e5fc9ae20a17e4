"""A label scanned anywhere on the desk opens its order.

A barcode scanner types like a keyboard: the label's text at a few milliseconds a key, then
Enter. On the desk those letters and digits are keys (``1``–``6`` switch tabs, ``D`` opens a
dispute, ``S`` the stock…), so a printable key that can begin a label's text (``#``, a letter
or a digit: :func:`~orderdesk.domain.scans.may_begin_label`; never ``/``, which opens the
search at once) is held for a moment first wherever scans are taken (every screen but the
packing screen, and never while a text field has focus: see
:mod:`orderdesk.screens.scan_open`). If the next keys follow at a scanner's pace
(:data:`GAP`) and end with Enter, the text is looked up
(:func:`~orderdesk.store.packing_queries.order_for_scan`, as the packing screen does, taking
only what a label encodes); when it names an order, the keys are a scan and its detail opens.
Otherwise every held key is handed on, in the order typed, exactly as if never held: a seller's
own typing waits a little over :data:`GAP` before it acts, except a key the screen says may act
at once and be taken back (a tab key on the desk: ``at_once``): it acts as it is read, is held
all the same to tell a scan, and is taken back (the tab shown before comes back) if it began one.

The pace is read off each key's creation time (when the terminal's bytes were parsed, in the
driver's thread), so a busy event loop does not split a scan; the held keys go back through the
App's queue, ahead of the desk's key queue (:mod:`orderdesk.key_queue`), which then plays them
out one at a time as always.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events

from orderdesk.domain.scans import may_begin_label

if TYPE_CHECKING:
    from textual.app import App

#: The longest pause between two keys of one scan, in seconds (scanners type at about 5 ms a
#: key; a person's fastest run of keys is several times slower).
GAP = 0.04
#: The shortest label text taken as a scan (``#1``, the first order's label before tracking).
SHORTEST = 2

#: ``look_up(code, answer)``: find the order ``code`` labels, then call ``answer(found)`` on
#: the UI thread, ``found`` True when an order was opened.
LookUp = Callable[[str, Callable[[bool], None]], None]
#: ``at_once(key)``: for a key that may act as it is read, the call that takes its effect back
#: (should it turn out to begin a scan); None for a key that must wait to be known.
AtOnce = Callable[[events.Key], Callable[[], None] | None]


def scannable(event: events.Key) -> bool:
    char = event.character
    return char is not None and len(char) == 1 and char.isprintable() and not char.isspace()


class ScanCatcher:
    """The keys held while it is not yet known whether they are a scan."""

    def __init__(
        self,
        app: App[Any],
        listening: Callable[[], LookUp | None],
        at_once: AtOnce = lambda _key: None,
    ) -> None:
        self.app = app
        #: The look-up for the screen shown now, or None where its keys are not scans.
        self.listening = listening
        self.at_once = at_once
        #: The held key that acted as it was read (never handed back), and how to take it back.
        self.acted: tuple[events.Key, Callable[[], None]] | None = None
        self.held: list[events.Key] = []
        self.scan_keys = 0  # how many of ``held`` are the scan being looked up
        self.looking = False
        self.passing: set[int] = set()  # keys handed back, to let through when they return
        self.generation = 0

    @property
    def idle(self) -> bool:
        """Nothing held, nothing being handed back (the tests wait for this)."""
        return not self.held and not self.passing and not self.looking

    def catch(self, event: events.Key) -> bool:
        """True: the key is held (the App must not handle it now)."""
        if id(event) in self.passing:
            self.passing.discard(id(event))
            return False
        if self.looking:
            self.held.append(event)
            return True
        if self.passing:  # keys handed back are still on their way: this one goes behind
            self._hand_back([event])
            return True
        if self.held:
            if event.time - self.held[-1].time > GAP:
                self._hand_back([*self._take(), event])
            elif event.key == "enter" and len(self.held) >= SHORTEST:
                look_up = self.listening()
                if look_up is None:
                    self._hand_back([*self._take(), event])
                    return True
                self.held.append(event)
                self.scan_keys = len(self.held)
                self.looking = True
                look_up("".join(key.character or "" for key in self.held[:-1]), self._answered)
            elif scannable(event):
                self._hold(event)
            else:
                self._hand_back([*self._take(), event])
            return True
        if (
            scannable(event)
            and may_begin_label(event.character or "")
            and self.listening() is not None
        ):
            self._hold(event)
            undo = self.at_once(event)
            if undo is None:
                return True
            self.acted = (event, undo)
            return False  # it acts now, and stays held until it is known not to begin a scan
        return False

    def _hold(self, event: events.Key) -> None:
        self.held.append(event)
        self.generation += 1
        generation = self.generation
        # Behind any key already in the App's queue: the expiry is queued, not run at once.
        asyncio.get_running_loop().call_later(
            GAP * 1.25, lambda: self.app.call_later(self._expire, generation)
        )

    def _expire(self, generation: int) -> None:
        if generation == self.generation and self.held and not self.looking:
            self._hand_back(self._take())

    def _answered(self, found: bool) -> None:
        self.looking = False
        scan, after = self.held[: self.scan_keys], self.held[self.scan_keys :]
        self.held, self.scan_keys = [], 0
        if found and self.acted is not None and self.acted[0] is scan[0]:
            self.acted[1]()  # the scan's first key had acted: what it showed goes back
            self.acted = None
        self._hand_back(after if found else [*scan, *after])

    def _take(self) -> list[events.Key]:
        held, self.held = self.held, []
        self.generation += 1
        return held

    def _hand_back(self, keys: list[events.Key]) -> None:
        if self.acted is not None and keys and keys[0] is self.acted[0]:
            keys, self.acted = keys[1:], None  # it has had its effect already
        for key in keys:
            self.passing.add(id(key))
            self.app.post_message(key)

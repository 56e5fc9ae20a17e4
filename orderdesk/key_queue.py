"""Keys reach the desk one at a time, each after the one before has had its whole effect.

A terminal delivers a burst (``x`` and the reason, Enter, ``2``) faster than the desk can open
the dialog the first key asks for. Textual forwards each key to whatever has focus at the
moment it reads the key, so without care the reason's first letters land on the desk (and act
there), or the ``2`` typed after Enter lands in a dialog that has not closed yet; the old
remedy held keys for half a second and handed them over late, after keys typed later had
already gone in: the reason came out in swapped parts.

Here there is one queue, in the order the keys arrived, and nothing bypasses it. A key is
handed to Textual only when every screen and widget has finished what the key before it
started (their message queues are empty and nothing is being handled: the dialog has mounted
and focused its field, the one that closed has gone and the desk has its focus back). Typing
at a human pace never waits; a burst is played out in order at the speed the desk can take
it. Workers are not waited for (a search page being read does not hold the next letter).

Two gates, and no clock:

* **A screen that is arriving is waited for, always.** Every push, pop and switch of a screen is
  published on Textual's public ``App.screen_change_signal``; from that moment no key passes
  until the screen now on top reports itself ready: it has composed and mounted its widgets,
  handled its ``ScreenResume`` (where Textual restores or sets its focus), and every focus call
  those made (``Widget.focus`` posts to the App's queue) has run. The report is two callbacks
  posted behind that work (one to the screen, then one to the App: both queues are FIFO), so it
  cannot come early, however slow the machine. A later screen change replaces an earlier one
  still arriving (a dialog closed before it was ready): only the screen on top counts.
* **The key before has finished.** The App's queue, the widgets' queues and the handler running
  now are empty (:meth:`KeyQueue._settled`, which reads Textual internals: pinned with
  ``textual<8.3`` and checked by ``tests/ui/test_key_queue_internals.py``).

The second gate alone once let a key through after a fixed second of wall-clock time; under a
loaded CPU a dialog could take longer than that to mount, and the reason's first letter went to
the desk. Now the only way past the second gate without it opening is a desk that stays busy for
:data:`MOST_LOOKS` turns of the event loop in a row while no screen is arriving (an animation on
every frame): a starved loop turns slowly, so load cannot make it pass early, and the key then
goes, still in its place in the queue, to the screen that is ready for it.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

#: Seconds between two looks at whether the desk has taken the last key in.
POLL_SECONDS = 0.0005

#: A desk that never stops being busy (an animation on every frame) still gets its keys: after
#: this many turns of the event loop (at least a second) with no screen arriving. Counted in
#: turns, not seconds, so a machine under load (fewer turns a second) never passes a key early.
MOST_LOOKS = 2000


class KeyQueue:
    """The keys of one app not yet handed to Textual, oldest first."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: deque[events.Key] = deque()
        self.busy = False  # a key was handed over and its effects are still running
        self._passing: events.Key | None = None
        self._looks = 0
        self.handling = 0  # messages the App is handling right now
        #: The screen put on top and not yet ready for keys, with the change's number.
        self.arriving: Screen[Any] | None = None
        self._changes = 0
        self._looking = False  # one look at a time is scheduled, never two

    def start(self) -> None:
        """Follow the App's screen changes (call once the App is running, from its on_mount)."""
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed, immediate=True)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A push, pop or switch: hold every key until ``screen`` says it is ready."""
        self._changes += 1
        change = self._changes
        self.arriving = screen
        self.busy = True
        # Behind the screen's compose, mount and ScreenResume (its own queue), then behind any
        # focus call they made (the App's queue).
        if not screen.call_later(lambda: self.app.call_later(self._screen_ready, change)):
            self.app.call_later(self._screen_ready, change)  # a screen already closing

    def _screen_ready(self, change: int) -> None:
        if change != self._changes:
            return  # replaced by a later change; that one's report counts
        self.arriving = None
        self._looks = 0
        self._look_soon()

    def replaying(self, event: events.Key) -> bool:
        """Whether ``event`` is a key this queue held and now plays out (it was read, and
        seen by everything that looks at keys as they are read, once already)."""
        return event is self._passing

    def admit(self, event: events.Key) -> bool:
        """Called for every key the App reads. True: the App handles it now; False: it waits
        its turn (it comes back through the App's queue when the desk is ready for it)."""
        if event is self._passing:
            self._passing = None
            self._handed_over()
            return True
        if self.busy or self.waiting:
            self.waiting.append(event)
            return False
        self._handed_over()
        return True

    @property
    def idle(self) -> bool:
        """No key waiting and none still taking effect (the tests wait for this)."""
        return not self.busy and not self.waiting

    def _handed_over(self) -> None:
        self.busy = True
        self._looks = 0
        self._look_soon()

    def _settled(self) -> bool:
        """Whether every message pump has done all it was given. The App's queue may still
        hold keys read and not yet admitted (they join the queue, behind those waiting), and
        the App must not be in the middle of handling a message: bindings and their actions
        run there (:attr:`handling` is kept by the App)."""
        app = self.app
        if self.handling:
            return False
        for message in (*app._message_queue.values, app._pending_message):
            if message is not None and not (
                isinstance(message, events.Key) and not message.is_forwarded
            ):
                return False
        if app._next_callbacks:
            return False
        for node in tuple(app._registry):
            if node is app:
                continue
            if (
                node._pending_message is not None
                or node._message_queue.values
                or node._next_callbacks
                or getattr(node, "_callbacks", None)
            ):
                return False
        return True

    def _look_soon(self, delay: float = 0.0) -> None:
        if not self._looking:
            self._looking = True
            asyncio.get_running_loop().call_later(delay, self._look)

    def _look(self) -> None:
        self._looking = False
        if self._passing is not None:
            return  # one key in flight at a time: admit() looks again when it arrives
        if not self.app.is_running:
            self.busy = False
            self.waiting.clear()
            return
        if self.arriving is not None:
            return  # _screen_ready looks again; no count, no clock lets a key pass before it
        self._looks += 1
        if not self._settled() and self._looks < MOST_LOOKS:
            self._look_soon(POLL_SECONDS)
            return
        if not self.waiting:
            self.busy = False
            return
        # The next key goes back through the App's own queue, as if read just now; admit()
        # recognises it and lets it through.
        self._passing = self.waiting.popleft()
        self.app.post_message(self._passing)

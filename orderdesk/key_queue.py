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
"""

from __future__ import annotations

import asyncio
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App

#: Seconds between two looks at whether the desk has taken the last key in.
POLL_SECONDS = 0.0005

#: A desk that never stops being busy (an animation on every frame) still gets its keys.
MOST_WAIT_SECONDS = 1.0


class KeyQueue:
    """The keys of one app not yet handed to Textual, oldest first."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: deque[events.Key] = deque()
        self.busy = False  # a key was handed over and its effects are still running
        self._passing: events.Key | None = None
        self._since = 0.0
        self.handling = 0  # messages the App is handling right now

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
        self._since = monotonic()
        asyncio.get_running_loop().call_soon(self._look)

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

    def _look(self) -> None:
        if not self.app.is_running:
            self.busy = False
            self.waiting.clear()
            return
        if not self._settled() and monotonic() - self._since < MOST_WAIT_SECONDS:
            asyncio.get_running_loop().call_later(POLL_SECONDS, self._look)
            return
        if not self.waiting:
            self.busy = False
            return
        # The next key goes back through the App's own queue, as if read just now; admit()
        # recognises it and lets it through.
        self._passing = self.waiting.popleft()
        self.app.post_message(self._passing)

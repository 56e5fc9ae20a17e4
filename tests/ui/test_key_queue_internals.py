"""The Textual internals the key queue reads (orderdesk/key_queue.py) are there, in the pinned
minor version: if an upgrade moves them, this fails instead of keys going astray."""

from __future__ import annotations

import textual
from textual.app import App
from textual.message_pump import MessagePump
from textual.screen import Screen


async def test_the_key_queue_finds_what_it_reads() -> None:
    assert textual.__version__.startswith("8.2.")
    app: App[None] = App()
    async with app.run_test():
        for name in ("_message_queue", "_pending_message", "_next_callbacks", "_registry"):
            assert hasattr(app, name), name
        assert hasattr(app._message_queue, "values")
        assert hasattr(MessagePump, "_dispatch_message")
        # The public signal the queue follows for every push, pop and switch of a screen.
        seen: list[Screen[object]] = []
        app.screen_change_signal.subscribe(app, seen.append, immediate=True)
        await app.push_screen(Screen())
        assert seen == [app.screen]

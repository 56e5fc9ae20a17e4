"""The key queue (orderdesk/key_queue.py) under hundreds of random bursts, typed back to back.

The app here is small, but its keys go through the real :class:`~orderdesk.key_queue.KeyQueue`
wired exactly as the desk's App wires it (every key read is admitted or queued; the queue waits
while a message is being handled). Its screen, like the desk, binds every letter the seller's
text holds and the tab digits; ``x`` opens a dialog with a one-line field that Enter saves,
``m`` one with a text area that Ctrl+S saves. Bursts are typed one after the other at 1-3 ms a
key, without waiting between them, so the queue holds many keys while dialogs open and close:
every text must arrive whole, in order, in its own dialog, every tab digit on the screen, and
no letter of a text may run as a screen key. The desk itself is driven the same way, burst by
burst against the real database, in tests/ui/test_burst_order.py.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, TextArea

from orderdesk.key_queue import KeyQueue

BURSTS = 160
#: The same letters as the desk test: screen keys mixed with the scripts buyers write in.
ALPHABET = "abcdeinpqrtuxyzDS 0123456789ÁéñüßЖжяΩλ中文"
NAMES = {" ": "space"}
SCREEN_KEYS = sorted({c for c in ALPHABET if c.isascii() and c.isalpha()} | {"m"})


class Reason(ModalScreen[str]):
    """A one-line reason, saved by Enter (the desk's cancel dialog has this shape)."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Why is this order cancelled?")
            yield Input(id="text")
            with Horizontal():
                yield Button("Cancel order", id="ok")
                yield Button("Keep it", id="no")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Note(ModalScreen[str]):
    """A text area, saved by Ctrl+S (the desk's message dialog has this shape)."""

    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Note for the buyer")
            yield TextArea(id="text")
            yield Button("Save", id="ok")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class Shop(Screen[None]):
    BINDINGS = [
        *(Binding(key, f"ran('{key}')") for key in SCREEN_KEYS if key not in "xm"),
        Binding("x", "open('reason')"),
        Binding("m", "open('note')"),
        *(Binding(digit, f"tab('{digit}')") for digit in "123"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("orders")

    def action_ran(self, key: str) -> None:
        self.app.ran.append(key)  # type: ignore[attr-defined]

    def action_tab(self, digit: str) -> None:
        self.app.tabs.append(digit)  # type: ignore[attr-defined]

    def action_open(self, kind: str) -> None:
        app: QueuedApp = self.app  # type: ignore[assignment]

        def saved(text: str | None) -> None:
            app.saved.append((kind, text or ""))

        self.app.push_screen(Reason() if kind == "reason" else Note(), saved)


class QueuedApp(App[None]):
    """The desk App's key path, and nothing else of it."""

    def __init__(self) -> None:
        super().__init__()
        self.keys = KeyQueue(self)
        self.saved: list[tuple[str, str]] = []
        self.tabs: list[str] = []
        self.ran: list[str] = []

    def on_mount(self) -> None:
        self.keys.start()
        self.push_screen(Shop())

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.keys.admit(event):
                return
        await super().on_event(event)

    async def _dispatch_message(self, message: Message) -> None:
        self.keys.handling += 1
        try:
            await super()._dispatch_message(message)
        finally:
            self.keys.handling -= 1


def bursts(rng: random.Random) -> list[tuple[str, str, str]]:
    """(dialog kind, text, tab digit typed after it), ``BURSTS`` of them."""
    out = []
    for number in range(BURSTS):
        words = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 14))).strip()
        out.append((rng.choice(("reason", "note")), f"{number:03d} {words}", rng.choice("123")))
    return out


@pytest.mark.slow
async def test_hundreds_of_bursts_back_to_back_arrive_whole_and_in_order() -> None:
    rng = random.Random(29)
    planned = bursts(rng)
    app = QueuedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for kind, text, digit in planned:
            opener, closer = ("x", "enter") if kind == "reason" else ("m", "ctrl+s")
            keys = [(opener, opener), *((NAMES.get(c, c), c) for c in text)]
            for key, character in [*keys, (closer, None), (digit, digit)]:
                app.post_message(events.Key(key, character))
                await asyncio.sleep(rng.uniform(0.001, 0.003))
        # Until the queue has played every key out, or nothing has moved for half a second.
        seen, still = None, 0
        while still < 50:
            now = (app.keys.idle, len(app.saved), len(app.tabs), len(app.ran))
            if now[0] and now[2] == len(planned):
                break
            seen, still = now, still + 1 if now == seen else 0
            await asyncio.sleep(0.01)
        assert isinstance(app.screen, Shop), "a dialog stayed open"
        assert app.ran == [], "letters of a text ran as screen keys"
        assert app.saved == [(kind, text) for kind, text, _ in planned]
        assert app.tabs == [digit for _, _, digit in planned]

"""Random bursts on the desk itself, a few milliseconds a key: every text arrives whole and in
order, on the order it was meant for, and the database says so.

The bulk of the random bursts (hundreds, typed back to back) runs against the key queue itself
in tests/ui/test_key_queue_bursts.py; here a smaller set drives the real desk on the 2,000-order
demo, one burst at a time, each read back from the database. Between bursts the test waits for
the desk to be still by looking at it every millisecond (the key queue idle, no worker running,
every message handled) rather than with the pilot's idle wait, which sleeps 20 ms or more a
look: that wait, not the desk, was most of this test's two minutes.

Each burst is what a fast seller types without looking: the key that opens a dialog (``x``
cancel on To prepare, ``m`` a note on In transit), the text (desk keys, digits, accents,
Cyrillic, Greek and Chinese among it), the key that closes the dialog, and a tab digit for the
desk. Before the
key queue the reason came out in swapped parts (``ancelBuyer asked to c``), letters ran as desk
keys, and the digit typed after Enter landed in the dialog that had not closed yet.
"""

from __future__ import annotations

import asyncio
import random

import pytest
from textual import events
from textual.app import App

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import desk, one, settle, table

SIZE = (120, 35)
BURSTS = 30

#: Letters that are desk keys (c confirm, d deliver, u undo, q quit, digits switch tabs…)
#: mixed with the scripts the seller's buyers write in.
ALPHABET = "abcdeinpqrtuxyzDS 0123456789ÁéñüßЖжяΩλ中文"
NAMES = {" ": "space"}
TABS = {"1": "to-prepare", "2": "ready-to-ship", "3": "in-transit"}


async def type_burst(app: App[int], keys: list[tuple[str, str | None]], rng: random.Random) -> None:
    for key, character in keys:
        app.post_message(events.Key(key, character))
        await asyncio.sleep(rng.uniform(0.001, 0.003))


def text_keys(text: str) -> list[tuple[str, str | None]]:
    return [(NAMES.get(c, c), c) for c in text]


async def still(app: DeskApp, seconds: float = 30) -> None:
    """Until the desk has done all it was given: no key waiting or taking effect, no worker
    running, every message handled, ten looks in a row a millisecond apart."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    quiet = 0
    while quiet < 10:
        assert loop.time() < deadline, "the desk never came to rest"
        await asyncio.sleep(0.001)
        busy = not app.keys.idle or any(worker.is_running for worker in app.workers)
        quiet = 0 if busy or not app.keys._settled() else quiet + 1


@pytest.mark.slow
async def test_random_bursts_arrive_whole_and_in_order(desk_app: DeskApp, app_db: Database) -> None:
    rng = random.Random(13)
    journal = one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"]
    # To prepare holds 87 orders: most notes go on In transit.
    kinds = [rng.random() < 0.3 for _ in range(BURSTS + 1)]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for number in range(BURSTS):
            cancel = kinds[number]
            words = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 14))).strip()
            text = f"{number:03d} {words}".strip()
            # The digit typed last is mostly the tab the next burst needs, as a seller would.
            after = ("1" if kinds[number + 1] else "3") if rng.random() < 0.7 else rng.choice("123")
            if table(desk_app).view != TABS["1" if cancel else "3"]:
                await pilot.press("1" if cancel else "3")
                await still(desk_app)
            order = table(desk_app).current
            assert order is not None, f"burst {number}: no order to type on"
            opener, closer = ("x", "enter") if cancel else ("m", "ctrl+s")
            await type_burst(
                desk_app, [(opener, opener), *text_keys(text), (closer, None), (after, after)], rng
            )
            await still(desk_app)
            assert desk(desk_app).app.screen is desk(desk_app), f"burst {number}: a dialog stayed"
            assert table(desk_app).view == TABS[after], f"burst {number}"
            if cancel:
                row = one(app_db, "SELECT cancel_reason FROM orders WHERE id = :id", id=order["id"])
                assert row["cancel_reason"] == text, f"burst {number}"
            else:
                row = one(
                    app_db,
                    "SELECT body FROM messages WHERE order_id = :id ORDER BY id DESC",
                    id=order["id"],
                )
                assert row["body"] == text, f"burst {number}"
            journal += 1
            assert one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"] == journal, (
                f"burst {number}: a letter ran as a desk key"
            )

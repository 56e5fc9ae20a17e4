"""A letter typed in the search and the results it asks for are drawn in one screen update
(before, the letter was drawn, then the page on the next update 17 ms later: the seller saw
the new term over the old term's results, and a search key cost two frames)."""

from __future__ import annotations

import time
from typing import Any

from textual import events
from textual.widgets import Input

from orderdesk.app import DeskApp
from tests.ui.deskpilot import desk, settle, table, type_text


async def test_a_search_letter_is_drawn_with_its_results(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "zzq")  # matches nothing in the demo
        await settle(pilot)
        screen = desk(desk_app)
        results = table(desk_app)
        bar = screen.query_one("#search-bar", Input)
        fetch = results.fetch

        def read_slowly(offset: int, limit: int) -> Any:
            time.sleep(0.012)  # a larger database: the page comes a frame after the key
            return fetch(offset, limit)

        results.fetch = read_slowly
        frames: list[tuple[str, float]] = []
        draw = screen._compositor_refresh  # each screen update the terminal receives

        def drawn() -> None:
            frames.append((bar.value, results.shown_at))
            draw()

        screen._compositor_refresh = drawn  # type: ignore[method-assign]
        sent = time.perf_counter()
        desk_app.post_message(events.Key("x", "x"))
        await settle(pilot)
        with_letter = [shown for text, shown in frames if text == "zzqx"]
        assert with_letter, frames
        assert with_letter[0] > sent, "the letter was drawn over the previous term's results"

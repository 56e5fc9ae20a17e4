"""Issue 16: a label scanned anywhere on the desk opens its order. A scanner types the label's
barcode text (the tracking number, or ``#123`` before there is one) at about 5 ms a key and
ends with Enter; keys typed at that pace that name no label act as typed, in order."""

from __future__ import annotations

import asyncio
from typing import Any

from deskpilot import notes, one, settle
from textual import events
from textual.widgets import TabbedContent

from orderdesk.screens.desk import TABS, DeskScreen
from orderdesk.screens.detail import DetailScreen

SIZE = (120, 35)


async def scanner(pilot: Any, text: str) -> None:
    """Keys as the terminal driver posts them: one every 5 ms, then Enter."""
    for char in text:
        pilot.app.post_message(events.Key(char, char))
        await asyncio.sleep(0.005)
    pilot.app.post_message(events.Key("enter", "\r"))
    await settle(pilot)


async def test_a_scanned_label_opens_its_order(desk_app: Any, app_db: Any) -> None:
    shipped = one(
        app_db,
        "SELECT id, tracking_number FROM orders WHERE stage = 'in_transit' "
        "AND tracking_number <> '' ORDER BY id DESC",
    )
    unshipped = one(app_db, "SELECT id FROM orders WHERE stage = 'pending' ORDER BY id DESC")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scanner(pilot, shipped["tracking_number"])
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == shipped["id"]
        assert f"Scanned {shipped['tracking_number']}: order #{shipped['id']}" in notes(desk_app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)

        await scanner(pilot, f"#{unshipped['id']}")  # a label printed before tracking
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == unshipped["id"]


async def test_fast_keys_naming_no_label_act_as_typed(desk_app: Any) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = desk_app.screen.query_one(TabbedContent)
        assert tabs.active == TABS[0]
        await scanner(pilot, "#9123456")  # no such order: 1..6 switch the tabs, in order
        assert not any("Scanned" in note for note in notes(desk_app))
        if isinstance(desk_app.screen, DetailScreen):  # Enter, as typed: the focused row
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
        assert tabs.active == TABS[5]
        await pilot.press("2")  # a person's key still works, just held a moment
        await settle(pilot)
        assert tabs.active == TABS[1]

"""y copies the tracking URL or the ship-to address of the focused order to the clipboard."""

from __future__ import annotations

from typing import Any

from deskpilot import focus_order, one, settle

SIZE = (120, 35)


async def test_y_copies_the_tracking_url_or_the_address(desk_app: Any, app_db: Any) -> None:
    order = one(
        app_db,
        "SELECT id, tracking_url, ship_city, ship_line1 FROM orders "
        "WHERE stage = 'in_transit' AND tracking_url <> '' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")  # Tracking URL comes first
        await settle(pilot)
        assert desk_app.clipboard == order["tracking_url"]
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("right", "enter")  # Ship-to address
        await settle(pilot)
        assert order["ship_line1"] in desk_app.clipboard
        assert order["ship_city"] in desk_app.clipboard

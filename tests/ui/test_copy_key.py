"""y copies the carrier and tracking number, the tracking URL or the ship-to address of the
focused order to the clipboard; the detail shows the same ``carrier tracking`` (issue 16:
what a marketplace with no upload, Mercado Libre, wants pasted)."""

from __future__ import annotations

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, screen_text, settle

SIZE = (120, 35)


async def test_y_copies_the_tracking_the_url_or_the_address(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id, carrier, tracking_number, tracking_url, ship_city, ship_line1 FROM orders "
        "WHERE stage = 'in_transit' AND tracking_url <> '' AND channel = 'mercadolibre' "
        "ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")  # Carrier and tracking number come first
        await settle(pilot)
        assert desk_app.clipboard == f"{order['carrier']} {order['tracking_number']}"
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("right", "enter")  # Tracking URL
        await settle(pilot)
        assert desk_app.clipboard == order["tracking_url"]
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("right", "right", "enter")  # Ship-to address
        await settle(pilot)
        assert order["ship_line1"] in desk_app.clipboard
        assert order["ship_city"] in desk_app.clipboard


async def test_detail_shows_carrier_and_tracking_ready_to_copy(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id, carrier, tracking_number FROM orders "
        "WHERE stage = 'in_transit' AND channel = 'mercadolibre' AND tracking_number <> '' "
        "ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(desk_app)
        assert f"Tracking  {order['carrier']} {order['tracking_number']}" in shown
        assert "(y on the desk's row copies it)" in shown

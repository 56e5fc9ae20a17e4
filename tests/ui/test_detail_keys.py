"""The detail screen acts on its order with the desk's own keys (before, it was read-only):
the footer offers what the domain's rule allows for that order, a key that does not apply
says why, and the screen shows the order as the action left it."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, notes, one, settle, type_text

SIZE = (120, 35)

#: A paid pending order nothing stops from being confirmed (no hold, stock enough).
CONFIRMABLE = (
    "SELECT o.id FROM orders o WHERE o.stage = 'pending' AND o.payment = 'paid'"
    " AND COALESCE(o.hold_reason, '') = '' AND NOT EXISTS (SELECT 1 FROM lines l"
    " JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id AND l.quantity > p.on_hand)"
    " ORDER BY o.id"
)


def footer_keys(app: App[int]) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


def heading(app: App[int]) -> str:
    return str(app.screen.query_one("#heading", Static).content)


async def open_detail(pilot: Pilot[int], order_id: int) -> None:
    from orderdesk.screens.detail import DetailScreen

    await focus_order(pilot, order_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DetailScreen)
    assert pilot.app.screen.order_id == order_id


async def test_c_in_the_detail_confirms_its_order_and_shows_it_confirmed(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(app_db, CONFIRMABLE)["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        assert "Pending" in heading(desk_app)
        keys = footer_keys(desk_app)
        assert "Confirm" in keys and "Cancel" in keys
        assert "Delivered" not in keys and "Dispute" not in keys  # the rule's, for pending
        await pilot.press("d")
        await settle(pilot)
        assert notes(desk_app)[-1] == (
            f"order #{order}: only an order in transit can be delivered (it is pending)"
        )
        await pilot.press("c")
        await settle(pilot)
        assert one(app_db, "SELECT stage FROM orders WHERE id = :id", id=order)["stage"] == (
            "confirmed"
        )
        assert "Confirmed" in heading(desk_app)  # read again after the action
        keys = footer_keys(desk_app)
        assert "Confirm" not in keys and "Label" in keys and "Tracking" in keys
        await pilot.press("c")
        await settle(pilot)
        assert notes(desk_app)[-1] == (
            f"order #{order}: only a pending order can be confirmed (it is confirmed)"
        )


async def test_x_in_the_detail_cancels_with_a_reason_and_the_desk_follows(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.desk import DeskScreen
    from orderdesk.screens.reason import ReasonDialog

    order = one(
        app_db, "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'unpaid' ORDER BY id"
    )["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(desk_app.screen, ReasonDialog)
        await type_text(pilot, "buyer asked")
        await pilot.press("enter")
        await settle(pilot)
        row = one(app_db, "SELECT stage, cancel_reason FROM orders WHERE id = :id", id=order)
        assert row == {"stage": "cancelled", "cancel_reason": "buyer asked"}
        assert "Cancelled" in heading(desk_app)
        assert "Cancel" not in footer_keys(desk_app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
        shown = [r for r in desk_app.screen.active_table.page_rows if r["id"] == order]
        assert [r["stage"] for r in shown] == ["cancelled"]  # the desk read it again


async def test_m_in_the_detail_adds_a_message_shown_in_its_thread(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.message import MessageDialog

    order = one(app_db, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        assert "Delivered" in footer_keys(desk_app) and "Confirm" not in footer_keys(desk_app)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(desk_app.screen, MessageDialog)
        await type_text(pilot, "On its way")
        await pilot.press("ctrl+s")
        await settle(pilot)
        thread = str(desk_app.screen.query_one("#messages", Static).content)
        assert "On its way" in thread
        body = one(
            app_db,
            "SELECT body FROM messages WHERE order_id = :id ORDER BY id DESC",
            id=order,
        )["body"]
        assert body == "On its way"

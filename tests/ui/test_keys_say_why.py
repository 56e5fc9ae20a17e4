"""A key that does not apply says why (before, c on a Ready to ship row did nothing), and
the footer offers only what the domain's rule allows (before, Confirm showed on unpaid
rows and was then refused)."""

from __future__ import annotations

from textual.app import App
from textual.widgets._footer import FooterKey

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, notes, one, settle

SIZE = (120, 35)


def footer_keys(app: App[int]) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey)]


async def test_a_key_that_does_not_apply_says_why(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage = 'ready_to_ship' ORDER BY id")["id"]
    before = one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("c")
        await settle(pilot)
        assert notes(desk_app)[-1] == (
            f"order #{order}: only a pending order can be confirmed (it is ready to ship)"
        )
        await pilot.press("d")
        await settle(pilot)
        assert notes(desk_app)[-1] == (
            f"order #{order}: only an order in transit can be delivered (it is ready to ship)"
        )
    assert one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"] == before


async def test_the_footer_offers_confirm_only_on_paid_pending_rows(
    desk_app: DeskApp, app_db: Database
) -> None:
    unpaid = one(
        app_db, "SELECT id FROM orders WHERE stage = 'pending' AND payment != 'paid' ORDER BY id"
    )["id"]
    paid = one(
        app_db, "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'paid' ORDER BY id"
    )["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, unpaid)
        await settle(pilot)
        assert "Confirm" not in footer_keys(desk_app) and "Cancel" in footer_keys(desk_app)
        await pilot.press("c")
        await settle(pilot)
        assert notes(desk_app)[-1].endswith("not paid — do not ship until payment shows Paid")
        await pilot.press("escape")
        await settle(pilot)
        await focus_order(pilot, paid)
        await settle(pilot)
        assert "Confirm" in footer_keys(desk_app)


async def test_q_in_the_detail_screen_closes_that_screen(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.desk import DeskScreen
    from orderdesk.screens.detail import DetailScreen

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(desk_app.screen, DetailScreen)
        await pilot.press("q")
        await settle(pilot)
        assert desk_app.is_running and isinstance(desk_app.screen, DeskScreen)


async def test_cancelling_a_paid_order_says_it_refunds_the_buyer(
    desk_app: DeskApp, app_db: Database
) -> None:
    from textual.widgets import Button

    from orderdesk.screens.reason import ReasonDialog

    paid = one(
        app_db,
        "SELECT id, total FROM orders WHERE stage = 'confirmed' AND payment = 'paid' ORDER BY id",
    )["id"]
    unpaid = one(
        app_db, "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'unpaid' ORDER BY id"
    )["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, paid)
        await pilot.press("x")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, ReasonDialog)
        assert "it is paid: cancelling records a full refund to the buyer" in dialog.prompt
        assert str(dialog.query_one("#ok", Button).label) == "Cancel and refund"
        await pilot.press("escape")
        await settle(pilot)
        await focus_order(pilot, unpaid)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(desk_app.screen, ReasonDialog)
        assert "refund" not in desk_app.screen.prompt

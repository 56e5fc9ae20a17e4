"""The order detail through a day (issue 13): it shows what the command line changed by itself
and says so, Ctrl+R reads it again, ``u`` undoes from it with the desk's rules and question,
the question shows money, times and states as the desk does, and every section is readable
from 80×24 to 200×50."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Static

from orderdesk.domain import aftersales, fulfilment
from orderdesk.domain.money import format_money
from tests.ui.deskpilot import focus_order, notes, one, settle

#: A confirmed order that may still be cancelled and has no messages yet.
CONFIRMED = (
    "SELECT o.id FROM orders o WHERE o.stage = 'confirmed' AND COALESCE(o.hold_reason, '') = ''"
    " AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.order_id = o.id) ORDER BY o.id"
)
CONFIRMABLE = (
    "SELECT o.id FROM orders o WHERE o.stage = 'pending' AND o.payment = 'paid'"
    " AND COALESCE(o.hold_reason, '') = '' AND NOT EXISTS (SELECT 1 FROM lines l"
    " JOIN products p ON p.sku = l.sku WHERE l.order_id = o.id AND l.quantity > p.on_hand)"
    " ORDER BY o.id"
)


def heading(app: Any) -> str:
    return str(app.screen.query_one("#heading", Static).content)


def section(app: Any, name: str) -> str:
    return str(app.screen.query_one(f"#{name}", Static).content)


def footer_keys(app: Any) -> list[str]:
    return [str(key.description) for key in app.screen.query("FooterKey")]


async def open_detail(pilot: Any, order_id: int) -> None:
    from orderdesk.screens.detail import DetailScreen

    await focus_order(pilot, order_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, DetailScreen)
    assert pilot.app.screen.order_id == order_id


async def test_the_detail_shows_a_message_and_a_cancel_from_the_command_line_by_itself(
    desk_app: Any, app_db: Any, cli: Any
) -> None:
    order = one(app_db, CONFIRMED)["id"]
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        assert "Confirmed" in heading(desk_app) and "Label" in footer_keys(desk_app)
        assert "Messages  none" in section(desk_app, "messages")
        told = len(notes(desk_app))
        for args in (
            ("message", str(order), "Gracias por su compra"),
            ("cancel", str(order), "--reason", "sin stock"),
        ):
            result = await asyncio.to_thread(cli, *args, db=app_db.path)
            assert result.code == 0, result.err
        done = time.monotonic()
        while time.monotonic() - done < 2.0:  # no key pressed
            await pilot.pause(0.05)
            if "Cancelled" in heading(desk_app):
                break
        await settle(pilot)
        assert "Cancelled" in heading(desk_app), "the cancel did not show within 2 s"
        assert "Gracias por su compra" in section(desk_app, "messages")
        assert "Label" not in footer_keys(desk_app)
        said = notes(desk_app)[told:]  # one line for each change the desk's watch saw
        assert said and len(said) <= 2, said
        assert all(line.startswith(f"Order #{order} changed elsewhere: ") for line in said)
        assert "now Cancelled" in said[-1]
        assert "1 new message" in " ".join(said)


async def test_the_detail_says_nothing_of_changes_to_other_orders(
    desk_app: Any, app_db: Any
) -> None:
    order, other = one(app_db, CONFIRMED), one(app_db, CONFIRMABLE)
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await open_detail(pilot, order["id"])
        told = len(notes(desk_app))
        await asyncio.to_thread(app_db.perform, fulfilment.confirm, other["id"])
        await pilot.pause(1.5)
        await settle(pilot)
        assert notes(desk_app)[told:] == []
        assert "Confirmed" in heading(desk_app)


async def test_ctrl_r_reads_the_detail_again(desk_app: Any, app_db: Any) -> None:
    order = one(app_db, CONFIRMED)["id"]
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        desk_app.screen.desk.changes = None  # only the key reads again
        app_db.perform(fulfilment.cancel, order, "another desk")
        await pilot.pause(1.2)
        assert "Confirmed" in heading(desk_app)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "Cancelled" in heading(desk_app)
        assert "Read again from the database" in notes(desk_app)
        assert "Label" not in footer_keys(desk_app)


async def test_u_on_the_detail_undoes_its_own_latest_action_at_once(
    desk_app: Any, app_db: Any
) -> None:
    from orderdesk.screens.detail import DetailScreen
    from orderdesk.screens.dialog import ChoiceDialog

    order = one(app_db, CONFIRMABLE)["id"]
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        assert "Undo" in footer_keys(desk_app)
        await pilot.press("c")
        await settle(pilot)
        assert "Confirmed" in heading(desk_app)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, DetailScreen)
        assert f"Undid confirm on order #{order}" in notes(desk_app)[-1]
        assert "Pending" in heading(desk_app)  # read again after the undo
        told = len(notes(desk_app))
        await pilot.pause(1.2)  # the desk's watch saw this desk's own commit: not announced
        await settle(pilot)
        assert not any("changed elsewhere" in note for note in notes(desk_app)[told:])
        await pilot.press("u")  # the undo itself is the last action now: asked, not walked back
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog) or "nothing to undo" in notes(desk_app)[-1]
    assert one(app_db, "SELECT stage FROM orders WHERE id = :id", id=order)["stage"] == "pending"


async def test_u_on_the_detail_asks_before_undoing_another_orders_action(
    desk_app: Any, app_db: Any
) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    other = one(app_db, CONFIRMABLE)["id"]
    order = one(app_db, CONFIRMED)["id"]
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await focus_order(pilot, other)
        await pilot.press("c")  # this desk's own latest action, on another order
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await open_detail(pilot, order)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        assert f"Undo confirm on order #{other}" in desk_app.screen.text
        await pilot.press("escape")
        await settle(pilot)
    assert one(app_db, "SELECT stage FROM orders WHERE id = :id", id=other)["stage"] == (
        "confirmed"
    )


@pytest.fixture
def buenos_aires(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The seller's local zone is three hours behind UTC."""
    monkeypatch.setenv("TZ", "America/Argentina/Buenos_Aires")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_the_undo_question_shows_money_times_and_states_as_the_desk_does(
    desk_app: Any, app_db: Any, buenos_aires: Any
) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    order = one(
        app_db,
        "SELECT id FROM orders WHERE currency = 'ARS' AND payment = 'paid' AND stage = 'delivered'"
        " AND refunded = 0 AND total > 150050 AND NOT EXISTS"
        " (SELECT 1 FROM cases c WHERE c.order_id = orders.id) ORDER BY id",
    )["id"]
    requested = app_db.perform(aftersales.request_refund, order, "1.500,50", "roto")
    accepted = app_db.perform(aftersales.accept_refund, requested.case_id)
    closed = one(app_db, "SELECT closed_at FROM cases WHERE id = :id", id=requested.case_id)
    from datetime import datetime

    at = closed["closed_at"]
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    if moment.tzinfo is None:
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M")  # Buenos Aires: UTC−3
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await open_detail(pilot, order)
        desk_app.screen.desk.latest_entry = accepted.journal_id  # as if accepted at this desk
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        text = desk_app.screen.text
        assert f"refunded: {format_money(150050, 'ARS')} → {format_money(0, 'ARS')}" in text
        assert "refunded: $ 1.500,50 → $ 0,00" in text
        assert "payment: Partially refunded → Paid" in text
        assert "case status: Accepted → Open" in text
        assert f"case closed: {local} → none" in text
        assert f"({local})?" in text
        assert "UTC" not in text and "+00:00" not in text and "150050" not in text
        await pilot.press("escape")
        await settle(pilot)


def rendered(widget: Any) -> list[str]:
    """The lines a widget draws, as the terminal shows them."""
    width, height = widget.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


@pytest.mark.parametrize("size", [(80, 24), (120, 35), (200, 50)])
async def test_every_section_of_the_detail_is_readable(
    desk_app: Any, app_db: Any, size: tuple[int, int]
) -> None:
    """No section is cut at the right edge, nor a column of its tables: the fee composition
    shows every row with its amount, the cases their reason and amount in full."""
    from orderdesk.screens.detail import MONEY_ROWS

    case = one(
        app_db,
        "SELECT c.order_id AS id, c.amount AS amount, o.currency AS currency, o.total AS total"
        " FROM cases c JOIN orders o ON o.id = c.order_id WHERE c.reason IS NOT NULL"
        " AND (SELECT COUNT(*) FROM lines l WHERE l.order_id = o.id) >= 3"
        " ORDER BY LENGTH(c.reason) DESC, c.id",
    )
    async with desk_app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_detail(pilot, case["id"])
        screen = desk_app.screen
        for widget in screen.query("#detail Static"):
            assert widget.region.right <= size[0], f"{widget.id} is cut at {size}"
        money = "\n".join(rendered(screen.query_one("#money")))
        assert "Fee composition" in money
        for _key, label in MONEY_ROWS:
            assert label in money, f"{label} missing at {size}"
        assert format_money(case["total"], case["currency"]) in money
        cases = "\n".join(rendered(screen.query_one("#cases")))
        assert "…" not in cases, cases
        assert "Reason" in cases and "Respond by" in cases
        assert format_money(case["amount"], case["currency"]) in cases
        lines = "\n".join(rendered(screen.query_one("#lines")))
        assert "…" not in lines and "Unit price" in lines

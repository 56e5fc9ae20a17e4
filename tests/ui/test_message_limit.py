"""A message to the buyer over 1,500 characters is not lost: sending is blocked while it is
over the limit, the dialog says by how much, and the text stays to be shortened. Before, the
dialog closed, the domain refused, and the text was gone."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Static, TextArea

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, settle

SIZE = (120, 35)


def count(database: Database, order_id: int) -> int:
    return int(
        one(database, "SELECT COUNT(*) AS n FROM messages WHERE order_id = :id", id=order_id)["n"]
    )


async def test_a_message_over_the_limit_is_kept_until_it_is_short_enough(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.message import MessageDialog

    order = one(app_db, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id")["id"]
    before = count(app_db, order)
    text = ("Olá! Seu pedido já saiu. " * 70)[:1599] + "!"
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("m")
        await settle(pilot)
        desk_app.post_message(events.Paste(text))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, MessageDialog), "the dialog closed and took the text"
        assert dialog.query_one("#body", TextArea).text == text
        assert dialog.query_one("#ok", Button).disabled
        assert "100 too many" in str(dialog.query_one("#count", Static).content)
        assert count(app_db, order) == before
        await pilot.press(*["backspace"] * 100)
        await settle(pilot)
        assert not dialog.query_one("#ok", Button).disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(desk_app.screen, MessageDialog)
    assert count(app_db, order) == before + 1
    body = one(app_db, "SELECT body FROM messages WHERE order_id = :id ORDER BY id DESC", id=order)[
        "body"
    ]
    assert body == text[:1500].strip()

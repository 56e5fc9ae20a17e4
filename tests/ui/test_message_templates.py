"""The message dialog offers the usual messages, filled for the order, in the buyer's
language first (before, every message was typed from nothing)."""

from __future__ import annotations

from orderdesk.app import DeskApp
from orderdesk.domain.message_templates import LANGUAGES, TEMPLATES, fill, language_for
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, settle

ROW = {
    "id": 12,
    "external_id": "2000012345",
    "buyer_name": "João Araújo",
    "country": "BR",
    "carrier": "Correios (Brasil)",
    "tracking_number": "LP123456785BR",
}


def test_the_country_picks_the_language() -> None:
    assert [language_for(c) for c in ("BR", "ar", "MX", "ES", "CN", "US", "DE", "", None)] == [
        "pt",
        "es",
        "es",
        "es",
        "zh",
        "en",
        "en",
        "en",
        "en",
    ]


def test_every_template_in_every_language_fills_every_placeholder() -> None:
    for template in TEMPLATES.values():
        assert set(template.texts) == set(LANGUAGES)
        for language in LANGUAGES:
            text = fill(template.key, language, ROW)
            assert "{" not in text and "}" not in text
            assert "João Araújo" in text and "2000012345" in text
    link = "https://rastreamento.correios.com.br/app/index.php?objeto=LP123456785BR"
    assert fill("shipped", "pt", ROW).endswith(link)  # the carrier's own template


async def test_m_offers_the_shipped_template_in_portuguese_for_a_brazilian_buyer(
    desk_app: DeskApp, app_db: Database
) -> None:
    from textual.widgets import Select, TextArea

    from orderdesk.screens.message import MessageDialog

    order = one(
        app_db,
        "SELECT id, buyer_name, external_id, tracking_url FROM orders"
        " WHERE stage = 'in_transit' AND ship_country = 'BR' AND tracking_url != ''"
        " ORDER BY id",
    )
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("m")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, MessageDialog)
        assert dialog.query_one("#language", Select).value == "pt"
        dialog.query_one("#template", Select).focus()
        await pilot.press(
            "enter", "down", "down", "enter"
        )  # past the prompt and the first: shipped
        await settle(pilot)
        body = dialog.query_one("#body", TextArea).text
        assert body == (
            f"Olá {order['buyer_name']}, seu pedido {order['external_id']} já foi enviado! "
            f"Acompanhe a entrega aqui: {order['tracking_url']}"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
    sent = one(
        app_db,
        "SELECT body, direction FROM messages WHERE order_id = :id ORDER BY id DESC",
        id=order["id"],
    )
    assert sent == {"body": body, "direction": "out"}


async def test_the_shipped_template_links_the_url_typed_for_a_carrier_the_desk_does_not_know(
    desk_app: DeskApp, app_db: Database
) -> None:
    """A carrier outside the desk's list has no URL template: the link is the one the seller
    typed with the tracking. Before, the desk's rows did not carry it, and the message gave
    the bare number."""
    from textual.widgets import Select, TextArea

    from orderdesk.domain.fulfilment import ship
    from orderdesk.screens.message import MessageDialog

    order = one(app_db, "SELECT id FROM orders WHERE stage = 'ready_to_ship' ORDER BY id")
    link = "https://www.evri.com/track/parcel/H01HYA0012345678"
    app_db.perform(ship, order["id"], "Evri", "H01HYA0012345678", link)
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("m")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, MessageDialog)
        dialog.query_one("#language", Select).value = "en"
        dialog.query_one("#template", Select).value = "shipped"
        await settle(pilot)
        assert dialog.query_one("#body", TextArea).text.endswith(f"here: {link}")

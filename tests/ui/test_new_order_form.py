"""The new-order form checks as the seller types: the email and phone lightly, a SKU the
catalogue does not know; it starts in the currency last used, and asks before Escape throws
a filled form away (before, Escape lost everything typed)."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import one, settle, type_text

SIZE = (120, 40)


def checks(app: App[int]) -> str:
    return str(app.screen.query_one("#checks", Static).content)


async def fill(pilot: Pilot[int], name: str, text: str) -> None:
    from textual.widgets import Input

    pilot.app.screen.query_one(f"#{name}", Input).focus()
    await type_text(pilot, text)
    await settle(pilot)


async def test_email_phone_and_sku_are_checked_as_typed(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.new_order import NewOrderScreen

    sku = one(app_db, "SELECT sku FROM products ORDER BY sku")["sku"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(desk_app.screen, NewOrderScreen)
        await fill(pilot, "buyer_email", "ana@mail")
        assert "email: 'ana@mail' needs a domain after the @" in checks(desk_app)
        await fill(pilot, "buyer_email", ".com")
        assert "email" not in checks(desk_app)
        await fill(pilot, "buyer_phone", "+54 11 4O12")
        assert checks(desk_app).startswith("phone: '+54 11 4O12': only digits")
        await pilot.press("backspace", "backspace", "backspace")  # the letter O
        await type_text(pilot, "012-3456")
        await settle(pilot)
        assert "phone" not in checks(desk_app)
        await fill(pilot, "sku-1", "NOPE-1")
        assert "line 1 SKU: 'NOPE-1' is not in the catalogue" in checks(desk_app)
        await fill(pilot, "sku-2", sku)
        assert "line 2" not in checks(desk_app) and "line 1 SKU" in checks(desk_app)


async def test_escape_asks_before_discarding_a_filled_form(desk_app: DeskApp) -> None:
    from textual.widgets import Input

    from orderdesk.screens.desk import DeskScreen
    from orderdesk.screens.dialog import ChoiceDialog
    from orderdesk.screens.new_order import NewOrderScreen

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: it just closes
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
        await pilot.press("n")
        await settle(pilot)
        await type_text(pilot, "Ana")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        await pilot.press("escape")  # back to the form: the text is kept
        await settle(pilot)
        assert isinstance(desk_app.screen, NewOrderScreen)
        assert desk_app.screen.query_one("#buyer_name", Input).value == "Ana"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # "Discard it" is focused
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)


async def test_the_form_starts_in_the_currency_last_used(
    desk_app: DeskApp, app_db: Database
) -> None:
    from textual.widgets import Input

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk_app.screen
        assert form.query_one("#currency", Input).value == "USD"  # none entered by hand yet
        await fill(pilot, "buyer_name", "Ana Pérez")
        field = form.query_one("#currency", Input)
        field.value = ""
        await fill(pilot, "currency", "BRL")
        await fill(pilot, "title-1", "Mate")
        await fill(pilot, "price-1", "10,00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        created = one(app_db, "SELECT currency FROM orders WHERE buyer_name = 'Ana Pérez'")
        assert created["currency"] == "BRL"
        await pilot.press("n")
        await settle(pilot)
        assert desk_app.screen.query_one("#currency", Input).value == "BRL"


async def test_every_field_a_new_order_states_is_typed_in_the_form(desk_app: DeskApp) -> None:
    """The form has a field for each thing a new order states (the domain's one declaration,
    ``StatedOrder``; the channel's own deadline is the only one a seller never types), and
    what is typed there reaches the draft: a field added to the domain and not to the form
    fails here."""
    from textual.widgets import Input

    from orderdesk.domain.new_orders import STATED
    from orderdesk.screens.new_order import NewOrderScreen

    money = {"shipping": ("4,99", 499), "tax": ("1,00", 100), "discount": ("0,50", 50)}
    typed = {
        "currency": "EUR",
        "ship_country": "ES",
        "buyer_email": "ana@example.com",
        "buyer_phone": "+34 600 123 456",
    }
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = desk_app.screen
        assert isinstance(screen, NewOrderScreen)
        stated = [name for name in STATED if name != "ship_by"]
        for name in stated:
            text = money[name][0] if name in money else typed.get(name, f"{name} typed")
            screen.query_one(f"#{name}", Input).value = text
        screen.query_one("#title-1", Input).value = "Mate"
        screen.query_one("#price-1", Input).value = "12,00"
        await settle(pilot)
        draft, problems = screen.read_draft()
        assert draft is not None, problems
        for name in stated:
            want = money[name][1] if name in money else typed.get(name, f"{name} typed")
            assert getattr(draft, name) == want, name
        assert draft.ship_by is None
        assert [(line.title, line.quantity, line.unit_price) for line in draft.lines] == [
            ("Mate", 1, 1200)
        ]

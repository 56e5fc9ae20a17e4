"""Dialogs keep what the seller typed: Escape asks before throwing text away, a refusal keeps
the dialog open with every field as typed, a template asks before replacing a draft, and the
refund dialog starts where the seller types first (the amount). Real demo file, real keys."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from orderdesk.app import DeskApp
from orderdesk.screens.desk import DeskScreen
from orderdesk.screens.dialog import ChoiceDialog
from orderdesk.screens.fields import FieldsDialog
from orderdesk.screens.message import MessageDialog
from orderdesk.screens.refund import RefundDialog
from orderdesk.screens.tracking import TrackingDialog
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, settle, type_text

SIZE = (120, 35)


async def test_escape_on_typed_text_asks_and_back_keeps_it(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage = 'ready_to_ship' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(desk_app.screen, TrackingDialog)
        await pilot.press("escape")  # nothing typed: it closes at once
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)

        await pilot.press("t")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, TrackingDialog)
        await type_text(pilot, "Correos Exprés")
        await pilot.press("escape")
        await settle(pilot)
        question = desk_app.screen
        assert isinstance(question, ChoiceDialog)
        assert question.title_text == "Discard what you typed?"
        await pilot.press("escape")  # Back: the typing is still there
        await settle(pilot)
        assert desk_app.screen is dialog
        assert "Correos Exprés" in [field.value for field in dialog.query(Input)]

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # "Discard it"
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
    assert one(app_db, "SELECT stage FROM orders WHERE id = :i", i=order["id"]) == {
        "stage": "ready_to_ship"
    }


async def test_the_refund_amount_has_the_focus_and_typing_replaces_the_total(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id FROM orders WHERE stage = 'delivered' AND payment = 'paid' "
        "AND currency = 'EUR' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("r")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, RefundDialog)
        amount = dialog.query_one("#amount", Input)
        assert dialog.focused is amount
        await type_text(pilot, "12,50")
        await settle(pilot)
        assert amount.value == "12,50"
        assert str(dialog.query_one("#amount-check").render()) == "= 12,50 €"
        await type_text(pilot, "x")
        await settle(pilot)
        check = str(dialog.query_one("#amount-check").render())
        assert "12,50x" in check  # the line names what it could not read


async def test_a_refused_hold_date_stays_in_the_dialog_on_its_field(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id FROM orders WHERE stage = 'pending' AND hold_reason = '' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("h")
        await settle(pilot)
        form = desk_app.screen
        assert isinstance(form, FieldsDialog)
        await type_text(pilot, "la respuesta de Núñez")
        await pilot.press("tab")
        await type_text(pilot, "31/02")
        await pilot.press("enter")
        await settle(pilot)
        assert desk_app.screen is form, "the refusal closed the dialog"
        until = form.query_one("#field-until", Input)
        problem = str(form.query_one("#fields-problem").render())
        assert problem.startswith("Until: ") and "31/02" in problem
        assert until.value == "31/02" and form.focused is until
        assert form.query_one("#field-reason", Input).value == "la respuesta de Núñez"
    held = one(app_db, "SELECT hold_reason FROM orders WHERE id = :i", i=order["id"])
    assert held == {"hold_reason": ""}


async def test_a_template_asks_before_replacing_a_draft(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id FROM orders WHERE stage = 'in_transit' AND ship_country = 'BR' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("m")
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, MessageDialog)
        body = dialog.query_one("#body", TextArea)
        body.focus()
        await type_text(pilot, "Olá, João")
        dialog.query_one("#template", Select).focus()
        await pilot.press("enter", "down", "down", "enter")
        await settle(pilot)
        question = desk_app.screen
        assert isinstance(question, ChoiceDialog)
        await pilot.press("escape")  # Back: the draft stays
        await settle(pilot)
        assert desk_app.screen is dialog and body.text == "Olá, João"
        dialog.query_one("#template", Select).focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        await pilot.press("enter")  # "Replace it"
        await settle(pilot)
        assert desk_app.screen is dialog and body.text.startswith("Olá") and "João" not in body.text

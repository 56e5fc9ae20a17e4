"""M on a To prepare row: the buyer's other orders with why each cannot merge; confirming
merges them (pilot key presses on a real demo database file, then the file read back)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button

from orderdesk.app import DeskApp
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.screens.merge import MergeDialog
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, notes, one, screen_text, settle

SIZE = (120, 35)
PLACE = {
    "ship_line1": "Rua Augusta 1500",
    "ship_city": "São Paulo",
    "ship_region": "SP",
    "ship_postal_code": "01304-001",
    "ship_country": "BR",
}


def add(database: Database, channel: str, external: str, **fields: Any) -> int:
    values: dict[str, Any] = {
        "buyer_name": "Zoë Mergulhão",
        "currency": "BRL",
        "paid": True,
        "channel": channel,
        "external_id": external,
        "lines": [LineDraft("CUIA-1", "Cuia", 1, 5000)],
        **PLACE,
    }
    values.update(fields)
    return int(database.perform(create_order, OrderDraft(**values)).order_id)


async def test_m_lists_candidates_with_reasons_and_merges(
    desk_app: DeskApp, app_db: Database
) -> None:
    first = add(app_db, "shopify", "#9001")
    same = add(app_db, "amazon", "702-0000001-0000001", buyer_name="ZOE MERGULHAO",
               ship_city="SAO PAULO", ship_postal_code="01304 001")  # fmt: skip
    elsewhere = add(app_db, "manual", "", ship_city="Campinas")
    own_label = add(app_db, "mercadolibre", "2000009999")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, first)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(desk_app.screen, MergeDialog)
        shown = screen_text(desk_app)
        lines = {n: next(li for li in shown.splitlines() if f"#{n} " in li) for n in
                 (same, elsewhere, own_label)}  # fmt: skip
        assert "can merge" in lines[same]
        assert "cannot: different address (city 'Campinas'" in lines[elsewhere]
        assert "cannot: Mercado Libre ships it under its own label" in lines[own_label]
        button = desk_app.screen.query_one("#merge", Button)
        assert str(button.label) == f"Merge with #{same}: one shipment" and button.has_focus
        await pilot.press("enter")  # the Merge button has the focus
        await settle(pilot)
        assert not isinstance(desk_app.screen, MergeDialog)
        assert any(f"Orders #{first}, #{same} merged" in note for note in notes(desk_app))

        # the other order now says it is merged with the first; nothing left to merge
        await focus_order(pilot, same)
        await pilot.press("M")
        await settle(pilot)
        again = screen_text(desk_app)
        assert "already merged with it" in again
        assert not desk_app.screen.query("#merge")  # nothing left to merge
        await pilot.press("escape")
        await settle(pilot)
    groups = {
        order: one(app_db, "SELECT merge_group FROM orders WHERE id=:i", i=order)["merge_group"]
        for order in (first, same, elsewhere, own_label)
    }
    assert groups == {first: first, same: first, elsewhere: None, own_label: None}

"""A tab is filtered (f) and sorted (o, O) from the desk: the header names the filter and the
sort column with its direction, and the rows are the database's, page by page."""

from __future__ import annotations

from decimal import Decimal

from textual.app import App
from textual.widgets import Input

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import one, settle, table, type_text

SIZE = (120, 35)


def header_labels(app: App[int]) -> list[str]:
    return [column.label.plain for column in table(app).columns.values()]


async def test_f_filters_the_tab_by_channel_and_country_in_sql(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.fields import FieldsDialog

    pair = one(
        app_db,
        "SELECT channel, ship_country, COUNT(*) AS n FROM orders WHERE tab = 'finalized'"
        " GROUP BY channel, ship_country ORDER BY n DESC",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(desk_app.screen, FieldsDialog)
        await type_text(pilot, pair["channel"])
        await pilot.press("tab")
        await type_text(pilot, pair["ship_country"].lower())
        await pilot.press("enter")  # Enter in any field applies, like the button
        await settle(pilot)
        shown = table(desk_app)
        assert str(shown.border_title).startswith(
            f"Finalized ({pair['channel']} · to {pair['ship_country']} only) · 1–"
        )
        assert shown.total == pair["n"]
        assert {(r["channel"], r["country"]) for r in shown.page_rows} == {
            (pair["channel"], pair["ship_country"])
        }
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("tab", "backspace", "backspace")
        await type_text(pilot, "BRA")
        await pilot.press("enter")
        await settle(pilot)
        form = desk_app.screen
        assert isinstance(form, FieldsDialog), "the refusal closed the form"
        assert str(form.query_one("#fields-problem").render()) == (
            "country: 'BRA' is not a two-letter country code (BR, US, AR…)"
        )
        assert form.query_one("#field-country", Input).value == "BRA"
        assert form.focused is form.query_one("#field-country", Input)
        await pilot.press("escape", "enter")  # asks first; discard
        await settle(pilot)
        assert table(desk_app).total == pair["n"]  # the filter it had stays


async def test_o_sorts_by_the_next_column_and_the_header_shows_it(
    desk_app: DeskApp, app_db: Database
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # In transit: order, channel, buyer, carrier, tracking, ...
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert "Order ▲" in header_labels(desk_app)
        ids = [r["id"] for r in table(desk_app).page_rows]
        assert ids == sorted(ids)
        await pilot.press("O")
        await settle(pilot)
        assert "Order ▼" in header_labels(desk_app)
        first = one(app_db, "SELECT MAX(id) AS id FROM orders WHERE tab = 'in-transit'")["id"]
        assert table(desk_app).page_rows[0]["id"] == first
        for _ in range(4):  # channel, buyer, shipped, total
            await pilot.press("o")
        await settle(pilot)
        shown = table(desk_app)
        assert "Total ▼" in header_labels(desk_app) and "Order" in header_labels(desk_app)
        assert str(shown.border_title).startswith("In transit · by Total ▼ · 1–")
        currency = shown.page_rows[0]["currency"]
        totals = [Decimal(r["total"]) for r in shown.page_rows if r["currency"] == currency]
        top = one(
            app_db,
            "SELECT MAX(total) AS t FROM orders WHERE tab = 'in-transit' AND currency = :c",
            c=currency,
        )["t"]
        assert totals == sorted(totals, reverse=True)
        assert (
            one(
                app_db,
                "SELECT id FROM orders WHERE tab = 'in-transit' AND currency = :c AND total = :t"
                " ORDER BY id DESC",
                c=currency,
                t=top,
            )["id"]
            == shown.page_rows[0]["id"]
        )
        await pilot.press("o")  # past the last column: the tab's own order again
        await settle(pilot)
        assert not any("▲" in label or "▼" in label for label in header_labels(desk_app))
        assert str(table(desk_app).border_title).startswith("In transit · 1–")

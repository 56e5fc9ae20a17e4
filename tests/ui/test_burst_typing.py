"""Keys typed in one burst with the key that opens a dialog are not lost, nor run on the desk.

A fast seller types `x` and the reason without waiting for the dialog to appear; before the
fix the reason's first letters were dropped (or acted on the desk as keys). The keys are posted
all at once, as a terminal delivers a burst, before the app has handled the first of them.
"""

from __future__ import annotations

import io

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from orderdesk.app import DeskApp
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, settle

SIZE = (120, 35)


def burst(app: App[int], keys: list[str]) -> None:
    for key in keys:
        character = {"space": " ", "enter": "\r", "slash": "/", "number_sign": "#"}.get(
            key, key if len(key) == 1 else None
        )
        app.post_message(events.Key(key, character))


def letters(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def test_a_reason_typed_with_the_cancel_key_reaches_the_dialog(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id, version FROM orders WHERE stage='confirmed' AND payment='paid' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        burst(desk_app, ["x", *letters("buyer asked"), "enter"])
        await settle(pilot)
    row = one(app_db, "SELECT stage, cancel_reason FROM orders WHERE id = :id", id=order["id"])
    assert (row["stage"], row["cancel_reason"]) == ("cancelled", "buyer asked")


async def type_carrier(pilot: Pilot[int], app_db: Database, key: str, carrier: str) -> None:
    """On a Ready to ship order: the tracking key and the carrier in one burst; the tracking
    dialog is up with that carrier, and none of those letters ran as a desk key."""
    from orderdesk.screens.tracking import TrackingDialog

    app = pilot.app
    order = one(app_db, "SELECT id FROM orders WHERE stage='ready_to_ship' ORDER BY id")
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    await focus_order(pilot, order["id"])
    before = one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"]
    burst(app, [key, *letters(carrier)])
    await settle(pilot)
    assert isinstance(app.screen, TrackingDialog)
    assert app.screen.query_one("#carrier", Input).value == carrier
    # (c would confirm, n open a new order, D open a dispute…)
    assert one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"] == before


async def test_the_carrier_typed_with_the_tracking_key_is_kept(
    desk_app: DeskApp, app_db: Database
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await type_carrier(pilot, app_db, "t", "China Post")


async def test_keys_after_a_plain_key_still_act_on_the_desk(
    desk_app: DeskApp, app_db: Database
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(desk_app, ["2", "3"])
        await settle(pilot)
        from tests.ui.deskpilot import table

        assert table(desk_app).view == "in-transit"


async def test_under_a_keymap_the_remapped_key_holds_the_burst_and_help_names_it(
    app_db: Database,
) -> None:
    """config.toml's keymap moves tracking to T: T then the carrier still reaches the dialog
    (D would otherwise open a dispute on the desk), and ? lists T for tracking."""
    from orderdesk.app import make_app
    from orderdesk.config import Settings
    from orderdesk.screens.help import HelpScreen

    app = make_app(app_db, Settings(keymap={"tracking": "T"}))
    async with app.run_test(size=SIZE) as pilot:
        await type_carrier(pilot, app_db, "T", "DHL")
        await pilot.press("escape")  # "Discard what you typed?"
        await settle(pilot)
        await pilot.press("enter", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console
        from textual.widgets import Static

        console = Console(width=120, record=True, file=io.StringIO())
        for static in app.screen.query(Static):
            console.print(static.content)
        lines = [line.split() for line in console.export_text().splitlines()]
        assert ["T", "Add", "tracking:", "in", "transit"] in lines


async def test_a_search_typed_with_the_slash_goes_in_the_bar(
    desk_app: DeskApp, app_db: Database
) -> None:
    """'/' then the text in one burst: the text is the search, none of it runs on the desk
    (the digits would switch tabs, u would undo)."""
    from tests.ui.deskpilot import desk, table

    before = one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(desk_app, ["slash", "number_sign", "1", "7", "u"])
        await settle(pilot)
        assert desk(desk_app).query_one("#search-bar", Input).value == "#17u"
        assert desk(desk_app).tab_before_search == "to-prepare"
        await pilot.press("escape")
        await settle(pilot)
        burst(desk_app, ["slash", *letters("MUG"), "enter"])
        await settle(pilot)
        assert desk(desk_app).query_one("#search-bar", Input).value == "MUG"
        assert table(desk_app).view == "search" and table(desk_app).page_rows
        assert table(desk_app).has_focus  # Enter took the seller to the results
    assert one(app_db, "SELECT COUNT(*) AS n FROM journal")["n"] == before


async def test_the_desk_search_folds_case_and_accents(desk_app: DeskApp, app_db: Database) -> None:
    """'/наталья' (and '/alvaro', '/weiss') list the buyers written Наталья, Álvaro, Weiß."""
    from tests.ui.deskpilot import desk, table

    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for term, written in (("наталья", "Наталья"), ("alvaro", "Álvaro"), ("WEISS", "Weiß")):
            burst(desk_app, ["slash", *letters(term)])
            await settle(pilot)
            assert table(desk_app).view == "search"
            names = [row["buyer_name"] for row in table(desk_app).page_rows]
            assert names and all(written in name for name in names), (term, names)
            await pilot.press("escape")
            await settle(pilot)
            assert not desk(desk_app).search_text

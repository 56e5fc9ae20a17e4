"""Issue 16: a label scanned anywhere on the desk opens its order. A scanner types the label's
barcode text (the tracking number, any of its shipments' numbers, or ``#123`` before there is
one) at about 5 ms a key and ends with Enter; on the tabs, an order's detail (replaced by the
scanned order's) or the Stock screen. Keys typed at that pace that name no label, or typed into
a text field, act as typed, in order."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key  # the driver's own naming (textual pinned)
from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from orderdesk.app import DeskApp, make_app
from orderdesk.config import Settings
from orderdesk.domain.fulfilment import confirm, ship
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.merging import merge
from orderdesk.screens.desk import TABS, DeskScreen
from orderdesk.screens.detail import DetailScreen
from orderdesk.screens.fields import FieldsDialog
from orderdesk.screens.help import HelpScreen
from orderdesk.screens.stock import StockScreen
from orderdesk.store import Database, open_database
from tests.drafts import MADRID
from tests.ui.deskpilot import notes, one, screen_text, settle

SIZE = (120, 35)


async def scanner(pilot: Pilot[int], text: str) -> None:
    """Keys as the terminal driver posts them: from its own thread (each key stamped as it
    is read, however busy the desk's loop is), named as its parser names them (``/`` is
    ``slash``), one every 5 ms, then Enter."""

    def type_it() -> None:
        for char in text:
            pilot.app.post_message(events.Key(_character_to_key(char), char))
            time.sleep(0.005)
        pilot.app.post_message(events.Key("enter", "\r"))

    await asyncio.to_thread(type_it)
    await settle(pilot)


async def test_a_scanned_label_opens_its_order(desk_app: DeskApp, app_db: Database) -> None:
    shipped = one(
        app_db,
        "SELECT id, tracking_number FROM orders WHERE stage = 'in_transit' "
        "AND tracking_number <> '' ORDER BY id DESC",
    )
    unshipped = one(app_db, "SELECT id FROM orders WHERE stage = 'pending' ORDER BY id DESC")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scanner(pilot, shipped["tracking_number"])
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == shipped["id"]
        assert f"Scanned {shipped['tracking_number']}: order #{shipped['id']}" in notes(desk_app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)

        await scanner(pilot, f"#{unshipped['id']}")  # a label printed before tracking
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == unshipped["id"]


async def test_fast_keys_naming_no_label_act_as_typed(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = desk_app.screen.query_one(TabbedContent)
        assert tabs.active == TABS[0]
        await scanner(pilot, "#9123456")  # no such order: 1..6 switch the tabs, in order
        assert not any("Scanned" in note for note in notes(desk_app))
        if isinstance(desk_app.screen, DetailScreen):  # Enter, as typed: the focused row
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
        assert tabs.active == TABS[5]
        await pilot.press("2")  # a person's key still works, just held a moment
        await settle(pilot)
        assert tabs.active == TABS[1]


# -- on every screen of the desk --------------------------------------------------------


def two_orders_in_transit(database: Database) -> tuple[dict[str, Any], dict[str, Any]]:
    first, second = (
        one(
            database,
            "SELECT id, tracking_number FROM orders WHERE stage = 'in_transit' "
            "AND tracking_number <> '' ORDER BY id DESC LIMIT 1 OFFSET :n",
            n=n,
        )
        for n in (0, 1)
    )
    return first, second


async def test_a_label_scanned_on_a_detail_replaces_it_with_the_scanned_order(
    desk_app: DeskApp, app_db: Database
) -> None:
    first, second = two_orders_in_transit(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scanner(pilot, first["tracking_number"])
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == first["id"]
        depth = len(desk_app.screen_stack)

        await scanner(pilot, second["tracking_number"])  # on the first order's detail
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == second["id"]
        assert len(desk_app.screen_stack) == depth  # in its place, not over it
        note = f"Scanned {second['tracking_number']}: order #{second['id']}"
        assert note in notes(desk_app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)


@pytest.mark.parametrize(
    ("key", "screen"), [("S", StockScreen), ("question_mark", HelpScreen)], ids=["stock", "help"]
)
async def test_a_label_scanned_on_another_screen_opens_its_order(
    desk_app: DeskApp, app_db: Database, key: str, screen: type[Any]
) -> None:
    shipped, _ = two_orders_in_transit(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(desk_app.screen, screen)
        await scanner(pilot, shipped["tracking_number"])
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == shipped["id"]
        await pilot.press("escape")  # back where the scan was made
        await settle(pilot)
        assert isinstance(desk_app.screen, screen)


async def test_on_the_stock_screen_a_burst_naming_no_order_and_a_scan_into_a_field_are_typed(
    desk_app: DeskApp, app_db: Database
) -> None:
    shipped, _ = two_orders_in_transit(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        stock = desk_app.screen
        assert isinstance(stock, StockScreen)
        await scanner(pilot, "/TERMO")  # no such label: "/" opens Find, the rest is typed
        assert desk_app.screen is stock
        find = stock.query_one("#stock-find", Input)
        assert (find.display, find.value) == (True, "TERMO")
        assert not any("Scanned" in note for note in notes(desk_app))

        await pilot.press("slash")  # Find has focus again: a label's keys are its text
        await settle(pilot)
        find.value = ""
        await scanner(pilot, shipped["tracking_number"])
        assert desk_app.screen is stock
        assert find.value == shipped["tracking_number"]
        assert not any("Scanned" in note for note in notes(desk_app))


async def test_a_label_scanned_into_a_dialogs_field_is_typed_there(
    desk_app: DeskApp, app_db: Database
) -> None:
    shipped, _ = two_orders_in_transit(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("r")  # receive: a dialog whose units field has focus
        await settle(pilot)
        dialog = desk_app.screen
        assert isinstance(dialog, FieldsDialog)
        field = dialog.focused
        assert isinstance(field, Input)
        await scanner(pilot, shipped["tracking_number"])
        assert not isinstance(desk_app.screen, DetailScreen)
        assert not any("Scanned" in note for note in notes(desk_app))
        assert field.value == shipped["tracking_number"]


# -- a second shipment's tracking number -------------------------------------------------

UPS = "1Z999AA10123456784"
POST = "LP123456785CN"


def shipped_twice(path: Path) -> Database:
    """Order #1 left in two shipments: Mate by UPS, then the Termo by China Post."""
    database = open_database(path, actor="seller")
    database.perform(
        create_order,
        OrderDraft(
            buyer_name="Tomás Envíos",
            currency="EUR",
            paid=True,
            **MADRID,
            lines=[LineDraft("MATE", "Mate", 2, 1000), LineDraft("TERMO", "Termo", 1, 3000)],
        ),
    )
    database.perform(confirm, 1)
    database.perform(ship, 1, "UPS", UPS, lines=["MATE:2"])
    database.perform(ship, 1, "China Post", POST, lines=["TERMO:1"])
    return database


@pytest.fixture
def twice(tmp_path: Path, home: Path) -> Iterator[Database]:
    database = shipped_twice(tmp_path / "twice.db")
    yield database
    database.close()


async def test_a_tracking_number_of_an_earlier_shipment_opens_its_order(
    twice: Database,
) -> None:
    order = one(twice, "SELECT stage, tracking_number FROM orders WHERE id = 1")
    assert order == {"stage": "in_transit", "tracking_number": POST}  # UPS's is only a shipment's
    app = make_app(twice, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scanner(pilot, UPS)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.order_id == 1
        assert f"Scanned {UPS}: order #1" in notes(app)


# -- one tracking number on a merged shipment --------------------------------------------

MERGED = "RR123456785CN"


@pytest.fixture
def merged(tmp_path: Path, home: Path) -> Iterator[Database]:
    """Orders #1, #2 and #3 of one buyer, merged (by #2) and shipped under one number."""
    database = open_database(tmp_path / "merged.db", actor="seller")
    for sku in ("MATE", "TERMO", "YERBA"):
        draft = OrderDraft(
            buyer_name="Tomás Envíos",
            currency="EUR",
            paid=True,
            **MADRID,
            lines=[LineDraft(sku, sku.title(), 1, 1000)],
        )
        database.perform(create_order, draft)
    for order in (1, 2, 3):
        database.perform(confirm, order)
    database.perform(merge, [2, 1, 3])
    database.perform(ship, 2, "China Post", MERGED)
    yield database
    database.close()


async def test_a_merged_shipments_tracking_number_opens_the_group(merged: Database) -> None:
    app = make_app(merged, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await scanner(pilot, MERGED)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.order_id == 1  # the first of the group
        assert f"Scanned {MERGED}: order #1, merged with #2, #3" in notes(app)
        shown = screen_text(app)  # the detail names them too, once the notice has gone
        assert f"China Post {MERGED}" in shown and "Merged    one shipment with #2, #3" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


async def test_the_search_key_is_never_held_for_a_scan(desk_app: Any) -> None:
    """No label begins with ``/``: the search bar opens on the key, not a scan's pause later
    (the first key of a search waited ~50 ms for it), and the letters typed next go into it."""
    from orderdesk.domain.scans import may_begin_label

    assert not may_begin_label("/") and may_begin_label("#") and may_begin_label("L")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        desk_app.post_message(events.Key("slash", "/"))
        await pilot.pause()  # no timer: only the messages already posted
        assert desk_app.scans.idle  # nothing held
        bar = desk_app.screen.query_one("#search-bar", Input)
        assert bar.display and bar.has_focus
        desk_app.post_message(events.Key("L", "L"))
        desk_app.post_message(events.Key("P", "P"))
        await settle(pilot)
        assert bar.value == "LP"


async def test_a_tab_key_switches_as_it_is_read_while_held_for_a_scan(
    desk_app: DeskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``2`` may begin a tracking number, yet the tab switches as the key is read, not after
    the scanner's pause (that pause was most of a tab switch's 80 ms): here the pause is made
    five seconds long, and the tab has switched while the key is still held."""
    monkeypatch.setattr("orderdesk.scanner.GAP", 5.0)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = desk_app.screen.query_one(TabbedContent)
        desk_app.post_message(events.Key("2", "2"))
        await pilot.pause()  # no timer: only the messages already posted
        assert not desk_app.scans.idle  # still held: it may yet begin a scan
        assert tabs.active == TABS[1]


async def test_a_scan_beginning_with_a_tab_key_leaves_the_tab_as_it_was(
    desk_app: DeskApp, app_db: Database
) -> None:
    """A UPS number begins with ``1``: the tab it switched to as it was read goes back to the
    one shown before, under the scanned order's detail."""
    shipped = one(
        app_db,
        "SELECT id, tracking_number FROM orders WHERE stage = 'in_transit' "
        "AND tracking_number LIKE '1Z%' ORDER BY id DESC",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tabs = desk_app.screen.query_one(TabbedContent)
        await pilot.press("3")
        await settle(pilot)
        assert tabs.active == TABS[2]
        await scanner(pilot, shipped["tracking_number"])
        assert isinstance(desk_app.screen, DetailScreen)
        assert desk_app.screen.order_id == shipped["id"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(desk_app.screen, DeskScreen)
        assert tabs.active == TABS[2]

"""Every key of the desk, end to end: pilot key presses on a real demo database file, then the
database read back. No mocks: actions go through database.perform into the SQLite file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, TabbedContent

from orderdesk.app import DeskApp
from orderdesk.domain.stages import Tab
from orderdesk.screens.detail import DetailScreen
from orderdesk.screens.help import HelpScreen
from orderdesk.store import Database
from orderdesk.store.queries import tab_counts
from tests.conftest import CliRunner
from tests.ui.deskpilot import (
    close_search,
    desk,
    focus_order,
    notes,
    one,
    screen_text,
    settle,
    table,
    type_text,
)

SIZE = (120, 35)


def counts_of(database: Database) -> Any:
    with database.reader() as reader:
        return tab_counts(reader, database.clock())


async def test_tabs_show_live_counts_and_keys_switch_them(
    desk_app: DeskApp, app_db: Database
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        counts = counts_of(app_db)
        screen = desk(desk_app)
        tabs = screen.query_one(TabbedContent)
        label = str(tabs.get_tab("to-prepare").label)
        assert f"To prepare {counts[Tab.TO_PREPARE]:,}" in label
        assert label.endswith(f" !{counts.overdue:,}")  # that many overdue, in red
        for number, tab in enumerate(Tab, start=1):
            assert f"{counts[tab]:,}" in str(tabs.get_tab(tab.value).label)
            await pilot.press(str(number))
            await settle(pilot)
            assert tabs.active == tab.value
            rows = table(desk_app).page_rows
            assert rows, tab
            if tab in (Tab.REFUNDS, Tab.DISPUTES):
                assert all("case_id" in row for row in rows)
            else:
                assert {row["tab"] for row in rows} == {tab.value}
            assert len(rows) <= 100


async def test_c_confirms_a_paid_pending_order(desk_app: DeskApp, app_db: Database) -> None:
    order = one(
        app_db, "SELECT id FROM orders WHERE stage='pending' AND payment='paid' ORDER BY id"
    )
    before = counts_of(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("c")
        await settle(pilot)
        assert f"Order #{order['id']} confirmed" in notes(desk_app)
        await pilot.press("escape")  # close the search: back on To prepare
        await settle(pilot)
        assert table(desk_app).view == "to-prepare"
        assert order["id"] not in [row["id"] for row in table(desk_app).page_rows]
        tabs = desk(desk_app).query_one(TabbedContent)
        assert f"To prepare {before[Tab.TO_PREPARE] - 1:,}" in str(tabs.get_tab("to-prepare").label)
        assert f"Ready to ship {before[Tab.READY_TO_SHIP] + 1:,}" in str(
            tabs.get_tab("ready-to-ship").label
        )
    row = one(app_db, "SELECT stage, version FROM orders WHERE id=:i", i=order["id"])
    assert row["stage"] == "confirmed"
    after = counts_of(app_db)  # the order left To prepare for Ready to ship
    assert after[Tab.TO_PREPARE] == before[Tab.TO_PREPARE] - 1
    assert after[Tab.READY_TO_SHIP] == before[Tab.READY_TO_SHIP] + 1


async def test_confirming_an_unpaid_order_shows_the_rule_and_changes_nothing(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(
        app_db,
        "SELECT id, version FROM orders WHERE stage='pending' AND payment='unpaid' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("c")
        await settle(pilot)
        assert f"order #{order['id']}: not paid — do not ship until payment shows Paid" in notes(
            desk_app
        )
    after = one(app_db, "SELECT stage, version FROM orders WHERE id=:i", i=order["id"])
    assert after == {"stage": "pending", "version": order["version"]}


async def test_a_row_changed_by_another_desk_is_refused(
    desk_app: DeskApp, app_db: Database, cli: CliRunner, demo_db: Path
) -> None:
    order = one(
        app_db, "SELECT id FROM orders WHERE stage='pending' AND payment='paid' ORDER BY id"
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        desk(desk_app).changes = None  # the other desk acts between two looks for changes
        assert (
            cli("message", str(order["id"]), "from the other desk", "--note", db=demo_db).code == 0
        )
        assert cli("confirm", str(order["id"]), db=demo_db).code == 0
        await pilot.press("x")
        await type_text(pilot, "late")
        await pilot.press("enter")
        await settle(pilot)
        assert any("changed by another desk; reloaded" in n for n in notes(desk_app))
    assert (
        one(app_db, "SELECT stage FROM orders WHERE id=:i", i=order["id"])["stage"] == "confirmed"
    )


async def test_x_asks_a_reason_then_cancels(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage='confirmed' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("x")
        await pilot.press("enter")  # an empty reason is not accepted
        await settle(pilot)
        assert (
            one(app_db, "SELECT stage FROM orders WHERE id=:i", i=order["id"])["stage"]
            == "confirmed"
        )
        await type_text(pilot, "out of stock")
        await pilot.press("enter")
        await settle(pilot)
        assert f"Order #{order['id']} cancelled: out of stock" in notes(desk_app)
    row = one(app_db, "SELECT stage, cancel_reason FROM orders WHERE id=:i", i=order["id"])
    assert row == {"stage": "cancelled", "cancel_reason": "out of stock"}


async def open_tracking(pilot: Pilot[int], order_id: int) -> Screen[object]:
    """The tracking dialog of ``order_id`` (Ready to ship), its fields emptied, the carrier's
    focused."""
    await settle(pilot)
    await focus_order(pilot, order_id)
    await pilot.press("t")
    await settle(pilot)
    dialog = pilot.app.screen
    dialog.query_one("#carrier", Input).value = ""
    dialog.query_one("#number", Input).value = ""
    dialog.query_one("#carrier").focus()
    await pilot.pause()
    return dialog


async def test_t_adds_tracking_checked_as_typed(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage='ready_to_ship' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        dialog = await open_tracking(pilot, order["id"])
        await type_text(pilot, "China Post")
        await pilot.press("tab")
        await type_text(pilot, "LP123456784CN")
        await pilot.pause()
        assert "fails the S10 check digit" in str(dialog.query_one("#check").render())
        await pilot.press("backspace", "backspace", "backspace", "5", "C", "N")
        await pilot.pause()
        shown = str(dialog.query_one("#check").render())
        assert "https://track.chinapost.com.cn/#/result?mailNo=LP123456785CN" in shown
        await pilot.press("enter")
        await settle(pilot)
    row = one(
        app_db,
        "SELECT stage, carrier, tracking_number, tracking_url FROM orders WHERE id=:i",
        i=order["id"],
    )
    assert row["stage"] == "in_transit"
    assert (row["carrier"], row["tracking_number"]) == ("China Post", "LP123456785CN")
    assert row["tracking_url"].endswith("LP123456785CN")


async def test_the_carrier_list_narrows_as_the_carrier_is_typed(
    desk_app: DeskApp, app_db: Database
) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage='ready_to_ship' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        dialog = await open_tracking(pilot, order["id"])

        def offered() -> list[str]:
            listed = dialog.query_one("#carriers", OptionList)
            return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]

        assert len(offered()) > 10
        await type_text(pilot, "cor")
        await pilot.pause()
        assert offered() == [
            "Correos (España)",
            "Correios (Brasil)",
            "Correo Argentino",
            "Correos de México",
        ]
        await type_text(pilot, "rei")
        await pilot.pause()
        assert offered() == ["Correios (Brasil)"]
        await pilot.press("right")  # accepts the completion
        await pilot.press("tab")
        await type_text(pilot, "LP123456785BR")
        await pilot.pause()
        assert dialog.query_one("#carrier", Input).value == "Correios (Brasil)"
        assert "rastreamento.correios.com.br" in str(dialog.query_one("#check").render())
        for _ in range(len("Correios (Brasil)")):
            dialog.query_one("#carrier").focus()
            await pilot.press("backspace")
        await pilot.pause()
        assert len(offered()) > 10


async def test_d_delivers_and_u_undoes(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage='in_transit' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("d")
        await settle(pilot)
        assert (
            one(app_db, "SELECT stage FROM orders WHERE id=:i", i=order["id"])["stage"]
            == "delivered"
        )
        await pilot.press("u")
        await settle(pilot)
        assert f"Undid deliver on order #{order['id']}" in notes(desk_app)
    assert (
        one(app_db, "SELECT stage FROM orders WHERE id=:i", i=order["id"])["stage"] == "in_transit"
    )


async def test_r_records_a_refund_request(desk_app: DeskApp, app_db: Database) -> None:
    order = one(
        app_db,
        "SELECT id, currency FROM orders WHERE stage='delivered' "
        "AND payment='paid' AND currency='USD' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "5.00")  # the amount has the focus, the total selected
        await pilot.press("tab")
        await type_text(pilot, "arrived late")
        await pilot.press("enter")
        await settle(pilot)
    case = one(
        app_db,
        "SELECT kind, status, amount, reason FROM cases WHERE order_id=:i ORDER BY id DESC",
        i=order["id"],
    )
    assert case == {"kind": "refund", "status": "open", "amount": 500, "reason": "arrived late"}


async def test_r_on_the_refunds_tab_accepts_or_rejects(desk_app: DeskApp, app_db: Database) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        first = table(desk_app).current
        assert first is not None and first["case_status"] == "open"
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")  # Accept is focused
        await settle(pilot)
        assert one(app_db, "SELECT status FROM cases WHERE id=:c", c=first["case_id"]) == {
            "status": "accepted"
        }
        second = table(desk_app).current
        assert second is not None and second["case_status"] == "open"
        assert second["case_id"] != first["case_id"]
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("right", "enter")  # Reject…
        await settle(pilot)
        await type_text(pilot, "not as described")
        await pilot.press("enter")
        await settle(pilot)
    assert one(app_db, "SELECT status, resolution FROM cases WHERE id=:c", c=second["case_id"]) == {
        "status": "rejected",
        "resolution": "not as described",
    }


async def test_shift_d_opens_and_resolves_disputes(desk_app: DeskApp, app_db: Database) -> None:
    order = one(
        app_db,
        "SELECT o.id FROM orders o WHERE stage='in_transit' AND NOT EXISTS "
        "(SELECT 1 FROM cases c WHERE c.order_id=o.id) ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("D")
        await settle(pilot)
        await type_text(pilot, "never arrived")
        await pilot.press("enter")
        await settle(pilot)
        case = one(app_db, "SELECT id, status, kind FROM cases WHERE order_id=:i", i=order["id"])
        assert (case["kind"], case["status"]) == ("dispute", "open")
        await close_search(pilot)
        await pilot.press("6")
        await settle(pilot)
        first = table(desk_app).current
        assert first is not None and first["case_status"] == "open"
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")  # Won is focused
        await settle(pilot)
    assert one(app_db, "SELECT status FROM cases WHERE id=:c", c=first["case_id"]) == {
        "status": "won"
    }


async def test_m_sends_a_message(desk_app: DeskApp, app_db: Database) -> None:
    order = one(app_db, "SELECT id FROM orders WHERE stage='ready_to_ship' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "shipping tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
    message = one(
        app_db,
        "SELECT direction, body FROM messages WHERE order_id=:i ORDER BY id DESC",
        i=order["id"],
    )
    assert message == {"direction": "out", "body": "shipping tomorrow"}


async def test_n_enters_a_new_order_after_validation(desk_app: DeskApp, app_db: Database) -> None:
    before = one(app_db, "SELECT max(id) AS id FROM orders")["id"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = desk_app.screen
        await pilot.press("ctrl+s")  # empty: the problems are listed, nothing saved
        await pilot.pause()
        problems = str(form.query_one("#problems").render())
        assert "buyer name: required" in problems
        assert "lines: an order needs at least one line" in problems
        form.query_one("#buyer_name", Input).value = "Zoë [VIP] Quinn"
        form.query_one("#currency", Input).value = "EUR"
        form.query_one("#ship_country", Input).value = "DE"
        form.query_one("#sku-1", Input).value = "MUG-1"
        form.query_one("#title-1", Input).value = "Mug"
        form.query_one("#quantity-1", Input).value = "2"
        form.query_one("#price-1", Input).value = "1.234,50"
        form.query_one("#shipping", Input).value = "4,90"
        await pilot.press("ctrl+s")
        await settle(pilot)
    order = one(
        app_db, "SELECT id, buyer_name, currency, total, stage FROM orders ORDER BY id DESC"
    )
    assert order["id"] == before + 1
    assert order["buyer_name"] == "Zoë [VIP] Quinn"
    assert (order["currency"], order["total"], order["stage"]) == ("EUR", 247390, "pending")


async def test_space_selects_a_batch_and_c_confirms_them_all(
    desk_app: DeskApp, app_db: Database
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chosen: list[int] = []
        for _ in range(100):
            row = table(desk_app).current
            assert row is not None
            if row["stage"] == "pending" and row["payment"] == "paid":
                chosen.append(row["id"])
                await pilot.press("space")
            else:
                await pilot.press("down")
            if len(chosen) == 3:
                break
        assert len(chosen) == 3
        assert set(desk(desk_app).selected) == set(chosen)
        await pilot.press("c")
        await settle(pilot)
        assert desk(desk_app).selected == {}
    stages = {one(app_db, "SELECT stage FROM orders WHERE id=:i", i=i)["stage"] for i in chosen}
    assert stages == {"confirmed"}


async def test_slash_searches_every_tab(desk_app: DeskApp, app_db: Database) -> None:
    order = one(
        app_db,
        "SELECT id, tracking_number FROM orders WHERE stage='delivered' "
        "AND tracking_number <> '' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, order["tracking_number"])
        await settle(pilot)
        rows = table(desk_app).page_rows
        assert [row["id"] for row in rows] == [order["id"]]
        assert rows[0]["tab"] == "finalized"
        await pilot.press("escape")
        await settle(pilot)
        assert table(desk_app).view == "to-prepare"


async def test_a_search_closed_before_its_results_arrive_stays_closed(desk_app: DeskApp) -> None:
    """The results tab appears when the first page is read; Esc typed before that wins."""
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        desk_app.post_message(events.Key("M", "M"))
        desk_app.post_message(events.Key("escape", None))
        await settle(pilot)
        tabs = desk(desk_app).query_one(TabbedContent)
        assert tabs.active == "to-prepare"
        assert tabs.get_tab("search").display is False
        assert not desk(desk_app).search_text


async def test_a_tab_key_wins_over_search_results_read_again_meanwhile(
    desk_app: DeskApp, app_db: Database
) -> None:
    """The results are read again (after an action, or a change from another desk) while the
    seller presses 1: the To prepare tab stays, the late page does not bring Search back (the
    tmux day test lost its "1" after a dispute this way)."""
    order = one(app_db, "SELECT id FROM orders WHERE stage='in_transit' ORDER BY id")
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        results = table(desk_app)
        assert results.view == "search"
        fetch = results.fetch

        def slow_fetch(offset: int, limit: int) -> Any:
            time.sleep(0.3)  # in the page's worker thread: a large database read
            return fetch(offset, limit)

        results.fetch = slow_fetch
        desk(desk_app).reload()  # what a dispute opened from the results does once it is done
        await pilot.press("1")
        await settle(pilot)
        assert desk(desk_app).query_one(TabbedContent).active == "to-prepare"
        assert table(desk_app).view == "to-prepare"


async def test_a_term_typed_in_a_burst_shows_its_own_results_and_no_error(
    desk_app: DeskApp, app_db: Database
) -> None:
    """Each key stops the search still reading for the text before it; none of those stopped
    reads is reported, and the results are the last term's."""
    order = one(
        app_db,
        "SELECT id, tracking_number FROM orders WHERE tracking_number <> '' ORDER BY id DESC",
    )
    term = order["tracking_number"]
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for char in term:
            desk_app.post_message(events.Key(char, char))
        await settle(pilot)
        assert desk(desk_app).search_text == term
        assert [row["id"] for row in table(desk_app).page_rows] == [order["id"]]
        assert not [note for note in notes(desk_app) if "could not" in note]


async def test_enter_opens_the_order_in_full(desk_app: DeskApp, app_db: Database) -> None:
    order = one(
        app_db,
        "SELECT id, buyer_name, tracking_url FROM orders "
        "WHERE stage='delivered' AND tracking_url <> '' ORDER BY id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order["id"])
        await pilot.press("enter")
        await settle(pilot)
        opened = desk_app.screen  # narrowed here only: escape below changes the screen
        assert isinstance(opened, DetailScreen)
        text = screen_text(desk_app)
        for expected in (
            order["buyer_name"],
            "Fee composition",
            "Net",
            "Marketplace fee",
            order["tracking_url"],
            "Timeline",
            "Lines",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        await settle(pilot)
        assert desk_app.screen is desk(desk_app)


async def test_paging_loads_the_next_page_never_the_whole_tab(
    desk_app: DeskApp, app_db: Database
) -> None:
    total = counts_of(app_db)[Tab.FINALIZED]
    assert total > 200
    last = (total - 1) // 100 * 100
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert table(desk_app).span == f"1–100 of {total:,}"
        await pilot.press("ctrl+end")
        await settle(pilot)
        assert table(desk_app).span == f"{last + 1:,}–{total:,} of {total:,}"
        await pilot.press("ctrl+home")
        await settle(pilot)
        table(desk_app).move_cursor(row=98)
        await pilot.press("down", "down")
        await settle(pilot)
        assert table(desk_app).first == 100 and table(desk_app).cursor_row == 0
        await pilot.press("up")
        await settle(pilot)
        assert table(desk_app).first == 0 and table(desk_app).cursor_row == 99


async def test_question_mark_lists_every_key_and_q_quits(desk_app: DeskApp) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(desk_app.screen, HelpScreen)
        text = screen_text(desk_app)
        for key in (
            "c",
            "x",
            "p",
            "t",
            "d",
            "r",
            "D",
            "m",
            "n",
            "/",
            "space",
            "u",
            "e",
            "i",
            "g",
            "q",
        ):
            assert f"\n{key} " in f"\n{text}" or f"{key} " in text
        await pilot.press("escape")
        await pilot.press("q")
        await settle(pilot)
    assert desk_app.return_code == 0


async def test_an_empty_database_opens_on_a_guide(tmp_path: Path, home: Path) -> None:
    from orderdesk.app import make_app
    from orderdesk.config import Settings
    from orderdesk.store import open_database

    database = open_database(tmp_path / "empty.db")
    app = make_app(database, Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        guide = str(desk(app).query_one("#guide").render())
        assert desk(app).query_one("#guide").display
        assert "orderdesk demo --open" in guide and "import" in guide
    database.close()

"""Every action of DESIGN §2 from the command line, and each of its refusals.

A refusal exits 1 with one line on stderr naming the order (#id) and the rule, and
``show ID --json`` prints the same bytes before and after.
"""

from __future__ import annotations

from typing import Any

import pytest

from orderdesk.domain import fulfilment
from orderdesk.domain.errors import Refused
from orderdesk.store import open_database
from tests.conftest import CliRunner, DbTarget, ShowJson
from tests.core.conftest import Shop


def refused(
    cli: CliRunner, show: ShowJson, db: DbTarget, order_id: int, args: tuple[str, ...], *rule: str
) -> str:
    before = show(db, order_id)
    result = cli(*args, db=db)
    assert result.code == 1, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert f"#{order_id}" in lines[0], lines[0]
    for words in rule:
        assert words in lines[0], lines[0]
    assert show(db, order_id) == before
    return lines[0]


def detail(show: ShowJson, db: DbTarget, order_id: int) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(show(db, order_id))
    return data


def ok(cli: CliRunner, db: DbTarget, *args: str) -> str:
    result = cli(*args, db=db)
    assert result.code == 0, (args, result.err)
    assert result.err == ""
    return result.out


def test_the_whole_life_of_an_order_from_the_command_line(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    shop.product("MATE", 10)
    a = shop.order(("MATE", 2), ("STICKER", 1), price=2500)  # total USD 75.00, paid
    db = shop.path

    assert f"#{a}" in ok(cli, db, "confirm", f"#{a}")
    assert detail(show, db, a)["stage"] == "confirmed"
    assert shop.on_hand("MATE") == 8

    shop.database.perform(fulfilment.label_printed, a, document="label.pdf")
    assert detail(show, db, a)["stage"] == "ready_to_ship"

    ok(cli, db, "ship", str(a), "--carrier", "China Post", "--tracking", "lp 1234 5678 5cn")
    shipped = detail(show, db, a)
    assert shipped["stage"] == "in_transit"
    assert shipped["tracking_number"] == "LP123456785CN"
    assert shipped["tracking_url"] == "https://track.chinapost.com.cn/#/result?mailNo=LP123456785CN"

    ok(cli, db, "ship", str(a), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    corrected = detail(show, db, a)
    assert (corrected["stage"], corrected["carrier"]) == ("in_transit", "UPS")
    assert corrected["tracking_url"] == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
    assert corrected["journal"][-1]["action"] == "tracking_corrected"

    ok(cli, db, "deliver", str(a))
    delivered = detail(show, db, a)
    assert (delivered["stage"], delivered["payout"]) == ("delivered", "pending")

    ok(cli, db, "refund", str(a), "--amount", "5.00", "--reason", "scratched lid")
    case = detail(show, db, a)["cases"][-1]
    assert (case["kind"], case["status"], case["amount"]) == ("refund", "open", "5.00")
    refunds = cli("list", "--tab", "refunds", "--json", db=db).json()
    assert [row["case_id"] for row in refunds] == [case["id"]]
    ok(cli, db, "refund", "accept", str(case["id"]))
    accepted = detail(show, db, a)
    assert accepted["payment"] == "partially_refunded"
    assert accepted["money"]["refunded"] == "5.00"
    assert accepted["cases"][-1]["status"] == "accepted"

    ok(cli, db, "refund", str(a), "--amount", "USD 3", "--reason", "late")
    second = detail(show, db, a)["cases"][-1]["id"]
    ok(cli, db, "refund", "reject", str(second), "--reason", "delivered on time")
    rejected = detail(show, db, a)
    assert rejected["cases"][-1]["status"] == "rejected"
    assert rejected["money"]["refunded"] == "5.00"

    ok(cli, db, "dispute", str(a), "--reason", "not as described")
    dispute = detail(show, db, a)["cases"][-1]
    assert (dispute["kind"], dispute["status"]) == ("dispute", "open")
    assert cli("list", "--tab", "disputes", "--json", db=db).json()[0]["case_id"] == dispute["id"]
    ok(cli, db, "dispute", "resolve", str(dispute["id"]), "--lost")
    lost = detail(show, db, a)
    assert lost["cases"][-1]["status"] == "lost"
    assert (lost["payment"], lost["money"]["refunded"]) == ("refunded", "75.00")
    assert lost["money"]["net"] == "0.00"

    ok(cli, db, "message", str(a), "¡Gracias! Спасибо 谢谢")
    assert detail(show, db, a)["messages"][-1]["body"] == "¡Gracias! Спасибо 谢谢"
    assert shop.on_hand("MATE") == 8


def test_cancel_returns_stock_and_refunds_in_full(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    shop.product("MATE", 3)
    confirmed = shop.order(("MATE", 3), price=1999)
    unpaid = shop.order(("MATE", 1), paid=False)
    ok(cli, shop.path, "confirm", str(confirmed))
    assert shop.on_hand("MATE") == 0
    ok(cli, shop.path, "cancel", str(confirmed), str(unpaid), "--reason", "buyer asked")
    done = detail(show, shop.path, confirmed)
    assert (done["stage"], done["payment"], done["money"]["refunded"]) == (
        "cancelled",
        "refunded",
        "59.97",
    )
    assert done["cancel_reason"] == "buyer asked"
    assert shop.on_hand("MATE") == 3
    assert detail(show, shop.path, unpaid)["payment"] == "unpaid"


def test_unknown_carrier_takes_a_url_by_hand(cli: CliRunner, shop: Shop, show: ShowJson) -> None:
    order = shop.order()
    ok(cli, shop.path, "confirm", str(order))
    ok(
        cli,
        shop.path,
        "ship",
        str(order),
        "--carrier",
        "Moto Express",
        "--tracking",
        "ab-77",
        "--url",
        "https://moto.example/t/AB-77",
    )
    shipped = detail(show, shop.path, order)
    assert (shipped["carrier"], shipped["tracking_number"]) == ("Moto Express", "AB-77")
    assert shipped["tracking_url"] == "https://moto.example/t/AB-77"


def test_refusals_exit_1_name_the_order_and_change_nothing(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    db = shop.path
    shop.product("SCARCE", 1)
    unpaid = shop.order(("SCARCE", 1), paid=False)
    line = refused(cli, show, db, unpaid, ("confirm", str(unpaid)), "not paid")
    assert "Paid" in line

    short = shop.order(("SCARCE", 3))
    line = refused(cli, show, db, short, ("confirm", str(short)), "SCARCE", "stock")
    assert "3" in line and "1 on hand" in line
    assert shop.on_hand("SCARCE") == 1

    pending = shop.order()
    refused(cli, show, db, pending, ("cancel", str(pending), "--reason", ""), "reason")
    refused(cli, show, db, pending, ("cancel", str(pending), "--reason", "   "), "reason")

    shipped = shop.order(price=4000)
    ok(cli, db, "confirm", str(shipped))
    ok(cli, db, "ship", str(shipped), "--carrier", "DHL", "--tracking", "1234567891")
    refused(
        cli,
        show,
        db,
        shipped,
        ("cancel", str(shipped), "--reason", "too late"),
        "shipped",
        "refund",
    )

    target = shop.order()
    ok(cli, db, "confirm", str(target))
    refused(
        cli, show, db, target, ("ship", str(target), "--carrier", "UPS", "--tracking", ""), "empty"
    )
    refused(
        cli,
        show,
        db,
        target,
        ("ship", str(target), "--carrier", "China Post", "--tracking", "LP123456784CN"),
        "check digit",
    )
    refused(
        cli,
        show,
        db,
        target,
        ("ship", str(target), "--carrier", "UPS", "--tracking", "12345"),
        "not a UPS number",
    )
    refused(
        cli,
        show,
        db,
        target,
        ("ship", str(target), "--carrier", "DHL", "--tracking", "1234567890"),
        "DHL check digit",
    )

    refused(
        cli,
        show,
        db,
        shipped,
        ("refund", str(shipped), "--amount", "40.01", "--reason", "broken"),
        "above what was paid",
    )
    ok(cli, db, "refund", str(shipped), "--amount", "10", "--reason", "broken")
    case = detail(show, db, shipped)["cases"][-1]["id"]
    refused(cli, show, db, shipped, ("refund", "reject", str(case)), "reason")
    refused(
        cli,
        show,
        db,
        unpaid,
        ("refund", str(unpaid), "--amount", "1", "--reason", "x"),
        "above what was paid",
    )

    refused(cli, show, db, pending, ("message", str(pending), "x" * 1501), "1500", "1501")
    ok(cli, db, "message", str(pending), "y" * 1500)


def test_label_refusals_in_the_domain(shop: Shop, show: ShowJson) -> None:
    pending = shop.order()
    homeless = shop.order(address=False)
    shop.database.perform(fulfilment.confirm, homeless)
    for order_id, rule in ((pending, "not confirmed"), (homeless, "address incomplete")):
        before = show(shop.path, order_id)
        with pytest.raises(Refused) as refusal:
            shop.database.perform(fulfilment.label_printed, order_id)
        assert f"#{order_id}" in refusal.value.message and rule in refusal.value.message
        assert show(shop.path, order_id) == before
    assert "postal code" in str(refusal.value)


def test_undo_refused_when_another_desk_took_the_stock(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    shop.product("HOT", 2)
    mine, theirs = shop.order(("HOT", 2)), shop.order(("HOT", 2))
    ok(cli, shop.path, "confirm", str(mine))
    ok(cli, shop.path, "cancel", str(mine), "--reason", "buyer asked")
    other_desk = open_database(shop.path, actor="desk-b")
    try:
        other_desk.perform(fulfilment.confirm, theirs)
    finally:
        other_desk.close()
    assert shop.on_hand("HOT") == 0
    line = refused(cli, show, shop.path, mine, ("undo",), "cannot undo cancel", "HOT")
    assert "0 on hand" in line
    assert shop.on_hand("HOT") == 0


def test_undo_refused_when_another_desk_moved_the_order(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    order = shop.order()
    ok(cli, shop.path, "confirm", str(order))
    other_desk = open_database(shop.path, actor="desk-b")
    try:
        other_desk.perform(fulfilment.label_printed, order)
    finally:
        other_desk.close()
    refused(cli, show, shop.path, order, ("undo",), "cannot undo confirm", "changed")

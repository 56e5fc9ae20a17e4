"""Issue 14 from the command line: the exceptions of a real order day (acceptance 4–7).

Fix an address, mark a direct sale paid, change lines (a paid order's removed line is a partial
refund), hold and release. Each refusal is one line naming the order and the rule, exit 1, and
``show --json`` is the same before and after; each action is journaled with who did it.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from tests.conftest import CliRunner, DbTarget, ShowJson
from tests.core.conftest import Shop
from tests.core.test_actions_cli import detail, ok, refused


def label_refused(
    cli: CliRunner, show: ShowJson, db: DbTarget, order: int, out: Path, *rule: str
) -> None:
    """``label`` refused: exit 1, its first line names the order and the rule (the second
    says no file was written), nothing changed and no file."""
    before = show(db, order)
    result = cli("label", str(order), "--out", str(out), db=db)
    assert result.code == 1, (result.out, result.err)
    first = result.err.strip().splitlines()[0]
    assert f"#{order}" in first
    for words in rule:
        assert words in first, first
    assert "Traceback" not in result.err
    assert show(db, order) == before
    assert not out.exists()


def label_printed(cli: CliRunner, db: DbTarget, out: Path, order: int) -> None:
    """``label`` printed: exit 0, the file written; the only line on stderr says these tests'
    seller has no sender address set (the label prints all the same)."""
    result = cli("label", str(order), "--out", str(out), db=db)
    assert result.code == 0, (result.out, result.err)
    assert out.exists()
    (warning,) = result.err.strip().splitlines()
    assert "no sender address" in warning and "fill [seller] line1, city and country" in warning


def test_incomplete_address_fixed_by_edit_then_label_works(
    cli: CliRunner, shop: Shop, show: ShowJson, tmp_path: Path
) -> None:
    db = shop.path
    order = shop.order(("CASE", 1), address=False)
    ok(
        cli,
        db,
        "edit",
        str(order),
        "--ship-line1",
        "Calle Mayor 5",
        "--ship-city",
        "Madrid",
        "--ship-country",
        "es",
    )
    bad = cli("edit", str(order), "--ship-country", "Spain", db=db)
    assert bad.code == 2 and "country" in bad.err and len(bad.err.strip().splitlines()) == 1
    ok(cli, db, "confirm", str(order))
    label_refused(
        cli, show, db, order, tmp_path / "a.pdf", "ship-to address incomplete", "postal code"
    )
    out = ok(
        cli,
        db,
        "edit",
        str(order),
        "--ship-postal-code",
        "28013",
        "--buyer-phone",
        "+34 600 111 222",
    )
    assert "postal code '' → '28013'" in out
    label_printed(cli, db, tmp_path / "b.pdf", order)
    assert (tmp_path / "b.pdf").stat().st_size > 0
    shown = detail(show, db, order)
    assert shown["stage"] == "ready_to_ship"
    assert shown["ship_to"]["postal_code"] == "28013" and shown["ship_to"]["country"] == "ES"
    assert shown["buyer_phone"] == "+34 600 111 222"
    edit = [e for e in shown["journal"] if e["action"] == "edited"][-1]
    assert edit["actor"]  # who
    assert edit["before"]["order"] == {"ship_postal_code": "", "buyer_phone": ""}  # what
    assert edit["after"]["order"] == {"ship_postal_code": "28013", "buyer_phone": "+34 600 111 222"}

    ok(cli, db, "ship", str(order), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    refused(cli, show, db, order, ("edit", str(order), "--ship-city", "Bilbao"), "already shipped")


def test_manual_unpaid_order_is_refused_until_paid(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    db = shop.path
    order = shop.order(("CASE", 1), paid=False)
    refused(cli, show, db, order, ("confirm", str(order)), "not paid")
    out = ok(cli, db, "pay", str(order), "--method", "bank transfer", "--reference", "TR-991")
    assert f"#{order}" in out
    shown = detail(show, db, order)
    assert (shown["payment"], shown["paid_method"], shown["paid_reference"]) == (
        "paid",
        "bank transfer",
        "TR-991",
    )
    refused(cli, show, db, order, ("pay", str(order)), "already paid")
    ok(cli, db, "confirm", str(order))
    assert detail(show, db, order)["stage"] == "confirmed"


def test_marketplace_orders_are_not_marked_paid_by_hand(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    from orderdesk.domain.intake import LineDraft, OrderDraft, create_order

    db = shop.path
    order = shop.database.perform(
        create_order,
        OrderDraft(
            buyer_name="Ana",
            currency="USD",
            channel="shopify",
            external_id="#1001",
            lines=[LineDraft("CASE", "Case", 1, 999)],
        ),
    ).order_id
    refused(cli, show, db, order, ("pay", str(order)), "shopify", "import")


def test_removing_a_line_of_a_paid_order_records_the_partial_refund(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    db = shop.path
    ok(cli, db, "stock", "set", "SUB", "--title", "Substitute mug", "--on-hand", "4")
    order = shop.order(("MATE", 2), ("BOMB", 1), price=1500)  # paid USD 45.00
    before = detail(show, db, order)["money"]
    assert (before["total"], before["net"]) == ("45.00", "45.00")

    out = ok(cli, db, "lines", str(order), "--remove", "BOMB")
    assert "15.00" in out and "refunded" in out
    shown = detail(show, db, order)
    assert shown["payment"] == "partially_refunded"
    assert [(li["sku"], li["quantity"]) for li in shown["lines"]] == [("MATE", 2)]
    money = shown["money"]
    assert (money["subtotal"], money["total"], money["refunded"], money["net"]) == (
        "30.00",
        "45.00",
        "15.00",
        "30.00",
    )

    ok(cli, db, "lines", str(order), "--set", "MATE", "1", "--swap", "MATE", "SUB")
    shown = detail(show, db, order)
    assert [(li["sku"], li["title"], li["quantity"]) for li in shown["lines"]] == [
        ("SUB", "Substitute mug", 1)
    ]
    assert (shown["money"]["refunded"], shown["money"]["net"]) == ("30.00", "15.00")
    refused(
        cli,
        show,
        db,
        order,
        ("lines", str(order), "--set", "SUB", "5"),
        "cannot be worth more than was paid",
    )
    refused(cli, show, db, order, ("lines", str(order), "--remove", "SUB"), "at least one line")

    ok(cli, db, "undo")
    shown = detail(show, db, order)
    assert [(li["sku"], li["quantity"]) for li in shown["lines"]] == [("MATE", 2)]
    assert shown["money"]["net"] == "30.00"


def test_lines_of_an_unpaid_order_recompute_its_total(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    db = shop.path
    order = shop.order(("MATE", 1), paid=False, price=1000)
    ok(cli, db, "lines", str(order), "--set", "MATE", "3", "--set", "YERBA", "2", "4.50")
    money = detail(show, db, order)["money"]
    assert (money["subtotal"], money["total"], money["refunded"]) == ("39.00", "39.00", "0.00")
    bad = cli("lines", str(order), "--set", "NEW", "1", db=db)
    assert bad.code == 2 and "give its price" in bad.err
    confirmed = shop.order(("MATE", 1))
    ok(cli, db, "confirm", str(confirmed))
    refused(
        cli,
        show,
        db,
        confirmed,
        ("lines", str(confirmed), "--remove", "MATE"),
        "before the order is confirmed",
    )


def test_a_hold_blocks_confirm_and_label_until_released_or_its_date(
    cli: CliRunner, shop: Shop, show: ShowJson, tmp_path: Path
) -> None:
    db = shop.path
    order = shop.order(("CASE", 1))
    out = ok(cli, db, "hold", str(order), "--reason", "waiting for restock")
    assert "on hold (waiting for restock)" in out
    listed = {row["id"]: row for row in cli("list", "--json", db=db).json()}
    assert listed[order]["hold"] == {"reason": "waiting for restock", "until": None, "active": True}
    refused(
        cli, show, db, order, ("confirm", str(order)), "on hold (waiting for restock)", "release it"
    )
    ok(cli, db, "release", str(order))
    ok(cli, db, "confirm", str(order))
    ok(cli, db, "hold", str(order), "--reason", "buyer's answer on colour")
    label_refused(cli, show, db, order, tmp_path / "l.pdf", "on hold", "buyer's answer")
    assert json.loads(show(db, order))["hold"]["reason"] == "buyer's answer on colour"
    ok(cli, db, "release", str(order))
    refused(cli, show, db, order, ("release", str(order)), "not on hold")
    label_printed(cli, db, tmp_path / "l.pdf", order)

    bad = cli("hold", str(order), "--reason", "x", "--until", "someday", db=db)
    assert bad.code == 2 and "--until" in bad.err


def test_a_dated_hold_lifts_by_itself_on_the_date(shop: Shop) -> None:
    from orderdesk.domain import amendments, fulfilment
    from orderdesk.domain.errors import Refused
    from orderdesk.store import open_database

    order = shop.order(("CASE", 1))
    now = shop.database.clock()
    shop.database.perform(amendments.hold, order, "buyer's answer", now + timedelta(days=2))
    try:
        shop.database.perform(fulfilment.confirm, order)
    except Refused as refusal:
        assert "until" in refusal.message
    else:
        raise AssertionError("a held order was confirmed")
    later = open_database(shop.path, clock=lambda: now + timedelta(days=2, seconds=1))
    try:
        with later.reader() as reader:
            from orderdesk.store.queries import list_rows

            row = list_rows(reader, None, now=later.clock())[0]
        assert row["hold"] is not None and row["hold"]["active"] is False
        assert later.perform(fulfilment.confirm, order).action == "confirm"
    finally:
        later.close()

"""Issue 16, merge: orders of one buyer to one address leave as one shipment (from outside).

Acceptance 3: two orders of one buyer merged give one label (read back with pdftotext, its
barcode decoded by zbarimg at 203 dpi) and the same tracking on both in ``show --json``; an
order to another address is refused with the reason. Plus every refusal reason, undo of the
whole merge (and of the merged shipment) in one step, and the undo of a confirm on an order
packed since (a bug: it left the order pending and packed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from orderdesk.domain import packing
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.store import open_database
from tests.conftest import CliRunner
from tests.core.conftest import Shop
from tests.documents.conftest import pdf_info, pdf_text, scan

MADRID = {
    "ship_line1": "Calle de Alcalá 42, 3º B",
    "ship_city": "Madrid",
    "ship_region": "Madrid",
    "ship_postal_code": "28014",
    "ship_country": "ES",
}


def add(shop: Shop, channel: str, external: str, sku: str, qty: int, **fields: Any) -> int:
    values: dict[str, Any] = {
        "buyer_name": "Begoña Sáez",
        "buyer_email": "begona@example.com",
        "currency": "EUR",
        "paid": True,
        "channel": channel,
        "external_id": external,
        "lines": [LineDraft(sku, f"Item {sku}", qty, 1250)],
        **MADRID,
    }
    values.update(fields)
    return shop.database.perform(create_order, OrderDraft(**values)).order_id


def show(cli: CliRunner, shop: Shop, order: int) -> dict[str, Any]:
    result = cli("show", str(order), "--json", db=shop.path)
    assert result.code == 0, result.err
    data: dict[str, Any] = result.json()
    return data


def ok(cli: CliRunner, shop: Shop, *args: str) -> str:
    result = cli(*args, db=shop.path)
    assert result.code == 0, result.err
    return result.out


def test_two_orders_of_one_buyer_merged_one_label_one_tracking(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    a = add(shop, "shopify", "#1017", "MATE", 1)
    # the same buyer on another channel, the address typed differently (case, accents, spaces)
    b = add(
        shop,
        "amazon",
        "171-5550001-0000001",
        "YERBA",
        2,
        buyer_name="BEGOÑA SAEZ",
        buyer_email="x7k2@marketplace.amazon.es",
        ship_line1="calle de alcala  42, 3º b",
        ship_city="MADRID ",
        ship_postal_code="28 014",
    )
    elsewhere = add(shop, "manual", "", "BOMBILLA", 1, ship_city="Barcelona")

    refused = cli("merge", str(a), str(elsewhere), db=shop.path)
    assert refused.code == 1
    assert refused.err.strip() == (
        f"orderdesk: order #{elsewhere}: cannot merge with #{a}: "
        "different address (city 'Barcelona', not 'Madrid')"
    )
    assert show(cli, shop, a)["merged_with"] == show(cli, shop, elsewhere)["merged_with"] == []

    out = ok(cli, shop, "merge", str(a), str(b))
    assert f"#{a}, #{b} merged" in out
    assert show(cli, shop, a)["merged_with"] == [b]
    assert show(cli, shop, b)["merged_with"] == [a]
    assert f"one shipment with #{a}" in ok(cli, shop, "show", str(b))
    slip = tmp_path / "slip.pdf"
    assert "1 packing slip written" in ok(cli, shop, "packing-slip", str(a), str(b),
                                          "--out", str(slip))  # fmt: skip
    assert pdf_info(slip)["Pages"] == "1"
    slip_text = pdf_text(slip)
    assert f"Item MATE · #{a}" in slip_text and f"Item YERBA · #{b}" in slip_text

    ok(cli, shop, "confirm", str(a), str(b))
    label = tmp_path / "merged.pdf"
    out = ok(cli, shop, "label", str(b), "--out", str(label))  # either order: the same label
    assert out.startswith("1 label for 2 orders written to")
    assert pdf_info(label)["Pages"] == "1"
    text = pdf_text(label)
    assert text.count("Begoña Sáez") == 1  # the recipient once
    assert "MATE × 1" in text and "YERBA × 2" in text  # the items of both orders
    assert f"#1017 + #{b}" in text
    assert f"CODE-128:#{a}" in scan(label)  # before tracking: the desk reference
    assert {show(cli, shop, o)["stage"] for o in (a, b)} == {"ready_to_ship"}

    out = ok(cli, shop, "ship", str(b), "--carrier", "China Post", "--tracking", "LP123456785CN")
    assert f"the same tracking on merged order #{a}" in out and "warning" not in out
    for order in (a, b):
        data = show(cli, shop, order)
        assert (data["stage"], data["tracking_number"]) == ("in_transit", "LP123456785CN")
        assert [s["tracking_number"] for s in data["shipments"]] == ["LP123456785CN"]
        assert data["shipments"][0]["merged_with"] == a  # the group, on each shipment
    reprint = tmp_path / "reprint.pdf"
    ok(cli, shop, "label", str(a), "--out", str(reprint))
    assert pdf_info(reprint)["Pages"] == "1"
    assert "CODE-128:LP123456785CN" in scan(reprint)  # the shared tracking, read at 203 dpi


def test_each_order_that_cannot_merge_says_why_and_nothing_changes(
    cli: CliRunner, shop: Shop
) -> None:
    a = add(shop, "shopify", "#1", "MATE", 1)
    cases = {
        add(shop, "mercadolibre", "2000001", "MATE", 1): (
            "Mercado Libre ships it under its own label (Mercado Envíos)"
        ),
        add(shop, "manual", "", "MATE", 1, paid=False): "not paid",
        add(shop, "manual", "", "MATE", 1, buyer_name="Otro", buyer_email="o@example.com"): (
            "another buyer (Otro)"
        ),
        add(shop, "manual", "", "MATE", 1, ship_postal_code="28015"): (
            "different address (postal code '28015', not '28014')"
        ),
    }
    held = add(shop, "manual", "", "MATE", 1)
    ok(cli, shop, "hold", str(held), "--reason", "restock")
    cases[held] = "on hold (restock)"
    cancelled = add(shop, "manual", "", "MATE", 1)
    ok(cli, shop, "cancel", str(cancelled), "--reason", "buyer asked")
    cases[cancelled] = "cancelled"
    shipped = add(shop, "manual", "", "MATE", 1)
    ok(cli, shop, "confirm", str(shipped))
    ok(cli, shop, "ship", str(shipped), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    cases[shipped] = "already shipped"
    before = {o: show(cli, shop, o) for o in (a, *cases)}
    for order, reason in cases.items():
        result = cli("merge", str(a), str(order), db=shop.path)
        assert result.code == 1, result.out
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"orderdesk: order #{order}: cannot merge with #{a}: {reason}"
        ), lines
        assert "Traceback" not in result.err
    assert {o: show(cli, shop, o) for o in before} == before  # nothing changed

    alone = cli("merge", str(a), f"#{a}", db=shop.path)
    assert alone.code == 2 and "two orders or more" in alone.err
    unknown = cli("merge", str(a), "99999", db=shop.path)
    assert unknown.code == 2 and "99999" in unknown.err
    # the order named first is judged too
    first = cli("merge", str(cancelled), str(a), db=shop.path)
    assert first.err.strip() == f"orderdesk: order #{cancelled}: cannot merge: cancelled"


def test_one_undo_reverses_a_whole_merge_and_a_whole_merged_shipment(
    cli: CliRunner, shop: Shop
) -> None:
    a, b, c = (add(shop, "shopify", f"#{n}", "MATE", 1) for n in (1, 2, 3))
    ok(cli, shop, "merge", str(a), str(b))
    ok(cli, shop, "merge", str(c), str(b))  # joins the group already made
    assert show(cli, shop, a)["merged_with"] == [b, c]
    again = cli("merge", str(a), str(c), db=shop.path)
    assert again.code == 1 and "already merged" in again.err

    ok(cli, shop, "confirm", str(a), str(b), str(c))
    ok(cli, shop, "ship", str(a), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    assert {show(cli, shop, o)["stage"] for o in (a, b, c)} == {"in_transit"}
    part = cli("ship", str(a), "--lines", "MATE:1", "--carrier", "UPS", "--tracking", "1Z1",
               db=shop.path)  # fmt: skip
    assert part.code == 1 and "--lines cannot split it" in part.err

    undone = ok(cli, shop, "undo")  # the shipment of all three, at once
    assert f"orders #{a}, #{b}, #{c}" in undone
    for order in (a, b, c):
        data = show(cli, shop, order)
        assert (data["stage"], data["tracking_number"], data["shipments"]) == (
            "confirmed",
            "",
            [],
        )
    for order in (c, b, a):  # the three confirms, the last one first
        assert f"order #{order}" in ok(cli, shop, "undo")
    ok(cli, shop, "undo")  # the second merge: #3 leaves, #1 and #2 stay merged
    assert show(cli, shop, a)["merged_with"] == [b]
    assert show(cli, shop, c)["merged_with"] == []
    ok(cli, shop, "undo")  # the first merge: both entries at once
    assert show(cli, shop, a)["merged_with"] == show(cli, shop, b)["merged_with"] == []
    journal = [j["action"] for j in show(cli, shop, a)["journal"]]
    assert journal.count("merged") == 1 and journal[-1] == "undo"


def test_undo_of_confirm_refused_once_another_desk_packed_the_order(
    cli: CliRunner, shop: Shop
) -> None:
    order = add(shop, "manual", "", "MATE", 1)
    assert cli("confirm", str(order), db=shop.path, env={"ORDERDESK_USER": "ana"}).code == 0
    station = open_database(shop.path, actor="packer@station")
    try:
        station.perform(packing.pack, order)
    finally:
        station.close()
    undone = cli("undo", db=shop.path, env={"ORDERDESK_USER": "ana"})
    assert undone.code == 1
    assert "packed since" in undone.err and f"#{order}" in undone.err
    row = shop.row(order)
    assert (row["stage"], row["packed_at"] is not None) == ("confirmed", True)

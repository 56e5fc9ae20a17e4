"""Issue 16: an order in several shipments, a shipment in several parcels (from outside)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, DbTarget
from tests.core.conftest import Shop


def ok(cli: CliRunner, db: DbTarget, *args: str) -> str:
    result = cli(*args, db=db)
    assert result.code == 0, result.err
    return result.out


def detail(cli: CliRunner, db: DbTarget, ref: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, db, "show", str(ref), "--json"))
    return data


def test_three_lines_in_two_shipments_partly_shipped_then_in_transit(
    cli: CliRunner, shop: Shop
) -> None:
    shop.product("MATE", 10)
    a = shop.order(("MATE", 2), ("BOMBILLA", 1), ("YERBA", 3))
    db = shop.path
    ok(cli, db, "confirm", str(a))

    out = ok(
        cli,
        db,
        "ship",
        str(a),
        "--lines",
        "MATE:2",
        "BOMBILLA",
        "--carrier",
        "UPS",
        "--tracking",
        "1Z999AA10123456784",
    )
    assert "partly shipped" in out
    first = detail(cli, db, a)
    assert (first["stage"], first["partly_shipped"]) == ("confirmed", True)
    assert [s["lines"] for s in first["shipments"]] == [{"MATE": 2, "BOMBILLA": 1}]

    ok(cli, db, "ship", str(a), "--lines", "YERBA:3", "--carrier", "China Post", "--tracking",
       "LP123456785CN")  # fmt: skip
    done = detail(cli, db, a)
    assert (done["stage"], done["partly_shipped"]) == ("in_transit", False)
    assert [s["tracking_number"] for s in done["shipments"]] == [
        "1Z999AA10123456784",
        "LP123456785CN",
    ]
    assert all(s["confirmed"] is False and len(s["parcels"]) == 1 for s in done["shipments"])
    actions = [(j["action"], j["summary"]) for j in done["journal"]]
    assert [a for a, _ in actions][-2:] == ["shipped_part", "ship"]
    assert "1Z999AA10123456784" in actions[-2][1] and "LP123456785CN" in actions[-1][1]

    # undo the second shipment: partly shipped again, one shipment left
    ok(cli, db, "undo")
    back = detail(cli, db, a)
    assert (back["stage"], back["partly_shipped"], len(back["shipments"])) == (
        "confirmed",
        True,
        1,
    )


def test_ship_refusals_name_the_order_and_change_nothing(cli: CliRunner, shop: Shop) -> None:
    a = shop.order(("MATE", 2))
    db = shop.path
    ok(cli, db, "confirm", str(a))
    before = detail(cli, db, a)
    unknown = cli("ship", str(a), "--lines", "NOPE:1", "--carrier", "UPS", "--tracking",
                  "1Z999AA10123456784", db=db)  # fmt: skip
    assert unknown.code == 2 and f"#{a}" in unknown.err and "NOPE" in unknown.err
    too_many = cli("ship", str(a), "--lines", "MATE:3", "--carrier", "UPS", "--tracking",
                   "1Z999AA10123456784", db=db)  # fmt: skip
    assert too_many.code == 1 and "MATE: 3 to ship, 2 left to ship" in too_many.err
    assert "Traceback" not in unknown.err + too_many.err
    no_shipment = cli("parcels", str(a), "--count", "2", db=db)
    assert no_shipment.code == 1 and f"#{a}" in no_shipment.err
    assert detail(cli, db, a) == before


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg not installed")
def test_three_parcels_print_three_labels_marked_and_decodable(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    a = shop.order(("MATE", 2))
    db = shop.path
    ok(cli, db, "confirm", str(a))
    ok(cli, db, "ship", str(a), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    ok(cli, db, "parcels", str(a), "--count", "3", "--weight-g", "500", "700", "900")
    shipment = detail(cli, db, a)["shipments"][0]
    assert [p["weight_g"] for p in shipment["parcels"]] == [500, 700, 900]

    pdf = tmp_path / "labels.pdf"
    assert "3 labels" in ok(cli, db, "label", str(a), "--out", str(pdf))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Pages:           3" in info and "288 x 432 pts" in info
    for page, mark in enumerate(("1/3", "2/3", "3/3"), start=1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
        ).stdout
        assert mark in text, text
        png = tmp_path / f"page{page}"
        subprocess.run(
            ["pdftoppm", "-r", "203", "-f", str(page), "-l", str(page), "-png", "-singlefile",
             str(pdf), str(png)],
            check=True,
        )  # fmt: skip
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", "-Scode128.enable", f"{png}.png"],
            capture_output=True,
            text=True,
        ).stdout
        assert "1Z999AA10123456784" in decoded.split()

    ok(cli, db, "undo")  # the label printed, recorded as a reprint: not undoable; parcels is
    assert len(detail(cli, db, a)["shipments"][0]["parcels"]) == 1


GENUINE = Path(__file__).parents[1] / "exchange" / "genuine"
#: The heading row of Amazon's template, as rebuilt in the genuine fixture (see its README).
AMAZON_TEMPLATE_HEADER = (
    (GENUINE / "amazon" / "shipping_confirmation.txt").read_bytes().decode().split("\r\n")[0]
)


def test_amazon_confirmations_once_per_shipped_item(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    db = shop.path
    ok(cli, db, "import", str(GENUINE / "amazon" / "unshipped_orders.txt"))
    first = "203-5550001-0000001"
    ok(cli, db, "confirm", first)
    ok(cli, db, "ship", first, "--carrier", "Royal Mail", "--tracking", "AB123456785GB")
    out = tmp_path / "confirm.txt"
    said = ok(cli, db, "confirmations", "--channel", "amazon", "--out", str(out))
    assert "1 shipment" in said
    raw = out.read_bytes().decode("utf-8")
    rows = [line.split("\t") for line in raw.split("\r\n") if line]
    assert "\t".join(rows[0]) == AMAZON_TEMPLATE_HEADER
    assert all(len(row) == 18 for row in rows)
    assert [row[:8] for row in rows[1:]] == [
        [first, "01234567890123", "1", rows[1][3], "Royal Mail", "", "AB123456785GB",
         "Royal Mail Standard"]
    ]  # fmt: skip
    assert detail(cli, db, 1)["shipments"][0]["confirmed"] is True

    again = tmp_path / "again.txt"
    second = cli("confirmations", "--channel", "amazon", "--out", str(again), db=db)
    assert second.code == 0 and "nothing written" in second.out and not again.exists()

    ok(cli, db, "undo")  # the marketplace was not told after all: written again next time
    assert detail(cli, db, 1)["shipments"][0]["confirmed"] is False
    ok(cli, db, "confirmations", "--channel", "amazon", "--out", str(again))
    assert len(again.read_text().splitlines()) == 2

    ml = cli("confirmations", "--channel", "mercadolibre", "--out", str(again), db=db)
    assert ml.code == 2 and "Mercado Libre takes no upload" in ml.err


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg not installed")
def test_manifest_lists_the_days_parcels_with_decodable_barcodes(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    db = shop.path
    a, b = shop.order(("MATE", 1)), shop.order(("MATE", 2))
    for ref, number in ((a, "1Z999AA10123456784"), (b, "1Z999AA10000000015")):
        ok(cli, db, "confirm", str(ref))
        ok(cli, db, "ship", str(ref), "--carrier", "UPS", "--tracking", number)
    ok(cli, db, "parcels", str(b), "--count", "2", "--weight-g", "400", "600")
    pdf = tmp_path / "manifest.pdf"
    said = ok(cli, db, "manifest", "--carrier", "UPS", "--out", str(pdf))
    assert "3 parcels handed over" in said
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout  # fmt: skip
    assert "3 parcels · 2 shipments · total 1.000 kg" in text and "signature" in text
    subprocess.run(["pdftoppm", "-r", "203", "-png", str(pdf), str(tmp_path / "m")], check=True)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", *map(str, sorted(tmp_path.glob("m*.png")))],
        capture_output=True,
        text=True,
    ).stdout.split()
    # zbarimg reports a symbol once per image, however often it is on the page
    assert set(decoded) == {"1Z999AA10123456784", "1Z999AA10000000015"}
    assert "1/2" in text and "2/2" in text
    assert all(p["handed_over"] for p in detail(cli, db, b)["shipments"][0]["parcels"])
    again = cli("manifest", "--carrier", "UPS", "--out", str(tmp_path / "x.pdf"), db=db)
    assert again.code == 0 and "nothing written" in again.out


FIXTURES = Path(__file__).parents[1] / "fixtures" / "confirmations"


def test_ebay_tracking_upload_once_per_shipped_line(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    import csv

    db = shop.path
    ok(cli, db, "import", str(GENUINE / "ebay" / "OrdersReport-Oct-02-2026.csv"))
    ok(cli, db, "import", str(GENUINE / "amazon" / "unshipped_orders.txt"))
    ebay, amazon = "12-33333-44444", "203-5550001-0000001"
    for ref, carrier, number in (
        (ebay, "Deutsche Post", "RR123456785DE"),
        (amazon, "Royal Mail", "AB123456785GB"),
    ):
        ok(cli, db, "confirm", ref)
        ok(cli, db, "ship", ref, "--carrier", carrier, "--tracking", number)
    with (FIXTURES / "ebay_tracking_upload.csv").open(newline="", encoding="utf-8") as f:
        genuine = list(csv.reader(f))

    out = tmp_path / "ebay.csv"
    said = ok(cli, db, "confirmations", "--channel", "ebay", "--out", str(out))
    assert "1 shipment of 1 ebay order confirmed (2 items)" in said
    assert b"\r\n" in out.read_bytes()
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[:2] == genuine[:2]  # the #INFO line and the heading row
    assert rows[2:] == [
        ["Shipped", ebay, "316000000002", "Vintage postcard, Paris 1930", "PC-PAR",
         "2100000002", "DeutschePost", "RR123456785DE"],
        ["Shipped", ebay, "316000000003", "Stamp album", "ALB-1", "2100000003",
         "DeutschePost", "RR123456785DE"],
    ]  # fmt: skip
    shown = json.loads(ok(cli, db, "show", ebay, "--json"))
    assert [s["confirmed"] for s in shown["shipments"]] == [True]
    amazon_still = json.loads(ok(cli, db, "show", amazon, "--json"))
    assert [s["confirmed"] for s in amazon_still["shipments"]] == [False]  # its own channel

    again = tmp_path / "again.csv"
    second = cli("confirmations", "--channel", "ebay", "--out", str(again), db=db)
    assert second.code == 0 and "nothing written" in second.out and not again.exists()


def test_ebay_line_without_item_number_refused_naming_the_order(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    db = shop.path
    ok(cli, db, "import", str(GENUINE / "ebay" / "OrdersReport-Oct-02-2026.csv"))
    ebay = "12-33333-44444"
    ok(cli, db, "confirm", ebay)
    ok(cli, db, "ship", ebay, "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    from sqlalchemy import text

    with shop.database.write() as connection:  # a line typed in by hand: no eBay ids
        connection.execute(text("UPDATE lines SET item_id = '' WHERE sku = 'ALB-1'"))
    out = tmp_path / "ebay.csv"
    result = cli("confirmations", "--channel", "ebay", "--out", str(out), db=db)
    assert result.code == 2 and not out.exists()
    (line,) = result.err.strip().splitlines()
    assert f"order {ebay}: line 'ALB-1' has no eBay Item Number" in line
    shown = json.loads(ok(cli, db, "show", ebay, "--json"))
    assert [s["confirmed"] for s in shown["shipments"]] == [False]


@pytest.mark.parametrize(
    ("channel", "why"),
    [
        ("mercadolibre", "Mercado Libre takes no upload file"),
        ("shopify", "Shopify's admin takes no tracking upload file"),
        ("etsy", "Etsy takes no tracking upload file"),
        (
            "wish",
            "OrderDesk has no genuine Wish upload template, so it does not guess one: add the "
            "tracking in Wish's Merchant Dashboard (the orders are marked shipped in OrderDesk)",
        ),
        (
            "aliexpress",
            "OrderDesk has no genuine AliExpress upload template, so it does not guess one: add "
            "the tracking in AliExpress's Seller Center (the orders are marked shipped in "
            "OrderDesk)",
        ),
    ],
)
def test_channels_without_upload_refuse_and_say_where_to_copy(
    cli: CliRunner, shop: Shop, tmp_path: Path, channel: str, why: str
) -> None:
    out = tmp_path / "none.csv"
    result = cli("confirmations", "--channel", channel, "--out", str(out), db=shop.path)
    assert result.code == 2 and not out.exists()
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and why in lines[0]
    assert "y on its row" in lines[0] and "detail" in lines[0]

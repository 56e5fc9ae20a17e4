"""Issue 16, returns: an accepted return gets an RMA and a return label (buyer → seller);
receiving the parcel restocks once, and undo puts it back (from outside, on each engine)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, need_tool
from tests.core.conftest import Shop

SELLER = """[seller]
name = "Tienda Ñandú"
line1 = "Av. Siempreviva 742"
city = "Montevideo"
postal_code = "11200"
country = "UY"
"""


@pytest.fixture
def seller(home: Path) -> Path:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(SELLER, encoding="utf-8")
    return home


def ok(cli: Any, db: Any, *args: str) -> str:
    result = cli(*args, db=db)
    assert result.code == 0, result.err
    return str(result.out)


def detail(cli: Any, db: Any, ref: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli, db, "show", str(ref), "--json"))
    return data


def shipped_return(cli: Any, shop: Any) -> tuple[int, int]:
    """A shipped order of 2 MATE + 1 YERBA (both tracked) with an open return case."""
    shop.product("MATE", 10)
    shop.product("YERBA", 5)
    order = shop.order(("MATE", 2), ("YERBA", 1))
    db = shop.path
    ok(cli, db, "confirm", str(order))
    ok(cli, db, "ship", str(order), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    out = ok(cli, db, "refund", str(order), "--amount", "10", "--reason", "wrong size", "--return")
    case = int(re.search(r"case (\d+)", out).group(1))  # type: ignore[union-attr]
    return order, case


def stock(cli: Any, db: Any) -> dict[str, int]:
    rows = json.loads(ok(cli, db, "stock", "list", "--json"))
    return {row["sku"]: row["on_hand"] for row in rows}


def test_accepted_return_label_names_buyer_as_sender_and_seller_as_recipient(
    cli: CliRunner, shop: Shop, seller: Any, tmp_path: Path
) -> None:
    need_tool("pdftotext", "pdftoppm", "zbarimg")
    order, case = shipped_return(cli, shop)
    db = shop.path
    accepted = ok(cli, db, "refund", "accept", str(case))
    rma = re.search(r"RMA\d{6}", accepted).group(0)  # type: ignore[union-attr]
    assert "restocked when received" in accepted
    assert stock(cli, db) == {"MATE": 8, "YERBA": 4}  # accepting moves no stock yet

    shown = detail(cli, db, order)["cases"][0]
    assert (shown["status"], shown["rma"], shown["received"]) == ("accepted", rma, False)

    pdf = tmp_path / "return.pdf"
    out = ok(cli, db, "return-label", str(case), "--out", str(pdf))
    assert rma in out and str(pdf) in out
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    sender = text.index("RETURN FROM")
    recipient = text.index("RETURN TO")
    assert sender < text.index("Lucía Núñez") < recipient  # the buyer sends it
    assert text.index("AV. CORRIENTES 1234") < recipient  # Argentina: the street in capitals
    assert recipient < text.index("Tienda Ñandú")  # to the seller
    assert recipient < text.index("Av. Siempreviva 742")
    assert "11200 MONTEVIDEO" in text[recipient:] and "URUGUAY" in text[recipient:]
    assert f"Return authorisation {rma}" in text
    assert "MATE × 2" in text and "YERBA × 1" in text
    pdftoppm = ["pdftoppm", "-r", "203", "-gray", "-singlefile", str(pdf), str(tmp_path / "p")]
    subprocess.run(pdftoppm, check=True)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--nodbus", str(tmp_path / "p.pgm")], capture_output=True, text=True
    )
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.split() == [f"CODE-128:{rma}"]

    a4 = tmp_path / "return-a4.pdf"
    ok(cli, db, "return-label", str(case), "--out", str(a4), "--size", "a4")
    info = subprocess.run(["pdfinfo", str(a4)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89" in info  # A4 points
    assert rma in subprocess.run(["pdftotext", str(a4), "-"], capture_output=True, text=True).stdout


def test_receiving_the_return_restocks_once_and_undo_takes_it_back(
    cli: CliRunner, shop: Shop
) -> None:
    order, case = shipped_return(cli, shop)
    db = shop.path
    ok(cli, db, "refund", "accept", str(case))
    assert stock(cli, db) == {"MATE": 8, "YERBA": 4}

    out = ok(cli, db, "return-received", str(case))
    assert "3 units back in stock" in out
    assert stock(cli, db) == {"MATE": 10, "YERBA": 5}
    after = detail(cli, db, order)
    assert after["cases"][0]["received"] is True and after["cases"][0]["received_at"]
    entry = after["journal"][-1]
    assert (entry["action"], entry["stock"]) == ("return_received", {"MATE": 2, "YERBA": 1})
    card = ok(cli, db, "show", str(order))  # for people: the RMA and that it came back
    assert "RMA" in card and "received" in card

    twice = cli("return-received", str(case), db=db)
    assert twice.code == 1
    assert twice.err.strip().count("\n") == 0 and f"case {case}" in twice.err
    assert "already received" in twice.err and "Traceback" not in twice.err
    assert stock(cli, db) == {"MATE": 10, "YERBA": 5}

    assert "Undid return received" in ok(cli, db, "undo")
    assert stock(cli, db) == {"MATE": 8, "YERBA": 4}
    assert detail(cli, db, order)["cases"][0]["received"] is False
    ok(cli, db, "return-received", str(case))  # received again once undone
    assert stock(cli, db) == {"MATE": 10, "YERBA": 5}


def test_undoing_the_accept_takes_the_rma_away_and_never_hands_it_out_again(
    cli: CliRunner, shop: Shop
) -> None:
    order, case = shipped_return(cli, shop)
    db = shop.path
    first = re.search(r"RMA\d{6}", ok(cli, db, "refund", "accept", str(case))).group(0)  # type: ignore[union-attr]
    ok(cli, db, "undo")
    back = detail(cli, db, order)["cases"][0]
    assert (back["status"], back["rma"]) == ("open", None)
    refused = cli("return-label", str(case), db=db)
    assert refused.code == 2 and "not accepted yet" in refused.err
    second = re.search(r"RMA\d{6}", ok(cli, db, "refund", "accept", str(case))).group(0)  # type: ignore[union-attr]
    assert int(second[3:]) > int(first[3:])  # the undone number stays spent


def test_return_label_refuses_what_is_not_an_accepted_return(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    order, case = shipped_return(cli, shop)
    db = shop.path
    refund_out = ok(cli, db, "refund", str(order), "--amount", "1", "--reason", "scratch")
    refund = int(re.search(r"case (\d+)", refund_out).group(1))  # type: ignore[union-attr]
    before = detail(cli, db, order)
    pdf = tmp_path / "r.pdf"
    for target, why in (
        (case, "not accepted yet"),
        (refund, "it is a refund, not a return"),
    ):
        result = cli("return-label", str(target), "--out", str(pdf), db=db)
        assert result.code == 2, result.err
        line = result.err.strip()
        assert "\n" not in line and f"case {target} on order #{order}" in line and why in line
        assert "Traceback" not in result.err
    ok(cli, db, "refund", "reject", str(case), "--reason", "used item")
    rejected = cli("return-label", str(case), "--out", str(pdf), db=db)
    assert rejected.code == 2 and "the return was rejected" in rejected.err
    nothing = cli("return-label", "999", "--out", str(pdf), db=db)
    assert nothing.code == 2 and "case 999: no such case" in nothing.err
    not_received = cli("return-received", str(refund), db=db)
    assert not_received.code == 1 and "not a return" in not_received.err
    assert not pdf.exists()
    after = detail(cli, db, order)
    assert after["journal"][: len(before["journal"])] == before["journal"]
    assert stock(cli, db) == {"MATE": 8, "YERBA": 4}

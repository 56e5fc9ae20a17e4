"""The seller's own address on labels, from outside (each engine): with no ``[seller]`` address a
return label is refused in one line naming the settings to fill (exit 2, no file, no journal
entry, the case unchanged); a shipping label still prints, with one warning line naming them."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import CliRunner, need_tool
from tests.core.conftest import Shop

SELLER = """[seller]
name = "Tienda Ñandú"
line1 = "Av. Rivadavia 5000"
city = "Buenos Aires"
postal_code = "C1424"
country = "AR"
"""  # the buyers' country too: no customs form


def ok(cli: Any, db: Any, *args: str) -> Any:
    result = cli(*args, db=db)
    assert result.code == 0, result.err
    return result


def settings_file(home: Path, text: str) -> Path:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    path = config / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def accepted_return(cli: Any, shop: Shop) -> tuple[int, int]:
    order = shop.order(("MATE", 1))
    db = shop.path
    ok(cli, db, "confirm", str(order))
    ok(cli, db, "ship", str(order), "--carrier", "UPS", "--tracking", "1Z999AA10123456784")
    out = ok(cli, db, "refund", str(order), "--amount", "5", "--reason", "too small", "--return")
    case = int(re.search(r"case (\d+)", out.out).group(1))  # type: ignore[union-attr]
    ok(cli, db, "refund", "accept", str(case))
    return order, case


def test_a_return_label_without_the_sellers_address_is_refused_naming_the_settings(
    cli: CliRunner, shop: Shop, home: Path, tmp_path: Path
) -> None:
    config = settings_file(home, '[seller]\nname = "Tienda Ñandú"\ncity = "Buenos Aires"\n')
    order, case = accepted_return(cli, shop)
    db = shop.path
    before = json.loads(ok(cli, db, "show", str(order), "--json").out)
    pdf = tmp_path / "return.pdf"
    result = cli("return-label", str(case), "--out", str(pdf), db=db)
    assert result.code == 2, result.err
    assert result.err.strip() == (
        f"orderdesk: case {case} on order #{order}: no return label: the seller's return "
        f"address is not set: fill [seller] line1 and country in {config}"
    )
    assert "Traceback" not in result.err and result.out == ""
    assert not pdf.exists() and not list(tmp_path.glob("*.pdf"))
    after = json.loads(ok(cli, db, "show", str(order), "--json").out)
    assert after == before  # no journal entry, the case and the stage as they were

    settings_file(home, SELLER)  # filled in: the label prints
    ok(cli, db, "return-label", str(case), "--out", str(pdf))
    assert pdf.exists()


def test_a_shipping_label_without_a_sender_address_prints_with_a_warning(
    cli: CliRunner, shop: Shop, home: Path, tmp_path: Path
) -> None:
    need_tool("pdftotext")
    db = shop.path
    first, second = shop.order(("MATE", 1)), shop.order(("YERBA", 1))
    ok(cli, db, "confirm", str(first), str(second))
    pdf = tmp_path / "label.pdf"
    result = ok(cli, db, "label", str(first), "--out", str(pdf))
    config = home / "config" / "config.toml"
    assert result.err.strip() == (
        "orderdesk: the labels name no sender address (a parcel the carrier cannot deliver has "
        f"nowhere to come back to): fill [seller] line1, city and country in {config}"
    )
    assert f"1 label written to {pdf}" in result.out
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "My Shop" in text and "AV. CORRIENTES 1234" in text  # as Argentine post writes it
    shown = json.loads(ok(cli, db, "show", str(first), "--json").out)
    assert shown["stage"] == "ready_to_ship"

    settings_file(home, SELLER)
    again = ok(cli, db, "label", str(second), "--out", str(tmp_path / "second.pdf"))
    assert again.err == ""
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "second.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "AV. RIVADAVIA 5000" in text and "C1424 BUENOS AIRES" in text


def test_zpl_labels_on_a4_are_refused_in_the_settings(
    cli: CliRunner, shop: Shop, home: Path
) -> None:
    """A thermal printer's ZPL is a 4x6 label; A4 sheets are PDF. The settings asking for both
    are refused when read, naming the two settings, before anything is done (exit 2)."""
    order = shop.order(("MATE", 1))
    ok(cli, shop.path, "confirm", str(order))
    path = settings_file(
        home, SELLER.replace("[seller]", 'label_format = "zpl"\nlabel_size = "a4"\n\n[seller]')
    )
    result = cli("label", str(order), db=shop.path)
    assert result.code == 2
    assert result.err.strip() == (
        f"orderdesk: {path}: label_format zpl prints 4x6 labels (thermal printers); "
        "label_size a4 is for pdf"
    )
    shown = json.loads(ok(cli, shop.path, "show", str(order), "--json").out)
    assert shown["stage"] == "confirmed" and not shown["label_printed_at"]

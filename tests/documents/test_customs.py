"""Issue 16, customs (acceptance 4): CN 22/CN 23 read back with pdftotext equal the catalogue.

A Chinese seller ships a demo order to Brazil; the forms are written by a real process and read
back as a customs officer's tools would. A missing HS code refuses the run naming the SKU, and
nothing is written. Cross-border labels carry their form, in PDF and in ZPL (the thermal
printer's labels are read back as the field data, ``^FD…^FS``, the printer is sent: no ZPL
renderer runs offline).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from orderdesk.domain.customs import SDR_LIMIT, UNITS_PER_SDR, Category, form_for
from orderdesk.domain.models import Line, Order, Product
from tests.conftest import CliRunner
from tests.documents.conftest import pdf_fonts, pdf_info, pdf_text

SELLER = """[seller]
name = "深圳小店 Shenzhen Shop"
line1 = "12 Keyuan Road"
city = "Shenzhen"
postal_code = "518057"
country = "CN"
"""


@pytest.fixture
def chinese_seller(home: Path) -> Path:
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(SELLER, encoding="utf-8")
    return home


def brazil_orders(db: Path, *, stage: str | None = None, abroad: bool = False) -> list[int]:
    """Demo orders to Brazil (``abroad``: anywhere but China) whose every line is in the
    catalogue, with two lines or more."""
    where = "AND o.stage = :stage" if stage else ""
    country = "o.ship_country NOT IN ('CN', '')" if abroad else "o.ship_country = 'BR'"
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            f"""SELECT o.id FROM orders o WHERE {country} {where}
                AND NOT EXISTS (SELECT 1 FROM lines l LEFT JOIN products p ON p.sku = l.sku
                                WHERE l.order_id = o.id AND p.sku IS NULL)
                AND (SELECT count(*) FROM lines l WHERE l.order_id = o.id) >= 2
                ORDER BY o.id""",
            {"stage": stage},
        ).fetchall()
    return [row[0] for row in rows]


def catalogue_of(db: Path, order_id: int) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            """SELECT l.sku, l.quantity, l.unit_price, o.currency, p.customs_description,
                      p.hs_code, p.origin, p.weight_g
               FROM lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.sku = l.sku
               WHERE l.order_id = ? ORDER BY l.position, l.id""",
            (order_id,),
        ).fetchall()
    return [dict(row) for row in rows]


def test_cn22_fields_read_back_equal_the_catalogue(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = brazil_orders(demo_db)[0]
    out = tmp_path / "customs.pdf"
    done = cli("customs", order_id, "--out", out, db=demo_db)
    assert done.code == 0, done.err
    rows = catalogue_of(demo_db, order_id)
    text = pdf_text(out, page=1)
    currency = rows[0]["currency"]
    form = "CN 22" if "CN22" in done.out.replace(" ", "") else "CN 23"
    assert form in text
    total_g = 0
    total = 0
    for row in rows:
        weight = row["weight_g"] * row["quantity"]
        value = row["quantity"] * row["unit_price"]
        total_g += weight
        total += value
        assert row["customs_description"] in text
        assert row["hs_code"] in text
        assert row["origin"] in text
        assert f"{weight / 1000:.3f}" in text
        assert f"{value / 100:.2f}" in text  # BRL: two decimals
    assert f"{total_g / 1000:.3f}" in text
    assert f"{total / 100:.2f} {currency}" in text
    assert f"INV-{order_id:06d}" in text
    assert "Sale of goods" in text
    # every font embedded (the seller's Chinese name and the buyer's accents print)
    assert all(font["emb"] == "yes" for font in pdf_fonts(out))


def test_cn23_above_300_sdr_with_the_commercial_invoice(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = brazil_orders(demo_db)[0]
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE lines SET quantity = 40 WHERE order_id = ?", (order_id,))
    out = tmp_path / "cn23.pdf"
    done = cli("customs", order_id, "--out", out, "--category", "gift", db=demo_db)
    assert done.code == 0, done.err
    text = pdf_text(out)
    assert "CN 23" in text
    assert pdf_info(out)["Pages"] == "1"  # a gift: no commercial invoice unless asked
    rows = catalogue_of(demo_db, order_id)
    for row in rows:
        assert row["customs_description"] in text
        assert row["hs_code"] in text
        assert f"{row['weight_g'] * 40 / 1000:.3f}" in text
    done = cli("customs", order_id, "--out", out, "--commercial-invoice", db=demo_db)
    assert done.code == 0, done.err
    assert pdf_info(out)["Pages"] == "2"
    assert "COMMERCIAL INVOICE" in pdf_text(out, page=2)


def test_a_missing_hs_code_refuses_naming_the_sku(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = brazil_orders(demo_db)[0]
    sku = catalogue_of(demo_db, order_id)[-1]["sku"]
    assert cli("stock", "set", sku, "--hs-code", "", db=demo_db).code == 0
    out = tmp_path / "customs.pdf"
    done = cli("customs", order_id, "--out", out, db=demo_db)
    assert done.code == 1
    assert f"SKU {sku} has no HS code" in done.err
    assert f"#{order_id}" in done.err
    assert "Traceback" not in done.err
    assert not out.exists()


def test_within_the_sellers_country_needs_no_form(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(demo_db) as connection:
        (order_id,) = connection.execute(
            "SELECT id FROM orders WHERE ship_country = 'CN' LIMIT 1"
        ).fetchone()
    done = cli("customs", order_id, "--out", tmp_path / "x.pdf", db=demo_db)
    assert done.code == 1
    assert "no customs form needed" in done.err
    done = cli("customs", "999999", "--out", tmp_path / "x.pdf", db=demo_db)
    assert done.code == 2


def test_a_cross_border_label_carries_its_cn22(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = brazil_orders(demo_db, stage="confirmed", abroad=True)[0]
    out = tmp_path / "label.pdf"
    done = cli("label", order_id, "--out", out, db=demo_db)
    assert done.code == 0, done.err
    info = pdf_info(out)
    assert int(info["Pages"]) >= 2
    assert f"#{order_id}" in pdf_text(out, page=1)
    assert "CN 2" in pdf_text(out, page=2)


def test_a_label_refuses_when_customs_data_is_missing(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = brazil_orders(demo_db, stage="confirmed", abroad=True)[0]
    sku = catalogue_of(demo_db, order_id)[0]["sku"]
    assert cli("stock", "set", sku, "--origin", "", db=demo_db).code == 0
    out = tmp_path / "label.pdf"
    done = cli("label", order_id, "--out", out, db=demo_db)
    assert done.code == 1
    assert f"SKU {sku} has no country of origin" in done.err
    assert not out.exists()


def test_the_300_sdr_rule() -> None:
    rate = UNITS_PER_SDR["USD"]
    at_limit = int(SDR_LIMIT * rate * 100)
    assert form_for(at_limit, "USD") == "CN22"
    assert form_for(at_limit + 100, "USD") == "CN23"
    assert form_for(100, "XAF") == "CN23"  # a currency without a rate: the form never refused


def test_the_domain_names_the_sku_and_the_field() -> None:
    from orderdesk.domain.customs import declaration
    from orderdesk.domain.errors import Refused

    order = Order(
        id=5,
        channel="manual",
        external_id="5",
        currency="USD",
        ship_country="BR",
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    order.lines = [Line(order_id=5, sku="A", quantity=2, unit_price=500)]
    product = Product(sku="A", hs_code="950300", origin="CN", weight_g=0, customs_description="Toy")
    with pytest.raises(Refused, match="SKU A has no weight"):
        declaration(order, {"A": product}, seller_country="CN")
    product.weight_g = 150
    found = declaration(order, {"A": product}, seller_country="CN", kind=Category.SAMPLE)
    assert (found.form, found.total_weight_g, found.total_value) == ("CN22", 300, 1000)


def zpl_labels(path: Path) -> list[str]:
    """The ``^XA…^XZ`` blocks of a ZPL file."""
    return re.findall(r"\^XA(.*?)\^XZ", path.read_text(encoding="utf-8"), flags=re.S)


def zpl_fields(block: str) -> list[str]:
    """The text a ZPL label prints: each ``^FD…^FS``, its ``^FH`` hex escapes undone."""
    found = re.findall(r"\^FD(.*?)\^FS", block, flags=re.S)
    return [re.sub(r"\\([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), f) for f in found]


def parcels_of(out: str) -> int:
    """The shipping labels `orderdesk label` says it wrote."""
    match = re.search(r"(\d+) labels? (?:for \d+ orders )?written", out)
    assert match, out
    return int(match.group(1))


def ticked(block: str) -> list[str]:
    """The headings next to the tick boxes crossed with ^GD diagonals."""
    crossed = {(int(x), int(y)) for x, y in re.findall(r"\^FO(\d+),(\d+)\^GD", block)}
    headings = re.findall(r"\^FO(\d+),(\d+)\^A0N,\d+,\d+(?:\^FB[^\^]*)?\^FH\\\^FD(.*?)\^FS", block)
    return [words for x, y, words in headings if (int(x) - 30, int(y) - 2) in crossed]


def cn22_order(db: Path) -> int:
    """A Brazil order shipped (its label can be reprinted) whose value takes the CN 22."""
    for order_id in brazil_orders(db, stage="in_transit"):
        rows = catalogue_of(db, order_id)
        total = sum(row["quantity"] * row["unit_price"] for row in rows)
        if form_for(total, rows[0]["currency"]) == "CN22":
            return order_id
    raise AssertionError("the demo has no CN 22 order to Brazil")


def assert_carries_the_catalogue(fields: list[str], db: Path, order_id: int) -> None:
    rows = catalogue_of(db, order_id)
    currency = rows[0]["currency"]
    for row in rows:
        assert row["customs_description"] in fields
        assert row["hs_code"] in fields
        assert f"{row['weight_g'] * row['quantity'] / 1000:.3f}" in fields
        assert f"{row['quantity'] * row['unit_price'] / 100:.2f}" in fields  # BRL: two decimals
    total_g = sum(row["weight_g"] * row["quantity"] for row in rows)
    total = sum(row["quantity"] * row["unit_price"] for row in rows)
    assert f"{total_g / 1000:.3f}" in fields
    assert f"{total / 100:.2f} {currency}" in fields
    assert currency == "BRL"


def test_a_zpl_label_to_brazil_is_followed_by_its_cn22_label(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = cn22_order(demo_db)
    out = tmp_path / "label.zpl"
    done = cli("label", order_id, "--format", "zpl", "--out", out, db=demo_db)
    assert done.code == 0, done.err
    blocks = zpl_labels(out)
    parcels = parcels_of(done.out)
    assert len(blocks) == parcels + 1
    assert all(block.lstrip().startswith("^CI28") for block in blocks)  # UTF-8 text
    assert all("CUSTOMS DECLARATION" not in zpl_fields(block) for block in blocks[:-1])
    form = blocks[-1]
    fields = zpl_fields(form)
    assert "CN 22" in fields and "CUSTOMS DECLARATION" in fields
    assert_carries_the_catalogue(fields, demo_db, order_id)
    for row in catalogue_of(demo_db, order_id):
        assert row["origin"] in fields
        assert f"{row['quantity']} ×" in fields
    assert f"Order #{order_id} · INV-{order_id:06d}" in fields
    assert ticked(form) == ["Sale of goods"]
    assert "Date and sender's signature (8)" in fields
    assert any(field.startswith("I, the undersigned") for field in fields)


def test_a_cn23_continues_over_4x6_zpl_labels_and_names_its_invoice(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = cn22_order(demo_db)
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE lines SET quantity = 40 WHERE order_id = ?", (order_id,))
    out = tmp_path / "label.zpl"
    done = cli("label", order_id, "--format", "zpl", "--out", out, db=demo_db)
    assert done.code == 0, done.err
    blocks = zpl_labels(out)
    forms = blocks[parcels_of(done.out) :]
    assert len(forms) >= 2  # an A4 form's fields do not fit one 4x6 label
    fields = [field for block in forms for field in zpl_fields(block)]
    for number, block in enumerate(forms, start=1):
        mine = zpl_fields(block)
        assert "CN 23" in mine and f"No. of item: #{order_id}" in mine
        assert f"{number}/{len(forms)}" in mine
    assert_carries_the_catalogue(fields, demo_db, order_id)
    for row in catalogue_of(demo_db, order_id):
        assert any(field.endswith(f"({row['origin']})") for field in fields)
    assert "40" in fields  # (2) quantity
    assert f"INV-{order_id:06d}" in fields
    assert [words for block in forms for words in ticked(block)] == [
        "Sale of goods",
        f"INV-{order_id:06d}",  # box (14) ticked with the invoice number
    ]
    assert "Date and sender's signature (15)" in fields
    # the commercial invoice is an A4 page: the run says where it prints
    assert f"orderdesk customs {order_id}" in done.err and "commercial invoice" in done.err


def test_a_domestic_zpl_label_has_no_customs_label(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(demo_db) as connection:
        (order_id,) = connection.execute(
            "SELECT id FROM orders WHERE ship_country = 'CN' AND stage = 'in_transit' LIMIT 1"
        ).fetchone()
    out = tmp_path / "label.zpl"
    done = cli("label", order_id, "--format", "zpl", "--out", out, db=demo_db)
    assert done.code == 0, done.err
    blocks = zpl_labels(out)
    assert len(blocks) == parcels_of(done.out)
    assert "CUSTOMS DECLARATION" not in out.read_text(encoding="utf-8")
    assert done.err == ""


def test_a_zpl_label_refuses_when_the_hs_code_is_missing(
    cli: CliRunner, demo_db: Path, chinese_seller: Path, tmp_path: Path
) -> None:
    order_id = cn22_order(demo_db)
    sku = catalogue_of(demo_db, order_id)[-1]["sku"]
    assert cli("stock", "set", sku, "--hs-code", "", db=demo_db).code == 0
    out = tmp_path / "label.zpl"
    done = cli("label", order_id, "--format", "zpl", "--out", out, db=demo_db)
    assert done.code == 1
    assert f"SKU {sku} has no HS code" in done.err and f"#{order_id}" in done.err
    assert "Traceback" not in done.err
    assert not out.exists()

"""Invoices, packing slips and pick lists, read back with pdftotext."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from orderdesk.domain.money import format_money
from tests.conftest import rows_where
from tests.documents.conftest import pdf_fonts, pdf_info, pdf_text, write_config


def _flat(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def _lines(database: Any, order_id: int) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in rows_where(
            database,
            "SELECT sku, title, quantity, unit_price FROM lines WHERE order_id = :id",
            id=order_id,
        )
    ]


def test_invoices_show_seller_buyer_lines_and_totals_in_the_order_currency(
    cli: Any, demo_db: Path, database: Any, home: Path, tmp_path: Path
) -> None:
    write_config(
        home,
        '[seller]\nname = "Tienda Ñandú"\nline1 = "Av. Siempreviva 742"\n'
        'city = "Buenos Aires"\ntax_id = "30-12345678-9"\n',
    )
    orders = [
        dict(r)
        for r in rows_where(
            database,
            "SELECT * FROM orders WHERE currency IN ('JPY', 'USD', 'ARS') AND discount > 0 "
            "GROUP BY currency ORDER BY currency",
        )
    ]
    assert len(orders) == 3
    out = tmp_path / "invoices.pdf"
    result = cli("invoice", *[str(o["id"]) for o in orders], "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    assert pdf_info(out)["Page size"].startswith("595.276 x 841.89 pts")
    assert int(pdf_info(out)["Pages"]) >= 3
    assert all(font["emb"] == "yes" for font in pdf_fonts(out))
    for page, order in enumerate(orders, start=1):
        text = _flat(pdf_text(out, page))
        code = order["currency"]
        assert f"INV-{order['id']:06d}" in text and f"#{order['id']}" in text
        assert "Tienda Ñandú" in text and "30-12345678-9" in text
        assert order["buyer_name"] in text
        assert order["ship_line1"].upper() in text.upper()  # Argentina's post: in capitals
        for line in _lines(database, order["id"]):
            assert line["sku"] in text
            for amount in (line["unit_price"], line["quantity"] * line["unit_price"]):
                assert re.sub(r"\s+", "", format_money(amount, code)) in re.sub(r"\s+", "", text)
        packed = re.sub(r"\s+", "", text)  # pdftotext spaces short amounts as it likes
        for label, amount in (
            ("Subtotal", order["subtotal"]),
            ("Discount−", order["discount"]),
            ("Tax", order["tax"]),
            ("Total", order["total"]),
        ):
            assert label + re.sub(r"\s+", "", format_money(amount, code)) in packed, label
        assert order["total"] == (
            order["subtotal"] + order["shipping"] - order["discount"] + order["tax"]
        )


def test_packing_slips_are_a_page_per_order_with_quantities_and_skus(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    ids = [
        r["id"]
        for r in rows_where(
            database, "SELECT id FROM orders WHERE stage = 'confirmed' ORDER BY id LIMIT 5"
        )
    ]
    out = tmp_path / "slips.pdf"
    result = cli("packing-slip", *map(str, ids), "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    assert pdf_info(out)["Pages"] == str(len(ids))
    for page, order_id in enumerate(ids, start=1):
        text = _flat(pdf_text(out, page))
        assert f"#{order_id}" in text
        lines = _lines(database, order_id)
        for line in lines:
            assert re.search(rf"\b{line['quantity']} {re.escape(line['sku'])}\b", text), text
        units = sum(line["quantity"] for line in lines)
        assert f"{units} unit{'' if units == 1 else 's'} in {len(lines)} line" in text
    stages = {
        r["stage"]
        for r in rows_where(
            database, f"SELECT stage FROM orders WHERE id IN ({','.join(map(str, ids))})"
        )
    }
    assert stages == {"confirmed"}  # paperwork moves no order


def test_the_pick_list_counts_units_per_sku_across_the_tab(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    out = tmp_path / "pick.pdf"
    result = cli("picklist", "--tab", "ready-to-ship", "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    text = _flat(pdf_text(out))
    expected = rows_where(
        database,
        "SELECT l.sku, SUM(l.quantity) AS units, "
        "COUNT(DISTINCT l.order_id) AS orders FROM lines l JOIN "
        "orders o ON o.id = l.order_id WHERE o.tab = "
        "'ready-to-ship' GROUP BY l.sku",
    )
    assert expected
    for row in expected:
        assert re.search(
            rf"\b{row['units']} {re.escape(row['sku'])}\b.* {row['orders']}\n", text
        ), (dict(row), text)
    total = sum(row["units"] for row in expected)
    assert f"Total: {total} units of {len(expected)} SKUs" in text
    default = cli("picklist", db=demo_db)  # to-prepare, saved in the documents folder
    assert default.code == 0 and "picklist-to-prepare" in default.out
    bad = cli("picklist", "--tab", "refunds", db=demo_db)
    assert bad.code == 2 and "Traceback" not in bad.err


def test_unknown_orders_are_named_and_the_rest_are_written(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    order_id = rows_where(database, "SELECT id FROM orders LIMIT 1")[0]["id"]
    out = tmp_path / "inv.pdf"
    result = cli("invoice", str(order_id), "NOPE-1", "--out", str(out), db=demo_db)
    assert result.code == 2 and "order NOPE-1: no such order" in result.err
    assert f"#{order_id}" in pdf_text(out)

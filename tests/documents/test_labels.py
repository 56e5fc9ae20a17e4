"""Shipping labels from the command line, read back with poppler and zbar as a user would."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from tests.conftest import rows_where
from tests.documents.conftest import order_row, pdf_fonts, pdf_info, pdf_text, scan


def _ids(database: Any, sql: str, **params: Any) -> list[int]:
    return [row["id"] for row in rows_where(database, sql, **params)]


def _script(name: str) -> str:
    for char in name:
        code = ord(char)
        if 0x0400 <= code <= 0x04FF:
            return "cyrillic"
        if 0x3040 <= code <= 0x30FF:
            return "japanese"
        if 0xAC00 <= code <= 0xD7AF:
            return "korean"
    if any(0x4E00 <= ord(c) <= 0x9FFF for c in name):
        return "cjk"
    if any(unicodedata.decomposition(c) for c in name):
        return "accents"
    return "ascii"


def test_a_label_shows_the_order_and_scans_at_203_dpi(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    order_id = _ids(
        database,
        "SELECT id FROM orders WHERE stage = 'in_transit' AND "
        "tracking_url != '' ORDER BY id LIMIT 1",
    )[0]
    before = order_row(database, order_id)
    out = tmp_path / "l.pdf"
    result = cli("label", str(order_id), "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    assert str(out) in result.out
    info = pdf_info(out)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("288 x 432 pts")
    text = pdf_text(out)
    for expected in (
        before["ship_name"],
        before["ship_line1"],
        before["ship_city"],
        before["ship_postal_code"],
        f"#{order_id}",
        before["external_id"],
        before["carrier"],
        before["tracking_number"],
    ):
        assert expected in text, (expected, text)
    channel = {
        "mercadolibre": "Mercado Libre",
        "aliexpress": "AliExpress",
        "amazon": "Amazon",
        "shopify": "Shopify",
        "wish": "Wish",
        "manual": "Direct sale",
    }[before["channel"]]
    assert channel in text
    symbols = scan(out)
    assert f"CODE-128:{before['tracking_number']}" in symbols
    assert f"QR-Code:{before['tracking_url']}" in symbols
    after = order_row(database, order_id)
    assert after["stage"] == "in_transit"  # a reprint keeps the stage …
    journal = rows_where(
        database,
        "SELECT action, summary FROM journal WHERE order_id = :id ORDER BY id DESC LIMIT 1",
        id=order_id,
    )
    assert journal[0]["action"] == "label_reprint"  # … and is journaled
    assert "l.pdf" in journal[0]["summary"]


def test_before_tracking_the_barcode_is_the_desk_reference_and_the_order_moves(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    order_id = _ids(
        database, "SELECT id FROM orders WHERE stage = 'confirmed' ORDER BY id LIMIT 1"
    )[0]
    out = tmp_path / "first.pdf"
    result = cli("label", f"#{order_id}", "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    symbols = scan(out)
    assert symbols == [f"CODE-128:#{order_id}"]  # no tracking yet: no QR code either
    row = order_row(database, order_id)
    assert row["stage"] == "ready_to_ship"
    assert row["label_printed_at"] is not None
    shown = cli(
        "list", "--tab", "ready-to-ship", "--search", f"#{order_id}", "--json", db=demo_db
    ).json()
    assert [r["id"] for r in shown] == [order_id]


def test_every_script_comes_back_intact_with_every_font_embedded(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    rows = rows_where(
        database,
        "SELECT id, ship_name, ship_line1, ship_city FROM orders "
        "WHERE stage IN ('confirmed', 'ready_to_ship', 'in_transit') "
        "ORDER BY id",
    )
    chosen: dict[str, dict[str, Any]] = {}
    for row in rows:
        chosen.setdefault(_script(row["ship_name"]), dict(row))
    assert {"accents", "cyrillic", "cjk", "japanese", "korean"} <= set(chosen), chosen.keys()
    out = tmp_path / "scripts.pdf"
    result = cli(
        "label", *[str(row["id"]) for row in chosen.values()], "--out", str(out), db=demo_db
    )
    assert result.code == 0, result.err
    text = pdf_text(out)
    for row in chosen.values():
        for field in ("ship_name", "ship_line1", "ship_city"):
            # the post of some countries wants the town, or the street, in capitals (Russia:
            # "УЛ. ТВЕРСКАЯ", "МОСКВА"): the letters come back, in the case the post asks for
            assert row[field].upper() in text.upper(), (row[field], text)
    fonts = pdf_fonts(out)
    assert fonts, "no fonts at all"
    assert all(font["emb"] == "yes" for font in fonts), fonts
    names = {font["name"].split("+")[-1] for font in fonts}
    assert {"DejaVuSans", "DejaVuSans-Bold", "WenQuanYiMicroHei-0"} <= names


def test_a4_puts_four_labels_on_a_page_and_they_still_scan(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    ids = _ids(database, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id LIMIT 6")
    out = tmp_path / "a4.pdf"
    result = cli("label", *map(str, ids), "--size", "a4", "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    info = pdf_info(out)
    assert info["Pages"] == "2"
    assert info["Page size"].startswith("595.276 x 841.89 pts")
    first, second = pdf_text(out, 1), pdf_text(out, 2)
    assert all(f"#{i}" in first for i in ids[:4]) and not any(f"#{i}" in first for i in ids[4:])
    assert all(f"#{i}" in second for i in ids[4:])
    tracking = {
        row["tracking_number"]
        for row in rows_where(
            database, f"SELECT tracking_number FROM orders WHERE id IN ({','.join(map(str, ids))})"
        )
    }
    codes = {s.removeprefix("CODE-128:") for s in scan(out, 1) if s.startswith("CODE-128:")}
    assert len(codes) == 4 and codes <= tracking


def test_zpl_has_one_block_per_label_with_the_barcode_value(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    ids = _ids(database, "SELECT id FROM orders WHERE stage = 'in_transit' ORDER BY id LIMIT 2")
    ids += _ids(database, "SELECT id FROM orders WHERE stage = 'confirmed' ORDER BY id LIMIT 1")
    out = tmp_path / "labels.zpl"
    result = cli("label", *map(str, ids), "--format", "zpl", "--out", str(out), db=demo_db)
    assert result.code == 0, result.err
    zpl = out.read_text(encoding="utf-8")
    blocks = re.findall(r"\^XA(.*?)\^XZ", zpl, flags=re.S)
    assert len(blocks) == 3
    assert zpl.count("^XA") == zpl.count("^XZ") == 3
    for order_id, block in zip(ids, blocks, strict=True):
        row = order_row(database, order_id)
        expected = row["tracking_number"] if row["tracking_number"] else f"#{order_id}"
        barcode = re.search(r"\^BC[^\^]*\^FH\\\^FD(.*?)\^FS", block)
        assert barcode and barcode.group(1) == expected
        assert f"#{order_id}" in block and row["external_id"] in block
    assert order_row(database, ids[2])["stage"] == "ready_to_ship"
    bad = cli("label", str(ids[0]), "--format", "zpl", "--size", "a4", db=demo_db)
    assert bad.code == 2 and "4x6" in bad.err and "Traceback" not in bad.err


def test_a_batch_of_200_prints_the_printable_and_lists_the_refused(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    complete = "ship_postal_code != '' AND ship_city != '' AND ship_line1 != ''"
    picks = {
        "incomplete": _ids(
            database,
            "SELECT id FROM orders WHERE stage IN ('confirmed', "
            f"'ready_to_ship', 'in_transit') AND NOT ({complete})",
        ),
        "confirmed": _ids(
            database, f"SELECT id FROM orders WHERE stage='confirmed' AND {complete} ORDER BY id"
        ),
        "ready_to_ship": _ids(
            database,
            f"SELECT id FROM orders WHERE stage='ready_to_ship' "
            f"AND {complete} ORDER BY id LIMIT 30",
        ),
        "in_transit": _ids(
            database,
            f"SELECT id FROM orders WHERE stage='in_transit' AND {complete} ORDER BY id LIMIT 40",
        ),
        "cancelled": _ids(
            database, "SELECT id FROM orders WHERE stage='cancelled' ORDER BY id LIMIT 10"
        ),
    }
    taken = sum(len(v) for v in picks.values())
    picks["pending"] = _ids(
        database, "SELECT id FROM orders WHERE stage='pending' ORDER BY id LIMIT :n", n=200 - taken
    )
    refs = sorted({i for ids in picks.values() for i in ids})
    assert len(refs) == 200 and len(picks["pending"]) > 0 and len(picks["confirmed"]) > 20
    out = tmp_path / "batch.pdf"
    result = cli("label", *map(str, refs), "--out", str(out), db=demo_db)
    assert result.code == 1  # some refused
    incomplete = set(picks["incomplete"])
    printable = [
        i
        for i in picks["confirmed"] + picks["ready_to_ship"] + picks["in_transit"]
        if i not in incomplete
    ]
    assert pdf_info(out)["Pages"] == str(len(printable))
    *refusals, warning = result.err.strip().splitlines()
    assert "no sender address" in warning  # the demo's settings name no seller address
    assert incomplete, "the demo data has an order without a postal code"
    assert len(refusals) == len(picks["pending"]) + len(picks["cancelled"]) + len(incomplete)
    for order_id in incomplete:
        assert any(
            f"order #{order_id}: ship-to address incomplete (missing" in line for line in refusals
        )
    for order_id in picks["pending"]:
        assert any(f"order #{order_id}: not confirmed" in line for line in refusals)
    for order_id in picks["cancelled"]:
        assert any(
            f"order #{order_id}: no label for a cancelled order" in line for line in refusals
        )
    stages = {
        row["id"]: row["stage"]
        for row in rows_where(
            database, f"SELECT id, stage FROM orders WHERE id IN ({','.join(map(str, refs))})"
        )
    }
    assert all(
        stages[i] == "ready_to_ship"
        for i in picks["confirmed"] + picks["ready_to_ship"]
        if i not in incomplete
    )
    assert all(stages[i] == "in_transit" for i in picks["in_transit"])
    assert all(stages[i] == "pending" for i in picks["pending"])
    assert all(stages[i] == "cancelled" for i in picks["cancelled"])
    assert f"{len(printable)} labels written to {out}" in result.out


def test_without_out_or_printer_the_label_is_saved_in_the_documents_folder(
    cli: Any, demo_db: Path, database: Any, home: Path
) -> None:
    order_id = _ids(
        database,
        "SELECT id FROM orders WHERE stage = 'ready_to_ship' AND ship_postal_code != '' LIMIT 1",
    )[0]
    result = cli("label", str(order_id), db=demo_db)
    assert result.code == 0, result.err
    saved = home / "data" / "documents" / f"label-{order_id}.pdf"
    assert saved.is_file() and str(saved) in result.out
    row = order_row(database, order_id)
    assert f"CODE-128:{row['tracking_number'] or f'#{order_id}'}" in scan(saved)


def test_unknown_orders_and_bad_folders_are_one_clear_line(
    cli: Any, demo_db: Path, database: Any, tmp_path: Path
) -> None:
    order_id = _ids(database, "SELECT id FROM orders WHERE stage = 'confirmed' LIMIT 1")[0]
    missing = cli("label", "999999", db=demo_db)
    assert missing.code == 2 and "order 999999: no such order" in missing.err
    nowhere = cli("label", str(order_id), "--out", str(tmp_path / "no" / "l.pdf"), db=demo_db)
    assert nowhere.code == 2 and "does not exist" in nowhere.err
    assert "Traceback" not in missing.err + nowhere.err
    assert order_row(database, order_id)["stage"] == "confirmed"  # nothing moved


def test_each_address_is_written_in_its_own_country_s_order(cli: Any, tmp_path: Path) -> None:
    """A US label reads "AUSTIN, TX 78701", a German one "10115 BERLIN", a Brazilian one
    the CEP on its own line; the last line is the country's name in capitals (the UPU's
    rule), for Greece too (a 20-country table printed just "GR")."""
    db = tmp_path / "shop.db"
    addresses = {
        "US": ("Mary O'Brien", "500 Congress Ave", "Austin", "TX", "78701"),
        "DE": ("Jürgen Weiß", "Hauptstraße 5", "Berlin", "", "10115"),
        "BR": ("Luís Souza", "Av. Paulista, 1000", "São Paulo", "SP", "01310-100"),
        "GR": ("Ελένη Παπαδοπούλου", "Ερμού 12", "Αθήνα", "", "105 57"),
    }
    ids = []
    for country, (name, line1, city, region, postal) in addresses.items():
        added = cli(
            "add", "--buyer", name, "--currency", "USD", "--line", "MUG", "1", "10",
            "--address", line1, "--city", city, "--region", region, "--postal-code", postal,
            "--country", country, "--paid", db=db,
        )  # fmt: skip
        assert added.code == 0, added.err
        ids.append(added.out.split("#")[1].split()[0])
        assert cli("confirm", ids[-1], db=db).code == 0
    out = tmp_path / "labels.pdf"
    result = cli("label", *ids, "--out", str(out), db=db)
    assert result.code == 0, result.err
    pages = [pdf_text(out, page) for page in range(1, 5)]
    lines = [[" ".join(line.split()) for line in page.splitlines()] for page in pages]
    assert "AUSTIN, TX 78701" in lines[0] and "UNITED STATES" in lines[0]
    assert "10115 BERLIN" in lines[1] and "GERMANY" in lines[1]
    assert "SÃO PAULO-SP" in lines[2] and "01310-100" in lines[2] and "BRAZIL" in lines[2]
    assert "105 57 ΑΘΉΝΑ" in lines[3] and "GREECE" in lines[3]

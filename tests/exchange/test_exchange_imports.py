"""Imports as a seller runs them: each marketplace's file, checked through `show --json`.

The files in files/ look like the real exports: Shopify's continuation rows and quoted commas,
Amazon's tab-separated Windows-1252 report, Mercado Libre's Ventas workbook (title rows, header
on row 6, a repeated Estado, Spanish dates, ARS with a decimal comma), the desk's template.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, rows_where, show_json

FILES = Path(__file__).parent / "files"
SHOPIFY = FILES / "shopify_orders_export.csv"
SHOPIFY_LATER = FILES / "shopify_orders_export_later.csv"
AMAZON = FILES / "amazon_order_report.txt"
MERCADOLIBRE = FILES / "mercadolibre_ventas.xlsx"
GENERIC = FILES / "generic_orders.csv"
GENERIC_XLSX = FILES / "generic_orders.xlsx"
BUENOS_AIRES = {"TZ": "America/Argentina/Buenos_Aires"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


def show(cli: CliRunner, db: Path, ref: str) -> dict[str, Any]:
    """`orderdesk show REF --json`, read back."""
    shown: dict[str, Any] = json.loads(show_json(db, ref))
    return shown


def imported(
    cli: CliRunner, db: Path, path: Path, *extra: str, env: dict[str, str] | None = None
) -> str:
    result = cli("import", path, *extra, db=db, env=env)
    assert result.code == 0, result.err
    return result.out


def test_shopify_orders_lines_money_dates_and_stages(cli: CliRunner, db: Path) -> None:
    out = imported(cli, db, SHOPIFY)
    assert "9 new, 0 updated, 0 unchanged, 0 problems" in out

    first = show(cli, db, "#1001")
    assert (first["channel"], first["currency"], first["total"]) == ("shopify", "USD", "58.00")
    assert (first["stage"], first["payment"]) == ("pending", "paid")
    assert first["buyer_name"] == "Ana Pérez"
    assert first["ship_to"]["line2"] == "3º izq."
    assert first["times"]["created_at"] == "2026-05-01T08:04:02+00:00"  # +0200 → UTC
    assert first["times"]["paid_at"] == "2026-05-01T08:05:11+00:00"
    assert [
        (ln["sku"], ln["title"], ln["quantity"], ln["unit_price"]) for ln in first["lines"]
    ] == [("MUG-L", "Mug, large – ceramic", 2, "18.00"), ("CST-4", "Coaster set", 1, "17.00")]
    assert first["tags"] == ["repeat", "vip"]

    cjk = show(cli, db, "#1002")
    assert cjk["buyer_name"] == "王小明" and cjk["lines"][0]["title"] == "Teacup 茶杯, blue"
    assert cjk["times"]["created_at"] == "2026-05-02T00:59:13+00:00"  # +0800

    shipped = show(cli, db, "#1003")
    assert shipped["stage"] == "in_transit"
    assert shipped["times"]["shipped_at"] == "2026-05-04T15:00:00+00:00"
    assert shipped["money"] == {
        "subtotal": "100.00",
        "shipping": "0.00",
        "tax": "7.20",
        "discount": "10.00",
        "total": "97.20",
        "fee": "0.00",
        "shipping_cost": "0.00",
        "refunded": "0.00",
        "net": "97.20",
    }
    assert shipped["note"] == "Ring twice.\nIf nobody answers, leave with the doorman, please"
    assert len(shipped["lines"]) == 3 and shipped["lines"][1]["title"] == 'Frame "Oak"'

    cancelled = show(cli, db, "#1005")
    assert (cancelled["stage"], cancelled["payment"]) == ("cancelled", "refunded")
    assert cancelled["money"]["refunded"] == "30.00" and cancelled["money"]["net"] == "0.00"

    partial = show(cli, db, "#1006")
    assert (partial["stage"], partial["payment"]) == ("in_transit", "partially_refunded")
    assert partial["money"]["refunded"] == "5.00"
    assert [(c["kind"], c["status"], c["amount"]) for c in partial["cases"]] == [
        ("refund", "accepted", "5.00")
    ]

    unpaid = show(cli, db, "#1007")
    assert (unpaid["stage"], unpaid["payment"]) == ("pending", "unpaid")


def test_shopify_likely_duplicate_is_flagged_not_merged(cli: CliRunner, db: Path) -> None:
    out = imported(cli, db, SHOPIFY)
    assert "#1009 (row 14) looks like a duplicate of shopify #1008" in out
    original, copy = show(cli, db, "#1008"), show(cli, db, "#1009")
    assert copy["possible_duplicate_of"] == original["id"]
    assert original["possible_duplicate_of"] is None
    assert original["buyer_name"] == copy["buyer_name"] == '=HYPERLINK("x")'


def test_amazon_report_in_windows_1252(cli: CliRunner, db: Path) -> None:
    out = imported(cli, db, AMAZON)
    assert "Amazon order report" in out and "4 new" in out
    two_items = show(cli, db, "302-1111111-1111111")
    assert two_items["buyer_name"] == "Jürgen Groß"  # decoded from Windows-1252
    assert two_items["lines"][0]["title"] == "Tasse – 0,3 l, weiß"
    assert [(ln["quantity"], ln["unit_price"]) for ln in two_items["lines"]] == [
        (2, "12.90"),
        (1, "9.90"),
    ]
    assert two_items["money"]["subtotal"] == "35.70"
    assert two_items["money"]["tax"] == "6.50"  # 4.12 + 0.80 + 1.58
    assert two_items["money"]["discount"] == "1.00"
    # Amazon.de prices include the VAT: 35.70 + 4.99 − 1.00, the 6.50 VAT inside it
    assert two_items["total"] == "39.69"
    assert two_items["stage"] == "in_transit" and two_items["currency"] == "EUR"
    assert two_items["ship_by"] == "2026-05-05T22:59:59+00:00"  # the channel's own deadline

    irish = show(cli, db, "202-2222222-2222222")
    assert (irish["currency"], irish["stage"], irish["payment"]) == ("GBP", "pending", "paid")
    assert irish["ship_to"]["line1"] == "Flat 2, 10 High St" and irish["country"] == "IE"

    unpaid = show(cli, db, "302-3333333-3333333")
    assert (unpaid["stage"], unpaid["payment"]) == ("pending", "unpaid")
    cancelled = show(cli, db, "302-4444444-4444444")
    assert (cancelled["stage"], cancelled["payment"]) == ("cancelled", "refunded")
    assert cancelled["buyer_name"] == "Åsa Nyström"


def test_mercadolibre_ventas_workbook(cli: CliRunner, db: Path) -> None:
    out = imported(cli, db, MERCADOLIBRE, env=BUENOS_AIRES)
    assert "Mercado Libre Ventas workbook" in out and "5 new" in out
    delivered = show(cli, db, "2000008123456789")  # long sale number kept as text
    assert delivered["external_id"] == "2000008123456789"
    assert (delivered["channel"], delivered["currency"]) == ("mercadolibre", "ARS")
    assert (delivered["stage"], delivered["payment"]) == ("delivered", "paid")
    # 15 de junio de 2024 14:32 hs. in Buenos Aires (UTC−3)
    assert delivered["times"]["created_at"] == "2024-06-15T17:32:00+00:00"
    assert delivered["times"]["delivered_at"] == "2024-06-18T20:45:00+00:00"
    assert delivered["money"]["fee"] == "3749.85"
    assert delivered["money"]["shipping_cost"] == "2100.00"
    assert delivered["money"]["net"] == "19149.15"
    assert delivered["ship_to"]["region"] == "Capital Federal"  # the second Estado
    assert delivered["country"] == "AR"
    assert (delivered["carrier"], delivered["tracking_number"]) == (
        "Correo Argentino",
        "CA123456789AR",
    )
    assert delivered["lines"] == [
        {
            "sku": "MATE-CAL",
            "title": "Mate de calabaza, con bombilla",
            "variant": "Color: Marrón",
            "quantity": 1,
            "unit_price": "24999.00",
        }
    ]

    comma = show(cli, db, "2000008123456790")  # amounts typed as text: 9.000,00
    assert comma["stage"] == "in_transit"
    assert comma["money"]["subtotal"] == "9000.00" and comma["money"]["shipping"] == "1234.50"
    assert comma["total"] == "10234.50"
    assert comma["lines"][0]["unit_price"] == "4500.00"

    assert show(cli, db, "2000008123456791")["stage"] == "pending"
    cancelled = show(cli, db, "2000008123456792")
    assert (cancelled["stage"], cancelled["payment"]) == ("cancelled", "refunded")
    assert cancelled["cancel_reason"] == "Cancelada por el comprador"
    returned = show(cli, db, "2000008123456793")
    assert (returned["stage"], returned["payment"]) == ("delivered", "refunded")
    assert [(c["kind"], c["status"], c["amount"]) for c in returned["cases"]] == [
        ("return", "accepted", "12000.00")
    ]


def test_generic_template_csv_and_xlsx(cli: CliRunner, db: Path) -> None:
    assert "4 new" in imported(cli, db, GENERIC)
    ali = show(cli, db, "8190000012345678")
    assert (ali["channel"], ali["stage"], ali["payment"]) == ("aliexpress", "pending", "paid")
    assert ali["buyer_name"] == "Иван Петров"
    assert ali["total"] == "12.49" and ali["money"]["fee"] == "0.60"
    assert [ln["title"] for ln in ali["lines"]] == ["Enamel pin", "Sticker pack, holo"]
    moving = show(cli, db, "8190000099999999")
    assert moving["stage"] == "in_transit" and moving["tracking_number"] == "LP123456785CN"
    wish = show(cli, db, "5f1a2b3c4d5e6f7a8b9c0d1e")
    assert wish["total"] == "9.99" and wish["money"]["fee"] == "1.50"  # 9,99 with a comma
    yen = show(cli, db, "M-2026-05-001")
    assert (yen["currency"], yen["total"], yen["stage"]) == ("JPY", "3800", "delivered")
    assert yen["payout"] == "pending"

    assert "1 new" in imported(cli, db, GENERIC_XLSX)
    sheet = show(cli, db, "20260510")
    assert sheet["external_id"] == "20260510" and sheet["total"] == "3800"
    assert [ln["title"] for ln in sheet["lines"]] == ["マグカップ 大", "コースター"]


@pytest.mark.parametrize(
    "path", [SHOPIFY, AMAZON, MERCADOLIBRE, GENERIC, GENERIC_XLSX], ids=lambda p: p.name
)
def test_reimporting_changes_nothing(cli: CliRunner, db: Path, path: Path) -> None:
    imported(cli, db, path)
    out = imported(cli, db, path)
    assert " 0 new, 0 updated," in out and "0 problems" in out
    journal = rows_where_db(db, "SELECT count(*) AS n FROM journal")
    assert journal  # the file may be checkpointed; the rows are what matter
    again = imported(cli, db, path)
    assert " 0 new, 0 updated," in again
    assert rows_where_db(db, "SELECT count(*) AS n FROM journal") == journal


def rows_where_db(path: Path, sql: str) -> list[Any]:
    from orderdesk.store import open_database

    database = open_database(path)
    try:
        return [dict(row) for row in rows_where(database, sql)]
    finally:
        database.close()


def test_later_shopify_file_updates_exactly_what_the_channel_decided(
    cli: CliRunner, db: Path
) -> None:
    imported(cli, db, SHOPIFY)
    assert cli("confirm", "#1001", db=db).code == 0  # the desk's own work
    before = {
        ref: show(cli, db, ref) for ref in ("#1001", "#1002", "#1003", "#1004", "#1007", "#1008")
    }
    out = imported(cli, db, SHOPIFY_LATER)
    assert "0 new, 3 updated, 6 unchanged, 0 problems" in out
    for ref in ("#1002", "#1004", "#1007"):
        assert ref in out

    confirmed = show(cli, db, "#1001")
    assert confirmed["stage"] == "confirmed"
    assert confirmed["journal"] == before["#1001"]["journal"]
    for ref in ("#1002", "#1004"):
        now = show(cli, db, ref)
        assert (before[ref]["stage"], now["stage"]) == ("pending", "in_transit")
        assert now["journal"][-1]["action"] == "channel_update"
        assert now["journal"][-1]["after"]["order"]["stage"] == "in_transit"
    assert show(cli, db, "#1002")["times"]["shipped_at"] == "2026-05-06T03:00:00+00:00"
    gone = show(cli, db, "#1007")
    assert (
        gone["stage"] == "cancelled"
        and gone["times"]["cancelled_at"] == "2026-05-08T07:00:00+00:00"
    )
    for ref in ("#1003", "#1008"):
        assert show(cli, db, ref)["journal"] == before[ref]["journal"]

    # the older file again never undoes what the later one said
    assert "0 new, 0 updated, 9 unchanged" in imported(cli, db, SHOPIFY)
    assert show(cli, db, "#1002")["stage"] == "in_transit"


def test_channel_cancel_of_a_confirmed_order_gives_the_stock_back(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    imported(cli, db, SHOPIFY)
    from orderdesk.domain.models import Product
    from orderdesk.store import open_database

    database = open_database(db)
    with database.uow() as uow:
        uow.add(Product(sku="MUG-L", title="Mug", on_hand=10))
        uow.commit()
    database.close()
    assert cli("confirm", "#1001", db=db).code == 0
    later = tmp_path / "cancelled.csv"
    text = SHOPIFY.read_text(encoding="utf-8").replace(
        "#1001,ana.perez@example.com,paid,2026-05-01 10:05:11 +0200,unfulfilled,,",
        "#1001,ana.perez@example.com,refunded,2026-05-01 10:05:11 +0200,unfulfilled,,",
    )
    text = text.replace(
        "Calle de Alcalá 12 3º izq.,Calle de Alcalá 12,3º izq.,,Madrid,28014,M,ES,,,,,",
        "Calle de Alcalá 12 3º izq.,Calle de Alcalá 12,3º izq.,,"
        "Madrid,28014,M,ES,,,,2026-05-02 09:00:00 +0200,",
    )
    later.write_text(text, encoding="utf-8")
    out = imported(cli, db, later)
    assert "1 updated" in out
    order = show(cli, db, "#1001")
    assert (order["stage"], order["payment"]) == ("cancelled", "refunded")
    assert order["journal"][-1]["stock"] == {"MUG-L": 2}
    assert rows_where_db(db, "SELECT on_hand FROM products WHERE sku = 'MUG-L'") == [
        {"on_hand": 10}
    ]


def _moment(value: Any) -> Any:
    """A stored or journaled time as naive UTC, for comparing the two."""
    from datetime import UTC, datetime

    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def test_journal_replays_to_the_stored_state(cli: CliRunner, db: Path) -> None:
    for path in (SHOPIFY, AMAZON, MERCADOLIBRE, GENERIC):
        imported(cli, db, path)
    imported(cli, db, SHOPIFY_LATER)
    from orderdesk.domain.journal import ORDER_FIELDS, TIME_FIELDS, replay
    from orderdesk.domain.models import JournalEntry

    orders = rows_where_db(db, "SELECT * FROM orders")
    entries = rows_where_db(db, "SELECT order_id, action, at, after FROM journal ORDER BY id")
    by_order: dict[int, list[JournalEntry]] = {}
    for entry in entries:
        after = entry["after"] if isinstance(entry["after"], dict) else json.loads(entry["after"])
        by_order.setdefault(entry["order_id"], []).append(
            JournalEntry(
                at=datetime.fromisoformat(entry["at"]), action=entry["action"], after=after
            )
        )
    assert len(orders) == 22
    for row in orders:
        assert by_order[row["id"]][0].action == "imported"
        state = replay(by_order[row["id"]])
        for name in ORDER_FIELDS:
            got, want = state[name], row[name]
            if name in TIME_FIELDS:
                got, want = _moment(got), _moment(want)
            elif name == "stock_taken":
                want = bool(want)
            assert got == want, (row["external_id"], name, got, want)


def test_dry_run_reports_and_changes_nothing(cli: CliRunner, db: Path) -> None:
    assert cli("list", "--json", db=db).code == 0  # the database exists, empty
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cli("import", SHOPIFY, "--dry-run", db=db)
    assert result.code == 0, result.err
    assert "would import 9 new, 0 updated, 0 unchanged, 0 problems" in result.out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert cli("list", "--tab", "all", "--json", db=db).json() == []


def test_dry_run_lists_every_problem_by_row_and_column(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "orders_export.csv"
    text = SHOPIFY.read_text(encoding="utf-8")
    text = text.replace(',2,"Mug, large – ceramic",18.00,', ',-2,"Mug, large – ceramic",18.00,')
    text = text.replace(
        ",1,Coaster set,17.00,,CST-4,true,true,pending",
        ",1,Coaster set,1x.00,,CST-4,true,true,pending",
        1,
    )
    bad.write_text(text, encoding="utf-8")
    result = cli("import", bad, "--dry-run", db=db)
    assert result.code == 2
    assert 'rejected: row 2, column "Lineitem quantity" (Q)' in result.err
    assert "rejected: row 3, column \"Lineitem price\" (S): '1x.00' is not an amount" in result.err


def test_template_is_written_and_reads_back(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    for name in ("orders.csv", "orders.xlsx"):
        target = tmp_path / name
        result = cli("import", "--template", target, db=db)
        assert result.code == 0 and target.exists(), result.err
        empty = cli("import", target, db=db)
        assert empty.code == 2 and "row 2, column A: no orders after the header" in empty.err
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "orders.xlsx")
    assert book.sheetnames == ["Orders", "Help"]
    header = [c.value for c in book["Orders"][1]]
    assert header[:3] == ["channel", "order_id", "created_at"]
    filled = tmp_path / "filled.csv"
    lines = (tmp_path / "orders.csv").read_text(encoding="utf-8").splitlines()
    row = dict.fromkeys(lines[0].split(","), "")
    row.update(
        channel="wish",
        order_id="W-1",
        created_at="2026-05-01 10:00",
        buyer_name="Kim",
        currency="EUR",
        title="Cap",
        quantity="1",
        unit_price="9.50",
    )
    filled.write_text(lines[0] + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    assert "1 new" in imported(cli, db, filled)
    assert show(cli, db, "W-1")["total"] == "9.50"


def test_every_format_offered_has_a_parser_and_every_parser_is_offered(cli: CliRunner) -> None:
    """The command line and the desk offer ``orderdesk.exchange.FORMATS`` without loading the
    parsers; each must be one the import can read, and none left out."""
    from orderdesk.exchange import FORMATS
    from orderdesk.exchange.imports import PARSERS

    assert FORMATS == ("auto", *PARSERS)
    usage = cli("import", "--help").out
    assert all(name in usage for name in FORMATS)


def test_imported_buyers_are_found_without_their_accents(cli: CliRunner, db: Path) -> None:
    """The bulk import keeps each order's folded search text: 'perez', 'SCHAFER', 'zoe',
    a Chinese name and a city find the orders written Pérez, Schäfer, Zoë, 王小明, 上海."""
    imported(cli, db, SHOPIFY)
    for term, buyer in (
        ("perez", "Ana Pérez"),
        ("SCHAFER", "Lukas Schäfer"),
        ("zoe o'brien", "Zoë O'Brien"),
        ("王小明", "王小明"),
        ("上海", "王小明"),
    ):
        result = cli("list", "--tab", "all", "--search", term, "--json", db=db)
        assert result.code == 0, result.err
        assert [row["buyer_name"] for row in json.loads(result.out)] == [buyer], term


def test_a_tracking_link_that_would_run_something_is_left_out(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    """The channel's tracking number is a fact and is kept; a ``javascript:`` link is not."""
    rows = list(csv.reader(io.StringIO(GENERIC.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("tracking_number")]:
            row[header.index("tracking_url")] = "javascript:alert(1)"
    source = tmp_path / "orders.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = cli("import", source, db=db)
    assert result.code == 0, result.err
    assert 'column "tracking_url"' in result.err and "the link is left out" in result.err
    moving = show(cli, db, "8190000099999999")
    assert moving["tracking_number"] == "LP123456785CN"
    assert "javascript" not in json.dumps(moving)


def test_a_header_is_guessed_as_the_field_it_names_in_english_spanish_portuguese() -> None:
    from orderdesk.exchange.generic import NAMES
    from orderdesk.exchange.header_guess import guess_field

    said = {
        "Order Date": "created_at",
        "FECHA DE VENTA": "created_at",
        "Nº de pedido": "order_id",
        "Código Postal": "ship_postal_code",
        "E-mail": "buyer_email",
        "Preço unitário": "unit_price",
        "Tracking #": "tracking_number",
        "ship_city": "ship_city",
        " Cantidad ": "quantity",
    }
    assert {header: guess_field(header) for header in said} == said
    assert guess_field("Estado") is None  # a status in Spanish, a state in Portuguese
    assert guess_field("Lieblingsfarbe") is None
    assert all(guess_field(name) == name for name in NAMES)

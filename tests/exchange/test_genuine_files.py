"""Marketplace files rebuilt from genuine exports (see each genuine/<channel>/README.md):
their exact headers and quirks, invented buyers. Each is imported through the real command
line into a real SQLite file and read back with ``show --json``."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, show_json

GENUINE = Path(__file__).parent / "genuine"
STORE_A = GENUINE / "shopify" / "store_a_orders_export.csv"
STORE_B = GENUINE / "shopify" / "store_b_orders_export.csv"
AMAZON = GENUINE / "amazon"
VENTAS = GENUINE / "mercadolibre" / "ventas_2026_current.xlsx"
BUENOS_AIRES = {"TZ": "America/Argentina/Buenos_Aires"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


def show(db: Path, ref: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(show_json(db, ref))
    return shown


def imported(
    cli: CliRunner, db: Path, path: Path, *extra: str, env: dict[str, str] | None = None
) -> Any:
    result = cli("import", path, *extra, db=db, env=env)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "Warning" not in result.err
    return result


def test_shopify_refund_above_total_is_kept_with_a_warning(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, STORE_A)
    assert "3 new" in result.out
    assert (
        'column "Refunded Amount": order #1017: the channel refunded 184.60 EUR, more '
        "than its total 184.23 EUR"
    ) in result.err
    over = show(db, "#1017")
    assert (over["payment"], over["money"]["refunded"], over["total"]) == (
        "refunded",
        "184.60",
        "184.23",
    )


def test_shopify_order_refunded_before_it_shipped_is_not_called_unpaid(
    cli: CliRunner, db: Path
) -> None:
    """#1017 is "refunded" and unfulfilled in the file: confirming it must say why it may not
    ship (the money went back), not that it waits for a payment that will never come."""
    imported(cli, db, STORE_A)
    refunded = show(db, "#1017")
    assert (refunded["stage"], refunded["payment"]) == ("pending", "refunded")
    result = cli("confirm", str(refunded["id"]), db=db)
    assert result.code == 1, result.err
    assert result.err.strip() == (
        f"orderdesk: order #{refunded['id']}: refunded in full — do not ship it; cancel it "
        "(nothing more is refunded)"
    )
    cancelled = cli("cancel", str(refunded["id"]), "--reason", "refunded on Shopify", db=db)
    assert cancelled.code == 0, cancelled.err
    after = show(db, "#1017")
    assert (after["stage"], after["money"]["refunded"]) == ("cancelled", "184.60")


def test_shopify_cancelled_paid_order_owes_a_refund_not_invented(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, STORE_A)
    assert "a refund of 30.00 EUR is owed" in result.err
    cancelled = show(db, "#1018")
    assert (cancelled["stage"], cancelled["payment"]) == ("cancelled", "paid")
    assert cancelled["money"]["refunded"] == "0.00" and cancelled["cases"] == []
    assert "refund-owed" in cancelled["tags"]


def test_shopify_apostrophes_never_reach_the_order(cli: CliRunner, db: Path) -> None:
    imported(cli, db, STORE_A)
    basel = show(db, "#1016")
    assert basel["ship_to"]["postal_code"] == "4001"
    assert not basel["buyer_phone"].startswith("'")
    assert show(db, "#1018")["ship_to"]["postal_code"] == ""  # Shopify's '- is no code


def test_second_store_with_overlapping_numbers_is_refused_whole(cli: CliRunner, db: Path) -> None:
    imported(cli, db, STORE_A, "--store", "alps")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = cli("import", STORE_B, "--store", "tokyo", db=db)
    assert result.code == 1  # refused by a rule: the file itself is fine
    assert "order #1017" in result.err and "nothing was changed" in result.err
    assert "Traceback" not in result.err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert show(db, "#1017")["buyer_name"] == "Zoë Brünnhilde"
    again = imported(cli, db, STORE_A, "--store", "alps")
    assert "0 new, 0 updated, 3 unchanged" in again.out


def test_amazon_uk_total_is_what_the_buyer_paid(cli: CliRunner, db: Path) -> None:
    imported(cli, db, AMAZON / "order_report.txt")
    uk = show(db, "203-5550001-0000001")
    assert (uk["currency"], uk["total"], uk["money"]["tax"]) == ("GBP", "11.59", "1.94")
    us = show(db, "111-5550002-0000002")  # US sales tax comes on top
    assert (us["currency"], us["total"]) == ("USD", "21.63")
    assert us["lines"][0]["unit_price"] == "9.99" and us["lines"][0]["quantity"] == 2


def test_amazon_unshipped_report_then_prices(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, AMAZON / "unshipped_orders.txt")
    assert "2 new" in result.out
    german = show(db, "302-5550003-0000003")
    assert german["currency"] == "EUR"  # from the buyer's marketplace address
    assert german["ship_by"] == "2026-05-09T21:59:59+00:00"  # promise-date
    assert german["buyer_name"] == "Łukasz Wiśniewski" and german["lines"][0]["quantity"] == 3
    assert imported(cli, db, AMAZON / "unshipped_orders.txt").out.count("2 unchanged") == 1


def test_amazon_all_orders_leaves_out_what_amazon_ships(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, AMAZON / "all_orders.txt")
    assert "3 new" in result.out and "not yours to ship" in result.err
    gone = show(db, "402-5550007-0000007")  # cancelled: no price, no units, as reported
    assert (gone["stage"], gone["total"], gone["lines"][0]["quantity"]) == ("cancelled", "0.00", 0)
    shipped = show(db, "402-5550004-0000004")
    assert (shipped["stage"], shipped["currency"], shipped["total"]) == (
        "in_transit",
        "EUR",
        "49.00",
    )
    pending = show(db, "402-5550006-0000006")  # no price and no currency yet: Amazon.fr's
    assert (pending["stage"], pending["currency"], pending["total"]) == ("pending", "EUR", "0.00")
    assert cli("show", "402-5550005-0000005", db=db).code != 0


def test_mercadolibre_current_layout_net_is_the_files_total(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, VENTAS, env=BUENOS_AIRES)
    assert "3 new" in result.out and result.err == ""
    single = show(db, "2000009876543210")
    assert single["money"]["net"] == "16500.00" and single["stage"] == "delivered"
    assert single["ship_to"]["city"] == "Buenos Aires" and single["country"] == "AR"
    pack = show(db, "2000011112222333")
    assert pack["money"]["net"] == "40460.00" and pack["stage"] == "in_transit"
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in pack["lines"]] == [
        ("YERBA-1K", 2, "9000.00"),
        ("TERMO-INOX", 1, "30000.00"),
    ]
    assert pack["tracking_number"] == "360002345678"
    assert pack["times"]["shipped_at"].startswith("2026-06-01")  # "1 de junio | 00:56"
    assert show(db, "2000012223334444")["money"]["net"] == "0.00"
    assert "0 new, 0 updated, 3 unchanged" in imported(cli, db, VENTAS, env=BUENOS_AIRES).out


def test_etsy_month_first_dates_and_country_names(cli: CliRunner, db: Path) -> None:
    imported(cli, db, GENUINE / "etsy" / "EtsySoldOrders2021-12.csv")
    ruth = show(db, "2290011111")
    assert ruth["times"]["created_at"].startswith("2021-12-0")  # 12/02/21 is 2 December
    assert (ruth["country"], ruth["total"], ruth["buyer_name"]) == ("US", "43.22", "Ruth O'Neill")
    assert show(db, "2290022222")["country"] == "JP"


def test_ebay_sales_history_header_on_row_2(cli: CliRunner, db: Path) -> None:
    imported(cli, db, GENUINE / "ebay" / "SalesHistory.csv")
    key = show(db, "1201")
    assert (key["currency"], key["total"], key["country"]) == ("USD", "23.50", "US")
    assert key["times"]["created_at"].startswith("2016-01-1")  # Jan-18-16
    assert key["stage"] == "in_transit"
    cards = show(db, "1202")
    assert (cards["total"], cards["country"], cards["lines"][0]["quantity"]) == ("20.50", "CA", 2)


def test_skip_bad_imports_good_orders_and_sets_bad_rows_aside(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "orders_export.csv"
    rows = list(csv.reader(STORE_A.open(encoding="utf-8")))
    total = rows[0].index("Total")
    rows[1][total] = "fifty"
    with source.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    refused = cli("import", source, db=db)
    assert refused.code == 2 and 'column "Total"' in refused.err
    looked = cli("import", source, "--dry-run", db=db)
    assert "would import 0 new, 0 updated, 0 unchanged, 1 problem" in looked.out, looked.out
    result = imported(cli, db, source, "--skip-bad")
    assert "2 new" in result.out
    # the problems and the orders set aside are counted as what they are
    assert "2 new, 0 updated, 0 unchanged, 1 problem; 1 order with problems set aside" in (
        result.out
    )
    side = list(csv.reader((tmp_path / "orders_export.rejected.csv").open(encoding="utf-8")))
    assert side[0] == [*rows[0], "reason"]
    assert side[1][:-1] == rows[1] and "'fifty' is not an amount" in side[1][-1]
    assert len(side) == 2
    assert cli("show", "#1016", db=db).code != 0


def test_saved_mapping_imports_any_layout(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    from orderdesk.exchange.mapping import Mapping, save

    home = tmp_path / "home"
    source = tmp_path / "wish.csv"
    source.write_text(
        "Order Id,Date,Customer,Product,Qty,Price,Country\n"
        'W-1,03/04/2026,Ingrid Šimková,Lamp,2,"7,50",Česko\n',
        encoding="utf-8",
    )
    bare = cli("import", source, db=db, env={"ORDERDESK_HOME": str(home)})
    assert bare.code == 2
    os.environ["ORDERDESK_HOME"] = str(home)
    try:
        save(
            Mapping(
                "wish",
                {
                    "order_id": "Order Id",
                    "created_at": "Date",
                    "buyer_name": "Customer",
                    "title": "Product",
                    "quantity": "Qty",
                    "unit_price": "Price",
                    "ship_country": "Country",
                },
                channel="wish",
                currency="EUR",
                date_order="mdy",
                decimal_mark=",",
            )
        )
    finally:
        del os.environ["ORDERDESK_HOME"]
    assert (home / "config" / "mappings" / "wish.toml").is_file() or any(home.rglob("wish.toml"))
    imported(cli, db, source, "--map", "wish", env={"ORDERDESK_HOME": str(home)})
    order = show(db, "W-1")
    assert (order["channel"], order["total"], order["country"]) == ("wish", "15.00", "CZ")
    assert order["times"]["created_at"].startswith("2026-03-0")  # month first, as mapped


def test_amazon_order_report_prices_an_order_first_seen_unshipped(cli: CliRunner, db: Path) -> None:
    imported(cli, db, AMAZON / "unshipped_orders.txt")
    unpriced = show(db, "203-5550001-0000001")
    assert (unpriced["total"], unpriced["lines"][0]["unit_price"]) == ("0.00", "0.00")
    result = imported(cli, db, AMAZON / "order_report.txt")
    assert "203-5550001-0000001: prices" in result.out
    priced = show(db, "203-5550001-0000001")
    assert (priced["currency"], priced["total"], priced["lines"][0]["unit_price"]) == (
        "GBP",
        "11.59",
        "9.99",
    )
    assert priced["ship_by"] == "2026-05-08T22:59:59+00:00"  # the promise-date stays
    assert "0 new, 0 updated, 2 unchanged" in imported(cli, db, AMAZON / "order_report.txt").out


def test_etsy_items_file_counts_the_orders_amounts_once(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, GENUINE / "etsy" / "EtsySoldOrderItems2021-12.csv")
    assert "2 new" in result.out
    ruth = show(db, "2290011111")
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in ruth["lines"]] == [
        ("CARD-A", 2, "12.00"),
        ("CARD-B", 1, "10.00"),
    ]
    # 34.00 of items + 6.50 shipping + 2.72 tax, as the orders file's Order Total says
    assert ruth["total"] == "43.22" and ruth["lines"][0]["title"] == "Hand-bound notebook, A5"
    sakura = show(db, "2290022222")
    assert (sakura["total"], sakura["money"]["discount"]) == ("25.20", "1.80")


def test_ebay_seller_hub_orders_report(cli: CliRunner, db: Path) -> None:
    result = imported(cli, db, GENUINE / "ebay" / "OrdersReport-Oct-02-2026.csv")
    assert "2 new" in result.out  # the padding row and the footer are not orders
    bowl = show(db, "05-11111-22222")
    assert (bowl["total"], bowl["money"]["tax"], bowl["stage"]) == ("29.43", "1.93", "in_transit")
    assert bowl["buyer_name"] == "Nguyễn Thị Hoa" and bowl["tracking_number"].startswith("9400")
    pack = show(db, "12-33333-44444")
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in pack["lines"]] == [
        ("PC-PAR", 2, "8.00"),
        ("ALB-1", 1, "20.00"),
    ]
    assert (
        pack["total"],
        pack["money"]["subtotal"],
        pack["money"]["shipping"],
        pack["money"]["tax"],
    ) == ("44.97", "36.00", "6.00", "2.97")
    assert pack["buyer_name"] == "Jean-Pierre Lefèvre" and pack["country"] == "US"
    assert "2 unchanged" in imported(cli, db, GENUINE / "ebay" / "OrdersReport-Oct-02-2026.csv").out


def test_tiktok_shop_export_trailing_tabs_and_the_countrys_currency(
    cli: CliRunner, db: Path
) -> None:
    result = imported(cli, db, GENUINE / "tiktok" / "tiktok_shop_orders_MY.csv")
    assert "TikTok Shop" in result.out and "2 new" in result.out
    bear = show(db, "584697260225955022")  # the trailing tab is not part of the id
    assert (bear["currency"], bear["total"], bear["money"]["discount"]) == (
        "MYR",
        "163.30",
        "11.70",
    )
    assert [(ln["sku"], ln["quantity"], ln["unit_price"]) for ln in bear["lines"]] == [
        ("PLUSH-BEAR", 1, "130.00"),
        ("GIFT-BOX", 2, "20.00"),
    ]
    assert bear["stage"] == "in_transit" and bear["tracking_number"] == "680076017503113"
    assert bear["times"]["created_at"].startswith("2026-06-25")  # day first
    cancelled = show(db, "584697260225955099")
    assert (cancelled["stage"], cancelled["payment"], cancelled["money"]["refunded"]) == (
        "cancelled",
        "refunded",
        "135.00",
    )


def test_invoice_of_a_vat_inclusive_order_adds_up(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    from tests.documents.conftest import pdf_text

    imported(cli, db, AMAZON / "order_report.txt")
    out = tmp_path / "invoice.pdf"
    result = cli("invoice", "203-5550001-0000001", "--out", out, db=db)
    assert result.code == 0, result.err
    packed = "".join(pdf_text(out).split())
    # 9.99 item + 1.60 shipping = 11.59 paid; the 1.94 VAT is inside it, not added to it
    assert "Subtotal£9.99" in packed and "Shipping£1.60" in packed
    assert "Total£11.59" in packed and "incl.VAT£1.94" in packed
    assert "Tax£1.94" not in packed


def test_problem_count_past_two_hundred_and_the_files_own_headers(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    rows = list(csv.reader(STORE_A.open(encoding="utf-8")))
    header, first = rows[0], rows[1]
    total = header.index("Total")
    source = tmp_path / "orders_export.csv"
    with source.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for n in range(250):
            row = list(first)
            row[header.index("Name")], row[total] = f"#{2000 + n}", "12,34,5"
            writer.writerow(row)
    dry = cli("import", source, "--dry-run", db=db)
    assert dry.code == 2
    assert "250 problem(s)" in dry.err and "… and 50 more" in dry.err
    assert dry.err.count('column "Total" (L)') == 200
    refused = cli("import", source, db=db)
    assert refused.code == 2 and "(and 249 more problems" in refused.err
    listed = cli("list", "--tab", "all", "--json", db=db)
    assert listed.code == 0 and listed.json() == []  # nothing was written


def test_skip_bad_in_a_workbook_writes_a_workbook_beside_it(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    import openpyxl

    source = tmp_path / "ventas.xlsx"
    book = openpyxl.load_workbook(VENTAS)
    sheet = book.active
    header = [c.value for c in sheet[7]]
    sheet.cell(row=8, column=header.index("Unidades") + 1, value="dos")
    book.save(source)
    result = imported(cli, db, source, "--skip-bad", env=BUENOS_AIRES)
    assert "2 new" in result.out and "ventas.rejected.xlsx" in result.out
    side = openpyxl.load_workbook(tmp_path / "ventas.rejected.xlsx").active
    rows = [[c.value for c in row] for row in side.iter_rows()]
    assert rows[0] == [*header, "reason"] and len(rows) == 2
    assert rows[1][0] == "2000009876543210" and "'dos' is not a whole number" in rows[1][-1]
    assert cli("show", "2000009876543210", db=db).code != 0


def test_a_later_file_cancelling_a_paid_order_invents_no_refund(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    imported(cli, db, STORE_A)
    rows = list(csv.reader(STORE_A.open(encoding="utf-8")))
    header = rows[0]
    rows[1][header.index("Cancelled at")] = "2026-05-02 08:00:00 +0200"
    later = tmp_path / "orders_export_later.csv"
    with later.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    result = imported(cli, db, later)
    assert "1 updated" in result.out and "cancelled, refund owed" in result.out
    order = show(db, "#1016")
    assert (order["stage"], order["payment"], order["money"]["refunded"]) == (
        "cancelled",
        "paid",
        "0.00",
    )
    assert "refund-owed" in order["tags"] and order["cases"] == []


def test_mercadolibre_status_sentences_are_read_by_their_words(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    import openpyxl

    source = tmp_path / "ventas.xlsx"
    book = openpyxl.load_workbook(VENTAS)
    sheet = book.active
    status = [c.value for c in sheet[7]].index("Estado") + 1
    sheet.cell(
        row=8,
        column=status,
        value="Listo para recolección. Está demorado 1 día pero no afectó tu reputación",
    )
    sheet.cell(row=12, column=status, value="Venta cancelada. No despaches.")
    book.save(source)
    result = imported(cli, db, source, env=BUENOS_AIRES)
    assert "3 new" in result.out
    late = show(db, "2000009876543210")
    assert (late["stage"], late["payment"]) == ("pending", "paid")
    assert show(db, "2000012223334444")["stage"] == "cancelled"
    assert "read as paid and not shipped yet" in result.err


def test_mercadolibre_older_column_names(cli: CliRunner, db: Path, tmp_path: Path) -> None:
    import openpyxl

    source = tmp_path / "ventas_2022.xlsx"
    book = openpyxl.load_workbook(VENTAS)
    sheet = book.active
    for cell in sheet[7]:
        cell.value = {
            "Comprador": "Nombre del comprador",
            "Ingresos por productos (ARS)": "Ingresos (ARS)",
            "Cargo por venta": "Cargo por venta e impuestos",
        }.get(cell.value, cell.value)
    book.save(source)
    imported(cli, db, source, env=BUENOS_AIRES)
    sale = show(db, "2000009876543210")
    assert (sale["buyer_name"], sale["total"], sale["money"]["net"]) == (
        "Martín Gómez Ñúñez",
        "25000.00",
        "16500.00",
    )


def test_mercadolibre_pack_items_without_prices_share_the_packs_income(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    import openpyxl

    source = tmp_path / "ventas_mx.xlsx"
    book = openpyxl.load_workbook(VENTAS)
    sheet = book.active
    price = [c.value for c in sheet[7]].index(
        "Precio unitario de venta de la publicación (ARS)"
    ) + 1
    for row in (10, 11):  # the pack's item rows: units and SKU only
        sheet.cell(row=row, column=price).value = None
    book.save(source)
    result = imported(cli, db, source, env=BUENOS_AIRES)
    assert "item rows carry no price" in result.err
    pack = show(db, "2000011112222333")
    assert [(ln["quantity"], ln["unit_price"]) for ln in pack["lines"]] == [
        (2, "16000.00"),
        (1, "16000.00"),
    ]
    assert pack["money"]["net"] == "40460.00" and pack["total"] == "51500.00"


def test_second_store_without_shopify_ids_is_refused_by_its_times(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    def without_ids(source: Path) -> Path:
        rows = list(csv.reader(source.open(encoding="utf-8")))
        at = rows[0].index("Id")
        target = tmp_path / source.name
        with target.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(
                [row[:at] + row[at + 1 :] for row in rows]
            )
        return target

    imported(cli, db, without_ids(STORE_A))
    assert "3 unchanged" in imported(cli, db, without_ids(STORE_A)).out
    result = cli("import", without_ids(STORE_B), db=db)
    assert result.code == 1 and "order #1017" in result.err and "placed" in result.err
    assert show(db, "#1017")["buyer_name"] == "Zoë Brünnhilde"

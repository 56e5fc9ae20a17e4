"""The month-end workbook as the accountant gets it: opened by LibreOffice (headless, converted
to CSV once for the module) and by openpyxl; totals equal the desk's own `list --json`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import ROOT, CliRunner, need_tool

FILES = Path(__file__).parent / "files"
IMPORTS = (
    "shopify_orders_export.csv",
    "amazon_order_report.txt",
    "mercadolibre_ventas.xlsx",
    "generic_orders.csv",
    "generic_orders.xlsx",
)


@dataclass
class Exported:
    folder: Path
    book: Path
    listed: list[dict[str, object]]
    sheets: dict[str, list[dict[str, str]]]


def _run(folder: Path, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORDERDESK_HOME": str(folder), "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-m", "orderdesk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    """Every fixture file imported, and the workbook of 2024–2026 exported."""
    folder = tmp_path_factory.mktemp("workbook")
    db = folder / "desk.db"
    for name in IMPORTS:
        _run(folder, db, "import", str(FILES / name))
    book = folder / "books" / "orderdesk-2024-2026.xlsx"
    book.parent.mkdir()
    _run(folder, db, "export", "--from", "2024-01-01", "--to", "2026-12-31", "--out", str(book))
    listed = json.loads(_run(folder, db, "list", "--tab", "all", "--json").stdout)
    return Exported(folder, book, listed, {})


def test_libreoffice_reads_the_workbook_as_the_desk_has_it(desk: Exported) -> None:
    """One LibreOffice conversion (slow to start), then every check on what it shows."""
    need_tool("soffice")
    out = desk.folder / "csv"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{desk.folder}/lo_profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            str(out),
            str(desk.book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    desk.sheets = {
        name: _read_csv(out / f"{desk.book.stem}-{name}.csv")
        for name in ("Orders", "Lines", "Cases", "Summary")
    }
    per_currency_totals_equal_the_desks(desk)
    money_shows_in_its_currency_and_net_adds_up(desk)
    dates_are_date_cells_in_local_time(desk)
    formula_text_comes_back_as_text(desk)
    lines_and_cases_sheets(desk)
    states_read_as_words(desk)


def _amount(shown: str, code: str) -> Decimal:
    text = shown.replace(code, "").replace(",", "").replace('"', "").strip()
    return Decimal(text)


def per_currency_totals_equal_the_desks(exported: Exported) -> None:
    desk: dict[str, Decimal] = defaultdict(Decimal)
    sales: dict[str, Decimal] = defaultdict(Decimal)  # the Summary counts sales: not cancelled
    for row in exported.listed:
        desk[str(row["currency"])] += Decimal(str(row["total"]))
        if row["stage"] != "cancelled":
            sales[str(row["currency"])] += Decimal(str(row["total"]))
    assert set(desk) == {"USD", "EUR", "GBP", "ARS", "JPY"}
    summary = {
        row["Currency"]: row
        for row in exported.sheets["Summary"]
        if row.get("Channel") == "all channels"
    }
    assert set(summary) == set(sales)
    for code, total in sales.items():
        assert _amount(summary[code]["Gross"], code) == total, code
        assert int(summary[code]["Orders"]) == sum(
            1 for r in exported.listed if r["currency"] == code and r["stage"] != "cancelled"
        )
    orders: dict[str, Decimal] = defaultdict(Decimal)
    for shown in exported.sheets["Orders"]:
        orders[shown["Currency"]] += _amount(shown["Total"], shown["Currency"])
    assert orders == desk
    assert len(exported.sheets["Orders"]) == len(exported.listed) == 23


def money_shows_in_its_currency_and_net_adds_up(exported: Exported) -> None:
    rows = {row["Channel order"]: row for row in exported.sheets["Orders"]}
    ml = rows["2000008123456789"]
    assert ml["Total"] == "24,999.00 ARS" and ml["Fee"] == "3,749.85 ARS"
    assert ml["Net"] == "19,149.15 ARS"
    assert rows["M-2026-05-001"]["Total"] == "3,800 JPY"  # no decimals for yen
    ars = next(
        r
        for r in exported.sheets["Summary"]
        if r["Currency"] == "ARS" and r["Channel"] == "all channels"
    )
    gross, fees, costs, refunds, net = (
        _amount(ars[k], "ARS") for k in ("Gross", "Fees", "Shipping costs", "Refunds", "Net")
    )
    assert net == gross - fees - costs - refunds
    assert int(ars["Units"]) == 5  # 1 + 2 + 1 + 1 units over four sales (one was cancelled)


def dates_are_date_cells_in_local_time(exported: Exported) -> None:
    rows = {row["Channel order"]: row for row in exported.sheets["Orders"]}
    # 2026-05-01 10:04:02 +0200 → 08:04 UTC (the export ran with TZ=UTC); shown through the
    # cell's date format (no seconds), which LibreOffice applies only to a real date value
    assert rows["#1001"]["Placed"] == "2026-05-01 08:04"
    assert rows["2000008123456789"]["Delivered"] == "2024-06-18 17:45"


def test_openpyxl_sees_date_cells_formats_frozen_header_and_filters(desk: Exported) -> None:
    exported = desk
    from openpyxl import load_workbook

    book = load_workbook(exported.book)
    sheet = book["Orders"]
    header = [c.value for c in sheet[1]]
    placed = sheet.cell(row=2, column=header.index("Placed") + 1)
    assert placed.is_date and placed.value.tzinfo is None
    total = sheet.cell(row=2, column=header.index("Total") + 1)
    code = sheet.cell(row=2, column=header.index("Currency") + 1).value
    from orderdesk.domain.money import excel_number_format

    assert total.number_format == excel_number_format(code)
    for name in ("Orders", "Lines", "Cases", "Summary"):
        assert book[name].freeze_panes == "A2"
        assert book[name].auto_filter.ref
    from openpyxl.utils import get_column_letter

    buyer = get_column_letter(header.index("Buyer") + 1)
    assert sheet.column_dimensions[buyer].width >= 20  # the buyer column is readable


def formula_text_comes_back_as_text(exported: Exported) -> None:
    rows = {row["Channel order"]: row for row in exported.sheets["Orders"]}
    assert rows["#1008"]["Buyer"] == '=HYPERLINK("x")'
    assert rows["#1008"]["Note"] == "+44 call first"
    assert rows["#1009"]["Possible duplicate of"] == rows["#1008"]["Order"]


def lines_and_cases_sheets(exported: Exported) -> None:
    lines = [r for r in exported.sheets["Lines"] if r["Channel order"] == "#1003"]
    assert [(r["Title"], r["Quantity"], r["Line total"]) for r in lines] == [
        ("Poster 50x70, matte", "1", "40.00 USD"),
        ('Frame "Oak"', "2", "50.00 USD"),
        ("Gift wrap", "1", "10.00 USD"),
    ]
    assert any(r["Title"] == "Teacup 茶杯, blue" for r in exported.sheets["Lines"])
    kinds = {(r["Channel order"], r["Kind"], r["Status"]) for r in exported.sheets["Cases"]}
    assert ("2000008123456793", "return", "accepted") in kinds
    assert ("#1006", "refund", "accepted") in kinds


def states_read_as_words(exported: Exported) -> None:
    """The accountant reads "Ready to ship" and "Partially refunded", as the desk says them,
    not the stored codes; the Summary counts each stage as the desk lists it."""
    from orderdesk.domain.stages import Payment, Payout, Stage

    rows = {row["Order"]: row for row in exported.sheets["Orders"]}
    for listed in exported.listed:
        shown = rows[str(listed["id"])]
        assert shown["Stage"] == Stage(str(listed["stage"])).label
        assert shown["Payment"] == Payment(str(listed["payment"])).label
    assert {row["Payout"] for row in rows.values()} <= {payout.label for payout in Payout}
    assert {"Pending", "Delivered", "Cancelled"} <= {r["Stage"] for r in rows.values()}
    summary = exported.sheets["Summary"]
    at = next(i for i, row in enumerate(summary) if row.get("Currency") == "Stage")
    counts = {row["Currency"]: int(row["Channel"]) for row in summary[at + 1 : at + 1 + len(Stage)]}
    assert counts == {
        stage.label: sum(1 for r in exported.listed if r["stage"] == stage) for stage in Stage
    }


def test_orders_csv_neutralises_formulas(desk: Exported, tmp_path: Path) -> None:
    exported = desk
    db = exported.folder / "desk.db"
    out = tmp_path / "may.csv"
    _run(exported.folder, db, "export", "--month", "2026-05", "--format", "csv", "--out", str(out))
    rows = {row["Channel order"]: row for row in _read_csv(out)}
    assert rows["#1008"]["Buyer"] == '\'=HYPERLINK("x")'
    assert rows["#1008"]["Note"] == "'+44 call first"
    assert rows["#1001"]["Total"] == "58.00" and rows["#1001"]["Placed"] == "2026-05-01 08:04:02"
    assert "2000008123456789" not in rows  # June 2024 is not in May 2026
    assert not list(tmp_path.glob("*.partial"))


def test_default_name_and_bad_month(desk: Exported, tmp_path: Path) -> None:
    exported = desk
    db = exported.folder / "desk.db"
    env = {**os.environ, "ORDERDESK_HOME": str(exported.folder), "TZ": "UTC"}
    done = subprocess.run(
        [sys.executable, "-m", "orderdesk", "--db", str(db), "export", "--month", "2024-06"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "orderdesk-2024-06.xlsx").exists()
    bad = subprocess.run(
        [sys.executable, "-m", "orderdesk", "--db", str(db), "export", "--month", "June"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert bad.returncode == 2 and "--month: 'June' is not a month" in bad.stderr


def test_no_text_from_a_file_runs_as_a_formula_in_any_column(
    cli: CliRunner, tmp_path: Path
) -> None:
    """A channel (or SKU, or title) of '=cmd|…' from an import file stays text in every sheet."""
    evil = "=cmd|'/ccalc'!a0"
    source = tmp_path / "evil.csv"
    source.write_text(
        "channel,order_id,created_at,paid_at,status,payment,buyer_name,ship_line1,ship_city,"
        "ship_postal_code,ship_country,currency,sku,title,quantity,unit_price\n"
        f'"{evil}",E-1,2026-05-03 11:20,2026-05-03 11:25,Approved,,Ana,Rua 1,Porto,4000-001,'
        f'PT,EUR,"@SUM(1+1)","-2+3",1,2.50\n',
        encoding="utf-8",
    )
    db = tmp_path / "evil.db"
    imported = cli("import", source, db=db)
    assert imported.code == 0, imported.err
    book_path, csv_path = tmp_path / "evil.xlsx", tmp_path / "evil-orders.csv"
    assert cli("export", "--month", "2026-05", "--out", book_path, db=db).code == 0
    assert (
        cli("export", "--month", "2026-05", "--format", "csv", "--out", csv_path, db=db).code == 0
    )
    from openpyxl import load_workbook

    book = load_workbook(book_path)
    risky = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@")
    ]
    assert any(cell.value == evil for cell in risky)  # the channel is in the book, as text
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky), [
        (cell.coordinate, cell.value, cell.data_type) for cell in risky if not cell.quotePrefix
    ]
    row = _read_csv(csv_path)[0]
    assert row["Channel"] == "'" + evil

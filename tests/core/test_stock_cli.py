"""Issue 14 from the command line: the catalogue and its stock (acceptance 1–3).

Real processes on a real SQLite file; the catalogue read back with ``stock list --json``; a
refusal exits 1 (a bad file or value 2) with one line naming the SKU, row or column, and the
database is byte-for-byte what it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from orderdesk.domain.catalogue import gs1_check_digit
from tests.conftest import CliRunner, DbTarget, Result
from tests.core.conftest import Shop

HEADER = [
    "sku",
    "title",
    "on_hand",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
    "customs_description",
]


def ean13(n: int) -> str:
    body = f"779{n:09d}"
    return body + str(gs1_check_digit(body))


def catalogue_rows(count: int) -> list[list[Any]]:
    return [
        [
            f"SKU-{n:04d}",
            f"Producto {n} ñandú",
            n % 40,
            n % 7,
            ean13(n),
            100 + n,
            f"{6100 + n % 90:04d}.{n % 100:02d}",
            ("AR", "CN", "BR", "US")[n % 4],
            f"Cotton goods {n}",
        ]
        for n in range(count)
    ]


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _rows(db: DbTarget, sql: str) -> list[dict[str, Any]]:
    """Rows as stored, on either engine (``db`` a file or a server URL)."""
    from sqlalchemy import text

    from orderdesk.store import open_database

    database = open_database(db)
    try:
        with database.read() as connection:
            return [dict(row) for row in connection.execute(text(sql)).mappings()]
    finally:
        database.close()


def tables(db: DbTarget) -> list[list[dict[str, Any]]]:
    return [
        _rows(db, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("orders", "lines", "products", "journal")
    ]


def state(db: DbTarget) -> list[list[dict[str, Any]]]:
    """Orders, lines and products as stored, without the version counters (every change,
    an undo too, moves those on: they are how two desks notice each other)."""
    return [
        [
            {k: v for k, v in row.items() if k != "version"}
            for row in _rows(db, f"SELECT * FROM {table} ORDER BY 1")
        ]
        for table in ("orders", "lines", "products")
    ]


def one_line(result: Result, code: int, *words: str) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_500_skus_from_a_workbook_are_the_catalogue(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    rows = catalogue_rows(500)
    book = write_xlsx(tmp_path / "catalogue.xlsx", rows)
    dry = cli("stock", "import", str(book), "--dry-run", db=shop.path)
    assert dry.code == 0, dry.err
    assert "dry run" in dry.out and "500 added" in dry.out
    assert cli("stock", "list", "--json", db=shop.path).json() == []

    done = cli("stock", "import", str(book), db=shop.path)
    assert done.code == 0, done.err
    assert "500 added" in done.out
    listed = cli("stock", "list", "--json", db=shop.path).json()
    assert len(listed) == 500
    for row, product in zip(rows, listed, strict=True):
        sku, title, on_hand, low, barcode, weight, hs, origin, _customs = row
        assert product == {
            "sku": sku,
            "title": title,
            "on_hand": on_hand,
            "committed": 0,
            "available": on_hand,
            "low_stock": low,
            "barcode": barcode,
            "weight_g": weight,
            "hs_code": hs.replace(".", ""),
            "origin": origin,
        }
    again = cli("stock", "import", str(book), db=shop.path)
    assert "0 added, 0 updated, 500 unchanged" in again.out

    # the export reads back as the same catalogue, and imports as unchanged
    out = tmp_path / "back.xlsx"
    assert cli("stock", "export", "--out", str(out), db=shop.path).code == 0
    sheet = load_workbook(out, read_only=True)["Catalogue"]
    back = list(sheet.iter_rows(values_only=True))
    assert back[0][:3] == ("sku", "title", "on_hand")
    assert [r[0] for r in back[1:]] == [r[0] for r in rows]
    assert back[1 + 7][6] == rows[7][4]  # barcodes stay text
    assert "500 unchanged" in cli("stock", "import", str(out), db=shop.path).out


def test_a_bad_row_names_row_and_column_and_writes_nothing(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    rows = catalogue_rows(30)
    rows[11][4] = rows[11][4][:-1] + str((int(rows[11][4][-1]) + 1) % 10)  # wrong check digit
    book = write_xlsx(tmp_path / "bad.xlsx", rows)
    before = tables(shop.path)
    result = cli("stock", "import", str(book), db=shop.path)
    assert result.code == 2
    assert 'row 13, column "barcode" (E)' in result.err
    assert "check digit" in result.err
    assert "Traceback" not in result.err
    assert tables(shop.path) == before

    csv_file = tmp_path / "bad.csv"
    csv_file.write_text(
        "sku,title,on_hand,origin\nA-1,Uno,3,AR\nA-2,Dos,three,AR\nA-1,Again,1,Argentina\n",
        encoding="utf-8",
    )
    result = cli("stock", "import", str(csv_file), db=shop.path)
    assert result.code == 2
    assert 'row 3, column "on_hand" (C)' in result.err
    assert 'row 4, column "sku" (A): A-1 is already on row 2' in result.err
    assert 'row 4, column "origin" (D)' in result.err
    assert tables(shop.path) == before


def test_short_order_refused_then_received_confirmed_and_undone_exactly(
    cli: CliRunner, shop: Shop
) -> None:
    db = shop.path
    assert (
        cli(
            "stock", "set", "TERMO", "--title", "Termo 1 L", "--on-hand", "1", "--low", "2", db=db
        ).code
        == 0
    )
    order = shop.order(("TERMO", 3))
    listed = cli("list", "--json", db=db).json()
    assert [row["short"] for row in listed if row["id"] == order] == [True]
    assert [row["id"] for row in cli("list", "--short", "--json", db=db).json()] == [order]
    stock = cli("stock", "list", "--json", db=db).json()[0]
    assert (stock["on_hand"], stock["committed"], stock["available"]) == (1, 3, -2)

    before, exactly = tables(db), state(db)
    one_line(cli("confirm", str(order), db=db), 1, f"#{order}", "TERMO needs 3, 1 on hand")
    assert tables(db) == before
    assert cli("stock", "receive", "TERMO", "2", "--note", "supplier delivery", db=db).code == 0
    assert cli("confirm", str(order), db=db).code == 0
    stock = cli("stock", "list", "--json", db=db).json()[0]
    assert (stock["on_hand"], stock["committed"], stock["available"]) == (0, 0, 0)
    assert cli("list", "--short", "--json", db=db).json() == []

    first = cli("undo", db=db)
    assert first.code == 0 and f"confirm on order #{order}" in first.out
    second = cli("undo", db=db)
    assert second.code == 0 and "stock received on SKU TERMO" in second.out
    assert state(db) == exactly  # orders, lines and products exactly as before
    actions = [row["action"] for row in tables(db)[3]]
    assert actions[-4:] == ["confirm", "stock_received", "undo", "undo"] or actions[-4:] == [
        "stock_received",
        "confirm",
        "undo",
        "undo",
    ]


def test_stock_never_goes_negative_and_a_count_journals_the_difference(
    cli: CliRunner, shop: Shop
) -> None:
    db = shop.path
    assert cli("stock", "set", "MUG", "--on-hand", "5", db=db).code == 0
    before = tables(db)
    one_line(
        cli("stock", "adjust", "MUG", "-999", "--reason", "damaged", db=db), 1, "MUG", "below zero"
    )
    assert tables(db) == before
    one_line(cli("stock", "adjust", "NOPE", "-1", "--reason", "lost", db=db), 2, "NOPE")
    one_line(cli("stock", "count", "MUG", "-1", db=db), 2, "MUG")
    assert tables(db) == before

    assert cli("stock", "adjust", "MUG", "-2", "--reason", "damaged", db=db).code == 0
    counted = cli("stock", "count", "MUG", "7", db=db)
    assert counted.code == 0 and "was 3, +4" in counted.out
    shown = cli("stock", "show", "MUG", "--json", db=db).json()
    assert shown["on_hand"] == 7
    assert [(m["action"], m["units"]) for m in shown["movements"]] == [
        ("stock_counted", 4),
        ("stock_adjusted", -2),
        ("product_set", 5),
    ]
    (entry,) = _rows(db, "SELECT actor, stock, summary FROM journal WHERE action = 'stock_counted'")
    stock = entry["stock"]  # JSON text on SQLite, a value on PostgreSQL
    assert (json.loads(stock) if isinstance(stock, str) else stock) == {"MUG": 4}
    assert entry["actor"]  # who counted


def test_stock_set_refuses_bad_facts_naming_the_field(cli: CliRunner, shop: Shop) -> None:
    db = shop.path
    before = tables(db)
    for args, words in (
        (("--barcode", "12345"), "barcode"),
        (("--origin", "Argentina"), "country of origin"),
        (("--hs-code", "12"), "HS code"),
        (("--weight-g", "-3"), "weight"),
        (("--on-hand", "-1"), "on hand"),
    ):
        one_line(cli("stock", "set", "X-1", *args, db=db), 2, "SKU X-1", words)
    assert tables(db) == before
    assert cli("stock", "set", "X-1", "--barcode", "036000291452", db=db).code == 0  # UPC-A
    one_line(
        cli("stock", "set", "X-1", "--barcode", "036000291452", db=db),
        1,
        "X-1",
        "nothing to change",
    )

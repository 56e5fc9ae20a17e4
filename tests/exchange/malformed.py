"""Malformed import files, each as a seller might really produce one, with what must be said.

Each case writes one file and names a fragment the one-line error must contain. Every case is
built from the well-formed fixtures in files/, broken in one way.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook

FILES = Path(__file__).parent / "files"
SHOPIFY = (FILES / "shopify_orders_export.csv").read_text(encoding="utf-8")
AMAZON = (FILES / "amazon_order_report.txt").read_text(encoding="cp1252")
GENERIC = (FILES / "generic_orders.csv").read_text(encoding="utf-8-sig")


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    write: Callable[[Path], None]
    says: str  # a fragment of the error message

    def __str__(self) -> str:
        return self.name


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return _bytes(content.encode(encoding))


def _bytes(content: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content)

    return write


def _rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _shopify_cell(row: int, column: str, value: str) -> str:
    rows = _rows(SHOPIFY)
    rows[row - 1][rows[0].index(column)] = value
    return _csv(rows)


def _shopify_without(column: str) -> str:
    rows = _rows(SHOPIFY)
    index = rows[0].index(column)
    return _csv([r[:index] + r[index + 1 :] for r in rows])


def _amazon_cell(row: int, column: str, value: str) -> str:
    rows = _rows(AMAZON, "\t")
    rows[row - 1][rows[0].index(column)] = value
    return _csv(rows, "\t")


def _generic_cell(row: int, column: str, value: str) -> str:
    rows = _rows(GENERIC)
    rows[row - 1][rows[0].index(column)] = value
    return _csv(rows)


def _ventas(change: Callable[[object], None]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        book = load_workbook(FILES / "mercadolibre_ventas.xlsx")
        change(book.active)
        book.save(path)

    return write


def _ventas_header(sheet: object, name: str) -> int:
    for cell in sheet[6]:  # type: ignore[index]
        if cell.value == name:
            return int(cell.column)
    raise KeyError(name)


def _ventas_set(row: int, column: str, value: object) -> Callable[[Path], None]:
    def change(sheet: object) -> None:
        sheet.cell(row=row, column=_ventas_header(sheet, column)).value = value  # type: ignore[attr-defined]

    return _ventas(change)


def _ventas_repeat_changed(sheet: object) -> None:
    values = [c.value for c in sheet[7]]  # type: ignore[index]
    values[_ventas_header(sheet, "Unidades") - 1] = 3
    sheet.append(values)  # type: ignore[attr-defined]


def _ventas_no_currency(sheet: object) -> None:
    for cell in sheet[6]:  # type: ignore[index]
        if isinstance(cell.value, str):
            cell.value = cell.value.replace(" (ARS)", "")


def _truncated_xlsx(path: Path) -> None:
    data = (FILES / "mercadolibre_ventas.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _whitespace_bomb(path: Path) -> None:
    """A workbook of a few kilobytes whose sheet expands to 64 MB of whitespace (the probe's
    1 MB file held 1 GB and took 1.1 GB of memory to read)."""
    book = Workbook()
    book.active.append(["Order", "Total"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))
            out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    plain.unlink()


def _zip_not_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("orders.csv", SHOPIFY)


def _empty_workbook(path: Path) -> None:
    Workbook().save(path)


def _shopify_repeat_conflict() -> str:
    rows = _rows(SHOPIFY)
    again = list(rows[1])
    again[rows[0].index("Total")] = "99.00"
    return _csv(rows + [again])


def _amazon_item_conflict() -> str:
    rows = _rows(AMAZON, "\t")
    again = list(rows[1])
    again[rows[0].index("item-price")] = "30.00"
    return _csv(rows + [again], "\t")


def _mixed_encodings() -> bytes:
    utf8 = SHOPIFY.encode("utf-8")
    return utf8 + (
        b"#2000,x@example.com,paid,,unfulfilled,,no,USD,1.00,0.00,0.00,1.00,,0.00,"
        b"Std,2026-05-09 10:00:00 +0200,1,Caf\xe9 cup,1.00\n"
    )


CASES: list[Case] = [
    Case("utf16", "orders_export.csv", _text(SHOPIFY, "utf-16"), "UTF-16"),
    Case(
        "mixed-encodings",
        "orders_export.csv",
        _bytes(_mixed_encodings()),
        "mixes two text encodings",
    ),
    Case("truncated-xlsx", "Ventas.xlsx", _truncated_xlsx, "not a readable XLSX"),
    Case(
        "png-named-csv", "orders_export.csv", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(200)), "PNG image"
    ),
    Case(
        "pdf-named-xlsx",
        "Ventas.xlsx",
        _bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"),
        "not a readable XLSX",
    ),
    Case("zip-not-xlsx", "Ventas.xlsx", _zip_not_xlsx, "not an XLSX workbook"),
    Case("binary-nul", "orders.csv", _bytes(b"Name,Total\x00\x00\x01\x02" * 20), "NUL"),
    Case("empty-file", "orders_export.csv", _bytes(b""), "the file is empty"),
    Case("blank-lines-only", "orders_export.csv", _text("\n\n   \n"), "no header row"),
    Case(
        "header-only",
        "orders_export.csv",
        _text(SHOPIFY.splitlines()[0] + "\n"),
        "no orders after the header",
    ),
    Case("empty-workbook", "orders.xlsx", _empty_workbook, "first sheet is empty"),
    Case(
        "unknown-header",
        "orders.csv",
        _text("Date,Client,Amount\n2026-05-01,Ana,10\n"),
        "matches no format",
    ),
    Case(
        "missing-total-column",
        "orders_export.csv",
        _text(_shopify_without("Total")),
        '"Total": missing from the header',
    ),
    # no currency column, and nothing to tell the marketplace by (buyer-email, ship-country)
    Case(
        "amazon-missing-currency",
        "report.txt",
        _text(
            _csv(
                [[c for n, c in enumerate(r) if n not in (4, 10, 23)] for r in _rows(AMAZON, "\t")],
                "\t",
            )
        ),
        '"currency": the report names no currency',
    ),
    Case(
        "negative-quantity",
        "orders_export.csv",
        _text(_shopify_cell(3, "Lineitem quantity", "-1")),
        "a quantity must be at least 1",
    ),
    Case(
        "word-quantity",
        "orders_export.csv",
        _text(_shopify_cell(2, "Lineitem quantity", "two")),
        "not a whole number",
    ),
    Case(
        "fraction-quantity",
        "report.txt",
        _text(_amazon_cell(3, "quantity-purchased", "1.5"), "cp1252"),
        "not a whole number",
    ),
    Case(
        "unparseable-money",
        "orders_export.csv",
        _text(_shopify_cell(2, "Total", "58.0.0")),
        "is not an amount",
    ),
    Case(
        "too-many-decimals",
        "orders_export.csv",
        _text(_shopify_cell(4, "Lineitem price", "24.505")),
        "more decimals than USD",
    ),
    Case(
        "negative-price",
        "orders_export.csv",
        _text(_shopify_cell(4, "Lineitem price", "-24.50")),
        "cannot be negative",
    ),
    Case(
        "unparseable-date",
        "orders_export.csv",
        _text(_shopify_cell(2, "Created at", "31/02/2026 25:00")),
        "is not a date",
    ),
    Case(
        "impossible-spanish-date",
        "Ventas.xlsx",
        _ventas_set(8, "Fecha de venta", "32 de junio de 2024 10:00 hs."),
        "not a real date",
    ),
    Case(
        "english-date-in-ventas",
        "Ventas.xlsx",
        _ventas_set(9, "Fecha de venta", "June 28, 2024"),
        "is not a date like",
    ),
    Case(
        "unknown-currency",
        "orders_export.csv",
        _text(_shopify_cell(2, "Currency", "XXX")),
        "not an ISO 4217 currency",
    ),
    Case(
        "unknown-financial-status",
        "orders_export.csv",
        _text(_shopify_cell(2, "Financial Status", "maybe")),
        "not a Shopify financial status",
    ),
    Case(
        "shopify-conflicting-repeat",
        "orders_export.csv",
        _text(_shopify_repeat_conflict()),
        "conflicts with '58.00'",
    ),
    Case(
        "shopify-continuation-conflict",
        "orders_export.csv",
        _text(_shopify_cell(3, "Currency", "EUR")),
        "conflicts with 'USD'",
    ),
    Case(
        "amazon-conflicting-item",
        "report.txt",
        _text(_amazon_item_conflict(), "cp1252"),
        "is listed again",
    ),
    Case(
        "ventas-conflicting-sale", "Ventas.xlsx", _ventas(_ventas_repeat_changed), "is listed again"
    ),
    Case(
        "ventas-no-currency",
        "Ventas.xlsx",
        _ventas(_ventas_no_currency),
        "no currency in the header",
    ),
    Case(
        "ventas-negative-units",
        "Ventas.xlsx",
        _ventas_set(7, "Unidades", -1),
        "a quantity must be at least 1",
    ),
    Case(
        "ventas-text-money",
        "Ventas.xlsx",
        _ventas_set(8, "Ingresos por productos (ARS)", "nueve mil"),
        "is not an amount",
    ),
    Case(
        "generic-total-mismatch",
        "orders.csv",
        _text(_generic_cell(6, "total", "3900")),
        "the total does not match",
    ),
    Case(
        "generic-missing-channel",
        "orders.csv",
        _text(_generic_cell(2, "channel", "")),
        "the channel is required",
    ),
    Case(
        "generic-bad-payment",
        "orders.csv",
        _text(_generic_cell(5, "payment", "maybe")),
        "not a payment state",
    ),
    Case(
        "amazon-country-name",
        "report.txt",
        _text(_amazon_cell(4, "ship-country", "Atlantis"), "cp1252"),
        "not a country the desk knows",
    ),
    Case(
        "amazon-uneven-price",
        "report.txt",
        _text(_amazon_cell(2, "item-price", "25.81"), "cp1252"),
        "does not divide",
    ),
    Case(
        "open-quote",
        "orders_export.csv",
        _text(SHOPIFY + '#1010,"broken,paid\n'),
        "cannot be read as CSV",
    ),
    Case(
        "nul-past-the-first-4-kb",
        "orders_export.csv",
        _text(_shopify_cell(2, "Notes", "x" * 5_000 + "\x00y")),
        '"Notes"',
    ),
    Case(
        "line-price-past-any-amount",
        "orders_export.csv",
        _text(_shopify_cell(2, "Lineitem price", "92233720368547758.07")),
        "larger than any order's amount",
    ),
    Case(
        "line-prices-above-the-subtotal",
        "orders_export.csv",
        _text(_shopify_cell(2, "Lineitem price", "1000.00")),
        "more than its subtotal before discounts",
    ),
    Case("whitespace-bomb-xlsx", "Ventas.xlsx", _whitespace_bomb, "expands to 67 MB"),
    Case(
        "ten-megabyte-field",
        "orders_export.csv",
        _text(_shopify_cell(2, "Notes", "x" * 10_000_000)),
        "a field of 10,000,000 characters",
    ),
]

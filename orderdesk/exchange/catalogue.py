"""The catalogue as a file: read a CSV/XLSX of products, write one.

Reading goes through the import reader (:mod:`orderdesk.exchange.reading`): the same encodings,
delimiters and workbooks, and every problem names its row and column. Each row is checked with
the domain's own product rules (:mod:`orderdesk.domain.catalogue`). A column that is in the file
is the truth for every row (a blank text cell clears that field); a column that is missing
leaves the stored field as it is; a blank count leaves the stored count. Writing neutralises
text a spreadsheet would run as a formula (:mod:`orderdesk.exchange.cells`).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orderdesk.domain.catalogue import ProductDraft, checked
from orderdesk.domain.errors import BadInput
from orderdesk.exchange.cells import csv_text, is_risky, xlsx_text
from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, open_table
from orderdesk.exchange.records import text

if TYPE_CHECKING:
    from orderdesk.store.stock_queries import ProductField, ProductRow

#: The catalogue's columns, in the order an export writes them (committed and available are
#: written for reading, and ignored on import: the orders decide them).
EXPORT_COLUMNS: tuple[ProductField, ...] = (
    "sku",
    "title",
    "on_hand",
    "committed",
    "available",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
    "customs_description",
)
TEXT_COLUMNS = ("title", "barcode", "hs_code", "origin", "customs_description")
COUNT_COLUMNS = ("on_hand", "low_stock", "weight_g")
MARKERS = frozenset({"sku"})


@dataclass
class CatalogueFile:
    name: str
    drafts: list[ProductDraft] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    total_problems: int = 0


def _whole(problems: Problems, row: int, column: str, value: Any) -> int | None:
    raw = text(value)
    if not raw:
        return None
    if isinstance(value, float) and not value.is_integer():
        problems.add(row, column, f"{raw!r} is not a whole number")
        return None
    try:
        return int(raw)
    except ValueError:
        problems.add(row, column, f"{raw!r} is not a whole number")
        return None


def read_catalogue(path: Path) -> CatalogueFile:
    """Every product of the file, checked; problems name row and column (nothing is kept
    from a file with problems: the caller writes nothing)."""
    table = open_table(path, markers=MARKERS)
    columns = Columns(table, ("sku",), format_name="catalogue file")
    problems = Problems(table.name)
    index = {name: columns.index(name) for name in (*TEXT_COLUMNS, *COUNT_COLUMNS)}
    sku_at = columns.need("sku")
    out = CatalogueFile(table.name)
    seen: dict[str, int] = {}
    for number, record in table.rows:
        if not any(v is not None and str(v).strip() for v in record):
            continue
        draft = ProductDraft(text(cell(record, sku_at)))
        for name in TEXT_COLUMNS:
            if index[name] is not None:
                value = text(cell(record, index[name]))
                setattr(
                    draft,
                    name,
                    value[1:] if value.startswith("'") and is_risky(value[1:]) else value,
                )
        for name in COUNT_COLUMNS:
            if index[name] is not None:
                setattr(
                    draft,
                    name,
                    _whole(problems, number, columns.label(name), cell(record, index[name])),
                )
        draft, found = checked(draft)
        for name, message in found.items():
            problems.add(number, columns.label(name), message)
        if draft.sku in seen and "sku" not in found:
            problems.add(
                number, columns.label("sku"), f"{draft.sku} is already on row {seen[draft.sku]}"
            )
        seen.setdefault(draft.sku, number)
        out.drafts.append(draft)
    if not out.drafts and not problems:
        problems.add(table.header_row + 1, "A", "no products after the header row")
    out.problems, out.total_problems = problems.items, problems.total
    return out


def write_catalogue(rows: list[ProductRow], out: Path, fmt: str) -> Path:
    """Write the catalogue (rows as :func:`~orderdesk.store.stock_queries.product_rows` gives
    them) to a temporary file renamed into place."""
    if not out.parent.exists():
        raise BadInput(f"--out: the folder {out.parent} does not exist")
    partial = out.with_name(f".{out.name}.partial")
    try:
        if fmt == "csv":
            with partial.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(EXPORT_COLUMNS)
                for row in rows:
                    writer.writerow(
                        [
                            csv_text(value) if isinstance(value := row[c], str) else value
                            for c in EXPORT_COLUMNS
                        ]
                    )
        else:
            _write_xlsx(rows, partial)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadInput(f"--out: cannot write {out} ({exc.strerror})") from None
    return out


def _write_xlsx(rows: list[ProductRow], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Catalogue")
    widths = {
        "sku": 18,
        "title": 40,
        "barcode": 16,
        "hs_code": 12,
        "origin": 8,
        "customs_description": 40,
    }
    for number, name in enumerate(EXPORT_COLUMNS):
        letter = chr(65 + number)
        sheet.column_dimensions[letter].width = widths.get(name, 12)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in EXPORT_COLUMNS:
        head = WriteOnlyCell(sheet, value=name)
        head.font = bold
        header.append(head)
    sheet.append(header)
    quoted = Alignment(horizontal="left")
    for row in rows:
        cells = []
        for name in EXPORT_COLUMNS:
            value = row[name]
            if isinstance(value, str):
                item = WriteOnlyCell(sheet, value=xlsx_text(value))
                item.number_format = "@"  # SKUs, barcodes, HS codes stay text
                if is_risky(value):
                    item.data_type = "s"  # text, never a formula
                    item.quotePrefix = True  # shown as typed
                    item.alignment = quoted
            else:
                item = WriteOnlyCell(sheet, value=value)
            cells.append(item)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:{chr(64 + len(EXPORT_COLUMNS))}{len(rows) + 1}"
    book.save(path)

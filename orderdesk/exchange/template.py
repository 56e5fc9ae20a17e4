"""The generic import template: ``orderdesk import --template orders.csv`` (or ``.xlsx``).

A header row only (an example row would be imported by mistake); the workbook adds a Help sheet
that says what goes in each column.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from orderdesk.domain.errors import BadInput
from orderdesk.exchange.generic import COLUMNS, NAMES, REQUIRED


def write_template(path: Path) -> Path:
    """Write the template; CSV or XLSX by the file's extension. Temp file, then renamed."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise BadInput(f"--template: {path.name}: give a .csv or .xlsx file name")
    if not path.parent.exists():
        raise BadInput(f"--template: the folder {path.parent} does not exist")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerow(NAMES)
        else:
            _write_xlsx(partial)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BadInput(f"--template: cannot write {path} ({exc.strerror})") from None
    return path


def _write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    sheet.append(list(NAMES))
    bold = Font(bold=True)
    for index, name in enumerate(NAMES, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(12, len(name) + 4)
        if name in ("order_id", "sku", "ship_postal_code", "buyer_phone", "tracking_number"):
            for row in range(2, 1002):  # typed ids stay text (no lost leading zeros)
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Help")
    help_sheet.append(["column", "required", "what goes in it"])
    for name, what in COLUMNS:
        help_sheet.append([name, "yes" if name in REQUIRED else "", what])
    help_sheet.append([])
    help_sheet.append(
        [
            "One row per line item; rows with the same channel and order_id are one "
            "order. Import with: orderdesk import FILE"
        ]
    )
    help_sheet.column_dimensions["A"].width = 18
    help_sheet.column_dimensions["C"].width = 90
    book.save(path)

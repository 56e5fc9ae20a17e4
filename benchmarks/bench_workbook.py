"""The month-end workbook for ``size`` orders (demo data, all in the exported period).

Measured: ``orderdesk.exchange.workbook.export_workbook`` (SQL streamed into openpyxl's
write-only mode: Orders, Lines, Cases, Summary with the Insights tables and charts; dates
converted to local time, money in its currency's format, formula-looking text neutralised).
Baseline, in the same run: a bare openpyxl write-only loop writing the very same cells (values
and number formats read back from the workbook beforehand, so no query, no conversion and no
chart is timed). Targets: within 1.15× the bare loop; under 50 MB of extra memory (peak RSS of
a fresh process during the export, minus its RSS just before, or the Python heap's peak during
it by tracemalloc, whichever is larger).

    python3 -m benchmarks.bench_workbook [--repeats 3] [--size 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, print_rows, result

#: Every demo order falls in these days (the demo lays its orders back from today).
FAR_PAST, FAR_FUTURE = date.today() - timedelta(days=3 * 366), date.today() + timedelta(days=1)

_MEMORY_PROBE = """
import json, resource, sys, tracemalloc
from datetime import date, timedelta
from pathlib import Path
from orderdesk.exchange.workbook import export_workbook
from orderdesk.store import open_database
import openpyxl, openpyxl.cell, openpyxl.styles
database = open_database(sys.argv[1])
with database.read() as connection:
    connection.exec_driver_sql("SELECT count(*) FROM orders").all()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
export_workbook(database, date.fromisoformat(sys.argv[3]), date.fromisoformat(sys.argv[4]),
                Path(sys.argv[2]))
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"extra_kb": max(after - before, peak // 1024)}))
"""


def _cells(book_path: Path) -> dict[str, list[list[tuple[Any, str | None]]]]:
    """Every cell of the workbook as (value, number format or None for General)."""
    from openpyxl import load_workbook

    book = load_workbook(book_path, read_only=True)
    sheets: dict[str, list[list[tuple[Any, str | None]]]] = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append(
                [
                    (
                        c.value,
                        fmt
                        if (fmt := getattr(c, "number_format", "General")) != "General"
                        else None,
                    )
                    for c in row
                ]
            )
        sheets[sheet.title] = rows
    book.close()
    return sheets


def _bare(cells: dict[str, list[list[tuple[Any, str | None]]]], path: Path) -> None:
    """The floor: openpyxl write-only, the same cells (values and formats), nothing else."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    styles: dict[str, Any] = {}  # the cheapest styling: one style copied per number format
    for title, rows in cells.items():
        sheet = book.create_sheet(title)
        for row in rows:
            out: list[Any] = []
            for value, number_format in row:
                if number_format is None:
                    out.append(value)
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                    style = styles.get(number_format)
                    if style is None:
                        cell.number_format = number_format
                        styles[number_format] = cell._style
                    else:
                        cell._style = style.__copy__()
                    out.append(cell)
            sheet.append(out)
    book.save(path)


def run(repeats: int = 3, size: int = 10_000) -> list[dict[str, Any]]:
    from orderdesk.demo import load_demo
    from orderdesk.exchange.workbook import export_workbook
    from orderdesk.store import open_database

    folder = Path(tempfile.mkdtemp(prefix="bench-workbook-"))
    try:
        db_path = folder / "demo.db"
        database = open_database(db_path)
        load_demo(database, size, 1)
        export_workbook(database, FAR_PAST, FAR_FUTURE, folder / "warm.xlsx")
        cells = _cells(folder / "warm.xlsx")
        ours: list[float] = []
        base: list[float] = []
        for attempt in range(repeats):  # interleaved, so a busy machine slows both alike
            start = time.perf_counter()
            export_workbook(database, FAR_PAST, FAR_FUTURE, folder / f"ours-{attempt}.xlsx")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            _bare(cells, folder / f"bare-{attempt}.xlsx")
            base.append(time.perf_counter() - start)
        database.close()
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                _MEMORY_PROBE,
                str(db_path),
                str(folder / "probe.xlsx"),
                FAR_PAST.isoformat(),
                FAR_FUTURE.isoformat(),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        extra_mb = json.loads(probe.stdout.strip().splitlines()[-1])["extra_kb"] / 1024
        count = sum(len(rows) for rows in cells.values())
        row = result(
            f"month workbook: {size:,} orders ({count:,} rows in 4 sheets)",
            ours,
            baseline="bare openpyxl write-only loop writing the same cells",
            baseline_samples=base,
            target="≤ 1.15× bare, < 50 MB extra",
            note=f"{extra_mb:.1f} MB extra peak RSS",
        )
        row["met"] = row["ratio"] <= 1.15 and extra_mb < 50
        row["extra_mb"] = extra_mb
        return [row]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    print_rows(run(args.repeats, args.size))


if __name__ == "__main__":
    main()

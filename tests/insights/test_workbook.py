"""The Insights tables and charts in a workbook's Summary sheet, read back as a user would."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from orderdesk.domain.money import to_decimal
from orderdesk.domain.periods import period_for
from orderdesk.exchange.insight_sheets import INSIGHT_COLUMN_WIDTHS, write_insight_tables
from orderdesk.store.insights import Insights, compute_insights
from tests.conftest import need_tool
from tests.insights.conftest import FIXED_NOW


def _insights(database: Any) -> Insights:
    return compute_insights(database, period_for("last-month", FIXED_NOW, UTC), UTC)


def _write_only_book(path: Path, insights: Insights) -> Any:
    book = Workbook(write_only=True)
    orders = book.create_sheet("Orders")
    orders.append(["id", "total"])
    summary = book.create_sheet("Summary")
    for letter, width in INSIGHT_COLUMN_WIDTHS.items():
        summary.column_dimensions[letter].width = width
    summary.append(["Summary written by the month-end export"])
    summary.append(["=cmd|' /C calc'!A0", 1])
    region = write_insight_tables(summary, insights, after_row=2)
    book.save(path)
    return region


def _column(sheet: Any, cells: str) -> list[Any]:
    """The cells of a one-column range (a single cell is a range of one)."""
    found = sheet[cells]
    return [found] if not isinstance(found, tuple) else [row[0] for row in found]


def _cell(ref: str) -> tuple[str, str]:
    sheet, cells = ref.rsplit("!", 1)
    return sheet.strip("'"), cells.replace("$", "")


def test_charts_reference_the_summary_ranges(frozen_db: Any, tmp_path: Path) -> None:
    with sqlite3.connect(frozen_db.path) as db:  # an imported SKU that looks like a formula
        db.execute("UPDATE lines SET sku = '=HYPERLINK(\"http://x\")' WHERE sku = 'PONCHO'")
    insights = _insights(frozen_db)
    path = tmp_path / "book.xlsx"
    region = _write_only_book(path, insights)
    book = load_workbook(path)
    summary = book["Summary"]
    charts = summary._charts
    assert len(charts) == 2 * len(insights.currencies) == region.charts
    kinds = [type(chart).__name__ for chart in charts]
    assert kinds.count("LineChart") == kinds.count("BarChart") == len(insights.currencies)
    assert summary["A4"].value.startswith("Insights · Last month")
    for chart in charts:
        for series in chart.series:
            sheet, cells = _cell(series.val.numRef.f)
            assert sheet == "Summary"
            values = [cell.value for cell in _column(summary, cells)]
            assert values and all(isinstance(v, int | float) for v in values)
            cat_ref = series.cat.numRef or series.cat.strRef
            assert _cell(cat_ref.f)[0] == "Summary"
    # the first currency's line chart: one series per channel, the values are its sales
    first = insights.currencies[0]
    line = next(c for c in charts if type(c).__name__ == "LineChart")
    assert len(line.series) == len(first.channels)
    for series, channel in zip(line.series, first.channels, strict=True):
        title_sheet, title_cell = _cell(series.tx.strRef.f)
        assert summary[title_cell].value == channel.channel
        cells = _cell(series.val.numRef.f)[1]
        got = [Decimal(str(cell.value)) for cell in _column(summary, cells)]
        assert got == [to_decimal(v, first.currency) for v in first.series[channel.channel]]
    # per-currency table: no cross-currency total, money in the currency's format
    top_sheet, top_cells = _cell(region.ranges["sales per currency"])
    rows = list(summary[top_cells])
    assert [r[0].value for r in rows[1:]] == [c.currency for c in insights.currencies]
    assert '"' + first.currency + '"' in rows[1][3].number_format
    assert summary["A3"].value is None  # one blank row under the caller's rows
    # text an import controls never runs as a formula: stored as text, shown as typed
    risky = [
        cell
        for row in summary.iter_rows()
        for cell in row
        if cell.value == '=HYPERLINK("http://x")'
    ]
    assert risky and all(cell.data_type == "s" and cell.quotePrefix for cell in risky)
    book.close()


def test_an_ordinary_workbook_gets_the_same_tables_under_its_rows(
    frozen_db: Any, tmp_path: Path
) -> None:
    insights = _insights(frozen_db)
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["channel", "orders"])
    summary.append(["amazon", 3])
    region = write_insight_tables(book, insights)
    assert region.first_row == 4 and summary["A4"].value.startswith("Insights")
    path = tmp_path / "ordinary.xlsx"
    book.save(path)
    again = load_workbook(path)["Summary"]
    assert len(again._charts) == region.charts > 0
    assert again.column_dimensions["A"].width >= INSIGHT_COLUMN_WIDTHS["A"]


def test_libreoffice_opens_the_workbook(frozen_db: Any, tmp_path: Path) -> None:
    need_tool("soffice")
    insights = _insights(frozen_db)
    path = tmp_path / "book.xlsx"
    _write_only_book(path, insights)
    out = tmp_path / "csv"
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    with (out / "book-Summary.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    first = insights.currencies[0]
    currency_row = next(r for r in rows if r and r[0] == first.currency)
    assert currency_row[1] == str(first.orders)
    assert f"{first.currency}" in currency_row[7]  # net, shown with its currency
    assert any(r and r[0].startswith(f"{first.currency} · gross sales per day") for r in rows)

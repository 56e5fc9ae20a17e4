"""The Insights tables and native charts in the month-end workbook's Summary sheet.

How to call it (the workbook writer does, once, after its own Summary rows)::

    from orderdesk.domain.periods import month_period
    from orderdesk.store.insights import compute_insights
    from orderdesk.exchange.insight_sheets import INSIGHT_COLUMN_WIDTHS, write_insight_tables

    insights = compute_insights(database, month_period(2026, 10))
    # write-only workbook (Workbook(write_only=True)): widths must be set before the first
    # append, and you pass the row number the next appended row will take.
    summary = workbook.create_sheet("Summary")
    for letter, width in INSIGHT_COLUMN_WIDTHS.items():
        summary.column_dimensions[letter].width = max(width, ...)  # with your own widths
    ... append your own N rows ...
    region = write_insight_tables(summary, insights, after_row=N)
    # row N + 1 stays blank; the tables take rows N + 2 … region.last_row;
    # region.next_row is where a later append would land.

With an ordinary workbook or worksheet, ``after_row`` may be left out (default: the sheet's
last used row), and narrow columns are widened. Passing a workbook picks (or creates) its
``Summary`` sheet.

Layout, from ``after_row + 2`` down, in columns A…: a title row; sales per currency (one row per
currency, never a total across currencies); shipping, after-sales and buyer figures; then per
currency a block with sales per day (or week/month) per channel, the per-channel table and
the top products. Each block gets two charts to its right: a LineChart of the sales series (a
series per channel, categories = the date column) and a BarChart of gross, fees and net per
channel. Their References point at the block's cells on this sheet.

Money cells hold numbers in the currency's major unit with the currency's number format;
dates are real date cells. Text from the data (SKUs, titles, channels) is written as text
that never runs as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from orderdesk.domain.money import excel_number_format, to_decimal
from orderdesk.exchange.cells import is_risky, xlsx_text
from orderdesk.store.insights import CurrencyFigures, Insights

SUMMARY = "Summary"
#: suggested widths (characters) for the columns the tables use
INSIGHT_COLUMN_WIDTHS: dict[str, float] = {
    "A": 34,
    "B": 14,
    "C": 26,
    "D": 14,
    "E": 16,
    "F": 26,
    "G": 16,
    "H": 16,
    "I": 12,
}
#: a currency block is at least this many rows tall, so its two charts never overlap the next
BLOCK_ROWS = 34
CHART_ROWS = 16  # rows between the two charts of a block (each chart is 7.5 cm tall)
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"


@dataclass(frozen=True)
class Cell:
    value: Any
    number_format: str | None = None
    bold: bool = False
    text: bool = False  # data text: never a formula


@dataclass
class _ChartPlan:
    kind: str  # "sales" | "channels"
    currency: str
    header_row: int
    last_row: int
    columns: tuple[int, ...]  # value columns (1-based)
    anchor_row: int
    anchor_col: int
    granularity: str = "day"


@dataclass
class InsightRegion:
    """Where the tables went: rows ``first_row``…``last_row``; the next free row."""

    sheet: str
    first_row: int
    last_row: int
    next_row: int
    charts: int
    #: named ranges of the tables, e.g. ``{"sales USD": "Summary!$A$12:$E$42"}``
    ranges: dict[str, str] = field(default_factory=dict)


def _text(value: str) -> Cell:
    return Cell(xlsx_text(value), text=True)


def _money(minor: int, code: str) -> Cell:
    return Cell(to_decimal(minor, code), excel_number_format(code))


def _title(value: str) -> Cell:
    return Cell(value, bold=True)


def _headers(*names: str) -> list[Cell | None]:
    return [Cell(name, bold=True) for name in names]


class _Layout:
    """Rows to write, built top-down, remembering where the chart data sits."""

    def __init__(self, sheet_title: str, first_row: int) -> None:
        self.sheet_title = sheet_title
        self.first_row = first_row
        self.rows: list[list[Cell | None]] = []
        self.charts: list[_ChartPlan] = []
        self.ranges: dict[str, str] = {}

    @property
    def next_row(self) -> int:
        return self.first_row + len(self.rows)

    def add(self, *cells: Cell | None) -> int:
        self.rows.append(list(cells))
        return self.next_row - 1

    def blank(self) -> None:
        self.rows.append([])

    def name_range(self, name: str, top: int, bottom: int, width: int) -> None:
        quoted = self.sheet_title.replace("'", "''")
        self.ranges[name] = (
            f"'{quoted}'!$A${top}:${get_column_letter(max(width, 1))}${max(bottom, top)}"
        )


def _layout(insights: Insights, sheet_title: str, first_row: int) -> _Layout:
    out = _Layout(sheet_title, first_row)
    period = insights.period
    out.add(
        _title(f"Insights · {period.label} · {period.span}"),
    )
    out.add(
        Cell(
            "Orders placed in the period and not cancelled; amounts per currency, never "
            "added across currencies. Net = gross − fees − shipping costs − refunds."
        ),
    )
    out.blank()

    top = out.add(
        *_headers(
            "Currency",
            "Orders",
            "Units",
            "Gross sales",
            "Fees",
            "Shipping costs",
            "Refunds",
            "Net",
            "Cancelled",
        )
    )
    for c in insights.currencies:
        code = c.currency
        out.add(
            Cell(code),
            Cell(c.orders),
            Cell(c.units),
            _money(c.gross, code),
            _money(c.fees, code),
            _money(c.shipping_costs, code),
            _money(c.refunds, code),
            _money(c.net, code),
            Cell(c.cancelled),
        )
    out.name_range("sales per currency", top, out.next_row - 1, 9)
    out.blank()

    s, k, b = insights.shipping, insights.cases, insights.buyers
    top = out.add(*_headers("Shipping, after-sales, buyers", "Count", "Rate"))
    figures: list[tuple[str, int | float | None, float | None]] = [
        ("Shipped in the period", s.shipped, None),
        ("Shipped after ship-by", s.late, s.late_rate),
        (
            "Median hours, paid to shipped",
            None if s.median_hours is None else round(s.median_hours, 2),
            None,
        ),
        ("Refund requests opened", k.refund_cases, k.refund_rate),
        ("Disputes opened", k.disputes, k.dispute_rate),
        ("Buyers", b.buyers, None),
        ("Repeat buyers (share of buyers)", b.repeat_buyers, b.repeat_share),
        ("Orders by repeat buyers (share of orders)", b.repeat_orders, b.repeat_order_share),
    ]
    for name, count, rate in figures:
        out.add(Cell(name), Cell(count), Cell(rate, PERCENT_FORMAT) if rate is not None else None)
    out.name_range("shipping and after-sales", top, out.next_row - 1, 3)
    out.blank()

    for c in insights.currencies:
        _currency_block(out, insights, c)
    return out


def _currency_block(out: _Layout, insights: Insights, c: CurrencyFigures) -> None:
    code = c.currency
    start = out.next_row
    unit = {"day": "Day", "week": "Week of", "month": "Month of"}[insights.granularity]
    channels = [ch.channel for ch in c.channels]
    out.add(
        _title(f"{code} · gross sales per {insights.granularity} per channel"),
    )
    header = out.add(
        Cell(unit, bold=True), *(Cell(_text(ch).value, bold=True, text=True) for ch in channels)
    )
    for index, bucket in enumerate(insights.buckets):
        out.add(
            Cell(bucket.first_day, DATE_FORMAT),
            *(_money(c.series[ch][index], code) for ch in channels),
        )
    sales_last = out.next_row - 1
    out.name_range(f"sales {code}", header, sales_last, 1 + len(channels))
    out.blank()

    out.add(
        _title(f"{code} · per channel"),
    )
    channel_header = out.add(
        *_headers(
            "Channel", "Orders", "Units", "Gross sales", "Fees", "Shipping costs", "Refunds", "Net"
        )
    )
    for ch in c.channels:
        out.add(
            _text(ch.channel),
            Cell(ch.orders),
            Cell(ch.units),
            _money(ch.gross, code),
            _money(ch.fees, code),
            _money(ch.shipping_costs, code),
            _money(ch.refunds, code),
            _money(ch.net, code),
        )
    channel_last = out.next_row - 1
    out.name_range(f"channels {code}", channel_header, channel_last, 8)
    out.blank()

    out.add(
        _title(f"{code} · top products (net allocated by line value)"),
    )
    top_header = out.add(
        *_headers("Rank", "SKU by units", "Title", "Units", "SKU by net", "Title", "Net")
    )
    for rank in range(max(len(c.top_by_units), len(c.top_by_net))):
        by_units = c.top_by_units[rank] if rank < len(c.top_by_units) else None
        by_net = c.top_by_net[rank] if rank < len(c.top_by_net) else None
        out.add(
            Cell(rank + 1),
            _text(by_units.sku) if by_units else None,
            _text(by_units.title) if by_units else None,
            Cell(by_units.units) if by_units else None,
            _text(by_net.sku) if by_net else None,
            _text(by_net.title) if by_net else None,
            _money(by_net.net, code) if by_net else None,
        )
    out.name_range(f"top products {code}", top_header, out.next_row - 1, 7)
    out.blank()

    while out.next_row - start < BLOCK_ROWS:
        out.blank()
    anchor_col = max(9, 1 + len(channels)) + 2
    if channels and insights.buckets:
        out.charts.append(
            _ChartPlan(
                "sales",
                code,
                header,
                sales_last,
                tuple(range(2, 2 + len(channels))),
                start,
                anchor_col,
                insights.granularity,
            )
        )
    if c.channels:
        out.charts.append(
            _ChartPlan(
                "channels",
                code,
                channel_header,
                channel_last,
                (4, 5, 8),
                start + CHART_ROWS,
                anchor_col,
            )
        )


def _chart(ws: Any, plan: _ChartPlan) -> LineChart | BarChart:
    chart: LineChart | BarChart
    categories = Reference(ws, min_col=1, min_row=plan.header_row + 1, max_row=plan.last_row)
    if plan.kind == "sales":
        chart = LineChart()
        chart.title = f"Gross sales per {plan.granularity} per channel · {plan.currency}"
        chart.x_axis.title = plan.granularity.capitalize()
        chart.x_axis.number_format = DATE_FORMAT
    else:
        chart = BarChart()
        chart.type = "col"
        chart.title = f"Gross, fees and net per channel · {plan.currency}"
        chart.x_axis.title = "Channel"
    for column in plan.columns:
        values = Reference(ws, min_col=column, min_row=plan.header_row, max_row=plan.last_row)
        chart.series.append(Series(values, title_from_data=True))
    chart.set_categories(categories)
    chart.y_axis.title = plan.currency
    chart.y_axis.number_format = excel_number_format(plan.currency)
    chart.x_axis.delete = False  # openpyxl 3.1 leaves it unset: Excel then hides the axes
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.height = 7.5
    chart.width = 18
    return chart


def _sheet(target: Workbook | Worksheet | WriteOnlyWorksheet, name: str) -> Any:
    if isinstance(target, Workbook):
        return target[name] if name in target.sheetnames else target.create_sheet(name)
    return target


def _is_empty(ws: Worksheet) -> bool:
    return ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None


def write_insight_tables(
    target: Workbook | Worksheet | WriteOnlyWorksheet,
    insights: Insights,
    *,
    after_row: int | None = None,
    sheet_name: str = SUMMARY,
    charts: bool = True,
) -> InsightRegion:
    """Write the Insights tables (and, unless ``charts=False``, the charts) into the sheet.

    ``target``: a workbook (its ``sheet_name`` sheet is used or created), a worksheet, or a
    write-only worksheet. ``after_row`` is the last row already written: for a write-only
    sheet it is required and is the number of rows appended so far (a blank row and then the
    tables are appended); for an ordinary sheet it defaults to the last used row. The tables
    start at ``after_row + 2`` (row 1 on an empty sheet). Call it before the workbook is
    saved; the charts are written with the sheet.
    """
    ws = _sheet(target, sheet_name)
    write_only = isinstance(ws, WriteOnlyWorksheet)
    if after_row is None:
        if write_only:
            raise ValueError(
                "write_insight_tables: a write-only sheet needs after_row "
                "(the number of rows appended so far)"
            )
        after_row = 0 if _is_empty(ws) else ws.max_row
    first_row = after_row + 2 if after_row > 0 else 1
    if write_only and after_row > 0:
        ws.append([])
    layout = _layout(insights, ws.title, first_row)
    bold = Font(bold=True)
    for offset, cells in enumerate(layout.rows):
        row_number = first_row + offset
        if write_only:
            ws.append([_write_only_cell(ws, cell, bold) for cell in cells])
            continue
        for column, spec in enumerate(cells, 1):
            if spec is not None:
                _set_cell(ws.cell(row=row_number, column=column), spec, bold)
    if not write_only:
        for letter, width in INSIGHT_COLUMN_WIDTHS.items():
            dimension = ws.column_dimensions[letter]
            if (dimension.width or 0) < width:
                dimension.width = width
    if charts:
        for plan in layout.charts:
            ws.add_chart(_chart(ws, plan), f"{get_column_letter(plan.anchor_col)}{plan.anchor_row}")
    last = first_row + len(layout.rows) - 1
    return InsightRegion(
        sheet=ws.title,
        first_row=first_row,
        last_row=last,
        next_row=last + 1,
        charts=len(layout.charts) if charts else 0,
        ranges=layout.ranges,
    )


def _apply(cell: Any, spec: Cell, bold: Font) -> None:
    if spec.text and isinstance(spec.value, str) and is_risky(spec.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if spec.number_format:
        cell.number_format = spec.number_format
    if spec.bold:
        cell.font = bold


def _set_cell(cell: Any, spec: Cell, bold: Font) -> None:
    cell.value = spec.value
    _apply(cell, spec, bold)


def _write_only_cell(ws: WriteOnlyWorksheet, spec: Cell | None, bold: Font) -> Any:
    if spec is None:
        return None
    if not (spec.number_format or spec.bold or spec.text) and not isinstance(spec.value, date):
        return spec.value
    cell = WriteOnlyCell(ws, spec.value)
    _apply(cell, spec, bold)
    return cell

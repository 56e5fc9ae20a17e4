"""The month-end workbook for the accountant (DESIGN §7), and its CSV form.

Sheets: **Orders** (one row per order, every money field and the dates), **Lines**, **Cases**
and **Summary** (per currency and channel: orders, units, gross, fees, shipping costs, refunds,
net; then the orders per stage). Dates are real date cells in local time; money cells carry
their currency's number format; the header row is frozen with an autofilter. Written with
openpyxl's write-only mode (rows stream from SQL straight into the file) to a temporary file
renamed into place, so a failure leaves no half workbook. Text is never written so that a
spreadsheet could run it as a formula (:mod:`orderdesk.exchange.cells`).
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import os
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orderdesk import leftovers
from orderdesk.domain import sales
from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import decimal_string, excel_number_format, exponent
from orderdesk.domain.periods import Period, days_period, within_kept_days
from orderdesk.domain.stages import Stage, state_label
from orderdesk.exchange.cells import FORMULA_STARTS, csv_text, is_risky, xlsx_text
from orderdesk.leftovers import private_tempdir, sweep

if TYPE_CHECKING:
    from orderdesk.store.export_queries import SummaryRow

Progress = Callable[[int, int], None]
DATE_FORMAT = "yyyy-mm-dd hh:mm"
_TICK = 500

#: (header, width, kind) of the Orders sheet; kind: int, text, date, money, code.
ORDER_SHEET: tuple[tuple[str, int, str], ...] = (
    ("Order", 8, "int"),
    ("Channel", 13, "code"),
    ("Channel order", 20, "text"),
    ("Placed", 17, "date"),
    ("Paid", 17, "date"),
    ("Confirmed", 17, "date"),
    ("Label printed", 17, "date"),
    ("Ship by", 17, "date"),
    ("Shipped", 17, "date"),
    ("Delivered", 17, "date"),
    ("Cancelled", 17, "date"),
    ("Stage", 13, "code"),
    ("Payment", 18, "code"),
    ("Payout", 11, "code"),
    ("Buyer", 24, "text"),
    ("Email", 28, "text"),
    ("Ship to", 24, "text"),
    ("City", 16, "text"),
    ("Region", 16, "text"),
    ("Postal code", 11, "text"),
    ("Country", 8, "code"),
    ("Currency", 9, "code"),
    ("Subtotal", 14, "money"),
    ("Shipping", 13, "money"),
    ("Tax", 12, "money"),
    ("Discount", 12, "money"),
    ("Total", 14, "money"),
    ("Fee", 12, "money"),
    ("Shipping cost", 13, "money"),
    ("Refunded", 13, "money"),
    ("Net", 14, "money"),
    ("Carrier", 14, "text"),
    ("Tracking", 22, "text"),
    ("Note", 30, "text"),
    ("Tags", 16, "text"),
    ("Possible duplicate of", 11, "int"),
)
LINE_SHEET = (
    ("Order", 8, "int"),
    ("Channel", 13, "code"),
    ("Channel order", 20, "text"),
    ("Currency", 9, "code"),
    ("SKU", 16, "text"),
    ("Title", 40, "text"),
    ("Variant", 16, "text"),
    ("Quantity", 9, "int"),
    ("Unit price", 14, "money"),
    ("Line total", 14, "money"),
)
CASE_SHEET = (
    ("Case", 7, "int"),
    ("Order", 8, "int"),
    ("Channel", 13, "code"),
    ("Channel order", 20, "text"),
    ("Currency", 9, "code"),
    ("Kind", 9, "code"),
    ("Status", 10, "code"),
    ("Reason", 36, "text"),
    ("Amount", 14, "money"),
    ("Opened", 17, "date"),
    ("Respond by", 17, "date"),
    ("Closed", 17, "date"),
    ("Resolution", 30, "text"),
)
SUMMARY_SHEET = (
    ("Currency", 10, "code"),
    ("Channel", 16, "code"),
    ("Orders", 9, "int"),
    ("Units", 9, "int"),
    ("Gross", 16, "money"),
    ("Fees", 14, "money"),
    ("Shipping costs", 15, "money"),
    ("Refunds", 14, "money"),
    ("Net", 16, "money"),
)


def month_range(text: str) -> tuple[date, date]:
    """``2026-10`` → (2026-10-01, 2026-10-31)."""
    try:
        year_text, month_text = text.strip().split("-")
        if not (year_text.isascii() and month_text.isascii()):
            raise ValueError(text)
        year, month = int(year_text), int(month_text)
        first = date(year, month, 1)
    except ValueError:
        raise BadInput(f"--month: {text!r} is not a month like 2026-10") from None
    within_kept_days(first, "--month")
    return first, date(year, month, calendar.monthrange(year, month)[1])


def default_name(start: date, end: date, fmt: str) -> str:
    whole_month = start.day == 1 and end == month_range(f"{start:%Y-%m}")[1]
    stem = f"orderdesk-{start:%Y-%m}" if whole_month else f"orderdesk-{start}_{end}"
    return f"{stem}.{fmt}"


_OFFSETS: dict[tuple[int, int, int, int], timedelta] = {}


def local(moment: datetime | str | None) -> datetime | None:
    """A stored (UTC) time as a local-time cell value, tzinfo dropped (openpyxl needs that).

    Takes a datetime or the text SQLite stores (``2026-05-01 08:04:02.000000``); the local
    offset is looked up once per hour of UTC time (it changes with daylight saving only).
    """
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    hour = (moment.year, moment.month, moment.day, moment.hour)
    offset = _OFFSETS.get(hour)
    if offset is None:
        stamp = moment.replace(minute=0, second=0, microsecond=0, tzinfo=UTC)
        offset = _OFFSETS[hour] = stamp.astimezone().utcoffset() or timedelta(0)
    return moment + offset


def export_workbook(
    database: Any,
    start: date,
    end: date,
    out: Path | None = None,
    *,
    fmt: str = "xlsx",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the workbook (or, with ``fmt="csv"``, the Orders sheet as CSV) for orders placed
    from ``start`` to ``end`` (local dates, both included); returns the path written."""
    if fmt not in ("xlsx", "csv"):
        raise BadInput(f"--format: {fmt!r}: use xlsx or csv")
    if end < start:
        raise BadInput(f"--to: {end} is before --from {start}")
    target = Path(out) if out is not None else Path.cwd() / default_name(start, end, fmt)
    target = target.expanduser()
    if target.is_dir():
        target = target / default_name(start, end, fmt)
    if not target.parent.exists():
        raise BadInput(f"--out: the folder {target.parent} does not exist")
    sweep(target.parent)  # what a killed export left here
    partial = leftovers.partial(target)
    period = days_period(start, end)  # local midnight of start to that after end, in UTC
    low, high = period.start, period.end
    from orderdesk.store import export_queries as q

    try:
        with database.read() as connection:
            total = q.count_orders(connection, low, high)
            ticker = _Ticker(total, progress, cancelled)
            if fmt == "csv":
                _write_csv(partial, q.orders(connection, low, high), ticker)
            else:
                with private_tempdir():  # openpyxl streams each sheet through a temp file
                    _write_xlsx(partial, connection, period, ticker)
        ticker.stop_if_cancelled()  # cancelled while the file was saved: it is not kept
        os.replace(partial, target)
    except OSError as exc:
        raise BadInput(f"--out: cannot write {target} ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)
    if progress is not None:
        progress(total, total)
    return target


class _Ticker:
    def __init__(
        self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None
    ) -> None:
        self.total = total
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0

    def tick(self) -> None:
        """One row written: stop here if the seller cancelled (asked at every row, so a
        month of a few hundred orders stops too), and report progress now and then."""
        self.done += 1
        self.stop_if_cancelled()
        if self.done % _TICK == 0 and self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def stop_if_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise BadInput("export cancelled; no file was written")


def _order_values(row: tuple[Any, ...]) -> list[Any]:
    (
        order_id,
        channel,
        external_id,
        created,
        paid,
        confirmed,
        labelled,
        ship_by,
        shipped,
        delivered,
        cancelled,
        stage,
        payment,
        payout,
        buyer,
        email,
        ship_name,
        city,
        region,
        postal,
        country,
        code,
        subtotal,
        shipping,
        tax,
        discount,
        total,
        fee,
        shipping_cost,
        refunded,
        carrier,
        tracking,
        note,
        tags,
        duplicate,
    ) = row
    net = sales.net(total, fee, shipping_cost, refunded)
    return [
        order_id,
        channel,
        external_id,
        local(created),
        local(paid),
        local(confirmed),
        local(labelled),
        local(ship_by),
        local(shipped),
        local(delivered),
        local(cancelled),
        state_label(stage),  # "Ready to ship", as the desk says it, not the stored code
        state_label(payment),
        state_label(payout),
        buyer,
        email,
        ship_name,
        city,
        region,
        postal,
        country,
        code,
        subtotal,
        shipping,
        tax,
        discount,
        total,
        fee,
        shipping_cost,
        refunded,
        net,
        carrier,
        tracking,
        note,
        tags,
        duplicate,
    ]


# -- CSV ----------------------------------------------------------------------------------------


def _write_csv(path: Path, rows: Iterable[tuple[Any, ...]], ticker: _Ticker) -> None:
    kinds = [kind for _, _, kind in ORDER_SHEET]
    currency_at = [name for name, _, _ in ORDER_SHEET].index("Currency")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _, _ in ORDER_SHEET])
        for row in rows:
            values = _order_values(row)
            code = values[currency_at]
            out = []
            for value, kind in zip(values, kinds, strict=True):
                if value is None:
                    out.append("")
                elif kind == "money":
                    out.append(decimal_string(value, code))
                elif kind == "date":
                    out.append(value.strftime("%Y-%m-%d %H:%M:%S"))
                elif isinstance(value, str):  # any text, whatever its column (a channel too)
                    out.append(csv_text(value))
                else:
                    out.append(value)
            writer.writerow(out)
            ticker.tick()


# -- XLSX ---------------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with typed columns: money in its currency's format, real dates."""

    def __init__(
        self,
        book: Any,
        title: str,
        columns: tuple[tuple[str, int, str], ...],
        currency_column: str | None,
        min_widths: dict[str, float] | None = None,
    ) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        self.cell = WriteOnlyCell
        self.sheet = book.create_sheet(title)
        kinds = [kind for _, _, kind in columns]
        self.money_at = [i for i, kind in enumerate(kinds) if kind == "money"]
        self.date_at = [i for i, kind in enumerate(kinds) if kind == "date"]
        self.text_at = [i for i, kind in enumerate(kinds) if kind == "text"]
        self.plain_at = [i for i, kind in enumerate(kinds) if kind in ("code", "int")]
        self.currency_at = (
            [name for name, _, _ in columns].index(currency_column) if currency_column else None
        )
        self.rows = 0
        self.width = len(columns)
        self.formats: dict[str, tuple[str, int]] = {}
        self._prototypes: dict[str, Any] = {}
        widths: dict[str, float] = dict(min_widths or {})
        for index, (_, own, _) in enumerate(columns, start=1):
            letter = get_column_letter(index)
            widths[letter] = max(float(own), widths.get(letter, 0.0))
        for letter, wide in widths.items():  # before the first row, as write-only needs
            self.sheet.column_dimensions[letter].width = wide
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name, _, kind in columns:
            cell = WriteOnlyCell(self.sheet, value=name)
            cell.font = bold
            if kind in ("money", "int"):
                cell.alignment = Alignment(horizontal="right")
            header.append(cell)
        self.sheet.append(header)
        self.written = 1  # rows appended so far, the header included
        self.last_column = get_column_letter(len(columns))

    def _styled(self, value: Any, number_format: str) -> Any:
        """A cell with a number format; the style is copied from one prototype per format
        (cheaper than setting the format on every cell)."""
        cell = self.cell(self.sheet, value=value)
        prototype = self._prototypes.get(number_format)
        if prototype is None:
            cell.number_format = number_format
            self._prototypes[number_format] = cell._style
        else:
            cell._style = prototype.__copy__()
        return cell

    def _text(self, value: str) -> Any:
        """Text that could run as a formula becomes a quote-prefixed string cell."""
        if not is_risky(value):
            return xlsx_text(value)
        cell = self.cell(self.sheet, value=xlsx_text(value))
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
        return cell

    def append(self, values: list[Any], code: str | None = None) -> None:
        """Write one row (``values`` is changed in place): money and dates styled, text safe,
        empty strings left as empty cells."""
        if code is None and self.currency_at is not None:
            code = values[self.currency_at]
        if code is not None and self.money_at:
            known = self.formats.get(code)
            if known is None:
                known = self.formats[code] = (excel_number_format(code), exponent(code))
            number_format, places = known
            for i in self.money_at:
                value = values[i]
                if value is not None:
                    values[i] = self._styled(Decimal(value).scaleb(-places), number_format)
        for i in self.date_at:
            value = values[i]
            if value is not None:
                values[i] = self._styled(value, DATE_FORMAT)
        for i in self.text_at:
            value = values[i]
            if not value:
                values[i] = None
            elif value[0] in FORMULA_STARTS or not value.isprintable():
                values[i] = self._text(value)
        for i in self.plain_at:  # codes (channel, stage…) come from files too: never a formula
            value = values[i]
            if value == "":
                values[i] = None
            elif isinstance(value, str) and (value[0] in FORMULA_STARTS or not value.isprintable()):
                values[i] = self._text(value)
        self.sheet.append(values)
        self.rows += 1
        self.written += 1

    def finish(self) -> None:
        self.sheet.auto_filter.ref = f"A1:{self.last_column}{self.rows + 1}"


def _write_xlsx(path: Path, connection: Any, period: Period, ticker: _Ticker) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    try:
        _fill_xlsx(book, path, connection, period, ticker)
    except BaseException:
        # Stopped (cancelled, or a failure): each sheet's stream is closed while its temp
        # file still exists, so nothing is left writing into a folder already removed.
        for sheet in book.worksheets:
            with contextlib.suppress(Exception):
                sheet.close()
        raise


def _fill_xlsx(book: Any, path: Path, connection: Any, period: Period, ticker: _Ticker) -> None:
    from orderdesk.store import export_queries as q

    low, high = period.start, period.end
    orders = _Sheet(book, "Orders", ORDER_SHEET, "Currency")
    for row in q.orders(connection, low, high):
        orders.append(_order_values(row))
        ticker.tick()
    orders.finish()
    lines = _Sheet(book, "Lines", LINE_SHEET, "Currency")
    for order_id, channel, external_id, code, sku, title, variant, units, price in q.lines(
        connection, low, high
    ):
        lines.append(
            [order_id, channel, external_id, code, sku, title, variant, units, price, units * price]
        )
    lines.finish()
    cases = _Sheet(book, "Cases", CASE_SHEET, "Currency")
    for (
        case_id,
        order_id,
        channel,
        external_id,
        code,
        kind,
        status,
        reason,
        amount,
        opened,
        respond_by,
        closed,
        resolution,
    ) in q.cases(connection, low, high):
        cases.append(
            [
                case_id,
                order_id,
                channel,
                external_id,
                code,
                kind,
                status,
                reason,
                amount,
                local(opened),
                local(respond_by),
                local(closed),
                resolution,
            ]
        )
    cases.finish()
    summary = _write_summary(
        book, q.summary(connection, low, high), q.stage_counts(connection, low, high), low, high
    )
    _write_insights(connection, summary, period)
    book.save(path)


def _write_insights(connection: Any, summary: _Sheet, period: Period) -> None:
    """The Insights tables and charts below the Summary's own rows (orderdesk.exchange.
    insight_sheets, with the figures of the same days, read in the export's snapshot)."""
    from orderdesk.exchange.insight_sheets import write_insight_tables
    from orderdesk.store.insights import insights_on

    insights = insights_on(connection, period)
    write_insight_tables(summary.sheet, insights, after_row=summary.written)


def _write_summary(
    book: Any, rows: list[SummaryRow], stages: dict[str, int], low: datetime, high: datetime
) -> _Sheet:
    from orderdesk.exchange.insight_sheets import INSIGHT_COLUMN_WIDTHS
    from orderdesk.store.export_queries import SUMMARY_FIGURES

    sheet = _Sheet(book, "Summary", SUMMARY_SHEET, "Currency", INSIGHT_COLUMN_WIDTHS)
    by_currency: dict[str, dict[str, int]] = {}
    for row in rows:
        sheet.append(
            [
                row["currency"],
                row["channel"],
                row["orders"],
                row["units"],
                row["gross"],
                row["fees"],
                row["shipping_costs"],
                row["refunds"],
                row["net"],
            ]
        )
        totals = by_currency.setdefault(row["currency"], {})
        for key in SUMMARY_FIGURES:
            totals[key] = totals.get(key, 0) + row[key]
    for code, totals in by_currency.items():  # one total per currency, never across them
        sheet.append(
            [
                code,
                "all channels",
                totals["orders"],
                totals["units"],
                totals["gross"],
                totals["fees"],
                totals["shipping_costs"],
                totals["refunds"],
                totals["net"],
            ]
        )
    sheet.finish()
    sheet.sheet.append([])
    sheet.sheet.append(["Stage", "Orders"])
    for stage in Stage:
        sheet.sheet.append([stage.label, stages.get(stage.value, 0)])
    sheet.sheet.append([])
    first, last = local(low), local(high - timedelta(seconds=1))
    assert first is not None and last is not None
    sheet.sheet.append(["Orders placed from", first.date(), "to", last.date()])
    sheet.written += 4 + len(Stage)  # blank, "Stage", the stages, blank, the period
    return sheet

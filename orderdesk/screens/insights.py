"""The Insights screen: what the orders of a period say, per currency, with charts.

Figures come from :func:`orderdesk.store.insights.compute_insights` in a thread worker; the
screen shows a loading state meanwhile and never queries on the UI thread. Pick the period
with the selector or the keys 1–6; pick the currency the charts and detail tables show by
moving in the currency table (or ``c``). Escape or ``q`` closes the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Select, Static
from textual.worker import Worker, WorkerState
from textual_plotext import PlotextPlot

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import exponent, grouped, percent
from orderdesk.domain.periods import (
    CUSTOM,
    PERIOD_KEYS,
    PERIOD_LABELS,
    Period,
    date_hint,
    days_period,
    parse_local_day,
    period_for,
)

if TYPE_CHECKING:
    from orderdesk.store import Database
    from orderdesk.store.insights import CurrencyFigures, Insights

PERIOD_OPTIONS: list[tuple[str, str]] = [
    *((label, key) for key, label in PERIOD_LABELS.items()),
    ("Custom…", CUSTOM),
]


def _right(*values: object) -> list[Text]:
    return [Text(str(value), justify="right") for value in values]


def short_number(value: float) -> str:
    """Axis labels that stay narrow: ``950``, ``12.5k``, ``4.8M``."""
    size = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(count + 2) if step * (i - 1) < top]


class CustomPeriodDialog(ModalScreen[Period | None]):
    """Two local dates, first and last day included; Enter applies, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Keep the current period",
            id="insights.custom.cancel",
        ),
    ]

    def __init__(self, current: Period, tz: tzinfo | None, date_order: str | None = None) -> None:
        super().__init__()
        self.current = current
        self.tz = tz
        self.date_order = date_order  # the seller's way of writing dates; ISO always read

    def compose(self) -> ComposeResult:
        with Vertical(id="insights-custom"):
            yield Label("Custom period: local dates, both days counted", id="insights-custom-title")
            yield Label("First day")
            yield Input(
                self.current.first_day.isoformat(),
                placeholder=date_hint(self.date_order),
                id="insights-custom-from",
            )
            yield Label("Last day")
            yield Input(
                self.current.last_day.isoformat(),
                placeholder=date_hint(self.date_order),
                id="insights-custom-to",
            )
            yield Static("", id="insights-custom-error")
            with Horizontal(id="insights-custom-buttons"):
                yield Button("Apply", variant="primary", id="insights-custom-apply")
                yield Button("Cancel", id="insights-custom-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#insights-custom-apply")
    def apply(self) -> None:
        try:
            order = self.date_order
            first = parse_local_day(
                self.query_one("#insights-custom-from", Input).value, "First day", order
            )
            last = parse_local_day(
                self.query_one("#insights-custom-to", Input).value, "Last day", order
            )
            period = days_period(first, last, self.tz)
        except BadInput as error:
            self.query_one("#insights-custom-error", Static).update(Text(error.message))
            return
        self.dismiss(period)

    @on(Button.Pressed, "#insights-custom-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class InsightsScreen(Screen[None]):
    """Sales, fees and net per currency; sales per day per channel; top products; rates."""

    CSS_PATH = "insights.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", tooltip="Back to the desk", id="insights.close"),
        Binding("q", "close", "Close", show=False, id="insights.close_q"),
        Binding(
            "1",
            "period('last-7')",
            "7 days",
            tooltip="Today and the 6 days before",
            id="insights.last_7",
        ),
        Binding(
            "2",
            "period('last-30')",
            "30 days",
            tooltip="Today and the 29 days before",
            id="insights.last_30",
        ),
        Binding(
            "3",
            "period('last-90')",
            "90 days",
            tooltip="Today and the 89 days before",
            id="insights.last_90",
        ),
        Binding(
            "4",
            "period('this-month')",
            "This month",
            tooltip="From the 1st to today",
            id="insights.this_month",
        ),
        Binding(
            "5",
            "period('last-month')",
            "Last month",
            tooltip="The whole previous calendar month",
            id="insights.last_month",
        ),
        Binding(
            "6", "custom", "Custom", tooltip="Pick the first and last day", id="insights.custom"
        ),
        Binding(
            "c",
            "next_currency",
            "Currency",
            tooltip="Charts and tables of the next currency",
            id="insights.currency",
        ),
    ]

    @dataclass
    class Computed(Message):
        """The figures of a period arrived from the worker."""

        insights: Insights
        serial: int

    def __init__(
        self,
        database: Database,
        *,
        tz: tzinfo | None = None,
        period: str = "last-30",
        date_order: str | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.tz = tz
        self.date_order = date_order
        self.period = period_for(period, database.clock(), tz)
        self.insights: Insights | None = None
        self.currency: str | None = None
        self._serial = 0

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="insights-controls"):
            yield Label("Insights", id="insights-title")
            yield Select(
                PERIOD_OPTIONS, value=self.period.key, allow_blank=False, id="insights-period"
            )
            yield Static("", id="insights-span")
        yield Static("Computing the figures…", id="insights-waiting")
        with VerticalScroll(id="insights-body", classes="-pending"):
            with Horizontal(id="insights-top"):
                yield DataTable(id="insights-currencies", cursor_type="row", zebra_stripes=True)
                yield Static("", id="insights-rates")
            with Horizontal(id="insights-charts"):
                yield PlotextPlot(id="insights-sales-chart")
                yield PlotextPlot(id="insights-top-chart")
            with Vertical(id="insights-details"):
                yield DataTable(
                    id="insights-channels", cursor_type="none", classes="insights-detail"
                )
                yield DataTable(
                    id="insights-products", cursor_type="none", classes="insights-detail"
                )
        yield Footer()

    def on_mount(self) -> None:
        currencies = self.query_one("#insights-currencies", DataTable)
        for name in ("cur", "orders", "units", "gross", "fees", "net", "canc."):
            currencies.add_column(name, key=name)
        channels = self.query_one("#insights-channels", DataTable)
        for name in ("channel", "orders", "units", "gross", "fees", "net"):
            channels.add_column(name, key=name)
        products = self.query_one("#insights-products", DataTable)
        for name in ("#", "by units", "units", "by net", "net"):
            products.add_column(name, key=name)
        self._load()

    # --- computing --------------------------------------------------------------------------

    def _load(self) -> None:
        self._serial += 1
        self.query_one("#insights-span", Static).update(Text(f"{self.period.span} · computing…"))
        self.query_one("#insights-waiting", Static).update(
            Text(f"Computing the figures of {self.period.span}…")
        )
        self._pending(True)
        self._compute(self.period, self._serial)

    def _pending(self, pending: bool) -> None:
        """The loading state: a one-line note instead of the figures while they are computed
        (cheaper than an animated indicator, which would compete with the worker)."""
        self.query_one("#insights-body").set_class(pending, "-pending")
        self.query_one("#insights-waiting").set_class(not pending, "-done")

    @work(thread=True, exclusive=True, group="insights", exit_on_error=False)
    def _compute(self, period: Period, serial: int) -> None:
        from orderdesk.store.insights import compute_insights

        self.post_message(self.Computed(compute_insights(self.database, period, self.tz), serial))

    def on_insights_screen_computed(self, message: Computed) -> None:
        if message.serial != self._serial:
            return  # a newer period was asked for meanwhile
        self.insights = message.insights
        codes = [c.currency for c in message.insights.currencies]
        if self.currency not in codes:
            self.currency = codes[0] if codes else None
        self._show()
        self._pending(False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "insights" and event.state == WorkerState.ERROR:
            self.query_one("#insights-waiting", Static).update(
                Text(f"Could not compute the figures: {event.worker.error}")
            )
            self.query_one("#insights-span", Static).update(
                Text(f"{self.period.span} · could not compute the figures: {event.worker.error}")
            )
            self.notify(f"Insights: {event.worker.error}", severity="error")

    # --- showing ----------------------------------------------------------------------------

    def _show(self) -> None:
        insights = self.insights
        assert insights is not None
        period = insights.period
        self.query_one("#insights-span", Static).update(
            Text(f"{period.span} · per {insights.granularity} · orders placed, not cancelled")
        )
        table = self.query_one("#insights-currencies", DataTable)
        table.clear()
        for c in insights.currencies:
            code = c.currency
            table.add_row(
                code,
                *_right(
                    c.orders,
                    c.units,
                    grouped(c.gross, code),
                    grouped(c.fees, code),
                    grouped(c.net, code),
                    c.cancelled,
                ),
                key=code,
            )
        if not insights.currencies:
            table.add_row("–", "0", "0", "", "", "", "", key="none")
        self._show_rates()
        self._show_currency()

    def _show_rates(self) -> None:
        assert self.insights is not None
        s, k, b = self.insights.shipping, self.insights.cases, self.insights.buyers
        median = "–" if s.median_hours is None else f"{s.median_hours:.1f} h"
        lines = (
            f"Shipped        {s.shipped}",
            f"Late           {s.late} ({percent(s.late_rate)})",
            f"Paid→shipped   {median} (median)",
            f"Refund reqs    {k.refund_cases} ({percent(k.refund_rate)} of orders)",
            f"Disputes       {k.disputes} ({percent(k.dispute_rate)} of orders)",
            f"Repeat buyers  {b.repeat_buyers} of {b.buyers} ({percent(b.repeat_share)})",
            f"Their orders   {b.repeat_orders} ({percent(b.repeat_order_share)})",
        )
        rates = self.query_one("#insights-rates", Static)
        rates.border_title = "Shipping · after-sales · buyers"
        rates.update(Text("\n".join(lines)))

    def _figures(self) -> CurrencyFigures | None:
        if self.insights is None or self.currency is None:
            return None
        return self.insights.currency(self.currency)

    def _show_currency(self) -> None:
        figures = self._figures()
        table = self.query_one("#insights-currencies", DataTable)
        if figures is not None:
            row = table.get_row_index(figures.currency)
            if table.cursor_row != row:
                with self.prevent(DataTable.RowHighlighted):
                    table.move_cursor(row=row)
        self._show_channels(figures)
        self._show_products(figures)
        self._draw_sales(figures)
        self._draw_top(figures)

    def _show_channels(self, figures: CurrencyFigures | None) -> None:
        table = self.query_one("#insights-channels", DataTable)
        table.clear()
        table.border_title = f"Per channel · {figures.currency}" if figures else "Per channel"
        if figures is None:
            return
        code = figures.currency
        for ch in figures.channels:
            table.add_row(
                Text(ch.channel),
                *_right(
                    ch.orders,
                    ch.units,
                    grouped(ch.gross, code),
                    grouped(ch.fees, code),
                    grouped(ch.net, code),
                ),
            )

    def _show_products(self, figures: CurrencyFigures | None) -> None:
        table = self.query_one("#insights-products", DataTable)
        table.clear()
        table.border_title = f"Top products · {figures.currency}" if figures else "Top products"
        if figures is None:
            return
        code = figures.currency
        for rank in range(max(len(figures.top_by_units), len(figures.top_by_net))):
            by_units = figures.top_by_units[rank] if rank < len(figures.top_by_units) else None
            by_net = figures.top_by_net[rank] if rank < len(figures.top_by_net) else None
            table.add_row(
                *_right(rank + 1),
                Text(by_units.sku if by_units else ""),
                *_right(by_units.units if by_units else ""),
                Text(by_net.sku if by_net else ""),
                *_right(grouped(by_net.net, code) if by_net else ""),
            )

    def _draw_sales(self, figures: CurrencyFigures | None) -> None:
        widget = self.query_one("#insights-sales-chart", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        insights = self.insights
        if insights is None or figures is None or not insights.buckets:
            plt.title("Sales: no orders in this period")
            widget.refresh()
            return
        code = figures.currency
        scale = 10 ** exponent(code)
        xs = [float(i) for i in range(1, len(insights.buckets) + 1)]
        top = 0.0
        for channel, values in figures.series.items():
            ys = [v / scale for v in values]
            top = max(top, *ys)
            plt.plot(xs, ys, label=channel, marker="braille")
        every = max(1, len(xs) // 6)
        ticks = xs[::every]
        plt.xticks(ticks, [insights.buckets[int(i) - 1].first_day.strftime("%d %b") for i in ticks])
        yticks = nice_ticks(top)
        plt.yticks(yticks, [short_number(v) for v in yticks])
        plt.ylim(0, yticks[-1])
        plt.title(f"Gross sales per {insights.granularity} per channel · {code}")
        widget.refresh()

    def _draw_top(self, figures: CurrencyFigures | None) -> None:
        widget = self.query_one("#insights-top-chart", PlotextPlot)
        plt = widget.plt
        plt.clear_data()
        plt.clear_figure()
        if figures is None or not figures.top_by_units:
            plt.title("Top products: none")
            widget.refresh()
            return
        products = list(reversed(figures.top_by_units[:8]))
        plt.bar(
            [p.sku[:12] for p in products],
            [p.units for p in products],
            orientation="horizontal",
            width=0.6,
        )
        plt.title(f"Top products by units · {figures.currency}")
        widget.refresh()

    # --- picking ----------------------------------------------------------------------------

    def _set_period(self, period: Period) -> None:
        self.period = period
        select = self.query_one("#insights-period", Select)
        if select.value != period.key:
            with self.prevent(Select.Changed):
                select.value = period.key
        self._load()

    def action_period(self, key: str) -> None:
        if key in PERIOD_KEYS:
            self._set_period(period_for(key, self.database.clock(), self.tz))

    def action_custom(self) -> None:
        def chosen(period: Period | None) -> None:
            if period is None:
                select = self.query_one("#insights-period", Select)
                with self.prevent(Select.Changed):
                    select.value = self.period.key
                return
            self._set_period(period)

        self.app.push_screen(CustomPeriodDialog(self.period, self.tz, self.date_order), chosen)

    @on(Select.Changed, "#insights-period")
    def period_picked(self, event: Select.Changed) -> None:
        if event.value == CUSTOM:
            self.action_custom()
        elif isinstance(event.value, str) and event.value != self.period.key:
            self.action_period(event.value)

    @on(DataTable.RowHighlighted, "#insights-currencies")
    def currency_picked(self, event: DataTable.RowHighlighted) -> None:
        code = event.row_key.value
        if (
            self.insights is not None
            and code
            and self.insights.currency(code) is not None
            and code != self.currency
        ):
            self.currency = code
            self._show_currency()

    def action_next_currency(self) -> None:
        if self.insights is None or not self.insights.currencies:
            return
        codes = [c.currency for c in self.insights.currencies]
        index = codes.index(self.currency) if self.currency in codes else -1
        self.currency = codes[(index + 1) % len(codes)]
        self._show_currency()

    def action_close(self) -> None:
        self.dismiss(None)

    # --- for tests and the benchmark ----------------------------------------------------------

    def shown_figures(self) -> dict[str, Any]:
        """What the screen shows now, as text (the tests compare it across periods)."""

        def rows(selector: str) -> list[list[str]]:
            table = self.query_one(selector, DataTable)
            return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]

        return {
            "span": str(self.query_one("#insights-span", Static).render()),
            "currencies": rows("#insights-currencies"),
            "rates": str(self.query_one("#insights-rates", Static).render()),
            "channels": rows("#insights-channels"),
            "products": rows("#insights-products"),
        }

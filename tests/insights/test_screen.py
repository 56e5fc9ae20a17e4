"""The Insights screen in a real Textual app: periods, currencies, the custom dialog."""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from textual.widgets import DataTable, Input
from textual_plotext import PlotextPlot

from orderdesk.domain.money import grouped
from orderdesk.domain.periods import PERIOD_KEYS, days_period, period_for
from orderdesk.screens.insights import InsightsScreen
from orderdesk.store.insights import compute_insights
from tests.insights.conftest import FIXED_NOW, InsightsHost
from tests.ui.deskpilot import settle


async def test_every_period_changes_every_figure(frozen_db: Any) -> None:
    app = InsightsHost(frozen_db, period="last-7")
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        shown = [screen.shown_figures()]
        for key in ("2", "3", "4", "5"):
            await pilot.press(key)
            await settle(pilot)
            shown.append(screen.shown_figures())
        for before, after in zip(shown, shown[1:], strict=False):
            assert before["span"] != after["span"]
            assert before["rates"] != after["rates"]
            assert before["channels"] != after["channels"]
            assert before["products"] != after["products"]
            rows_before = {row[0]: row[1:] for row in before["currencies"]}
            for row in after["currencies"]:
                # orders, units, gross, fees, net of each currency all differ
                assert row[1:6] != rows_before.get(row[0], [None] * 6)[:5]
        # what is shown is what the store computes for that period
        figures = compute_insights(frozen_db, period_for("last-month", FIXED_NOW, UTC), UTC)
        assert screen.insights is not None and screen.insights.period.key == "last-month"
        table = {row[0]: row for row in shown[-1]["currencies"]}
        for c in figures.currencies:
            assert table[c.currency][1] == str(c.orders)
            assert table[c.currency][5] == grouped(c.net, c.currency)  # the one format
        assert f"Shipped        {figures.shipping.shipped}" in shown[-1]["rates"]


async def test_currency_pick_redraws_charts_and_details(frozen_db: Any) -> None:
    app = InsightsHost(frozen_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        first = screen.currency
        assert first == screen.insights.currencies[0].currency
        details = screen.shown_figures()
        chart = app.screen.query_one("#insights-sales-chart", PlotextPlot)
        assert first in str(chart.render())
        table = app.screen.query_one("#insights-currencies", DataTable)
        table.focus()
        await pilot.press("down")
        await pilot.pause()
        second = screen.insights.currencies[1].currency
        assert screen.currency == second
        assert second in str(chart.render())
        assert screen.shown_figures()["channels"] != details["channels"]
        await pilot.press("c")
        await pilot.pause()
        assert screen.currency == screen.insights.currencies[2].currency


async def test_custom_period_from_the_dialog(frozen_db: Any) -> None:
    app = InsightsHost(frozen_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"2026-02-30", "enter")  # the first field starts selected
        await pilot.pause()
        assert app.screen is dialog, "a bad date keeps the dialog open"
        assert "'2026-02-30' is not a date" in str(
            dialog.query_one("#insights-custom-error").render()
        )
        dialog.query_one("#insights-custom-from", Input).value = "2026-02-10"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        want = days_period(date(2026, 2, 10), date(2026, 3, 18), UTC)
        assert screen.insights.period == want
        assert screen.insights == compute_insights(frozen_db, want, UTC)
        assert screen.insights.granularity == "week"


async def test_escape_closes_and_the_work_ran_off_the_ui_thread(frozen_db: Any) -> None:
    app = InsightsHost(frozen_db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        assert not screen.query_one("#insights-body").has_class("-pending")
        workers = [w for w in app.workers if w.group == "insights"]
        assert workers == [] or all(w._thread_worker for w in workers)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InsightsScreen)
        assert len(PERIOD_KEYS) == 5

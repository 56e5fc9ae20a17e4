"""SVG snapshots of the Insights screen, one per period, on a frozen clock (120×35)."""

from __future__ import annotations

from typing import Any

import pytest

from orderdesk.domain.periods import PERIOD_KEYS
from orderdesk.screens.insights import InsightsScreen
from tests.insights.conftest import InsightsHost
from tests.ui.deskpilot import settle


@pytest.mark.parametrize("period", PERIOD_KEYS)
def test_insights_screen(snap_compare: Any, frozen_db: Any, period: str) -> None:
    app = InsightsHost(frozen_db, period=period)

    async def ready(pilot: Any) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        assert screen.insights.period.key == period

    assert snap_compare(app, terminal_size=(120, 35), run_before=ready)


def test_insights_screen_custom_period(snap_compare: Any, frozen_db: Any) -> None:
    """The custom period, typed into its dialog (6), as the seller picks it."""
    from datetime import UTC, date

    from textual.widgets import Input

    from orderdesk.domain.periods import days_period

    app = InsightsHost(frozen_db)

    async def custom(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        dialog = pilot.app.screen
        dialog.query_one("#insights-custom-from", Input).value = "2026-02-10"
        dialog.query_one("#insights-custom-to", Input).value = "2026-02-23"
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        assert screen.insights.period == days_period(date(2026, 2, 10), date(2026, 2, 23), UTC)

    assert snap_compare(app, terminal_size=(120, 35), run_before=custom)

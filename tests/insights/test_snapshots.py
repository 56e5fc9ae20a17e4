"""SVG snapshots of the Insights screen, one per period, on a frozen clock (120×35)."""

from __future__ import annotations

from typing import Any

import pytest

from orderdesk.domain.periods import PERIOD_KEYS
from orderdesk.screens.insights import InsightsScreen
from tests.insights.conftest import InsightsHost, settle


@pytest.mark.parametrize("period", PERIOD_KEYS)
def test_insights_screen(snap_compare: Any, frozen_db: Any, period: str) -> None:
    app = InsightsHost(frozen_db, period=period)

    async def ready(pilot: Any) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        assert screen.insights.period.key == period

    assert snap_compare(app, terminal_size=(120, 35), run_before=ready)

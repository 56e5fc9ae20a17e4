"""The custom insights period reads dates as the seller writes them: day first for most of
the world, month first in the US, ISO always; a date that could be read two ways is refused
naming its field (before, only YYYY-MM-DD was read)."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from orderdesk.config import Seller, Settings, load_settings
from orderdesk.domain.errors import BadInput
from orderdesk.domain.periods import date_order_for, days_period, parse_local_day
from orderdesk.screens.insights import InsightsScreen
from tests.insights.conftest import InsightsHost
from tests.ui.deskpilot import settle


def test_the_sellers_date_style_is_read_and_iso_always() -> None:
    assert parse_local_day("03/12/2026", "First day", "dmy") == date(2026, 12, 3)
    assert parse_local_day("12/03/2026", "First day", "mdy") == date(2026, 12, 3)
    assert parse_local_day("3.12.2026", "First day", "dmy") == date(2026, 12, 3)
    assert parse_local_day("2026/12/03", "First day", "mdy") == date(2026, 12, 3)
    for order in ("dmy", "mdy", "ymd", None):
        assert parse_local_day("2026-12-03", "First day", order) == date(2026, 12, 3)
    assert parse_local_day("13/02/2026", "Last day", None) == date(2026, 2, 13)  # one reading
    with pytest.raises(BadInput, match=r"^Last day: '03/12/2026' could be day 3 of month 12"):
        parse_local_day("03/12/2026", "Last day", None)
    with pytest.raises(BadInput, match=r"^First day: '03/12/26': write the year in full"):
        parse_local_day("03/12/26", "First day", "dmy")
    with pytest.raises(BadInput, match=r"^First day: '31/02/2026' is not a date"):
        parse_local_day("31/02/2026", "First day", "dmy")


def test_the_date_order_comes_from_the_setting_else_the_sellers_country(
    tmp_path: Path,
) -> None:
    assert [date_order_for(c) for c in ("US", "br", "AR", "CN", "")] == [
        "mdy",
        "dmy",
        "dmy",
        "ymd",
        None,
    ]
    assert Settings(seller=Seller(country="US")).dates == "mdy"
    assert Settings(seller=Seller(country="US"), date_order="dmy").dates == "dmy"
    config = tmp_path / "config.toml"
    config.write_text('date_order = "dym"\n', encoding="utf-8")
    with pytest.raises(BadInput, match="date_order is dmy"):
        load_settings(config)


@pytest.mark.parametrize(
    ("order", "typed", "first"),
    [("dmy", "10/02/2026", date(2026, 2, 10)), ("mdy", "02/10/2026", date(2026, 2, 10))],
)
async def test_the_custom_period_dialog_reads_the_local_style(
    frozen_db: Any, order: str, typed: str, first: date
) -> None:
    app = InsightsHost(frozen_db, date_order=order)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        dialog = app.screen
        last = dialog.query_one("#insights-custom-to", Input).value
        assert dialog.query_one("#insights-custom-from", Input).placeholder.endswith(
            "or YYYY-MM-DD"
        )
        await pilot.press(*typed, "enter")  # the first field starts selected
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen) and screen.insights is not None
        assert screen.insights.period == days_period(first, date.fromisoformat(last), UTC)


async def test_an_ambiguous_date_keeps_the_dialog_open_naming_the_field(frozen_db: Any) -> None:
    app = InsightsHost(frozen_db, date_order=None)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        dialog = app.screen
        await pilot.press(*"02/10/2026", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert str(dialog.query_one("#insights-custom-error").render()).startswith(
            "First day: '02/10/2026' could be day 2 of month 10"
        )

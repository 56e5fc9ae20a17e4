"""Fixtures for the Insights tests: a demo database with a frozen clock, a tiny host app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

FIXED_NOW = datetime(2026, 3, 18, 15, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def frozen_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 demo orders (seed 7) laid out back from a fixed "now" (18 Mar 2026 15:30 UTC)."""
    from orderdesk.demo import load_demo
    from orderdesk.store import open_database

    path = tmp_path_factory.mktemp("insights-frozen") / "frozen.db"
    database = open_database(path, clock=fixed_clock)
    try:
        load_demo(database, 1500, 7)
    finally:
        database.close()
    return path


@pytest.fixture
def frozen_db(frozen_template: Path, tmp_path: Path) -> Iterator[Any]:
    """The frozen demo database, a private copy, opened with the fixed clock."""
    import shutil

    from orderdesk.store import open_database

    path = tmp_path / "frozen.db"
    shutil.copy(frozen_template, path)
    database = open_database(path, clock=fixed_clock)
    yield database
    database.close()


class InsightsHost(App[None]):
    """The smallest app that shows the Insights screen (the main app is built elsewhere)."""

    def __init__(
        self, database: Any, period: str = "last-30", date_order: str | None = None
    ) -> None:
        super().__init__()
        self.database = database
        self.period = period
        self.date_order = date_order

    def on_mount(self) -> None:
        from orderdesk.screens.insights import InsightsScreen

        self.push_screen(
            InsightsScreen(self.database, tz=UTC, period=self.period, date_order=self.date_order)
        )

"""Fixtures for the desk's tests: the app on a real database file, a frozen clock for snapshots.

Snapshots use their own demo database built with a fixed clock and a fixed actor, and the
process's local time zone set to UTC, so ship-by colours and times never move.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from orderdesk.app import DeskApp, make_app
from orderdesk.config import Settings
from orderdesk.store import Database, open_database
from tests.ui.deskpilot import frozen_clock


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown in local time; tests pin the local zone to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def app_db(demo_db: Path, home: Path) -> Iterator[Database]:
    """The 2,000-order demo copy opened for the app under test."""
    database = open_database(demo_db, actor="seller")
    yield database
    database.close()


@pytest.fixture
def desk_app(app_db: Database) -> DeskApp:
    return make_app(app_db, Settings())


@pytest.fixture(scope="session")
def frozen_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-order demo database made at a fixed moment (seed 7), once per session."""
    from orderdesk.demo import load_demo

    os.environ.setdefault("TZ", "UTC")
    path = tmp_path_factory.mktemp("frozen") / "frozen.db"
    database = open_database(path, clock=frozen_clock, actor="seller")
    load_demo(database, 300, 7)
    database.close()
    return path


@pytest.fixture
def frozen_app(frozen_template: Path, tmp_path: Path, home: Path) -> Iterator[DeskApp]:
    path = tmp_path / "frozen.db"
    shutil.copy(frozen_template, path)
    database = open_database(path, clock=frozen_clock, actor="seller")
    yield make_app(database, Settings())
    database.close()

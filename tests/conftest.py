"""Shared fixtures: an isolated ORDERDESK_HOME, demo databases, the real command line.

Outside tools (tmux, pdftotext, zbarimg, soffice, cupsd) are looked up with ``need_tool``: on a
developer's machine a missing tool skips the test with the reason; in CI (``CI=true``) it fails.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from orderdesk.store import Database

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screens are compared cell by cell, so none may be read halfway through an animation: a
    count that widens its tab slides Textual's underline for 0.3 s after a 20 ms timer, and a
    screen read in between showed the old width (a resize test failed 5 runs in 6). Textual reads
    the level when an app is made, and a program the tests start reads it from the environment."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def need_tool(*names: str) -> None:
    """Skip (or, in CI, fail) unless every named program is on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        message = f"needs {', '.join(missing)} (see TOOLS.md / .ci/run for the Debian packages)"
        if IN_CI:
            pytest.fail(f"CI is missing a tool: {message}")
        pytest.skip(message)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ORDERDESK_HOME for this test (settings, data folder)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("ORDERDESK_HOME", str(folder))
    monkeypatch.delenv("ORDERDESK_DB", raising=False)
    return folder


#: What ``--db`` takes: a SQLite file, or a PostgreSQL URL (the ``engine`` fixture's server).
DbTarget = Path | str
CliRunner = Callable[..., Result]
#: `show_json`, handed to a test by the ``show`` fixture: an order as `show --json` prints it.
ShowJson = Callable[[DbTarget, int | str], str]


@pytest.fixture
def cli(home: Path) -> CliRunner:
    """Run ``orderdesk ARGS`` as a user would: a real process, real exit status."""

    def run(
        *args: str,
        db: DbTarget | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> Result:
        command = [sys.executable, "-m", "orderdesk"]
        if db is not None:
            command += ["--db", str(db)]
        command += [str(a) for a in args]
        environment = {**os.environ, "ORDERDESK_HOME": str(home), **(env or {})}
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            input=input,
            env=environment,
            timeout=timeout,
            cwd=ROOT,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-order demo database (seed 7), built once per test session."""
    folder = tmp_path_factory.mktemp("demo-template")
    path = folder / "demo.db"
    env = {**os.environ, "ORDERDESK_HOME": str(folder)}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "orderdesk",
            "--db",
            str(path),
            "demo",
            "--orders",
            "2000",
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the 2,000-order demo database for this test."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def database(demo_db: Path) -> Iterator[Database]:
    """The demo database opened through the store."""
    from orderdesk.store import open_database

    db = open_database(demo_db)
    yield db
    db.close()


def show_json(db: DbTarget, ref: int | str) -> str:
    """``orderdesk --db DB show REF --json``: its exact stdout (exit status must be 0)."""
    from orderdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--db", str(db), "show", str(ref), "--json"])
    assert status == 0, err.getvalue()
    return out.getvalue()


def rows_where(database: Database, sql: str, **params: Any) -> list[Any]:
    """Plain SQL over the real file, for tests that check the database afterwards."""
    from sqlalchemy import text

    with database.read() as connection:
        return list(connection.execute(text(sql), params).mappings())

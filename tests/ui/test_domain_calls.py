"""The screens name domain actions by the functions themselves, imported late, and bind their
arguments in a typed call that mypy checks against the action's own signature."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from mypy import api as mypy_api

from orderdesk.screens import calls
from tests.conftest import ROOT


def test_every_stand_in_reaches_the_domain_function_of_its_name() -> None:
    stand_ins = [name for name in calls.__all__ if name not in ("Call", "call")]
    assert len(stand_ins) >= 20
    for name in stand_ins:
        late = getattr(calls, name)
        target = late.target()
        assert target.__module__ == late.module and target.__name__ == late.name, name
        assert callable(target)


def test_naming_the_actions_does_not_load_the_orm() -> None:
    """The desk's first paint does not wait for SQLAlchemy: naming an action imports nothing."""
    probe = "import sys, orderdesk.screens.calls; print('sqlalchemy' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


WRONG_CALLS = """\
from orderdesk.screens import calls
from orderdesk.screens.calls import Call, call
from orderdesk.store import Database


def asked(database: Database, order: int, version: int) -> list[Call]:
    database.perform(calls.ship, order, "UPS")  # line 7: no tracking number
    return [
        call(calls.confirm, order, expected_versio=version),  # line 9: a misspelt keyword
        call(calls.cancel, order),  # line 10: no reason
        call(calls.hold, order, "waiting for stock", "tomorrow"),  # line 11: a str for a date
        call(calls.deliver, order, expected_version=version),  # line 12: right
        call(calls.undo),  # line 13: right
    ]
"""


def test_mypy_refuses_a_call_that_does_not_fit_its_action(tmp_path: Path) -> None:
    """A screen that passes an action the wrong arguments fails the type check, line by line
    (with ``Call`` an untyped tuple, none of these was noticed)."""
    source = tmp_path / "wrong_calls.py"
    source.write_text(textwrap.dedent(WRONG_CALLS), encoding="utf-8")
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            str(source),
        ]
    )
    assert status == 1, (out, err)
    flagged = {
        int(line.split(":")[1]): line
        for line in out.splitlines()
        if line.startswith(str(source)) and ": error:" in line
    }
    assert sorted(flagged) == [7, 9, 10, 11], out
    assert 'argument "number"' in flagged[7] and '"expected_versio"' in flagged[9], out
    assert 'argument "reason"' in flagged[10] and '"datetime | None"' in flagged[11], out

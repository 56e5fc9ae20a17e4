"""The screens name domain actions by the functions themselves, imported late."""

from __future__ import annotations

import subprocess
import sys

from orderdesk.screens import calls
from tests.conftest import ROOT


def test_every_stand_in_reaches_the_domain_function_of_its_name() -> None:
    stand_ins = [name for name in calls.__all__ if name != "Call"]
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

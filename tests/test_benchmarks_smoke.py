"""Every benchmark runs once on a tiny database, so none of them can rot unnoticed.

The figures themselves are not asserted here (shared machines are noisy); the full runs live in
benchmarks/ and BENCHMARKS.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_every_benchmark_runs_on_a_tiny_database(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ORDERDESK_BENCH_CACHE": str(tmp_path),
        "ORDERDESK_HOME": str(tmp_path / "home"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--orders", "300", "--repeats", "1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    latest = json.loads((tmp_path / "latest.json").read_text())
    names = [row["name"] for row in latest["rows"]]
    for expected in (
        "demo",
        "list --tab to-prepare",
        "label",
        "import",
        "workbook",
        "first",
        "insights",
        "stock screen shown",
        "committed",
    ):
        assert any(expected in name.lower() for name in names), (expected, names)
    for row in latest["rows"]:
        assert row["median"] > 0, row
        assert row["min"] <= row["median"] <= row["max"], row
    assert "| benchmark | median |" in done.stdout

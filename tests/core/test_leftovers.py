"""A run killed half-way leaves files marked with its process id; the next run sweeps them.

Nothing of a run still alive is touched; the workbook's temporary sheets go to a private
folder under TMPDIR, never loose in it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, CliRunner


def _dead_pid() -> int:
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait()
    return done.pid


def test_the_next_run_sweeps_what_a_dead_run_left(
    cli: CliRunner, demo_template: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    db.write_bytes(demo_template.read_bytes())
    out, temp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temp.mkdir()
    dead, alive = _dead_pid(), os.getpid()
    left = [
        out / f".orderdesk-2026-05.xlsx.od{dead}.partial",
        out / f".label.pdf.od{dead}.k2x9.part",
        out / f".copy.db.od{dead}.partial",
    ]
    kept = out / f".label.pdf.od{alive}.zz01.part"  # a run still writing: never touched
    for path in (*left, kept):
        path.write_bytes(b"half")
    sheets = temp / f"orderdesk-tmp-{dead}"
    sheets.mkdir()
    (sheets / "openpyxl.abc123").write_text("<sheetData>")
    env = {"TMPDIR": str(temp)}
    assert cli("export", "--month", "2026-05", "--out", out / "may.xlsx", db=db, env=env).code == 0
    assert cli("invoice", "1", "--out", out / "invoice.pdf", db=db, env=env).code == 0
    assert cli("backup", "--out", out / "copy.db", db=db, env=env).code == 0
    assert not any(path.exists() for path in left)
    assert kept.exists()
    assert sorted(p.name for p in temp.iterdir()) == []  # its own folder removed after too


def test_an_export_killed_half_way_is_swept_by_the_next(
    cli: CliRunner, home: Path, tmp_path: Path
) -> None:
    db = tmp_path / "big.db"
    assert cli("demo", "--orders", "20000", "--seed", "3", db=db, timeout=300).code == 0
    out, temp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    temp.mkdir()
    env = {**os.environ, "ORDERDESK_HOME": str(home), "TMPDIR": str(temp)}
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "orderdesk",
            "--db",
            str(db),
            "export",
            "--from",
            "2020-01-01",
            "--to",
            "2030-12-31",
            "--out",
            str(out / "all.xlsx"),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(temp.glob(f"orderdesk-tmp-{run.pid}/openpyxl*")):
        assert run.poll() is None, "the export ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert list(temp.glob(f"orderdesk-tmp-{run.pid}/*"))  # what kill -9 leaves
    again = cli(
        "export", "--month", "2026-05", "--out", out / "may.xlsx", db=db, env={"TMPDIR": str(temp)}
    )
    assert again.code == 0, again.err
    assert list(temp.iterdir()) == []
    assert not [p for p in out.iterdir() if p.name.endswith((".part", ".partial"))]
    assert not (out / "all.xlsx").exists()

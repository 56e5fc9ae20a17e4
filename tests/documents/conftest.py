"""Fixtures for documents and printing: reading PDFs back as a user's tools would, and a real
CUPS scheduler with a cups-pdf queue.
"""

from __future__ import annotations

import fcntl
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_tool, rows_where


def run(*command: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), capture_output=True, text=True, check=check, timeout=timeout
    )


def pdf_text(path: Path, page: int | None = None) -> str:
    need_tool("pdftotext")
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return run("pdftotext", "-layout", *pages, str(path), "-").stdout


def pdf_info(path: Path) -> dict[str, str]:
    need_tool("pdfinfo")
    info = {}
    for line in run("pdfinfo", str(path)).stdout.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts rows: name and the emb/sub/uni flags."""
    need_tool("pdffonts")
    rows = []
    for line in run("pdffonts", str(path)).stdout.splitlines()[2:]:
        match = re.match(r"^(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert match, line
        rows.append({"name": match[1], "emb": match[2], "sub": match[3], "uni": match[4]})
    return rows


def scan(path: Path, page: int = 1, dpi: int = 203) -> list[str]:
    """The symbols zbarimg reads from ``page`` rendered in gray at ``dpi`` (a thermal printer)."""
    need_tool("pdftoppm", "zbarimg")
    with tempfile.TemporaryDirectory(prefix="od-scan-") as folder:
        stem = Path(folder) / "page"
        run(
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(path),
            str(stem),
        )
        done = run("zbarimg", "-q", "--nodbus", f"{stem}.pgm", check=False)
    assert done.returncode in (0, 4), done.stderr
    return done.stdout.splitlines()


def order_row(database: Any, order_id: int) -> dict[str, Any]:
    return dict(rows_where(database, "SELECT * FROM orders WHERE id = :id", id=order_id)[0])


def write_config(home: Path, text: str) -> None:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


# -- a real CUPS scheduler --------------------------------------------------------------------


def _scheduler_running() -> bool:
    return "is running" in run("lpstat", "-r", check=False).stdout


@pytest.fixture(scope="session")
def cups() -> Path:
    """A running cupsd (started if need be; left running, as a system service would be).

    Returns the folder cups-pdf writes printed files to (~/PDF of the user printing).
    """
    need_tool("cupsd", "lpadmin", "lpstat", "lp", "cupsdisable", "cupsreject")
    lock = Path("/tmp/orderdesk-tests-cupsd.lock")
    with lock.open("w") as handle:  # xdist workers start it once between them
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not _scheduler_running():
            cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
            run(cupsd)
            deadline = time.monotonic() + 20
            while not _scheduler_running():
                if time.monotonic() > deadline:
                    pytest.fail("cupsd did not start within 20 s")
                time.sleep(0.2)
    return Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"


@pytest.fixture
def pdf_queue(cups: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A cups-pdf queue of this test's own (removed afterwards)."""
    name = f"ODTEST_{os.getpid()}_{request.node.name.split('[')[-1].strip(']')[:12]}"
    name = re.sub(r"[^A-Za-z0-9_]", "_", name)
    run("lpadmin", "-p", name, "-v", "cups-pdf:/", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd", "-E")
    yield name
    run("cancel", "-a", name, check=False)
    run("lpadmin", "-x", name, check=False)


def printed_file(folder: Path, job: int, timeout: float = 30) -> Path:
    """The PDF cups-pdf wrote for ``job`` (it appears a few seconds after lp returns)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(folder.glob(f"*job_{job}.pdf"))
        if found and found[0].stat().st_size > 0:
            time.sleep(0.3)  # let cups-pdf finish writing
            return found[0]
        time.sleep(0.25)
    raise AssertionError(f"no printed PDF for job {job} in {folder} after {timeout:.0f} s")

"""Half-written files a killed run leaves behind, marked with its process id and swept after.

Every document, workbook and backup is written to a hidden file beside its destination and
renamed into place; the spreadsheet library also streams each sheet through temporary files.
A run killed half-way (power cut, ``kill -9``) cannot delete those, so each carries the
writer's process id (``.orderdesk-2026-10.xlsx.od4242.partial``), and the next run that writes
into the same place removes the ones whose process is gone. Files of a run still alive are
never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

MARK = f"od{os.getpid()}"
_LEFT = re.compile(r"\.od(\d+)(?:\.[^.]*)?\.(?:part|partial)$")
_PRIVATE = "orderdesk-tmp-"


def partial(path: Path, suffix: str = "partial") -> Path:
    """The hidden file ``path`` is written to before it is renamed into place."""
    return path.with_name(f".{path.name}.{MARK}.{suffix}")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: Path) -> list[Path]:
    """Remove the half-written files of dead runs in ``folder``; the paths removed."""
    removed = []
    with suppress(OSError):
        for entry in folder.iterdir():
            found = _LEFT.search(entry.name)
            if found and entry.is_file() and not alive(int(found.group(1))):
                with suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed


@contextmanager
def private_tempdir() -> Iterator[Path]:
    """Temporary files of libraries (openpyxl's sheets) go to a folder of this run's own, which
    is removed after; the folders of dead runs are removed first."""
    base = Path(tempfile.gettempdir())
    with suppress(OSError):
        for entry in base.glob(f"{_PRIVATE}*"):
            pid = entry.name.removeprefix(_PRIVATE)
            if pid.isdigit() and not alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
    folder = base / f"{_PRIVATE}{os.getpid()}"
    folder.mkdir(exist_ok=True)
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)

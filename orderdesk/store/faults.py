"""What the database itself said when it could not do what was asked, in one line.

A SQLite file can be locked by another program for longer than the desk waits, read-only
(permissions, a read-only disk), damaged, or on a full disk; a server can be out of reach. Each
is the seller's to act on, not a crash: :func:`explain` turns the driver's error into a
:class:`~orderdesk.domain.errors.DeskError` naming the database and what to do, and says which
programs hold a locked file open.
"""

from __future__ import annotations

import os
from pathlib import Path

from orderdesk.domain.errors import BadInput, DeskError, Refused


class Busy(Refused):
    """Another program held the database's write lock for longer than the desk waits."""


def explain(
    error: BaseException, target: str, path: Path | None, wait_s: float
) -> DeskError | None:
    """The one line for a database fault, or None when ``error`` is not one (a file the desk
    writes elsewhere failing is not the database's fault)."""
    if isinstance(error, OSError):
        return None
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    said = text[0] if text else ""
    lowered = said.lower()
    if "database is locked" in lowered or "database table is locked" in lowered:
        holders = holding(path) if path is not None else []
        who = f" ({'; '.join(holders)})" if holders else ""
        return Busy(
            f"{target}: another program is writing to the database{who}; waited "
            f"{wait_s:g} s and changed nothing; try again when it has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return BadInput(
            f"{target}: the database is read-only (file permissions or a read-only "
            f"disk); nothing was changed"
        )
    if "malformed" in lowered or "not a database" in lowered:
        return BadInput(
            f"{target}: the database file is damaged ({said}); restore a backup "
            f"into a new file with `orderdesk --db NEW restore BACKUP`"
        )
    if "disk is full" in lowered or "no space left" in lowered:
        return BadInput(f"{target}: the disk is full; nothing was changed")
    if "connection" in lowered and (
        "refused" in lowered
        or "closed" in lowered
        or "timeout" in lowered
        or "could not" in lowered
    ):
        return BadInput(f"{target}: cannot reach the database server ({said})")
    return None


def holding(path: Path) -> list[str]:
    """The other processes that have the database file (or its WAL) open, as 'pid 12 (cmd)'."""
    wanted = {str(Path(f"{path}{extra}")) for extra in ("", "-wal", "-shm")}
    found = []
    me = os.getpid()
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            opened = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if opened & wanted:
            try:
                command = (
                    (entry / "cmdline")
                    .read_bytes()
                    .replace(b"\0", b" ")
                    .decode("utf-8", "replace")
                    .strip()
                )
            except OSError:
                command = "?"
            found.append(f"pid {entry.name}: {command[:80]}")
    return found[:3]

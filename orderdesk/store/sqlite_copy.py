"""A SQLite database file copied whole, beside its destination and renamed into place.

The desk's own copy before a migration and the seller's backups of a SQLite file both use it;
it knows files, not the store (a backup of a server, and restores, are :mod:`.backup`'s).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from orderdesk import leftovers
from orderdesk.domain.errors import BadInput
from orderdesk.leftovers import sweep


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the database with SQLite's online backup API into ``destination`` atomically."""
    destination = destination_file(destination, source.stem, ".db")
    partial = partial_file(destination)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, destination)
    return destination


def default_name(source: Path | str, label: str = "", suffix: str = ".db") -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    extra = f"-{label}" if label else ""
    stem = source.stem if isinstance(source, Path) else source
    return f"{stem}{extra}-{stamp}{suffix}"


def destination_file(destination: Path, stem: str, suffix: str) -> Path:
    destination = destination.expanduser()
    if destination.is_dir():
        destination = destination / default_name(stem, suffix=suffix)
    if not destination.parent.exists():
        raise BadInput(f"--out: the folder {destination.parent} does not exist")
    if destination.exists() and not destination.is_file():
        raise BadInput(f"--out: {destination} is not a regular file")
    return destination


def partial_file(destination: Path) -> Path:
    sweep(destination.parent)  # what a killed backup left here
    return leftovers.partial(destination)


def remove_sqlite(path: Path) -> None:
    for extra in ("", "-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)

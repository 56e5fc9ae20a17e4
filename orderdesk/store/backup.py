"""Backups of a SQLite database file, consistent while other desks keep working."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from orderdesk.domain.errors import BadInput


def backup_sqlite(source: Path, destination: Path) -> Path:
    """Copy the database with SQLite's online backup API into ``destination`` atomically."""
    destination = destination.expanduser()
    if destination.is_dir():
        destination = destination / default_name(source)
    if not destination.parent.exists():
        raise BadInput(f"--out: the folder {destination.parent} does not exist")
    partial = destination.with_name(destination.name + ".partial")
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


def default_name(source: Path, label: str = "") -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    extra = f"-{label}" if label else ""
    return f"{source.stem}{extra}-{stamp}.db"

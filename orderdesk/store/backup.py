"""Backups and restores, consistent while other desks keep working.

- A SQLite file is copied with SQLite's online backup API.
- A PostgreSQL database is copied, from one read-only snapshot, into an OrderDesk SQLite file
  (the portable backup: the desk opens it, and it restores on either engine); or, with
  ``pg_dump`` installed and asked for, into pg_dump's own custom format for the server's tools.
- A restore loads a portable backup (or any OrderDesk SQLite file, of any schema version) into
  an empty database on either engine, or a pg_dump backup into an empty PostgreSQL database.

Every backup is written beside its destination and renamed into place: a failure leaves no half
file behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.domain.errors import BadInput, Refused
from orderdesk.store.sqlite_copy import (
    backup_sqlite,
    destination_file,
    partial_file,
    remove_sqlite,
)
from orderdesk.store.urls import libpq_url

if TYPE_CHECKING:
    from orderdesk.store.database import Database

FORMATS = ("portable", "pg_dump")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_DUMP_MAGIC = b"PGDMP"


def backup(
    database: Database,
    out: Path | None = None,
    *,
    server_folder: Path | None = None,
    fmt: str = "portable",
) -> Path:
    """A consistent copy: ``out`` (a file or folder), else ``backups/`` beside the file
    (for a server database, ``server_folder``)."""
    from orderdesk.store.database import backups_folder

    folder = backups_folder(database.path) if database.path is not None else server_folder
    if out is None:
        if folder is None:
            raise BadInput("backup: give --out for a server database")
        folder.mkdir(parents=True, exist_ok=True)
        out = folder
    if database.path is None:
        return backup_server(database, out, fmt)
    if fmt != "portable":
        raise BadInput("--format pg_dump: this is a SQLite file; its backup is a copy of the file")
    return backup_sqlite(database.path, out)


def backup_server(database: Database, destination: Path, fmt: str = "portable") -> Path:
    """Copy a server database into ``destination`` (a file, or a folder for a dated name)."""
    name = database.url.rpartition("/")[2].partition("?")[0] or "orderdesk"
    if fmt == "pg_dump":
        return _pg_dump(database, destination_file(destination, name, ".pgdump"))
    if fmt != "portable":
        raise BadInput(f"--format: {fmt!r} is one of {', '.join(FORMATS)}")
    from orderdesk.store.database import open_database
    from orderdesk.store.transfer import copy_all

    destination = destination_file(destination, name, ".db")
    partial = partial_file(destination)
    copy = open_database(partial)
    try:
        with database.snapshot() as source, copy.write() as target:
            copy_all(source, target)
    except BaseException:
        copy.close()
        remove_sqlite(partial)
        raise
    copy.close()
    os.replace(partial, destination)
    return destination


def restore(database: Database, backup: Path) -> dict[str, int]:
    """Load ``backup`` into ``database``, which must be empty; the rows copied, by table."""
    backup = backup.expanduser()
    if not backup.is_file():
        raise BadInput(f"restore: {backup} is not a backup file")
    with backup.open("rb") as stream:
        magic = stream.read(16)
    _refuse_unless_empty(database)
    if magic.startswith(_PG_DUMP_MAGIC):
        return _pg_restore(database, backup)
    if not magic.startswith(_SQLITE_MAGIC):
        raise BadInput(f"restore: {backup} is neither an OrderDesk backup nor a pg_dump file")
    from orderdesk.store.database import open_database, sqlite_schema_version
    from orderdesk.store.migrations import LATEST
    from orderdesk.store.transfer import copy_all

    version = sqlite_schema_version(backup)  # refuses a SQLite file that is not the desk's
    with tempfile.TemporaryDirectory(prefix="orderdesk-restore-") as folder:
        if version < LATEST:  # an older backup is brought up to date on a copy, never itself
            backup = Path(shutil.copy(backup, Path(folder) / "backup.db"))
        source = open_database(backup, migrate=version < LATEST)
        try:
            with source.read() as rows, database.write() as target:
                return copy_all(rows, target)
        finally:
            source.close()


def _refuse_unless_empty(database: Database) -> None:
    from orderdesk.store.transfer import stored_rows

    with database.read() as connection:
        held = stored_rows(connection)
    if held:
        raise Refused(
            f"restore: the database already holds {held:,} rows; a backup is "
            f"restored into a new, empty database (give it with --db)"
        )


def _server_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
            if (folder / name).exists():
                return str(folder / name)
        raise BadInput(
            f"--format pg_dump: {name} is not installed (apt-get install "
            f"postgresql-client); the portable backup needs nothing"
        )
    return found


def _pg_dump(database: Database, destination: Path) -> Path:
    tool = _server_tool("pg_dump")
    partial = partial_file(destination)
    done = subprocess.run(
        [tool, "--format=custom", "--no-owner", f"--file={partial}", libpq_url(database.url)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BadInput(f"backup: pg_dump failed: {_last_line(done.stderr)}")
    os.replace(partial, destination)
    return destination


def _pg_restore(database: Database, backup: Path) -> dict[str, int]:
    if database.path is not None:
        raise BadInput(
            f"restore: {backup} is a pg_dump backup; it restores only into "
            f"PostgreSQL (a portable backup restores anywhere)"
        )
    tool = _server_tool("pg_restore")
    database.close()  # the tables are made anew: no desk connection may hold them
    done = subprocess.run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={libpq_url(database.url)}",
            str(backup),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BadInput(f"restore: pg_restore failed: {_last_line(done.stderr)}")
    from orderdesk.store.transfer import table_counts

    with database.read() as connection:
        return table_counts(connection)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no reason given"

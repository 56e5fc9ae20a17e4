"""Opening a database: engine, migrations (after a backup), units of work and reads."""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DatabaseError, OperationalError

from orderdesk.domain.deadlines import utcnow
from orderdesk.domain.errors import BadInput
from orderdesk.domain.outcome import Outcome
from orderdesk.store import migrations
from orderdesk.store.backup import backup_sqlite, default_name
from orderdesk.store.engine import make_engine
from orderdesk.store.uow import SqlUnitOfWork

Clock = Callable[[], datetime]


class Database:
    """One opened database: the desk's way in for actions (units of work) and reads."""

    def __init__(self, engine: Engine, *, path: Path | None, clock: Clock = utcnow,
                 actor: str | None = None) -> None:
        self.engine = engine
        self.path = path
        self.clock = clock
        self.actor = actor or _default_actor()
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    def uow(self) -> SqlUnitOfWork:
        """A unit of work for one action; it rolls back unless committed."""
        return SqlUnitOfWork(self._writer, actor=self.actor, clock=self.clock)

    def perform(self, action: Callable[..., Outcome], *args: Any, **kwargs: Any) -> Outcome:
        """Run one domain action in its own unit of work and commit it."""
        with self.uow() as uow:
            outcome = action(uow, *args, **kwargs)
            uow.commit()
        return outcome

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only connection for queries (one consistent snapshot)."""
        with self.engine.connect() as connection:
            with connection.begin():
                yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in one write transaction, for bulk loads (demo, import)."""
        with self._writer.begin() as connection:
            yield connection

    def meta(self, key: str) -> str | None:
        with self.read() as connection:
            row = connection.execute(text("SELECT value FROM meta WHERE key = :k"),
                                     {"k": key}).first()
        return row[0] if row else None

    def backup(self, out: Path | None = None) -> Path:
        if self.path is None:
            raise BadInput("backup: only a SQLite file can be backed up here; "
                           "use your database server's own dump tool")
        if out is None:
            folder = backups_folder(self.path)
            folder.mkdir(exist_ok=True)
            out = folder / default_name(self.path)
        return backup_sqlite(self.path, out)

    def close(self) -> None:
        self.engine.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "seller"


def backups_folder(path: Path) -> Path:
    return path.parent / "backups"


def open_database(target: str | Path, *, clock: Clock = utcnow, actor: str | None = None,
                  migrate: bool = True) -> Database:
    """Open (creating if need be) and migrate a database; a backup is made before migrating.

    Raises :class:`BadInput` for a missing folder or a file that is not a database.
    """
    target = str(target)
    engine = make_engine(target)
    path = Path(engine.url.database).resolve() if engine.url.get_backend_name() == "sqlite" \
        and engine.url.database else None
    database = Database(engine, path=path, clock=clock, actor=actor)
    try:
        with engine.connect() as connection:
            version = migrations.current_version(connection)
            connection.rollback()
        if migrate and migrations.pending(version):
            if version > 0 and path is not None:
                folder = backups_folder(path)
                folder.mkdir(exist_ok=True)
                backup_sqlite(path, folder / default_name(path, f"schema-v{version}"))
            with database.write() as connection:
                migrations.upgrade(connection)
        elif version > migrations.LATEST:
            raise BadInput(f"{target}: written by a newer OrderDesk (schema {version}); "
                           f"update OrderDesk to open it")
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        reason = getattr(exc, "orig", exc)
        raise BadInput(f"{target}: cannot open the database ({reason})") from None
    return database

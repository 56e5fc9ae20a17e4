"""Opening a database: migrations (after a backup), units of work and reads.

Opening a SQLite file costs no ORM import: the schema version is read with stdlib sqlite3 and
SQLAlchemy/SQLModel load on the first write (or migration). Hot reads go through
:meth:`Database.reader`, which stays on stdlib sqlite3 for a file.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from orderdesk.domain.deadlines import utcnow
from orderdesk.domain.errors import BadInput
from orderdesk.store import migrations
from orderdesk.store.backup import backup_sqlite, default_name
from orderdesk.store.reader import AlchemyReader, Reader, sqlite_reader

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from orderdesk.store.changes import Changes
    from orderdesk.store.uow import SqlUnitOfWork

Clock = Callable[[], datetime]
ResultT = TypeVar("ResultT")  # an action's Outcome, or a plan read in its unit of work


class Database:
    """One opened database: the desk's way in for actions (units of work) and reads."""

    def __init__(self, url: str, *, path: Path | None, clock: Clock = utcnow,
                 actor: str | None = None) -> None:
        self.url = url
        self.path = path
        self.clock = clock
        self.actor = actor or _default_actor()

    @cached_property
    def engine(self) -> Engine:
        from orderdesk.store.engine import make_engine

        return make_engine(self.url)

    @cached_property
    def _writer(self) -> Engine:
        return self.engine.execution_options(sqlite_begin="IMMEDIATE")

    def uow(self) -> SqlUnitOfWork:
        """A unit of work for one action; it rolls back unless committed."""
        from orderdesk.store.uow import SqlUnitOfWork

        return SqlUnitOfWork(self._writer, actor=self.actor, clock=self.clock)

    def perform(self, action: Callable[..., ResultT], *args: Any, **kwargs: Any) -> ResultT:
        """Run one domain action in its own unit of work and commit it."""
        with self.uow() as uow:
            outcome = action(uow, *args, **kwargs)
            uow.commit()
        return outcome

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A consistent read snapshot for the store's SQL-text queries (fast on a file)."""
        if self.path is not None:
            with sqlite_reader(self.path) as reader:
                yield reader
        else:
            with self.read() as connection:
                yield AlchemyReader(connection)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A SQLAlchemy connection in one read transaction, for Core queries."""
        with self.engine.connect() as connection:
            with connection.begin():
                yield connection

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A SQLAlchemy connection in one write transaction, for bulk loads (demo, import)."""
        with self._writer.begin() as connection:
            yield connection

    def watch(self) -> Changes:
        """A cheap probe of whether anything changed since it was last asked (the desk polls
        it to show outside changes)."""
        from orderdesk.store.changes import watch

        return watch(self)

    def meta(self, key: str) -> str | None:
        with self.reader() as reader:
            return reader.scalar("SELECT value FROM meta WHERE key = :k", {"k": key})

    def backup(self, out: Path | None = None) -> Path:
        if self.path is None:
            raise BadInput("backup: only a SQLite file can be backed up here; "
                           "use your database server's own dump tool")
        if out is None:
            folder = backups_folder(self.path)
            folder.mkdir(exist_ok=True)
            out = folder / default_name(self.path)
        return backup_sqlite(self.path, out)

    def migrate(self) -> int:
        with self.write() as connection:
            return migrations.upgrade(connection)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "seller"


def backups_folder(path: Path) -> Path:
    return path.parent / "backups"


def sqlite_path(target: str) -> Path:
    """The file ``--db`` names, refusing a folder or a path whose folder is missing."""
    path = Path(target).expanduser()
    if path.is_dir():
        raise BadInput(f"--db: {target} is a folder, not a database file")
    if not path.parent.exists():
        raise BadInput(f"--db: the folder {path.parent} does not exist")
    return path.resolve()


def sqlite_schema_version(path: Path) -> int:
    """The schema version of a SQLite file (0: new or empty), refusing foreign files."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                return 0
            if "meta" not in tables:
                raise BadInput(f"{path}: a SQLite database, but not an OrderDesk one")
            row = connection.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BadInput(f"{path}: cannot open the database ({error})") from None
    return int(row[0]) if row else 0


def open_database(target: str | Path, *, clock: Clock = utcnow, actor: str | None = None,
                  migrate: bool = True) -> Database:
    """Open (creating if need be) and migrate a database; a backup is made before migrating.

    Raises :class:`BadInput` for a missing folder or a file that is not an OrderDesk database.
    """
    text = str(target)
    if "://" in text:
        return _open_url(text, clock=clock, actor=actor, migrate=migrate)
    path = sqlite_path(text)
    version = sqlite_schema_version(path)
    database = Database(f"sqlite:///{path}", path=path, clock=clock, actor=actor)
    if version > migrations.LATEST:
        raise BadInput(f"{path}: written by a newer OrderDesk (schema {version}); "
                       f"update OrderDesk to open it")
    if migrate and version < migrations.LATEST:
        if version > 0:
            folder = backups_folder(path)
            folder.mkdir(exist_ok=True)
            backup_sqlite(path, folder / default_name(path, f"schema-v{version}"))
        _migrate(database, text)
    return database


def _migrate(database: Database, target: str) -> None:
    from sqlalchemy.exc import DatabaseError

    try:
        database.migrate()
    except DatabaseError as error:
        database.close()
        raise BadInput(f"{target}: cannot prepare the database ({error.orig})") from None


def _open_url(url: str, *, clock: Clock, actor: str | None, migrate: bool) -> Database:
    from sqlalchemy.exc import DatabaseError

    database = Database(url, path=None, clock=clock, actor=actor)
    try:
        with database.engine.connect() as connection:
            version = migrations.current_version(connection)
    except DatabaseError as error:
        database.close()
        raise BadInput(f"{url}: cannot open the database ({error.orig})") from None
    if version > migrations.LATEST:
        raise BadInput(f"{url}: written by a newer OrderDesk (schema {version})")
    if migrate and version < migrations.LATEST:
        _migrate(database, url)
    return database

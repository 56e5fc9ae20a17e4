"""Opening a database: migrations (after a backup), units of work and reads.

Opening a SQLite file costs no ORM import: the schema version is read with stdlib sqlite3 and
SQLAlchemy/SQLModel load on the first write (or migration). Hot reads go through
:meth:`Database.reader`, which stays on stdlib sqlite3 for a file.
"""

from __future__ import annotations

import getpass
import os
import random
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from orderdesk.domain.deadlines import utcnow
from orderdesk.domain.errors import BadInput
from orderdesk.store import migrations
from orderdesk.store.reader import BUSY_TIMEOUT_MS, PsycopgReader, Reader, sqlite_reader
from orderdesk.store.sqlite_copy import backup_sqlite, default_name
from orderdesk.store.tab_tally import COUNTS_SINCE

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from orderdesk.domain.ports import UnitOfWork
    from orderdesk.store.changes import Changes
    from orderdesk.store.uow import SqlUnitOfWork

Clock = Callable[[], datetime]
#: How many times an action runs when other desks keep winning the race for its rows.
ATTEMPTS = 8
#: Read connections to a server kept open between reads (the desk reads in a few workers).
_IDLE_READS = 4
#: On a server, the tabs' counts are folded after this many actions of one process (and on
#: open): each writing statement adds a row of differences (see ``store/tab_tally.py``).
_FOLD_EVERY = 100
ResultT = TypeVar("ResultT")  # an action's Outcome, or a plan read in its unit of work
P = ParamSpec("P")  # the action's own arguments after the unit of work, checked at each call


class Database:
    """One opened database: the desk's way in for actions (units of work) and reads."""

    def __init__(
        self, url: str, *, path: Path | None, clock: Clock = utcnow, actor: str | None = None
    ) -> None:
        self.url = url
        self.path = path
        self.clock = clock
        self.actor = actor or _default_actor()
        self._idle: list[Any] = []  # on a server: read connections not in use right now
        self._idle_lock = threading.Lock()
        self._performed = 0  # actions committed by this process (folding the counts)

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

    def perform(
        self,
        action: Callable[Concatenate[UnitOfWork, P], ResultT],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> ResultT:
        """Run one domain action in its own unit of work and commit it.

        When another desk wrote the same rows at the same moment, the action runs again on the
        fresh rows (its rules are checked anew: it may now be refused, e.g. already confirmed);
        after :data:`ATTEMPTS` lost races it is refused in one line naming the order. (Races
        are PostgreSQL's; on SQLite writers wait their turn for the file's write lock.)
        """
        from orderdesk.store.uow import contended

        for attempt in range(1, ATTEMPTS + 1):
            uow = self.uow()
            try:
                with uow:
                    outcome = action(uow, *args, **kwargs)
                    uow.commit()
                self._performed += 1
                if self.path is None and self._performed % _FOLD_EVERY == 0:
                    self.fold_counts()
                return outcome
            except Exception as error:
                if not contended(error):
                    raise
                if attempt == ATTEMPTS:
                    raise uow.lost_race() from None
                time.sleep(random.uniform(0, 0.02 * attempt))
        raise AssertionError("unreachable")

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A consistent read snapshot for the store's SQL-text queries (fast on a file)."""
        if self.path is not None:
            with sqlite_reader(self.path) as reader:
                yield reader
            return
        connection = self._checkout()
        try:
            with connection.transaction():
                connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                yield PsycopgReader(connection)
        finally:
            self._checkin(connection)

    def _checkout(self) -> Any:
        """An idle read connection to the server (psycopg, no SQLAlchemy), or a new one; the
        desk's reads run in short-lived worker threads, so connections are pooled, not kept
        per thread."""
        with self._idle_lock:
            while self._idle:
                connection = self._idle.pop()
                if not connection.closed and not connection.broken:
                    return connection
        import psycopg

        from orderdesk.store.urls import libpq_url

        return psycopg.connect(
            libpq_url(self.url),
            autocommit=True,
            connect_timeout=10,
            options="-c timezone=UTC",
            application_name="orderdesk",
        )

    def _checkin(self, connection: Any) -> None:
        with self._idle_lock:
            if len(self._idle) < _IDLE_READS and not connection.closed and not connection.broken:
                self._idle.append(connection)
                return
        connection.close()

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

    def fold_counts(self) -> None:
        """On a server: the tabs' rows of count differences summed into one row per tab when
        they have grown long (a statement of its own; nothing is waited for). A fold that
        fails changes nothing and is tried again later: the counts stay exact either way."""
        if self.path is not None:
            return
        import psycopg

        from orderdesk.store.tab_tally import fold, needs_folding

        connection = self._checkout()
        try:
            if needs_folding(connection):
                fold(connection)
        except psycopg.Error:
            pass
        finally:
            self._checkin(connection)

    def watch(self) -> Changes:
        """A cheap probe of whether anything changed since it was last asked (the desk polls
        it to show outside changes)."""
        from orderdesk.store.changes import watch

        return watch(self)

    def meta(self, key: str) -> str | None:
        with self.reader() as reader:
            value = reader.scalar("SELECT value FROM meta WHERE key = :k", {"k": key})
        return None if value is None else str(value)

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """One consistent, read-only view of every table (for a backup of a live server)."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with connection.begin():
                yield connection

    def migrate(self) -> int:
        with self.write() as connection:
            return migrations.upgrade(connection)

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
        if self.path is not None:
            _fold_wal(self.path)


def _fold_wal(path: Path) -> None:
    """Leave the SQLite file whole: its ``-wal`` written back and removed with ``-shm``.

    SQLite does this when the last connection to close may write; when the last one was a
    read-only reader (``list``, ``show``, the desk's change probe) the two files stayed beside
    the database, and a seller who copied ``shop.db`` alone could leave committed work behind
    in ``shop.db-wal``. One read-write connection opened and closed here is that last one
    (where another program still has the file open, SQLite leaves the files to it, and
    nothing waits for it)."""
    if not Path(f"{path}-wal").exists():
        return
    try:
        connection = sqlite3.connect(path, timeout=0.2)
        try:
            connection.execute("SELECT 1 FROM sqlite_master LIMIT 1")  # opens the file
        finally:
            connection.close()
    except sqlite3.Error:
        pass  # a read-only file or folder, or a busy one: SQLite's files stay as they are


def _default_actor() -> str:
    """Who the journal says acted: ``user@host``, so a team's desks tell each other apart
    (``ORDERDESK_USER`` names the person where several share one system account)."""
    user = os.environ.get("ORDERDESK_USER", "").strip()
    if not user:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "seller"
    return f"{user}@{socket.gethostname() or 'localhost'}"


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
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if not tables:
                return 0
            if "meta" not in tables:
                raise BadInput(f"{path}: a SQLite database, but not an OrderDesk one")
            row = connection.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        from orderdesk.store.faults import explain

        fault = explain(error, str(path), path, BUSY_TIMEOUT_MS / 1000)
        raise fault or BadInput(f"{path}: cannot open the database ({error})") from None
    return int(row[0]) if row else 0


def open_database(
    target: str | Path, *, clock: Clock = utcnow, actor: str | None = None, migrate: bool = True
) -> Database:
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
        raise BadInput(
            f"{path}: written by a newer OrderDesk (schema {version}); update OrderDesk to open it"
        )
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
    import psycopg

    database = Database(url, path=None, clock=clock, actor=actor)
    try:  # the read connection asks the schema version: no SQLAlchemy unless it must migrate
        with database.reader() as reader:
            version = int(
                reader.scalar("SELECT value FROM meta WHERE key = 'schema_version'") or 0
                if reader.scalar("SELECT to_regclass('meta') IS NOT NULL")
                else 0
            )
    except psycopg.Error as error:
        database.close()
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise BadInput(f"{url}: cannot open the database ({reason})") from None
    if version > migrations.LATEST:
        raise BadInput(f"{url}: written by a newer OrderDesk (schema {version})")
    if migrate and version < migrations.LATEST:
        _migrate(database, url)
    if migrate or version >= COUNTS_SINCE:
        database.fold_counts()
    return database

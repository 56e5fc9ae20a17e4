"""Has anything in the database changed since the desk last looked? Asked every second, so
the answer must cost next to nothing when nothing did.

- SQLite: ``PRAGMA data_version`` on a connection kept for the purpose changes whenever any
  other connection (the command line, another desk, this desk's own writes) commits: about a
  microsecond, no table read.
- PostgreSQL: the server's own notification (LISTEN/NOTIFY, raised by migration 4's triggers
  when a transaction that wrote to the desk's tables commits), read off the listening
  connection's socket without a query: :class:`~orderdesk.store.server_changes.ServerChanges`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from orderdesk.store.database import Database


class Changes(Protocol):
    def changed(self) -> bool:
        """True once for each time the database changed since the last call."""
        ...

    def close(self) -> None: ...


class SqliteDataVersion:
    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )
        self._seen = self._version()

    def _version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        version = self._version()
        if version == self._seen:
            return False
        self._seen = version
        return True

    def close(self) -> None:
        self._connection.close()


def watch(database: Database) -> Changes:
    if database.path is not None:
        return SqliteDataVersion(database.path)
    from orderdesk.store.server_changes import ServerChanges

    changes = ServerChanges(database.url)
    changes.changed()  # listening starts now; what came before is what the desk just read
    return changes

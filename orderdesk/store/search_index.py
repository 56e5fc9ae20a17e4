"""The trigram index a search asks first: which orders contain the text, without reading them.

A search compares the term with every order's folded ``search_key`` and, ASCII case folded,
its channel id and tracking number (:func:`orderdesk.store.queries._search`). Read as a scan,
a term matching nothing reads every order: 42 ms on 100,000, 2 s on 1,000,000. The index
answers the same question from the trigrams of those texts, so a search first asks it for at
most :data:`MOST_IDS` ``+ 1`` orders; few found, the page is read by their ids; many (a common
term), the scan is kept, which stops once its page is full.

- SQLite (3.34 or later: Python 3.11 here ships 3.40.1): ``order_search``, an FTS5 table with
  the ``trigram`` tokenizer, its rowid the order's id, holding ``search_key`` as stored and
  ``lower(external_id)``, ``lower(tracking_number)`` (SQLite's ``lower`` folds ASCII only, as
  its LIKE does: the scan's own rule). ``case_sensitive 1``: the texts are compared as they
  are, code point by code point, exactly as the scan's LIKE compares the folded key; so a
  phrase query finds the same orders as ``LIKE '%term%'`` for any term of three characters or
  more. Triggers on insert, delete and update of those columns keep it; bulk loads drop the
  triggers and fill it in one statement afterwards (:func:`suspended`). It is derived data,
  not a table of the domain: the fake unit of work and the twin comparison do not see it
  (they compare the SQLModel tables), on purpose.
- PostgreSQL: ``pg_trgm`` GIN indexes on the same three columns, when the extension can be
  created (a trusted extension since PostgreSQL 13: the database owner may). The planner then
  answers the same LIKE / ILIKE conditions from them. Where it cannot be created the search
  stays the scan, and the migration says so in one log line.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The FTS5 table (SQLite).
TABLE = "order_search"
#: A term of fewer characters has no trigram: the index cannot answer it, the scan does.
SHORTEST = 3
#: Up to this many matching orders are read by their ids; more, and the term is common: the
#: scan finds its page sooner than the ids would be listed.
MOST_IDS = 5000

#: The texts the index holds for an order (and the trigger's ``new.``/``old.`` forms of them).
_COLUMNS = "key, ref, tracking"
_VALUES = "{row}.search_key, lower({row}.external_id), lower({row}.tracking_number)"

_CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({_COLUMNS},"
    " tokenize = 'trigram case_sensitive 1', columnsize = 0)"
)
_TRIGGERS = {
    f"{TABLE}_insert": (
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON orders BEGIN"
        f" INSERT INTO {TABLE} (rowid, {_COLUMNS}) VALUES (new.id, {_VALUES.format(row='new')});"
        " END"
    ),
    f"{TABLE}_delete": (
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON orders BEGIN"
        f" DELETE FROM {TABLE} WHERE rowid = old.id; END"
    ),
    f"{TABLE}_update": (
        f"CREATE TRIGGER {TABLE}_update"
        " AFTER UPDATE OF id, search_key, external_id, tracking_number ON orders BEGIN"
        f" DELETE FROM {TABLE} WHERE rowid = old.id;"
        f" INSERT INTO {TABLE} (rowid, {_COLUMNS}) VALUES (new.id, {_VALUES.format(row='new')});"
        " END"
    ),
}
_FILL = (
    f"INSERT INTO {TABLE} (rowid, {_COLUMNS}) SELECT id, {_VALUES.format(row='orders')} FROM orders"
)

#: PostgreSQL: one GIN index per searched column, with the LIKE / ILIKE the scan uses.
PG_INDEXES = {
    "ix_orders_search_key_trgm": "search_key",
    "ix_orders_external_id_trgm": "external_id",
    "ix_orders_tracking_number_trgm": "tracking_number",
}

log = logging.getLogger(__name__)


def create(connection: Any) -> bool:
    """Make the index and fill it from the orders stored (the migration, on a SQLAlchemy
    connection in its transaction); False, and one log line, where this engine cannot."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    if connection.dialect.name == "postgresql":
        return _create_pg(connection)
    if connection.dialect.name != "sqlite":
        return False
    savepoint = connection.begin_nested()
    try:
        connection.execute(text(_CREATE))
    except DBAPIError as error:  # an SQLite built without FTS5 or its trigram tokenizer
        savepoint.rollback()
        log.warning("search stays a scan: SQLite %s has no FTS5 trigram (%s)", _version(), error)
        return False
    savepoint.commit()
    for sql in _TRIGGERS.values():
        connection.execute(text(sql))
    _fill(connection)
    return True


def _create_pg(connection: Any) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    savepoint = connection.begin_nested()
    try:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        for name, column in PG_INDEXES.items():
            connection.execute(
                text(f"CREATE INDEX {name} ON orders USING gin ({column} gin_trgm_ops)")
            )
    except DBAPIError as error:
        savepoint.rollback()
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        log.warning("search stays a scan: no pg_trgm index on this server (%s)", reason)
        return False
    savepoint.commit()
    return True


def _version() -> str:
    return sqlite3.sqlite_version


def _exists(connection: Any) -> bool:
    found = connection.exec_driver_sql(
        f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'"
    ).first()
    return found is not None


@contextmanager
def suspended(connection: Any) -> Iterator[None]:
    """For a bulk load of orders on SQLite: no trigger per row; the index is filled again in one
    statement once the rows are in (about twice as fast as the triggers, see BENCHMARKS.md).
    Elsewhere, or with no index, nothing is done."""
    if connection.dialect.name != "sqlite" or not _exists(connection):
        yield
        return
    for name in _TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    connection.exec_driver_sql(f"DELETE FROM {TABLE}")
    _fill(connection)
    for sql in _TRIGGERS.values():
        connection.exec_driver_sql(sql)


#: FTS5's own default for the buffer of terms kept in memory before a segment is written.
_DEFAULT_HASH_BYTES = 1024 * 1024
_FILL_HASH_BYTES = 64 * 1024 * 1024


def _fill(connection: Any) -> None:
    """The index of every stored order, in one statement. FTS5 writes a segment each time its
    in-memory terms pass ``hashsize`` (1 MB by default) and merges those as it goes; with a
    larger buffer for the fill it writes fewer, larger ones (100,000 orders: 0.6 s against
    1.2-2.2 s), then the default comes back for the desk's one-order writes."""
    _configure(connection, "hashsize", _FILL_HASH_BYTES)
    connection.exec_driver_sql(_FILL)
    _configure(connection, "hashsize", _DEFAULT_HASH_BYTES)


def _configure(connection: Any, option: str, value: int) -> None:
    """Set an FTS5 configuration option of the index (sqlite.org/fts5.html, section 6)."""
    connection.exec_driver_sql(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('{option}', {value})")


def escape_like(term: str) -> str:
    """``term`` as a LIKE pattern's literal text (``ESCAPE '\\'``)."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: every character as it is (``"`` doubled)."""
    return '"' + text.replace('"', '""') + '"'


def few_matching(reader: Any, folded: str, lowered: str, params: dict[str, Any]) -> str | None:
    """A subquery listing the orders whose folded key contains ``folded`` or whose channel id
    or tracking number (ASCII case folded) contains ``lowered``, when the index says they are
    at most :data:`MOST_IDS` (its parameters added to ``params``); None where the index
    cannot answer (no index, a term too short for a trigram) or the term is common: the caller
    scans."""
    if len(folded) < SHORTEST or len(lowered) < SHORTEST:
        return None
    if reader.engine == "postgresql":
        return _pg_matching(reader, folded, lowered, params)
    if reader.engine != "sqlite" or not reader.scalar(
        f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'"
    ):
        return None
    if folded == lowered:
        query = _phrase(folded)
    else:
        query = f"key : {_phrase(folded)} OR {{ref tracking}} : {_phrase(lowered)}"
    matching = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :search_match"
    if _more_than_most(reader, matching, {"search_match": query}):
        return None
    params["search_match"] = query
    return matching


def _more_than_most(reader: Any, matching: str, params: dict[str, Any]) -> bool:
    found = reader.scalar(f"SELECT COUNT(*) FROM ({matching} LIMIT {MOST_IDS + 1}) AS few", params)
    return int(found or 0) > MOST_IDS


def _pg_matching(reader: Any, folded: str, lowered: str, params: dict[str, Any]) -> str | None:
    """PostgreSQL: the same conditions as the scan, answered by the trigram indexes (the
    planner combines the three); None when they are not there, or the term is common."""
    if not reader.scalar(
        "SELECT to_regclass('ix_orders_search_key_trgm') IS NOT NULL"
        " AND to_regclass('ix_orders_external_id_trgm') IS NOT NULL"
        " AND to_regclass('ix_orders_tracking_number_trgm') IS NOT NULL"
    ):
        return None
    values = {
        "search_folded": f"%{escape_like(folded)}%",
        "search_lowered": f"%{escape_like(lowered)}%",
    }
    matching = (
        "SELECT id FROM orders WHERE search_key LIKE :search_folded ESCAPE '\\'"
        " OR external_id ILIKE :search_lowered ESCAPE '\\'"
        " OR tracking_number ILIKE :search_lowered ESCAPE '\\'"
    )
    if _more_than_most(reader, matching, values):
        return None
    params.update(values)
    return matching

"""How many orders each stage tab holds, kept by the database itself (issue 13, acceptance 5).

The desk's tab titles counted ``SELECT tab, COUNT(*) FROM orders GROUP BY tab`` on every
refresh: every order read, 35 ms at 100,000 orders and 350 ms at 1,000,000. ``orders_per_tab``
holds the same numbers, kept exact by triggers on ``orders`` (an insert, a change of stage, a
delete), in the writing transaction itself, so a count is never ahead of or behind the rows it
counts. A count is ``SELECT tab, SUM(n) FROM orders_per_tab GROUP BY tab`` on both engines.

- SQLite: one row per tab, changed in place by row triggers (writers take the file's write lock
  one at a time, so one row per tab costs no waiting).
- PostgreSQL: a team's desks write at once, and one row per tab would make every stage change
  wait for every other desk's open transaction on the same tab's row (and two opposite moves,
  a confirm and an undone confirm, could deadlock). So each statement *adds* a row of
  differences instead (statement triggers over the transition tables: a bulk ``COPY`` of
  100,000 orders adds one row per tab), and rows never conflict;
  :func:`orderdesk.store.tab_tally.fold` sums them back to one row per tab from time to time.
  ``TRUNCATE orders`` empties the counts too.

Existing orders are counted once here. Version 13: version 12 is another change's (its module
comes in with it); a database migrates through every module above its own version.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

VERSION = 13

_SQLITE = (
    "CREATE TABLE orders_per_tab (tab VARCHAR PRIMARY KEY, n INTEGER NOT NULL)",
    "INSERT INTO orders_per_tab (tab, n)"
    " SELECT tab, COUNT(*) FROM orders WHERE tab IS NOT NULL GROUP BY tab",
    "CREATE TRIGGER orders_per_tab_insert AFTER INSERT ON orders WHEN NEW.tab IS NOT NULL"
    " BEGIN INSERT INTO orders_per_tab (tab, n) VALUES (NEW.tab, 1)"
    " ON CONFLICT (tab) DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER orders_per_tab_delete AFTER DELETE ON orders WHEN OLD.tab IS NOT NULL"
    " BEGIN UPDATE orders_per_tab SET n = n - 1 WHERE tab = OLD.tab; END",
    "CREATE TRIGGER orders_per_tab_update AFTER UPDATE OF stage ON orders"
    " WHEN OLD.tab IS NOT NEW.tab BEGIN"
    " UPDATE orders_per_tab SET n = n - 1 WHERE tab = OLD.tab;"
    " INSERT INTO orders_per_tab (tab, n) SELECT NEW.tab, 1 WHERE NEW.tab IS NOT NULL"
    " ON CONFLICT (tab) DO UPDATE SET n = n + 1; END",
)

_MOVED = (
    "SELECT o.tab AS tab, -1 AS n FROM old_rows o JOIN new_rows w ON w.id = o.id"
    " WHERE o.tab IS DISTINCT FROM w.tab"
    " UNION ALL SELECT w.tab, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id"
    " WHERE o.tab IS DISTINCT FROM w.tab"
)
_POSTGRES = (
    "CREATE TABLE orders_per_tab (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " tab VARCHAR NOT NULL, n BIGINT NOT NULL)",
    "INSERT INTO orders_per_tab (tab, n)"
    " SELECT tab, COUNT(*) FROM orders WHERE tab IS NOT NULL GROUP BY tab",
    "CREATE FUNCTION orders_per_tab_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO orders_per_tab (tab, n)"
    " SELECT tab, COUNT(*) FROM new_rows WHERE tab IS NOT NULL GROUP BY tab;"
    " RETURN NULL; END $$",
    "CREATE FUNCTION orders_per_tab_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO orders_per_tab (tab, n)"
    " SELECT tab, -COUNT(*) FROM old_rows WHERE tab IS NOT NULL GROUP BY tab;"
    " RETURN NULL; END $$",
    "CREATE FUNCTION orders_per_tab_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    f" INSERT INTO orders_per_tab (tab, n) SELECT tab, SUM(n) FROM ({_MOVED}) moved"
    " WHERE tab IS NOT NULL GROUP BY tab HAVING SUM(n) <> 0;"
    " RETURN NULL; END $$",
    "CREATE FUNCTION orders_per_tab_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " DELETE FROM orders_per_tab; RETURN NULL; END $$",
    "CREATE TRIGGER orders_per_tab_insert AFTER INSERT ON orders"
    " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION orders_per_tab_insert()",
    "CREATE TRIGGER orders_per_tab_delete AFTER DELETE ON orders"
    " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION orders_per_tab_delete()",
    "CREATE TRIGGER orders_per_tab_update AFTER UPDATE ON orders"
    " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
    " EXECUTE FUNCTION orders_per_tab_update()",
    "CREATE TRIGGER orders_per_tab_truncate AFTER TRUNCATE ON orders"
    " FOR EACH STATEMENT EXECUTE FUNCTION orders_per_tab_truncate()",
)


def upgrade(connection: Connection) -> None:
    statements = _SQLITE if connection.dialect.name == "sqlite" else _POSTGRES
    for statement in statements:
        connection.execute(text(statement))

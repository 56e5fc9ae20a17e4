"""The tab counts the database keeps (``orders_per_tab``, migration 13) are always the orders'
own ``GROUP BY tab``: after a demo load, an import (small, and large enough for the bulk path
that sets the counting triggers aside), actions and their undo, deleted orders, a migrated
older database, a restore, and on PostgreSQL, where each statement adds a row of differences
that are folded back from time to time. (After every step of the rules' state machine on the
real store too: tests/core/test_rules_state_machine.py.)"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.bench_import import write_shopify
from orderdesk.domain import fulfilment, undo
from orderdesk.domain.stages import Tab
from orderdesk.store import open_database
from orderdesk.store.queries import count_rows, tab_counts
from tests import pg
from tests.conftest import CliRunner, DbTarget

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db"
GENERIC = Path(__file__).resolve().parents[1] / "exchange" / "files" / "generic_orders.csv"


def _rows(target: DbTarget, sql: str) -> list[tuple[Any, ...]]:
    if "://" in str(target):
        return pg.execute(str(target), sql)
    with sqlite3.connect(target) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        return connection.execute(sql).fetchall()


def kept_and_counted(target: DbTarget) -> tuple[dict[str, int], dict[str, int]]:
    kept = _rows(target, "SELECT tab, SUM(n) FROM orders_per_tab GROUP BY tab HAVING SUM(n) <> 0")
    counted = _rows(target, "SELECT tab, COUNT(*) FROM orders GROUP BY tab")
    return {t: int(n) for t, n in kept}, {t: int(n) for t, n in counted}


def assert_kept(target: DbTarget) -> dict[str, int]:
    """The kept counts are the orders' own, on either engine; returns them."""
    kept, counted = kept_and_counted(target)
    assert kept == counted
    return counted


def test_a_demo_load_is_counted(demo_db: DbTarget) -> None:
    counted = assert_kept(demo_db)
    assert sum(counted.values()) == 2000


def test_a_demo_loaded_again_over_the_first_is_counted_once(demo_db: DbTarget) -> None:
    from orderdesk.demo import load_demo

    database = open_database(demo_db)
    try:
        load_demo(database, 300, 3)
    finally:
        database.close()
    assert sum(assert_kept(demo_db).values()) == 300


def test_imports_small_and_large_are_counted(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    small = cli("import", GENERIC, db=db)  # a few orders: the triggers count each one
    assert small.code == 0, small.err
    assert sum(assert_kept(db).values()) > 0
    fresh = tmp_path / "fresh.db"
    big = tmp_path / "big.csv"
    write_shopify(big, 5_000)  # the bulk path: triggers set aside, the counts made after
    large = cli("import", big, "--format", "shopify", db=fresh)
    assert large.code == 0, large.err
    counted = assert_kept(fresh)
    assert sum(counted.values()) == 5_000
    with sqlite3.connect(fresh) as connection:  # and the triggers are back for what follows
        triggers = {row[0] for row in connection.execute(_TRIGGERS)}
    assert triggers == {"orders_per_tab_insert", "orders_per_tab_update", "orders_per_tab_delete"}


_TRIGGERS = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'orders_per_%'"


def test_actions_undo_and_deleted_orders_are_counted(demo_db: DbTarget) -> None:
    database = open_database(demo_db, actor="seller")
    try:
        with database.reader() as reader:
            paid = reader.scalar(
                "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'paid'"
                " AND hold_reason = '' ORDER BY id LIMIT 1"
            )
            before = tab_counts(reader, database.clock())
        database.perform(fulfilment.confirm, int(paid))
        after = assert_kept(demo_db)
        assert after["to-prepare"] == before[Tab.TO_PREPARE] - 1
        assert after["ready-to-ship"] == before[Tab.READY_TO_SHIP] + 1
        with database.reader() as reader:  # what the desk reads: the kept counts
            assert count_rows(reader, Tab.READY_TO_SHIP) == after["ready-to-ship"]
            assert tab_counts(reader, database.clock())[Tab.TO_PREPARE] == after["to-prepare"]
        database.perform(undo.undo)
        assert assert_kept(demo_db)["to-prepare"] == before[Tab.TO_PREPARE]
    finally:
        database.close()
    _rows(demo_db, "DELETE FROM orders WHERE id <= 7")  # their lines and cases go with them
    assert sum(assert_kept(demo_db).values()) == 2000 - 7


def test_an_older_database_is_counted_when_migrated(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    shutil.copy(FIXTURE, db)
    with sqlite3.connect(db) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "orders_per_tab" not in tables
    open_database(db).close()
    assert assert_kept(db) == {"to-prepare": 1, "in-transit": 1, "finalized": 1}


def test_a_restore_is_counted(cli: CliRunner, demo_template: Path, tmp_path: Path) -> None:
    db = tmp_path / "restored.db"
    done = cli("restore", demo_template, db=db)
    assert done.code == 0, done.err
    assert sum(assert_kept(db).values()) == 2000


# -- PostgreSQL ------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[str]:
    pg.need_server()
    with pg.database_url() as url:
        yield url


def _server_counts(url: str) -> tuple[dict[str, int], dict[str, int], int]:
    kept = {
        tab: int(n)
        for tab, n in pg.execute(
            url, "SELECT tab, SUM(n) FROM orders_per_tab GROUP BY tab HAVING SUM(n) <> 0"
        )
    }
    counted = {
        tab: int(n) for tab, n in pg.execute(url, "SELECT tab, COUNT(*) FROM orders GROUP BY tab")
    }
    rows = int(pg.execute(url, "SELECT COUNT(*) FROM orders_per_tab")[0][0])
    return kept, counted, rows


@pytest.mark.postgres
def test_on_postgresql_statements_add_differences_that_fold_back(
    cli: CliRunner, demo_template: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from orderdesk.store import tab_tally

    assert cli("restore", demo_template, db=server).code == 0  # COPY: one row per tab
    kept, counted, _rows = _server_counts(server)
    assert kept == counted and sum(counted.values()) == 2000
    database = open_database(server, actor="seller")
    try:
        with database.reader() as reader:
            pending = [
                int(row["id"])
                for row in reader.rows(
                    "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'paid'"
                    " AND hold_reason = '' ORDER BY id LIMIT 3"
                )
            ]
        for order in pending:
            database.perform(fulfilment.confirm, order)
        database.perform(undo.undo)
        kept, counted, rows = _server_counts(server)
        assert kept == counted
        assert rows > len(counted)  # differences added, not one row changed by every desk
        with database.reader() as reader:
            assert count_rows(reader, Tab.READY_TO_SHIP) == counted["ready-to-ship"]
        monkeypatch.setattr(tab_tally, "FOLD_AFTER", 0)  # fold now, not after 200 rows
        database.fold_counts()
        kept, counted, rows = _server_counts(server)
        assert kept == counted and rows == len(counted)
    finally:
        database.close()
    pg.execute(server, "DELETE FROM orders WHERE id IN (SELECT id FROM orders WHERE id > 1990)")
    kept, counted, _rows = _server_counts(server)
    assert kept == counted and sum(counted.values()) == 1990

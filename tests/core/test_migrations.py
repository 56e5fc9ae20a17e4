"""A database written by the first schema opens, is backed up, and migrates; the migrated schema
is exactly what the SQLModel tables declare."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from orderdesk.domain.search_key import SEARCHED, order_search_key
from orderdesk.domain.stages import Stage, tab_of
from orderdesk.store import open_database
from orderdesk.store.migrations import LATEST, upgrade
from tests.conftest import CliRunner

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.db"


def table_rows(path: Path, table: str) -> list[dict[str, Any]]:
    with sqlite3.connect(path) as db:
        cursor = db.execute(f"SELECT * FROM {table} ORDER BY 1")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def test_fixture_is_schema_v1() -> None:
    with sqlite3.connect(FIXTURE) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            "1",
        )
        columns = [row[1] for row in db.execute("PRAGMA table_info(orders)")]
    assert "possible_duplicate_of" not in columns


def test_schema_v1_database_migrates_after_a_backup(cli: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    shutil.copy(FIXTURE, db)
    old = {
        table: table_rows(db, table)
        for table in ("orders", "lines", "products", "cases", "messages", "journal")
    }

    listed = cli("list", "--tab", "all", "--json", db=db)
    assert listed.code == 0, listed.err
    rows = {row["id"]: row for row in listed.json()}
    assert sorted(rows) == [1, 2, 3]
    assert (rows[1]["buyer_name"], rows[1]["total"], rows[1]["currency"]) == (
        "José Núñez",
        "15990.00",
        "ARS",
    )
    assert (rows[2]["stage"], rows[2]["total"], rows[2]["tracking_number"]) == (
        "in_transit",
        "5300",
        "LP123456785CN",
    )
    assert rows[3]["stage"] == "cancelled"

    with sqlite3.connect(db) as migrated:
        version = migrated.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()[0]
        columns = [row[1] for row in migrated.execute("PRAGMA table_info(orders)")]
    assert int(version) == LATEST
    assert "possible_duplicate_of" in columns
    for table, rows_before in old.items():
        after = table_rows(db, table)
        if table == "orders":
            # v2 adds possible_duplicate_of (NULL for old orders); v3 shows a confirmed order
            # in Ready to ship: the tab is made again from the stage; v4 keeps each order's
            # folded search text: nothing else changes.
            assert all(row.pop("possible_duplicate_of") is None for row in after)
            # v5 adds the store and the channel's own id, empty for old orders
            assert all((row.pop("store"), row.pop("channel_ref")) == ("", "") for row in after)
            keys = [row.pop("search_key") for row in after]
            assert keys == [order_search_key(*(row[name] for name in SEARCHED)) for row in after]
            assert keys[0].startswith("jose nunez\n")
            assert [row.pop("tab") for row in after] == [
                tab_of(Stage(row["stage"])).value for row in after
            ]
            rows_before = [{k: v for k, v in row.items() if k != "tab"} for row in rows_before]
            # v6 adds a hold and a payment marked by hand: none on the old orders.
            for row in after:
                assert (
                    row.pop("hold_reason"),
                    row.pop("hold_until"),
                    row.pop("paid_method"),
                    row.pop("paid_reference"),
                ) == ("", None, "", "")
            # m0009 (issue 16) adds when an order was packed by scanning: none yet.
            assert all(row.pop("packed_at") is None for row in after)
            # m0011 (issue 16) adds the merge group of orders sent as one shipment: none yet.
            assert all(row.pop("merge_group") is None for row in after)
        if table == "journal":
            # m0011 adds the entries one action wrote together: none on the old entries.
            assert all(row.pop("together") is None for row in after)
        if table == "products":
            # v6 adds the customs and packing facts of each product: blank on the old ones.
            for row in after:
                assert (
                    row.pop("barcode"),
                    row.pop("weight_g"),
                    row.pop("hs_code"),
                    row.pop("origin"),
                    row.pop("customs_description"),
                ) == ("", 0, "", "", "")
        if table == "lines":
            # v8 adds the channel's own id of each line: blank on the old ones.
            assert all(row.pop("item_id") == "" for row in after)
        assert after == rows_before, table

    backups = list((tmp_path / "backups").glob("shop-schema-v1-*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            "1",
        )
    assert table_rows(backups[0], "orders") == old["orders"]

    again = cli("show", "2", "--json", db=db)
    assert again.code == 0, again.err
    detail = json.loads(again.out)
    assert detail["cases"][0]["reason"] == "サイズが違う"
    assert detail["possible_duplicate_of"] is None
    assert [entry["action"] for entry in detail["journal"]] == ["created", "refund_requested"]
    assert len(list((tmp_path / "backups").iterdir())) == 1  # no second backup once migrated


def test_actions_work_on_a_migrated_database(tmp_path: Path) -> None:
    from orderdesk.domain import fulfilment

    db = tmp_path / "shop.db"
    shutil.copy(FIXTURE, db)
    database = open_database(db)
    try:
        database.perform(fulfilment.confirm, 1)
        database.perform(fulfilment.deliver, "111-1234567-1234567")
    finally:
        database.close()
    assert table_rows(db, "products")[0]["on_hand"] == 35 - 2


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    """A model change without a migration fails here."""
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    with engine.begin() as connection:
        upgrade(connection)
        migrated = inspect(connection)
        for table in SQLModel.metadata.sorted_tables:
            declared = {c.name: (c.nullable, c.primary_key) for c in table.columns}
            found = {c["name"]: (c["nullable"], False) for c in migrated.get_columns(table.name)}
            keys = set(migrated.get_pk_constraint(table.name)["constrained_columns"])
            found = {
                name: (nullable and name not in keys, name in keys)
                for name, (nullable, _) in found.items()
            }
            declared = {
                name: (nullable and not key, key) for name, (nullable, key) in declared.items()
            }
            assert found == declared, table.name
            declared_indexes = {index.name for index in table.indexes}
            found_indexes = {index["name"] for index in migrated.get_indexes(table.name)}
            assert declared_indexes <= found_indexes, table.name
    engine.dispose()

"""`orderdesk backup` and `restore`: consistent copies that hold the same orders, on either
engine, and a way from one engine to the other and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pg
from tests.conftest import CliRunner, ShowJson
from tests.core.conftest import Shop


def test_backup_to_a_file_opens_with_the_same_orders(
    cli: CliRunner, demo_db: Path | str, tmp_path: Path
) -> None:
    out = tmp_path / "safe" / "copy.db"
    out.parent.mkdir()
    done = cli("backup", "--out", out, db=demo_db)
    assert done.code == 0, done.err
    assert str(out) in done.out
    assert not list(out.parent.glob("*.partial"))
    original = cli("list", "--tab", "all", "--json", db=demo_db).out
    copied = cli("list", "--tab", "all", "--json", db=out)
    assert copied.code == 0 and copied.out == original
    assert len(copied.json()) == 2000


def test_backup_by_default_goes_beside_the_database(
    cli: CliRunner, shop: Shop, home: Path, tmp_path: Path
) -> None:
    order = shop.order(("MATE", 1))
    done = cli("backup", db=shop.path)
    assert done.code == 0, done.err
    if isinstance(shop.path, Path):
        folder, stem = shop.path.parent / "backups", "shop"
    else:  # a server database: backups/ in the desk's data folder, named after the database
        folder, stem = home / "data" / "backups", pg.name_of(shop.path)
    copies = list(folder.glob(f"{stem}-*.db"))
    assert len(copies) == 1 and str(copies[0]) in done.out
    shown = cli("show", str(order), "--json", db=copies[0])
    assert shown.code == 0 and shown.json()["lines"][0]["sku"] == "MATE"
    into = tmp_path / "to-folder"
    into.mkdir()
    assert cli("backup", "--out", into, db=shop.path).code == 0
    assert [p.name.startswith(f"{stem}-") for p in into.iterdir()] == [True]


def test_restore_refuses_a_database_that_holds_orders(
    cli: CliRunner, shop: Shop, show: ShowJson, tmp_path: Path
) -> None:
    order = shop.order(("MATE", 1))
    backup = tmp_path / "b.db"
    assert cli("backup", "--out", backup, db=shop.path).code == 0
    before = show(shop.path, order)
    again = cli("restore", backup, db=shop.path)
    assert again.code == 1 and "empty database" in again.err
    assert len(again.err.strip().splitlines()) == 1
    assert show(shop.path, order) == before
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup\n")
    bad = cli("restore", junk, db=tmp_path / "new.db")
    assert bad.code == 2 and "neither an OrderDesk backup nor a pg_dump file" in bad.err


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back_keeps_every_order(
    cli: CliRunner, demo_template: Path, tmp_path: Path
) -> None:
    pg.need_server()
    everything = ("list", "--tab", "all", "--json")
    original = cli(*everything, db=demo_template).out
    sample = [cli("show", str(i), "--json", db=demo_template).out for i in (1, 777, 2000)]
    with pg.database_url() as server:
        moved = cli("restore", demo_template, db=server)
        assert moved.code == 0 and "restored 2,000 orders" in moved.out, moved.err
        assert cli(*everything, db=server).out == original
        assert [cli("show", str(i), "--json", db=server).out for i in (1, 777, 2000)] == sample
        added = cli(
            "add",
            "--buyer",
            "Ōta Hiroshi",
            "--currency",
            "JPY",
            "--line",
            "TEA",
            "1",
            "1200",
            db=server,
        )  # the sequences moved past the restored ids
        assert added.code == 0 and "#2001" in added.out, added.err

        back = cli("backup", "--out", tmp_path / "server.db", db=server)
        assert back.code == 0, back.err
        dumped = cli(
            "backup", "--format", "pg_dump", "--out", tmp_path / "server.pgdump", db=server
        )
        assert dumped.code == 0, dumped.err
        now = cli(*everything, db=server).out
    home_again = tmp_path / "home-again.db"
    assert cli("restore", tmp_path / "server.db", db=home_again).code == 0
    assert cli(*everything, db=home_again).out == now
    with pg.database_url() as second:
        assert cli("restore", tmp_path / "server.pgdump", db=second).code == 0
        assert cli(*everything, db=second).out == now
    refused = cli("restore", tmp_path / "server.pgdump", db=tmp_path / "other.db")
    assert refused.code == 2 and "restores only into PostgreSQL" in refused.err

"""`orderdesk backup`: a consistent copy that opens and holds the same orders."""

from __future__ import annotations

from pathlib import Path


def test_backup_to_a_file_opens_with_the_same_orders(cli, demo_db: Path, tmp_path: Path) -> None:
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


def test_backup_by_default_goes_beside_the_database(cli, shop, tmp_path: Path) -> None:
    order = shop.order(("MATE", 1))
    done = cli("backup", db=shop.path)
    assert done.code == 0, done.err
    copies = list((shop.path.parent / "backups").glob("shop-*.db"))
    assert len(copies) == 1 and str(copies[0]) in done.out
    shown = cli("show", str(order), "--json", db=copies[0])
    assert shown.code == 0 and shown.json()["lines"][0]["sku"] == "MATE"
    folder = tmp_path / "to-folder"
    folder.mkdir()
    assert cli("backup", "--out", folder, db=shop.path).code == 0
    assert [p.name.startswith("shop-") for p in folder.iterdir()] == [True]

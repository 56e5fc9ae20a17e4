"""Bad input on every command: one clear line, exit 1 or 2, never a traceback, nothing changed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import CliRunner

CASES = [
    # (args, expected exit, words the one line must hold)
    (("show", "99999"), 2, "99999"),
    (("confirm", "99999"), 2, "no such order"),
    (("cancel", "no-such-id", "--reason", "x"), 2, "no such order"),
    (("refund", "{paid}", "--amount", "abc", "--reason", "x"), 2, "not an amount"),
    (("refund", "{paid}", "--amount", "-5", "--reason", "x"), 2, "negative"),
    (("refund", "{paid}", "--amount", "5.0001", "--reason", "x"), 2, "decimals"),
    (("refund", "{paid}", "--amount", "5 XXX", "--reason", "x"), 2, "XXX"),
    (("refund", "{paid}", "--amount", "5 EUR", "--reason", "x"), 2, "EUR"),
    (("refund", "{paid}", "--amount", "0", "--reason", "x"), 2, "more than zero"),
    (("refund", "{paid}", "--amount", "5", "--reason", ""), 1, "reason"),
    (("refund", "{paid}", "--reason", "x"), 2, "--amount"),
    (("refund", "accept"), 2, "case"),
    (("refund", "accept", "999"), 2, "no such case"),
    (("dispute", "resolve", "1"), 2, "--won or --lost"),
    (("dispute", "{shipped}", "--reason", ""), 1, "reason"),
    (("cancel", "{paid}", "--reason", ""), 1, "reason"),
    (("cancel", "{paid}"), 2, "--reason"),
    (("message", "{paid}", "z" * 1501), 1, "1500"),
    (("message", "{paid}", "   "), 1, "empty"),
    (("message", "{paid}"), 2, "TEXT"),
    (
        ("ship", "{confirmed}", "--carrier", "Correios", "--tracking", "RR123456789BR"),
        1,
        "check digit",
    ),
    (("ship", "{confirmed}", "--carrier", "FedEx", "--tracking", "12"), 1, "FedEx"),
    (("ship", "{confirmed}", "--carrier", "", "--tracking", "LP123456785CN"), 1, "carrier"),
    (("ship", "{confirmed}", "--tracking", "LP123456785CN"), 2, "--carrier"),
    (
        (
            "ship",
            "{confirmed}",
            "--carrier",
            "Andreani",
            "--tracking",
            "360000012345678",
            "--url",
            "javascript:alert(1)",
        ),
        1,
        "not a web address",
    ),
    (
        (
            "ship",
            "{confirmed}",
            "--carrier",
            "Andreani",
            "--tracking",
            "360000012345678",
            "--url",
            "file:///etc/passwd",
        ),
        1,
        "not a web address",
    ),
    (("list", "--tab", "everything"), 2, "everything"),
    (("confirm",), 2, "ORDER"),
    (("demo", "--orders", "0"), 2, "--orders"),
    (("backup", "--out", "/no/such/folder/x.db"), 2, "does not exist"),
    (("nonsense",), 2, "nonsense"),
    # digits only 0-9 make a desk id; anything past what an id can be names no order
    (("show", "²"), 2, "no such order"),
    (("show", "١٢"), 2, "no such order"),
    (("confirm", "１２"), 2, "no such order"),
    (("show", "#" + "9" * 30), 2, "no such order"),
    (("show", "#1²"), 2, "digits 0-9"),
    # quantities and amounts: digits 0-9 only, and no more than a shelf or a line holds
    # (past 2**63 the database could not store them: exit 3 before)
    (("add", "--buyer", "Ana", "--currency", "USD", "--line", "MUG", "9" * 20, "10"), 2, "9" * 20),
    (("add", "--buyer", "Ana", "--currency", "USD", "--line", "MUG", "٣", "10"), 2, "whole"),
    (
        ("add", "--buyer", "Ana", "--currency", "USD", "--line", "MUG", "1", "10", "--tax", "９"),
        2,
        "--tax",
    ),
    (("stock", "count", "MUG", "9" * 20), 2, "at most 10,000,000"),
    (("stock", "count", "MUG", "٣"), 2, "not a whole number"),
    (("stock", "receive", "MUG", "9" * 20), 2, "at most 10,000,000"),
    (("stock", "adjust", "MUG", "+" + "9" * 20, "--reason", "found"), 2, "at most 10,000,000"),
    (("stock", "set", "MUG", "--on-hand", "9" * 20), 2, "--on-hand"),
    (("lines", "{paid}", "--set", "MUG", "9" * 20), 2, "at most 10,000,000"),
    (("parcels", "{shipped}", "--count", "９"), 2, "--count"),
    (("ship", "{confirmed}", "--carrier", "DHL", "--tracking", "１２３４５６７８９１"), 1, "DHL"),
    # dates the desk keeps, and periods of any length within them
    (("insights", "--from", "0001-01-01", "--to", "2026-01-01"), 2, "--from: 0001-01-01"),
    (("insights", "--from", "2026-01-01", "--to", "9999-12-31"), 2, "1970-01-01 to 2999-12-31"),
    (("export", "--month", "9999-12"), 2, "--month"),
    (("export", "--month", "٢٠٢٦-١٠"), 2, "--month"),
    (("export", "--from", "0001-01-01", "--to", "2026-01-01"), 2, "--from"),
    # --out never replaces the database, a device or a folder meant as a file
    (("export", "--month", "2026-10", "--out", "{db}"), 2, "the database itself"),
    (("backup", "--out", "{db}"), 2, "the database itself"),
    (("invoice", "{paid}", "--out", "{db}-wal"), 2, "the database itself"),
    (("export", "--month", "2026-10", "--out", "/dev/null"), 2, "not a regular file"),
    (("label", "{paid}", "--out", "{folder}"), 2, "is a folder"),
    (("--db", "mysql://user@host/shop", "list"), 2, "mysql://"),
    # a folder nothing can be written in is refused before the workbook is built
    (("export", "--month", "2026-10", "--out", "/proc/may.xlsx"), 2, "cannot write in /proc"),
    (("invoice", "{paid}", "--out", "/proc/invoice.pdf"), 2, "cannot write in /proc"),
    (("backup", "--out", "/proc"), 2, "cannot write in /proc"),
    # a 100 KB search made SQLite give up ("LIKE or GLOB pattern too complex")
    (("list", "--tab", "all", "--search", "a" * 100_000), 2, "--search: 100,000 characters"),
    # an import from a pipe would wait for ever, a folder is no file
    (("import", "{folder}/pipe.csv"), 2, "not a regular file"),
    (("import", "{folder}"), 2, "is a folder"),
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def bad_input_shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from orderdesk.domain import fulfilment
    from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
    from orderdesk.store import open_database

    path = tmp_path_factory.mktemp("bad-input") / "shop.db"
    database = open_database(path)
    ids = {}
    for name in ("paid", "confirmed", "shipped"):
        ids[name] = str(
            database.perform(
                create_order,
                OrderDraft(
                    buyer_name="José Pérez",
                    currency="USD",
                    paid=True,
                    ship_line1="Main St 1",
                    ship_city="Austin",
                    ship_postal_code="78701",
                    ship_country="US",
                    lines=[LineDraft("MUG", "Mug", 1, 1500)],
                ),
            ).order_id
        )
    database.perform(fulfilment.confirm, ids["confirmed"])
    database.perform(fulfilment.confirm, ids["shipped"])
    database.perform(fulfilment.ship, ids["shipped"], "DHL", "1234567891")
    database.close()
    return path, ids


@pytest.mark.parametrize(
    ("args", "status", "words"), CASES, ids=[" ".join(c[0])[:40] for c in CASES]
)
def test_bad_input_is_one_clear_line(
    cli: CliRunner,
    bad_input_shop: tuple[Path, dict[str, str]],
    tmp_path: Path,
    args: tuple[str, ...],
    status: int,
    words: str,
) -> None:
    template, ids = bad_input_shop
    db = tmp_path / "shop.db"
    db.write_bytes(template.read_bytes())
    before = digest(db)
    Path(f"{db}-wal").touch()  # so that "{db}-wal" names a file that exists
    os.mkfifo(tmp_path / "pipe.csv")
    places = {**ids, "db": str(db), "folder": str(tmp_path)}
    result = cli(*[a.format(**places) for a in args], db=db)
    assert result.code == status, (result.code, result.err)
    assert "Traceback" not in result.err and "Error:" not in result.err
    message = [line for line in result.err.splitlines() if not line.startswith(("usage:", " "))]
    assert len(message) == 1, result.err
    assert words in message[0], message[0]
    assert digest(db) == before
    assert not list(tmp_path.glob("*.partial"))


def test_db_in_a_missing_folder(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("list", db=tmp_path / "nowhere" / "x.db")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.count("\n") == 1 and "does not exist" in result.err
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    "command", [("list",), ("confirm", "1"), ("backup",), ("demo", "--orders", "5")]
)
def test_a_file_that_is_not_a_database(
    cli: CliRunner, tmp_path: Path, command: tuple[str, ...]
) -> None:
    garbage = tmp_path / "x.db"
    garbage.write_bytes(b"\x89PNG not a database at all \x00\x01\x02" * 100)
    before = digest(garbage)
    result = cli(*command, db=garbage)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and result.err.count("\n") == 1
    assert "x.db" in result.err and "database" in result.err
    assert digest(garbage) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["x.db"]


def test_db_that_is_a_folder(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("list", db=tmp_path)
    assert result.code == 2 and "folder" in result.err and result.err.count("\n") == 1


def test_periods_of_any_length_within_the_kept_days(
    cli: CliRunner, bad_input_shop: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """One chart bucket a month over 46 years is more than SQLite takes in one query."""
    template, _ids = bad_input_shop
    db = tmp_path / "shop.db"
    db.write_bytes(template.read_bytes())
    long = cli("insights", "--from", "1980-01-01", "--to", "2999-12-31", "--json", db=db)
    assert long.code == 0, long.err
    out = tmp_path / "decades.xlsx"
    done = cli("export", "--from", "1980-01-01", "--to", "2026-12-31", "--out", out, db=db)
    assert done.code == 0 and out.is_file(), done.err


def test_terminal_escapes_in_buyer_text_are_shown_never_sent(
    cli: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "shop.db"
    name = "Eve\x1b]52;c;aGVsbG8=\x07\x1b[2J\u009b31m"
    added = cli(
        "add",
        "--buyer",
        name,
        "--currency",
        "USD",
        "--line",
        "SKU\x1b[31m",
        "1",
        "5.00",
        "Title\x1b[5m",
        db=db,
    )
    assert added.code == 0, added.err
    for args in (
        ("show", "1"),
        ("list", "--tab", "all"),
        ("list", "--tab", "all", "--json"),
        ("show", "1", "--json"),
    ):
        out = cli(*args, db=db, env={"COLUMNS": "200"}).out
        assert "\x1b" not in out and "\x07" not in out and "\u009b" not in out, args
    assert "Eve\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x9b31m" in cli("show", "1", db=db).out
    listed = cli("list", "--tab", "all", "--json", db=db).json()
    assert listed[0]["buyer_name"] == name  # JSON keeps the text itself, escaped


def test_arguments_that_are_not_text(home: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "orderdesk",
            "--db",
            str(tmp_path / "x.db"),
            "add",
            "--buyer",
            b"Eve\x9b",
            "--currency",
            "USD",
            "--line",
            "A",
            "1",
            "5.00",
        ],
        capture_output=True,
        env={**os.environ},
        cwd=ROOT,
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "not valid text" in err and "Traceback" not in err
    assert not (tmp_path / "x.db").exists()


def test_a_database_another_program_holds_locked(
    cli: CliRunner, bad_input_shop: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    import os
    import sqlite3

    template, ids = bad_input_shop
    db = tmp_path / "shop.db"
    db.write_bytes(template.read_bytes())
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        result = cli("confirm", ids["paid"], db=db, env={"ORDERDESK_LOCK_WAIT": "1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 1, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    assert "another program is writing" in lines[0] and "waited 1 s" in lines[0]
    assert f"pid {os.getpid()}" in lines[0]  # who holds it
    assert cli("show", ids["paid"], "--json", db=db).json()["stage"] == "pending"


def test_a_damaged_database_file(cli: CliRunner, demo_template: Path, tmp_path: Path) -> None:
    demo_db = tmp_path / "demo.db"
    data = bytearray(demo_template.read_bytes())
    page = 4096
    data[page * 3 : page * 40] = b"\xde\xad" * (page * 37 // 2)  # pages torn by a bad disk
    demo_db.write_bytes(bytes(data))
    result = cli("list", "--tab", "all", db=demo_db)
    assert result.code == 2 and "Traceback" not in result.err, result.err
    assert result.err.count("\n") == 1 and "damaged" in result.err and "restore" in result.err


@pytest.mark.parametrize(
    "args", [("list",), ("show", "{paid}"), ("show", "0"), ("confirm", "0"), ("insights",)]
)
def test_the_database_is_left_whole_without_its_wal(
    cli: CliRunner,
    bad_input_shop: tuple[Path, dict[str, str]],
    tmp_path: Path,
    args: tuple[str, ...],
) -> None:
    """A reading command, or one refused, leaves the file alone beside nothing: its -wal and
    -shm went with its last connection (a seller who copies shop.db copies all of it)."""
    template, ids = bad_input_shop
    db = tmp_path / "shop.db"
    db.write_bytes(template.read_bytes())
    before = digest(db)
    result = cli(*[a.format(**ids) for a in args], db=db)
    assert result.code in (0, 2), result.err
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("shop")) == ["shop.db"]

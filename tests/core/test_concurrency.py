"""Real processes working the same orders at once: no lost update, no stock moved twice.

Three desks (processes) each try to confirm the same 100 paid orders of one SKU that has stock
for 60, then to cancel all 100, then undo a few of their own actions: 600+ contested actions.
Each action either succeeds exactly once or is refused in one clear line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import text

from orderdesk.domain.journal import replay
from orderdesk.domain.models import JournalEntry
from tests.conftest import ROOT, CliRunner
from tests.core.conftest import Shop

CONTENDER = Path(__file__).with_name("contender.py")
DESKS = 3
ORDERS = 100
STOCK = 60
CLEAR = (
    "only a pending order can be confirmed",
    "not enough stock",
    "changed by another desk",
    "already cancelled",
    "cannot undo",
    "nothing to undo",
)


def stock_moves(value: dict[str, Any] | str) -> dict[str, Any]:
    """A journal entry's JSON column: text on SQLite, already a dict on PostgreSQL."""
    return value if isinstance(value, dict) else json.loads(value)


def test_desks_racing_on_the_same_orders(shop: Shop, tmp_path: Path) -> None:
    shop.product("HOT", STOCK)
    ids = [shop.order(("HOT", 1), ("GIFT-WRAP", 1)) for _ in range(ORDERS)]
    start = {order: shop.row(order)["version"] for order in ids}
    shop.database.close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    desks = [
        subprocess.Popen(
            [
                sys.executable,
                str(CONTENDER),
                str(shop.path),
                str(tmp_path),
                f"desk-{n}",
                str(n),
                ",".join(map(str, ids)),
                "15",
                str(DESKS),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(DESKS)
    ]
    records = []
    for desk in desks:
        out, err = desk.communicate(timeout=120)
        assert desk.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        records += json.loads(out)
    assert len(records) == DESKS * (2 * ORDERS + 15)

    for phase, order, outcome, message in records:
        assert outcome != "crash", message
        assert "locked" not in message
        if outcome != "done":
            assert any(words in message for words in CLEAR), message
            if phase != "undo":
                assert f"#{order}" in message, message

    done = Counter((phase, order) for phase, order, outcome, _ in records if outcome == "done")
    confirmed = [order for order in ids if done[("confirm", order)]]
    assert all(done[("confirm", order)] <= 1 for order in ids)
    assert len(confirmed) == STOCK  # stock for 60: exactly 60 confirmed, never one twice
    assert all(done[("cancel", order)] == 1 for order in ids)
    conflicts = [m for _, _, outcome, m in records if outcome == "Conflict"]
    undone = sum(1 for phase, _, outcome, _ in records if phase == "undo" and outcome == "done")

    from orderdesk.store import open_database

    database = open_database(shop.path)
    try:
        with database.read() as connection:
            on_hand = connection.execute(
                text("SELECT on_hand FROM products WHERE sku = 'HOT'")
            ).scalar_one()
            taken = connection.execute(
                text(
                    "SELECT coalesce(sum(l.quantity), 0) FROM lines l JOIN orders o "
                    "ON o.id = l.order_id WHERE l.sku = 'HOT' AND o.stock_taken"
                )
            ).scalar_one()
            moved = sum(
                stock_moves(stock).get("HOT", 0)
                for (stock,) in connection.execute(text("SELECT stock FROM journal"))
            )
            actions: Counter[int] = Counter(
                dict(
                    connection.execute(
                        text(
                            "SELECT order_id, count(*) FROM journal WHERE action != 'created' "
                            "GROUP BY order_id"
                        )
                    ).all()
                )
            )
            versions: dict[int, int] = dict(
                connection.execute(text("SELECT id, version FROM orders")).all()
            )
            stored = {
                row["id"]: dict(row)
                for row in connection.execute(
                    text("SELECT id, stage, payment, refunded, stock_taken FROM orders")
                ).mappings()
            }
            history: dict[int, list[JournalEntry]] = {}
            for order_id, action, after in connection.execute(
                text("SELECT order_id, action, after FROM journal ORDER BY id")
            ):
                history.setdefault(order_id, []).append(
                    JournalEntry(  # type: ignore[call-arg]
                        action=action, after=stock_moves(after)
                    )
                )
    finally:
        database.close()
    assert on_hand >= 0
    assert on_hand == STOCK - taken
    assert on_hand == STOCK + moved
    successes = sum(done.values())  # undos included (phase "undo")
    assert sum(actions.values()) == successes  # each success journaled once, nothing lost
    for order in ids:  # every committed change bumped the version once: no lost update
        assert versions[order] == start[order] + actions[order]
    for order in ids:  # the journal replayed gives each order as stored
        state = replay(history[order])
        for name in ("stage", "payment", "refunded", "stock_taken"):
            assert state[name] == type(state[name])(stored[order][name]), (order, name)
    print(
        f"{len(records)} contested actions, {len(conflicts)} refused as changed by another "
        f"desk, {undone} undone"
    )


def _generic_file(path: Path, first: int, count: int) -> None:
    """A generic-template CSV of ``count`` paid orders numbered from ``first``."""
    header = (
        "channel,order_id,created_at,paid_at,status,payment,buyer_name,ship_line1,"
        "ship_city,ship_postal_code,ship_country,currency,sku,title,quantity,unit_price"
    )
    rows = [header]
    for n in range(first, first + count):
        rows.append(
            f"wish,W{n},2026-05-03 11:20,2026-05-03 11:25,Approved,,Ilse Großmann {n},"
            f"Hauptstraße {n % 90 + 1},Köln,50667,DE,EUR,PIN-1,Enamel pin,1,2.50"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_two_imports_of_disjoint_files_at_once_both_land(
    cli: CliRunner, shop: Shop, tmp_path: Path
) -> None:
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    _generic_file(files[0], 1, 400)
    _generic_file(files[1], 1001, 400)
    shop.database.close()
    env = {**os.environ, "ORDERDESK_HOME": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "orderdesk", "--db", str(shop.path), "import", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for f in files
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "400 new" in out, out
    listed = cli("list", "--tab", "all", "--json", db=shop.path).json()
    assert len(listed) == 800
    assert len({row["id"] for row in listed}) == 800
    assert {row["external_id"] for row in listed} == {
        f"W{n}" for n in (*range(1, 401), *range(1001, 1401))
    }
    added = cli(
        "add",
        "--buyer",
        "Ngozi Okafor",
        "--currency",
        "EUR",
        "--line",
        "PIN-1",
        "1",
        "2.50",
        db=shop.path,
    )  # the next id the database hands out is free
    assert added.code == 0, added.err


def test_processes_confirming_the_same_orders_at_once(shop: Shop, home: Path) -> None:
    """Six command-line processes confirm the same 20 orders (stock for 12) at once: each order
    is confirmed once, every other attempt is one line with exit 1, never an unexpected error."""
    shop.product("HOT", 12)
    ids = [shop.order(("HOT", 1)) for _ in range(20)]
    shop.database.close()
    env = {**os.environ, "ORDERDESK_HOME": str(home)}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "orderdesk",
                "--db",
                str(shop.path),
                "confirm",
                *map(str, ids if n % 2 else ids[::-1]),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for n in range(6)
    ]
    confirmed: Counter[str] = Counter()
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode in (0, 1), err
        assert "unexpected" not in err and "Traceback" not in err, err
        for line in err.strip().splitlines():
            assert any(words in line for words in CLEAR), line
        confirmed.update(line.split()[1] for line in out.splitlines() if "onfirmed" in line)
    assert all(count == 1 for count in confirmed.values()), confirmed
    assert len(confirmed) == 12  # stock for 12: twelve confirmed, the rest refused as short
    assert shop.on_hand("HOT") == 0

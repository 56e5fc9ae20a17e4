"""`orderdesk demo --orders N` and `orderdesk list --tab to-prepare --json`.

Baselines in the same run: raw sqlite3 executemany of the very rows the demo writes, and the
list's SQL query alone (sqlite3, in process). Both commands are timed as whole processes, as the
seller runs them.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import result, run_cli, timed


def _fresh(folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _raw_insert(path: Path, schema_from: Path, builder: Any) -> None:
    """The baseline: the same rows, plain sqlite3 executemany into the same schema."""
    source = sqlite3.connect(schema_from)
    found = source.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    # A virtual table (the FTS5 search index) makes its own shadow tables when created.
    virtual = [name for name, sql in found if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    ddl = [sql for name, sql in found if not any(name.startswith(f"{v}_") for v in virtual)]
    source.close()
    connection = sqlite3.connect(path)
    for statement in ddl:
        connection.execute(statement)
    for table, rows in (
        ("products", builder.products),
        ("orders", builder.orders),
        ("lines", builder.lines),
        ("cases", builder.cases),
        ("messages", builder.messages),
        ("journal", builder.journal),
    ):
        if not rows:
            continue
        names = list(rows[0])
        values = [tuple(_plain(row[n]) for n in names) for row in rows]
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            values,
        )
    connection.commit()
    connection.close()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def bench_demo(orders: int, repeats: int) -> dict[str, Any]:
    from orderdesk.demo import DemoBuilder

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"ORDERDESK_HOME": str(folder)}
        samples = [
            run_cli(
                "--db",
                str(_fresh(folder, "demo.db")),
                "demo",
                "--orders",
                str(orders),
                "--seed",
                "1",
                env=env,
            )
            for _ in range(repeats)
        ]
        builder = DemoBuilder(orders, 1, datetime.now(UTC)).build()
        schema = folder / "demo.db"
        baseline = timed(lambda: _raw_insert(_fresh(folder, "raw.db"), schema, builder), repeats)
    median = statistics.median(samples)
    return result(
        f"demo --orders {orders:,}",
        samples,
        baseline="raw sqlite3 executemany of the same rows",
        baseline_samples=baseline,
        target="≤ 15 s",
        met=median <= 15 if orders >= 100_000 else None,
    )


def bench_list(db: Path, repeats: int) -> dict[str, Any]:
    samples = [
        run_cli("--db", str(db), "list", "--tab", "to-prepare", "--json") for _ in range(repeats)
    ]

    def query_alone() -> None:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        connection.execute(
            "SELECT o.*, (SELECT group_concat(sku || ' x' || quantity) FROM lines l "
            "WHERE l.order_id = o.id) FROM orders o WHERE o.tab = 'to-prepare' "
            "ORDER BY o.ship_by, o.id"
        ).fetchall()
        connection.close()

    baseline = timed(query_alone, repeats)
    median = statistics.median(samples)
    return result(
        "list --tab to-prepare --json",
        samples,
        baseline="the SQL query alone",
        baseline_samples=baseline,
        target="≤ 0.5 s",
        met=median <= 0.5,
    )


def run(repeats: int, db_path: Path, orders: int) -> list[dict[str, Any]]:
    return [bench_demo(orders, repeats), bench_list(db_path, repeats)]

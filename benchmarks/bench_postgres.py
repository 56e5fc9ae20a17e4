"""The desk on PostgreSQL beside SQLite and beside the bare SQL on the same server.

Each measure is taken three ways in one run, on the same 100,000-order demo (the SQLite file is
restored into a database on the server):
- through the desk's own reads on PostgreSQL (``Database.reader``, the queries the desk runs),
- the same on the SQLite file (ratio "to SQLite"),
- the page's SQL alone over a plain psycopg connection to the same server (ratio "to bare").

Measured: a tab switch (the page of 100 rows and the tab's count), search (the first key of a
common term, and a term that matches nothing), ``orderdesk list`` as a whole process, and the
100,000-order Shopify import (baseline: ``COPY`` of the very rows it stored).

    export ORDERDESK_BENCH_PG=postgresql://odpg@127.0.0.1:55432/postgres
    python3 -m benchmarks.bench_postgres [--orders 100000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.common import print_rows, result, run_cli, timed

if TYPE_CHECKING:
    from orderdesk.domain.stages import Tab
    from orderdesk.store import Database

ADMIN = os.environ.get("ORDERDESK_BENCH_PG") or os.environ.get("ORDERDESK_TEST_PG", "")


def _url(name: str) -> str:
    return f"{ADMIN.rpartition('/')[0]}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(sql)


def server_copy(sqlite_db: Path, orders: int) -> str:
    """A database on the server holding the demo of ``sqlite_db`` (restored once, kept)."""
    import psycopg

    name = f"od_bench_{orders}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
    if exists:
        with psycopg.connect(_url(name)) as connection:
            found = connection.execute("SELECT count(*) FROM orders").fetchone()
        if found and found[0] == orders:
            return _url(name)
        _admin(f'DROP DATABASE "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    run_cli("--db", _url(name), "restore", str(sqlite_db))
    return _url(name)


def _page(database: Database, tab: Tab | None, search: str | None = None) -> None:
    from orderdesk.store.queries import count_rows, list_rows

    with database.reader() as reader:
        list_rows(
            reader, tab, search=search, now=database.clock(), offset=0, limit=101 if search else 100
        )
        if search is None:
            count_rows(reader, tab)


def _bare_page(connection: Any, tab: str) -> None:
    connection.execute(
        "SELECT id, channel, buyer_name, total, currency, payment, stage, ship_by FROM orders "
        "WHERE tab = %s ORDER BY ship_by, id LIMIT 100",
        (tab,),
    ).fetchall()
    connection.execute("SELECT count(*) FROM orders WHERE tab = %s", (tab,)).fetchone()


def _bare_search(connection: Any, term: str) -> None:
    like = f"%{term}%"
    connection.execute(
        "SELECT id, channel, buyer_name, total, currency, payment, stage, ship_by FROM orders "
        "WHERE buyer_name ILIKE %s OR external_id ILIKE %s OR tracking_number ILIKE %s "
        "ORDER BY id DESC LIMIT 101",
        (like, like, like),
    ).fetchall()


def reads(sqlite_db: Path, server: str, repeats: int) -> list[dict[str, Any]]:
    import psycopg

    from orderdesk.domain.stages import Tab
    from orderdesk.store import open_database

    on_server, on_file = open_database(server), open_database(sqlite_db)
    bare = psycopg.connect(server.replace("postgresql+psycopg", "postgresql"))
    rows = []
    try:
        cases: tuple[tuple[str, Callable[[Database], None], Callable[[], None]], ...] = (
            (
                "tab switch (Finalized: page + count)",
                lambda db: _page(db, Tab.FINALIZED),
                lambda: _bare_page(bare, "finalized"),
            ),
            (
                "search, first key of a common term ('a')",
                lambda db: _page(db, None, "a"),
                lambda: _bare_search(bare, "a"),
            ),
            (
                "search, a term matching nothing",
                lambda db: _page(db, None, "zqxv"),
                lambda: _bare_search(bare, "zqxv"),
            ),
        )
        for name, desk, floor in cases:
            desk(on_server), desk(on_file), floor()  # warm caches and pools alike
            server_samples = timed(partial(desk, on_server), repeats)
            file_samples = timed(partial(desk, on_file), repeats)
            bare_samples = timed(floor, repeats)
            rows.append(
                result(
                    f"PostgreSQL {name}",
                    server_samples,
                    baseline="the same on SQLite",
                    baseline_samples=file_samples,
                    note=f"to bare SQL on the server: {_ratio(server_samples, bare_samples)}",
                )
            )
        listing = [
            run_cli("--db", server, "list", "--tab", "to-prepare", "--json") for _ in range(repeats)
        ]
        local = [
            run_cli("--db", str(sqlite_db), "list", "--tab", "to-prepare", "--json")
            for _ in range(repeats)
        ]
        rows.append(
            result(
                "PostgreSQL `orderdesk list --tab to-prepare --json` (process)",
                listing,
                baseline="the same on SQLite",
                baseline_samples=local,
            )
        )
    finally:
        bare.close()
        on_server.close()
        on_file.close()
    return rows


def _ratio(samples: list[float], base: list[float]) -> str:
    return f"{statistics.median(samples) / statistics.median(base):.2f}×"


def _copy_floor(source: str, target: str) -> float:
    """Seconds to COPY the orders, lines and journal rows of ``source`` into ``target``."""
    import psycopg

    with psycopg.connect(source) as src, psycopg.connect(target) as dst:
        start = time.perf_counter()
        for table in ("orders", "lines", "journal"):
            columns = [
                c
                for (c,) in src.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    (table,),
                )
            ]
            listed = ", ".join(columns)
            with (
                src.cursor().copy(f"COPY {table} ({listed}) TO STDOUT") as out,
                dst.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as into,
            ):
                for block in out:
                    into.write(block)
        dst.commit()
        return time.perf_counter() - start


def imports(size: int, repeats: int) -> list[dict[str, Any]]:
    from benchmarks.bench_import import write_shopify
    from orderdesk.services.importing import import_file
    from orderdesk.store import open_database

    folder = Path(tempfile.mkdtemp(prefix="bench-pg-import-"))
    ours: list[float] = []
    local: list[float] = []
    floor: list[float] = []
    try:
        source = folder / "orders_export.csv"
        write_shopify(source, size)
        for attempt in range(repeats):
            names = [f"od_bench_import_{attempt}", f"od_bench_floor_{attempt}"]
            for name in names:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                _admin(f'CREATE DATABASE "{name}"')
            database, empty = open_database(_url(names[0])), open_database(_url(names[1]))
            empty.close()
            start = time.perf_counter()
            report = import_file(database, source)
            ours.append(time.perf_counter() - start)
            database.close()
            assert report.new == size, report
            floor.append(_copy_floor(_url(names[0]), _url(names[1])))
            file_db = open_database(folder / f"local-{attempt}.db")
            start = time.perf_counter()
            import_file(file_db, source)
            local.append(time.perf_counter() - start)
            file_db.close()
            for name in names:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return [
            result(
                f"PostgreSQL import of a {size:,}-order Shopify CSV",
                ours,
                baseline="the same import into SQLite",
                baseline_samples=local,
                note=f"to COPY of the same stored rows: {_ratio(ours, floor)}",
            )
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(repeats: int, sqlite_db: Path, orders: int) -> list[dict[str, Any]]:
    if not ADMIN:
        return []
    server = server_copy(sqlite_db, orders)
    return [*reads(sqlite_db, server, repeats), *imports(orders, max(1, repeats // 2))]


def main() -> None:
    from benchmarks.run import demo_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    if not ADMIN:
        raise SystemExit("set ORDERDESK_BENCH_PG (or ORDERDESK_TEST_PG) to a server's admin URL")
    print_rows(run(args.repeats, demo_database(args.orders), args.orders))


if __name__ == "__main__":
    main()

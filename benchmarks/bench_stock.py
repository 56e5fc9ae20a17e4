"""The Stock screen at 100,000 orders and 20,000 SKUs, beside the desk's tab switch.

The demo database is copied and its lines spread over 20,000 SKUs, each a product (so every
SKU has about a dozen lines in the history and the pending orders hold a few hundred). Timed in
one pilot session, key → repaint: ``S`` (the Stock screen opens on its first page), ``]`` (the
next page), and the desk's tab switch for comparison. Baselines: the page's SQL alone, as the
screen runs it. A last pair shows that committed is not a scan of every order: committed for a
page of 100 SKUs (through the pending orders) against the same figure by an aggregate over
every order's lines.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks import common
from benchmarks.common import CACHE, result, timed

SKUS = 20_000


def stock_database(demo: Path) -> Path:
    """A copy of the demo with 20,000 SKUs (built once, cached beside the demo)."""
    path = CACHE / f"stock-{demo.stem}-{SKUS}.db"
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    shutil.copy(demo, partial)
    connection = sqlite3.connect(partial)
    with connection:
        connection.execute(
            "UPDATE lines SET sku = printf('SKU-%05d', (id * 7919) % :n)", {"n": SKUS}
        )
        connection.execute("DELETE FROM products")
        connection.executemany(
            "INSERT INTO products (sku, title, on_hand, low_stock, barcode, weight_g, hs_code,"
            " origin, customs_description, version) VALUES (?, ?, ?, ?, '', 250, '392690',"
            " 'CN', 'Plastic goods', 1)",
            [(f"SKU-{n:05d}", f"Product {n}", n % 50, 5) for n in range(SKUS)],
        )
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    partial.rename(path)
    return path


async def _keys(db: Path, repeats: int) -> dict[str, list[float]]:

    from orderdesk.app import make_app
    from orderdesk.config import Settings
    from orderdesk.screens.desk import DeskScreen
    from orderdesk.screens.stock import StockScreen
    from orderdesk.store import open_database

    database = open_database(db)
    app = make_app(database, Settings())
    samples: dict[str, list[float]] = {
        "desk: tab switch (same session)": [],
        "stock: S → Stock screen shown": [],
        "stock: ] → next page shown": [],
    }

    async with app.run_test(size=(120, 35)) as pilot:

        def press(key: str, character: str | None = None) -> float:
            return common.press(app, key, character)

        async def painted(check: Any) -> float:
            return await common.painted(app, check)

        await painted(lambda s: isinstance(s, DeskScreen) and s.active_table.page_rows)
        await pilot.pause()
        for _ in range(repeats):
            for key, view in (("2", "ready-to-ship"), ("1", "to-prepare")):
                sent = press(key)
                shown = await painted(
                    lambda s, v=view: (
                        isinstance(s, DeskScreen)
                        and s.active_table.view == v
                        and s.active_table.loaded
                    )
                )
                samples["desk: tab switch (same session)"].append(shown - sent)
            # The desk settles first (its footer takes the tab's keys after the table is
            # painted): S is timed from a desk at rest, as every key of bench_desk is.
            await pilot.pause()
            sent = press("S", "S")
            shown = await painted(
                lambda s, t=sent: isinstance(s, StockScreen) and s.shown_at > t and s.rows
            )
            samples["stock: S → Stock screen shown"].append(shown - sent)
            start = app.screen.page_start  # type: ignore[attr-defined]
            sent = press("right_square_bracket", "]")
            shown = await painted(
                lambda s, t=sent, p=start: (
                    isinstance(s, StockScreen) and s.shown_at > t and s.page_start == p + 100
                )
            )
            samples["stock: ] → next page shown"].append(shown - sent)
            press("escape")
            await painted(lambda s: isinstance(s, DeskScreen))
            await pilot.pause()
    database.close()
    return samples


def run(repeats: int, demo: Path) -> list[dict[str, Any]]:
    db = stock_database(demo)
    samples = asyncio.run(_keys(db, repeats))

    from orderdesk.domain.stages import Tab
    from orderdesk.store import open_database
    from orderdesk.store.queries import count_rows, list_rows
    from orderdesk.store.stock_queries import count_products, product_rows, stock_counts

    database = open_database(db)

    def stock_page(offset: int) -> None:
        with database.reader() as reader:
            product_rows(reader, offset=offset, limit=100)
            count_products(reader)
            stock_counts(reader)

    def tab_page() -> None:
        with database.reader() as reader:
            list_rows(reader, Tab.READY_TO_SHIP, now=database.clock(), limit=100)
            count_rows(reader, Tab.READY_TO_SHIP)

    with database.reader() as reader:
        skus = [row["sku"] for row in product_rows(reader, offset=5000, limit=100)]

    def committed_page() -> None:
        from orderdesk.store.stock_queries import committed

        with database.reader() as reader:
            committed(reader, skus)

    marks = ", ".join(f"'{sku}'" for sku in skus)

    def committed_by_scan() -> None:
        with database.reader() as reader:
            reader.rows(
                "SELECT l.sku, SUM(CASE WHEN o.stage = 'pending' THEN l.quantity "
                "ELSE 0 END) FROM lines l JOIN orders o ON o.id = l.order_id "
                f"WHERE l.sku || '' IN ({marks}) GROUP BY l.sku"
            )

    baselines = {
        "desk: tab switch (same session)": timed(tab_page, repeats),
        "stock: S → Stock screen shown": timed(lambda: stock_page(0), repeats),
        "stock: ] → next page shown": timed(lambda: stock_page(100), repeats),
    }
    with database.reader() as reader:
        products = int(reader.scalar("SELECT COUNT(*) FROM products"))
        orders = int(reader.scalar("SELECT COUNT(*) FROM orders"))
        pending = int(reader.scalar("SELECT COUNT(*) FROM orders WHERE tab = 'to-prepare'"))
    database.close()
    switch = statistics.median(samples["desk: tab switch (same session)"])
    rows = []
    for name, values in samples.items():
        stock = name.startswith("stock")
        rows.append(
            result(
                f"{name} ({orders:,} orders, {products:,} SKUs)" if stock else name,
                values,
                baseline="the page's SQL alone (as the screen runs it)",
                baseline_samples=baselines[name],
                target="within the desk's tab switch (< 100 ms)" if stock else "< 100 ms",
                met=statistics.median(values) < max(0.1, switch)
                if stock
                else statistics.median(values) < 0.1,
            )
        )
    scan = timed(committed_by_scan, repeats)
    page = timed(committed_page, repeats)
    rows.append(
        result(
            f"stock: committed for a page of 100 SKUs ({pending:,} pending orders)",
            page,
            baseline="the same figure by reading every order's lines of those SKUs",
            baseline_samples=scan,
            target="below the scan",
            met=statistics.median(page) < statistics.median(scan),
        )
    )
    return rows


if __name__ == "__main__":
    from benchmarks.common import print_rows

    print_rows(run(int(sys.argv[2]) if len(sys.argv) > 2 else 3, Path(sys.argv[1])))

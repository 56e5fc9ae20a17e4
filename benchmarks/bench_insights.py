"""Insights on a big database: from the key to the figures on screen, against the SQL alone.

Measured: in a real Textual app (headless, 120×35) the time from pressing ``g`` (which pushes
``InsightsScreen``) until its tables and charts hold the figures, and from a period key
(``3``: last 90 days) until the new figures are shown; and ``orderdesk insights --json`` as a
whole process. Baseline in the same run: ``compute_insights`` alone (the SQL aggregates, in
process) for the same periods. Target: figures within 1 s of the key on 100,000 orders.

    python3 benchmarks/bench_insights.py [--repeats 5] [--db benchmarks/.cache/demo-100000.db]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

from benchmarks.common import result, run_cli, timed

TARGET_SECONDS = 1.0


def _host(database: Any) -> Any:
    from textual.app import App
    from textual.binding import Binding

    from orderdesk.screens.insights import InsightsScreen

    class Host(App[None]):
        BINDINGS = [Binding("g", "insights", "Insights")]

        def action_insights(self) -> None:
            self.push_screen(InsightsScreen(database))

    return Host()


async def _shown(pilot: Any, key: str, period: str | None) -> float:
    """Seconds from pressing ``key`` until the Insights screen shows figures (of ``period``)."""
    from orderdesk.screens.insights import InsightsScreen

    start = time.perf_counter()
    await pilot.press(key)
    while True:
        screen = pilot.app.screen
        if (
            isinstance(screen, InsightsScreen)
            and screen.insights is not None
            and not screen.query_one("#insights-body").has_class("-pending")
            and (period is None or screen.insights.period.key == period)
        ):
            break
        await asyncio.sleep(0.01)
    await pilot.pause()  # the refresh that paints them
    return time.perf_counter() - start


def _screen_samples(database: Any, repeats: int) -> tuple[list[float], list[float]]:
    opened: list[float] = []
    changed: list[float] = []

    async def once() -> None:
        app = _host(database)
        async with app.run_test(size=(120, 35)) as pilot:
            await pilot.pause()
            opened.append(await _shown(pilot, "g", "last-30"))
            changed.append(await _shown(pilot, "3", "last-90"))

    for _ in range(repeats):
        asyncio.run(once())
    return opened, changed


def run(repeats: int, db_path: Path) -> list[dict[str, Any]]:
    from orderdesk.domain.periods import period_for
    from orderdesk.store import open_database
    from orderdesk.store.insights import compute_insights

    database = open_database(db_path)
    try:
        with database.read() as connection:
            orders = connection.exec_driver_sql("SELECT COUNT(*) FROM orders").scalar_one()
        now = database.clock()
        last_30, last_90 = period_for("last-30", now), period_for("last-90", now)
        compute_insights(database, last_30)  # warm the file cache like the desk's first query
        sql_30 = timed(lambda: compute_insights(database, last_30), repeats)
        sql_90 = timed(lambda: compute_insights(database, last_90), repeats)
        opened, changed = _screen_samples(database, repeats)
    finally:
        database.close()
    cli = [run_cli("--db", str(db_path), "insights", "--json") for _ in range(repeats)]
    note = f"{orders:,} orders"
    return [
        result(
            "insights: key g → figures shown (last 30 days)",
            opened,
            baseline="compute_insights alone (SQL)",
            baseline_samples=sql_30,
            target=f"< {TARGET_SECONDS:.0f} s",
            met=max(opened) < TARGET_SECONDS,
            note=note,
        ),
        result(
            "insights: key 3 → last 90 days shown",
            changed,
            baseline="compute_insights alone (SQL)",
            baseline_samples=sql_90,
            target=f"< {TARGET_SECONDS:.0f} s",
            met=max(changed) < TARGET_SECONDS,
            note=note,
        ),
        result(
            "orderdesk insights --json (process)",
            cli,
            baseline="compute_insights alone (SQL)",
            baseline_samples=sql_30,
            note=note,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database (default: the cached 100k demo)")
    args = parser.parse_args()
    db = args.db
    if db is None:
        from benchmarks.run import demo_database

        db = demo_database(100_000)
    for row in run(args.repeats, db):
        ratio = f"{row['ratio']:.1f}×" if row["ratio"] else ""
        print(
            f"{row['name']:<48} median {row['median']:.3f} s  (min {row['min']:.3f}, "
            f"max {row['max']:.3f})  baseline {row['baseline_median'] or 0:.3f} s {ratio}  "
            f"{row['target']} {'met' if row['met'] else '' if row['met'] is None else 'MISSED'}"
        )


if __name__ == "__main__":
    main()

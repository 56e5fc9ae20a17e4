"""Timing helpers shared by the benchmarks: repeats, median/min/max, ratio to a baseline."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Where the big demo database and the latest results are kept (a test points it elsewhere).
CACHE = Path(os.environ.get("ORDERDESK_BENCH_CACHE") or ROOT / "benchmarks" / ".cache")


def timed(action: Callable[[], Any], repeats: int) -> list[float]:
    """Wall-clock seconds of ``repeats`` runs of ``action``."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def run_cli(*args: str, env: dict[str, str] | None = None) -> float:
    """Seconds for one ``python -m orderdesk ARGS`` process, start to exit."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "orderdesk", *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    return time.perf_counter() - start


def print_rows(rows: Sequence[dict[str, Any]]) -> None:
    """A benchmark's rows, one field a line, for running one benchmark module on its own."""
    for row in rows:
        for key, value in row.items():
            shown = f"{value:,.3f}" if isinstance(value, float) else value
            print(f"{key:>16}: {shown}")


def result(
    name: str,
    samples: Sequence[float],
    *,
    baseline: str = "",
    baseline_samples: Sequence[float] = (),
    target: str = "",
    met: bool | None = None,
    unit: str = "s",
    note: str = "",
) -> dict[str, Any]:
    """One row of the benchmark table."""
    median = statistics.median(samples)
    base = statistics.median(baseline_samples) if baseline_samples else None
    return {
        "name": name,
        "unit": unit,
        "median": median,
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
        "baseline": baseline,
        "baseline_median": base,
        "ratio": (median / base) if base else None,
        "target": target,
        "met": met,
        "note": note,
    }


def press(app: Any, key: str, character: str | None = None) -> float:
    """The key as the terminal driver delivers it; returns the moment it was sent."""
    from textual import events

    app.post_message(events.Key(key, character))
    return time.perf_counter()


async def painted(app: Any, check: Callable[[Any], Any]) -> float:
    """Wait until ``check(app.screen)`` holds with no worker running, then for the repaint;
    returns the moment the repaint was done."""
    for _ in range(200_000):
        await asyncio.sleep(0)
        idle = not any(worker.is_running for worker in app.workers)
        if idle and check(app.screen):
            break
    refreshed: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def painted() -> None:
        if not refreshed.done():
            refreshed.set_result(time.perf_counter())

    app.screen.call_after_refresh(painted)
    return await refreshed

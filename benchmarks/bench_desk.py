"""The desk's speed: first paint from process start, key → repaint, resident memory.

- First paint: a fresh process opens the desk headless on the database and reports the moment
  the first page of To prepare is on screen; baseline: a bare Textual app in a fresh process
  painting a 100-row DataTable read with sqlite3.
- Tab switch, page down, search: key press → new page painted (pilot, headless); baseline: a
  bare Textual app doing the same repaint in the same way (a DataTable whose 100 rows are
  replaced in the key's handler by the page the store's own query reads), timed the same
  way; the store's SQL for that page alone is given beside it. Each timed key is pressed once
  nothing is held (a key within the scanner's 40 ms of the one before is held as a possible
  scan, as a seller's next key after looking at the screen never is). Targets (issue 13): within 2×
  the bare app and under 50 ms at the median. Search is timed twice: the first key of a
  common term (the page fills at once) and the last key of a term that matches nothing
  (every order is read). ``python3 -m benchmarks.run --only desk --orders 1000000`` runs it
  on the 1,000,000-order demo (built once into benchmarks/.cache/, a few minutes).
- Memory: resident set size of the desk process at first paint (baseline: the bare app).
- The look for outside changes the desk makes every second, when nothing changed (baseline:
  ``SELECT 1`` on a kept sqlite3 connection).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import common
from benchmarks.common import ROOT, result, timed

_DESK = r"""
import sys, time
start = float(sys.argv[2])
from orderdesk.commands import Context
context = Context(db=sys.argv[1])
from orderdesk.app import make_app
app = make_app(context.database(), context.settings)

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

def check():
    from orderdesk.screens.desk import DeskScreen
    screen = app.screen
    if isinstance(screen, DeskScreen) and screen.active_table.page_rows:
        timer.stop()
        screen.call_after_refresh(done)

def done():
    print(f"{time.time() - start:.4f} {rss_mb():.1f}", flush=True)
    app.exit()

def mount():
    global timer
    timer = app.set_interval(0.002, check)

app.call_later(mount)
app.run(headless=True, size=(120, 35))
"""

_BARE = r"""
import sys, time, sqlite3
start = float(sys.argv[2])
from textual.app import App
from textual.widgets import DataTable

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        connection = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
        rows = connection.execute(
            "SELECT id, channel, buyer_name, total, currency, payment, stage, ship_by "
            "FROM orders WHERE tab = 'to-prepare' ORDER BY ship_by, id LIMIT 100").fetchall()
        table = self.query_one(DataTable)
        table.add_columns("id", "channel", "buyer", "total", "currency", "payment", "stage",
                          "ship by")
        table.add_rows([[str(v) for v in row] for row in rows])
        self.call_after_refresh(self.done)

    def done(self):
        print(f"{time.time() - start:.4f} {rss_mb():.1f}", flush=True)
        self.exit()

Bare().run(headless=True, size=(120, 35))
"""


def _process(script: str, db: Path) -> tuple[float, float]:
    """Seconds from process start to first paint, and resident MB at that moment."""
    env = {**os.environ}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, str(db), repr(start)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
    )
    seconds, rss = done.stdout.split()[-2:]
    return float(seconds), float(rss)


def bench_first_paint(db: Path, repeats: int) -> list[dict[str, Any]]:
    desk = [_process(_DESK, db) for _ in range(repeats)]
    bare = [_process(_BARE, db) for _ in range(repeats)]
    paint = [s for s, _ in desk]
    memory = [m for _, m in desk]
    return [
        result(
            "desk: first paint from process start",
            paint,
            baseline="bare Textual app painting a 100-row DataTable from sqlite3",
            baseline_samples=[s for s, _ in bare],
            target="< 1.0 s; ≤ 2× bare",
            met=statistics.median(paint) < 1.0
            and statistics.median(paint) <= 2 * statistics.median(s for s, _ in bare),
        ),
        result(
            "desk: resident memory at first paint",
            memory,
            unit="MB",
            baseline="the bare app",
            baseline_samples=[m for _, m in bare],
            target="< 200 MB",
            met=statistics.median(memory) < 200,
        ),
    ]


async def _keys(db: Path, repeats: int) -> dict[str, list[float]]:
    from orderdesk.app import make_app
    from orderdesk.config import Settings
    from orderdesk.store import open_database

    database = open_database(db)
    app = make_app(database, Settings())
    samples: dict[str, list[float]] = {
        "tab switch": [],
        "page down": [],
        "search": [],
        "search, no match": [],
    }

    async with app.run_test(size=(120, 35)) as pilot:
        from orderdesk.screens.desk import DeskScreen

        def press(key: str, character: str | None = None) -> float:
            return common.press(app, key, character)

        async def painted(check: Any) -> float:
            """Wait until the desk's table shows what ``check`` expects, then for its repaint."""
            return await common.painted(
                app, lambda screen: isinstance(screen, DeskScreen) and check(screen.active_table)
            )

        async def quiet() -> None:
            """Until nothing is held: a key pressed within the scanner's gap of the one before
            is held as a possible scan (scanner.GAP), which a seller's next key after looking
            at the screen never is; the bare app has no scanner to wait for."""
            await pilot.pause()
            while not (app.scans.idle and app.keys.idle):
                await asyncio.sleep(0.005)

        await painted(lambda table: table.page_rows)
        await pilot.pause()
        for _ in range(repeats):
            for key, view in (("2", "ready-to-ship"), ("1", "to-prepare")):
                await quiet()
                sent = press(key)
                shown = await painted(lambda table, v=view: table.view == v and table.loaded)
                samples["tab switch"].append(shown - sent)
            await pilot.press("ctrl+home")  # untimed; pressed and handled before the cursor moves
            await painted(lambda table: table.first == 0)
            table = app.screen.active_table  # type: ignore[attr-defined]
            table.move_cursor(row=len(table.page_rows) - 1)
            await quiet()
            sent = press("pagedown")
            shown = await painted(lambda table, t=sent: table.first == 100 and table.shown_at > t)
            samples["page down"].append(shown - sent)
            press("slash", "/")
            await quiet()
            sent = press("M", "M")
            shown = await painted(
                lambda table, t=sent: table.view == "search" and table.shown_at > t
            )
            samples["search"].append(shown - sent)
            # A term that matches nothing reads every order: "zzq" typed, then the "x" timed.
            await pilot.press("backspace", *RARE[:-1])
            await painted(lambda table: table.view == "search")
            await quiet()
            sent = press(RARE[-1], RARE[-1])
            shown = await painted(
                lambda table, t=sent: table.view == "search" and table.shown_at > t
            )
            samples["search, no match"].append(shown - sent)
            await pilot.press("escape")
            await painted(lambda table: table.view != "search")
    database.close()
    return samples


#: A search term no demo order contains: the search reads every order to say so.
RARE = "zzqx"


async def _bare_keys(db: Path, repeats: int) -> dict[str, list[float]]:
    """The same keys on a bare Textual app: one DataTable, each key reading its page in the
    handler with the store's own queries (the same SQL as the desk, so the two differ only in
    what draws the page) and replacing the rows with the page's fields as plain strings."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from orderdesk.domain.stages import Tab
    from orderdesk.store import open_database
    from orderdesk.store.queries import count_rows, list_rows

    database = open_database(db)
    fields = ("id", "channel", "buyer_name", "total", "currency", "payment", "stage", "ship_by")

    def page(tab: Tab | None, offset: int = 0, search: str | None = None) -> list[Any]:
        with database.reader() as reader:
            rows = list_rows(
                reader,
                tab,
                search=search,
                now=database.clock(),
                offset=offset,
                limit=101 if search else 100,
            )
            if tab is not None:
                count_rows(reader, tab)
        return rows

    class Bare(App[None]):
        shown_at = 0.0

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns(*fields)
            self.show(page(Tab.TO_PREPARE))

        def show(self, rows: list[Any]) -> None:
            table = self.query_one(DataTable)
            table.clear()
            table.add_rows([[str(row.get(name, "")) for name in fields] for row in rows])
            self.shown_at = time.perf_counter()

        def on_key(self, event: Any) -> None:
            tabs = {"1": Tab.TO_PREPARE, "2": Tab.READY_TO_SHIP}
            if event.key in tabs:
                self.show(page(tabs[event.key]))
            elif event.key == "pagedown":
                self.show(page(Tab.TO_PREPARE, offset=100))
            elif event.character:
                self.show(page(None, search="M" if event.key == "M" else RARE))

    app = Bare()
    samples: dict[str, list[float]] = {name: [] for name in _KEYS}
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()

        async def timed_key(key: str, character: str | None = None) -> float:
            sent = common.press(app, key, character)

            def drawn(_screen: Any) -> bool:
                return bool(app.shown_at > sent)

            shown = await common.painted(app, drawn)
            await pilot.pause()
            return shown - sent

        for _ in range(repeats):
            samples["tab switch"].append(await timed_key("2"))
            samples["tab switch"].append(await timed_key("1"))
            samples["page down"].append(await timed_key("pagedown"))
            samples["search"].append(await timed_key("M", "M"))
            samples["search, no match"].append(await timed_key(RARE[-1], RARE[-1]))
    database.close()
    return samples


_KEYS = ("tab switch", "page down", "search", "search, no match")


def bench_keys(db: Path, repeats: int) -> list[dict[str, Any]]:
    samples = asyncio.run(_keys(db, repeats))
    bare = asyncio.run(_bare_keys(db, repeats))

    from orderdesk.domain.stages import Tab
    from orderdesk.store import open_database
    from orderdesk.store.queries import count_rows, list_rows

    database = open_database(db)

    def query(tab: Tab | None, offset: int = 0, search: str | None = None) -> None:
        """The SQL the desk runs for that page: a tab's page and count; a search's page and
        one row more (the desk does not count search matches)."""
        with database.reader() as reader:
            if search is not None:
                list_rows(
                    reader, None, search=search, now=database.clock(), offset=offset, limit=101
                )
                return
            list_rows(reader, tab, now=database.clock(), offset=offset, limit=100)
            count_rows(reader, tab)

    baselines = {
        "tab switch": timed(lambda: query(Tab.READY_TO_SHIP), repeats),
        "page down": timed(lambda: query(Tab.TO_PREPARE, 100), repeats),
        "search": timed(lambda: query(None, search="M"), repeats),
        "search, no match": timed(lambda: query(None, search=RARE), repeats),
    }
    database.close()
    rows = []
    for name, values in samples.items():
        median, sql = statistics.median(values), statistics.median(baselines[name])
        rows.append(
            result(
                f"desk: {name}, key → repaint (its SQL alone {sql * 1000:.0f} ms)",
                values,
                baseline="bare Textual app, same repaint",
                baseline_samples=bare[name],
                target="< 50 ms; ≤ 2× bare",
                met=median < 0.05 and median <= 2 * statistics.median(bare[name]),
            )
        )
    return rows


def bench_change_probe(db: Path, repeats: int) -> list[dict[str, Any]]:
    """What the desk's once-a-second look for outside changes costs when nothing changed
    (database.watch().changed()), against the least a kept sqlite3 connection can answer
    (``SELECT 1``). Each sample is the mean of 1,000 calls."""
    import sqlite3

    from orderdesk.store import open_database

    database = open_database(db)
    probe = database.watch()
    bare = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def many(call: Any) -> list[float]:
        return [sample / 1000 for sample in timed(lambda: [call() for _ in range(1000)], repeats)]

    samples = many(probe.changed)
    baseline = many(lambda: bare.execute("SELECT 1").fetchone())
    probe.close()
    bare.close()
    database.close()
    return [
        result(
            "desk: look for outside changes, nothing changed",
            samples,
            baseline="SELECT 1 on a kept sqlite3 connection",
            baseline_samples=baseline,
            target="< 1 ms",
            met=statistics.median(samples) < 0.001,
        )
    ]


def run(repeats: int, db_path: Path) -> list[dict[str, Any]]:
    return [
        *bench_first_paint(db_path, repeats),
        *bench_keys(db_path, repeats),
        *bench_change_probe(db_path, repeats),
    ]


if __name__ == "__main__":
    for row in run(int(sys.argv[2]) if len(sys.argv) > 2 else 3, Path(sys.argv[1])):
        print(row)

"""The desk's first page comes first (issue 13, acceptance 5): nothing it does not need for
that page is loaded or counted before it, and the tab counts arrive right after, by
themselves, with "…" in the titles meanwhile, never a wrong number."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import TabbedContent

from orderdesk.domain.stages import TAB_TITLES, Tab
from tests.ui.deskpilot import settle

ROOT = Path(__file__).resolve().parents[2]
#: Libraries the first page does not need: the ORM (writes), workbooks, PDFs, the server driver.
HEAVY = ("sqlalchemy", "sqlmodel", "openpyxl", "reportlab", "psycopg")

_FIRST_PAINT = r"""
import json, sys
from orderdesk.commands import Context
context = Context(db=sys.argv[1])
from orderdesk.app import make_app
app = make_app(context.database(), context.settings)

def check():
    from orderdesk.screens.desk import DeskScreen
    screen = app.screen
    if isinstance(screen, DeskScreen) and screen.active_table.page_rows:
        timer.stop()
        screen.call_after_refresh(done, screen)

def done(screen):
    rows = [row["id"] for row in screen.active_table.page_rows]
    loaded = [name for name in sys.argv[2].split(",") if name in sys.modules]
    print(json.dumps({"rows": rows, "loaded": loaded}), flush=True)
    app.exit()

def mount():
    global timer
    timer = app.set_interval(0.002, check)

app.call_later(mount)
app.run(headless=True, size=(120, 35))
"""


def test_the_first_page_is_painted_without_the_orm_or_the_document_libraries(
    demo_db: Path, home: Path
) -> None:
    shown = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT, str(demo_db), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    painted = json.loads(shown.stdout.splitlines()[-1])
    with sqlite3.connect(demo_db) as connection:
        first = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM orders WHERE tab = 'to-prepare' ORDER BY ship_by, id LIMIT 100"
            )
        ]
    assert painted["rows"] == first
    assert painted["loaded"] == []


def _titles(app: Any) -> dict[Tab, str]:
    tabs = app.screen.query_one(TabbedContent)
    return {tab: tabs.get_tab(tab.value).label.plain for tab in Tab}


async def test_the_tab_counts_arrive_after_the_first_page_never_wrong(
    desk_app: Any, demo_db: Path
) -> None:
    with sqlite3.connect(demo_db) as connection:
        stored = dict(
            connection.execute("SELECT tab, COUNT(*) FROM orders GROUP BY tab").fetchall()
        )
        cases = dict(
            connection.execute(
                "SELECT kind, COUNT(*) FROM cases WHERE status = 'open' GROUP BY kind"
            ).fetchall()
        )
    expected = {Tab(tab): n for tab, n in stored.items()}
    expected[Tab.REFUNDS] = cases.get("refund", 0) + cases.get("return", 0)
    expected[Tab.DISPUTES] = cases.get("dispute", 0)

    seen: list[dict[Tab, str]] = []
    async with desk_app.run_test(size=(160, 35)) as pilot:
        seen.append(_titles(desk_app))
        for _ in range(200):  # every title seen from the start until the counts are in
            await pilot.pause()
            seen.append(_titles(desk_app))
            if all("…" not in title for title in seen[-1].values()):
                break
        await settle(pilot)
        seen.append(_titles(desk_app))

    assert all(title.endswith(" …") for title in seen[0].values()), seen[0]
    for titles in seen:
        for number, tab in enumerate(Tab, start=1):
            title = titles[tab]
            counted = f"{number} {TAB_TITLES[tab]} {expected[tab]:,}"
            counting = f"{number} {TAB_TITLES[tab]} …"
            assert title in (counting, counted) or title.startswith(f"{counted} !"), title
    assert all("…" not in title for title in seen[-1].values()), seen[-1]

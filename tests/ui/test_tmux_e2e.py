"""The desk in a real terminal (tmux, 120×35) on a 2,000-order demo database: tabs with counts,
`2` shows Ready to ship, confirm, cancel with a reason, add tracking and undo, reading the
screen with capture-pane and the database with `orderdesk show ID --json`."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orderdesk.store import open_database
from orderdesk.store.queries import list_rows
from tests.conftest import ROOT, CliRunner, DbTarget, need_tool

pytestmark = pytest.mark.tool


class Terminal:
    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.socket = f"od-{uuid.uuid4().hex[:10]}"
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "desk",
            "-x",
            "120",
            "-y",
            "35",
            f"cd {shlex.quote(str(ROOT))} && env -u COLUMNS -u LINES {exports} "
            f"TERM=xterm-256color {command}",
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "desk")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "desk", *(["-l"] if literal else []), *keys)
        time.sleep(0.15)

    def wait_for(self, pattern: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if re.search(pattern, text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never showed; the screen:\n{text}")
            time.sleep(0.1)

    def type_into(self, echo: str, clear: str, text: str, attempts: int = 5) -> None:
        """Clear the focused field and type ``text`` until the screen shows it (``echo``)."""
        for _ in range(attempts):
            self.keys(clear)
            self.keys(text, literal=True)
            try:
                self.wait_for(echo, timeout=3)
                return
            except AssertionError:
                continue
        self.wait_for(echo, timeout=1)

    def close(self) -> None:
        self._tmux("kill-server")


def only_match(db: DbTarget, order_id: int, term: str) -> bool:
    """Whether searching for ``term`` lists that order alone (so Enter lands on it)."""
    database = open_database(db)
    with database.reader() as reader:
        rows = list_rows(reader, None, search=term, now=database.clock(), limit=2)
    database.close()
    return [row["id"] for row in rows] == [order_id]


def pick(
    cli: CliRunner, db: DbTarget, tab: str, want: Callable[[dict[str, Any]], bool]
) -> tuple[int, str]:
    """An order of the tab, and a search term (its channel id) that finds it alone."""
    for row in cli("list", "--tab", tab, "--json", db=db).json():
        term = row["external_id"]
        if want(row) and not term.startswith("#") and only_match(db, row["id"], term):
            return int(row["id"]), term
    raise AssertionError(f"no suitable order in {tab}")


def stage(cli: CliRunner, db: Path, order_id: int) -> dict[str, Any]:
    result = cli("show", str(order_id), "--json", db=db)
    assert result.code == 0, result.err
    return dict(result.json())


def open_order(term: Terminal, search: str) -> None:
    term.keys("Escape")
    term.keys("/")
    term.wait_for(r"Search: order id")
    term.type_into(r"Search · 1–1 of 1\b", "C-u", search)  # the search found that order alone
    term.keys("Enter")
    time.sleep(0.3)


def test_desk_in_tmux(cli: CliRunner, demo_db: Path, home: Path) -> None:
    need_tool("tmux")
    paid_pending, paid_term = pick(
        cli, demo_db, "to-prepare", lambda r: r["stage"] == "pending" and r["payment"] == "paid"
    )
    to_cancel, cancel_term = pick(
        cli, demo_db, "to-prepare", lambda r: r["stage"] == "pending" and r["id"] != paid_pending
    )
    to_ship, ship_term = pick(cli, demo_db, "ready-to-ship", lambda r: True)
    env = {"ORDERDESK_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal(
        f"{shlex.quote(sys.executable)} -m orderdesk --db {shlex.quote(str(demo_db))}", env
    )
    try:
        started = time.monotonic()
        first = term.wait_for(r"1 To prepare [\d,]+.*6 Disputes [\d,]+", timeout=20)
        opened_in = time.monotonic() - started
        for title in (
            "To prepare",
            "Ready to ship",
            "In transit",
            "Finalized",
            "Refunds",
            "Disputes",
        ):
            assert re.search(rf"{title} [\d,]+", first), title
        counts_line = first.splitlines()[0]
        term.wait_for(r"To prepare · 1–")

        term.keys("2")
        term.wait_for(r"Ready to ship · 1–")
        term.keys("1")
        term.wait_for(r"To prepare · 1–")

        open_order(term, paid_term)
        term.keys("c")
        term.wait_for(rf"Order #{paid_pending} confirmed")
        assert stage(cli, demo_db, paid_pending)["stage"] == "confirmed"
        # it left To prepare for Ready to ship, and the tab counts say so
        tabs = re.search(r"To prepare ([\d,]+).*Ready to ship ([\d,]+)", counts_line)
        assert tabs is not None, counts_line
        preparing, ready = (int(n.replace(",", "")) for n in tabs.groups())
        # (while the search is open the tab row is scrolled to it: "To prepare" may be cut off)
        term.wait_for(rf"\b{preparing - 1:,}( ![\d,]+)?  2 Ready to ship {ready + 1:,}\b")

        open_order(term, cancel_term)
        term.keys("x")
        term.wait_for(rf"Cancel order #{to_cancel}")
        term.type_into(r"▊\s+buyer asked\s", "C-u", "buyer asked")
        term.keys("Enter")
        term.wait_for(rf"Order #{to_cancel} cancelled: buyer asked")
        cancelled = stage(cli, demo_db, to_cancel)
        assert (cancelled["stage"], cancelled["cancel_reason"]) == ("cancelled", "buyer asked")

        open_order(term, ship_term)
        term.keys("t")
        term.wait_for(rf"Tracking for order #{to_ship}")
        # Type only once each field shows what was typed: on a loaded machine the dialog can
        # be painted before its input has focus, and keys sent then are lost (TOOLS.md).
        term.type_into(r"▊\s+China Post\s", "C-u", "China Post")
        term.keys("Tab")
        term.type_into(r"▊\s+LP123456785CN\s", "C-u", "LP123456785CN")
        term.wait_for(r"mailNo=LP123456785CN")
        term.keys("Enter")
        term.wait_for(rf"Order #{to_ship} shipped with China Post LP123456785CN")
        assert stage(cli, demo_db, to_ship)["stage"] == "in_transit"

        term.keys("Escape")
        term.keys("u")
        term.wait_for(rf"Undid ship on order #{to_ship}")
        assert stage(cli, demo_db, to_ship)["stage"] == "ready_to_ship"
        term.wait_for(r"1 To prepare")
        assert term.screen().splitlines()[0] != counts_line  # the counts moved
        print(f"six tabs with counts on screen after {opened_in:.2f} s")
        term.keys("q")
    finally:
        term.close()


def test_the_days_bursts_in_tmux_arrive_exactly(cli: CliRunner, demo_db: Path, home: Path) -> None:
    """What a fast seller types without waiting, each burst sent in one tmux call (machine
    speed): the key that opens a dialog, a reason or a note in Spanish, Russian, Greek and
    Chinese, the key that closes it, and the next desk key; each is read back exactly from
    the database, and the desk key acted on the desk."""
    need_tool("tmux")
    to_cancel, cancel_term = pick(cli, demo_db, "to-prepare", lambda r: r["stage"] == "pending")
    to_note, note_term = pick(cli, demo_db, "in-transit", lambda r: True)
    to_dispute, dispute_term = pick(cli, demo_db, "in-transit", lambda r: r["id"] != to_note)
    reason = "El comprador pidió cancelar: dirección errónea, Ñandú 3º izq."
    note = "Посылка задержана на таможне · 包裹在海关 · Το δέμα καθυστερεί — cx du 123"
    claim = "No llegó: «Наталья» dice que 王小明 firmó"
    env = {"ORDERDESK_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal(
        f"{shlex.quote(sys.executable)} -m orderdesk --db {shlex.quote(str(demo_db))}", env
    )
    try:
        term.wait_for(r"To prepare · 1–", timeout=20)

        open_order(term, cancel_term)
        term.keys("x", reason, "Enter", "2")  # one call: no pause between the keys
        term.wait_for(rf"Order #{to_cancel} cancelled")
        term.wait_for(r"Ready to ship · 1–")  # the 2 after Enter switched the tab
        assert stage(cli, demo_db, to_cancel)["cancel_reason"] == reason

        open_order(term, note_term)
        term.keys("m", note, "C-s", "3")
        term.wait_for(rf"Message to the buyer kept on order #{to_note}")
        term.wait_for(r"In transit · 1–")
        messages = stage(cli, demo_db, to_note)["messages"]
        assert messages[-1]["body"] == note, messages[-1]

        open_order(term, dispute_term)
        term.keys("D", claim, "Enter", "1")
        term.wait_for(rf"order #{to_dispute}", timeout=15)
        term.wait_for(r"To prepare · 1–")
        cases = stage(cli, demo_db, to_dispute)["cases"]
        assert cases[-1]["kind"] == "dispute" and cases[-1]["reason"] == claim, cases[-1]

        term.keys("Escape")
        term.keys("/", "наталья")
        found = term.wait_for(r"Search · 1–")
        assert "Наталья" in found
        term.keys("q")
    finally:
        term.close()

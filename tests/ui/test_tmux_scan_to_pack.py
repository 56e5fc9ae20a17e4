"""Issue 16, acceptance 7, in a real terminal: a scanner's keystrokes, 5 ms a character and
Enter, first the order's label, then its items, complete the order; a wrong item rings the
bell (tmux's bell flag on the window) and changes nothing."""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import need_tool
from tests.ui.test_scan_to_pack import MATE, TERMO, packing_shop
from tests.ui.test_scan_to_pack import OTHER as WRONG
from tests.ui.test_tmux_e2e import Terminal

pytestmark = pytest.mark.tool


def scanner(term: Terminal, code: str) -> None:
    """What a scanner types: one character every 5 ms, then Enter."""
    for char in code:
        term._tmux("send-keys", "-t", "desk", "-l", char)
        time.sleep(0.005)
    term._tmux("send-keys", "-t", "desk", "Enter")


def packed_at(db: Path) -> object:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT packed_at FROM orders WHERE id = 1").fetchone()[0]


def test_a_scanner_packs_an_order_in_tmux(tmp_path: Path, home: Path) -> None:
    need_tool("tmux")
    db = tmp_path / "shop.db"
    database = packing_shop(db)
    database.close()
    env = {"ORDERDESK_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal(f"{shlex.quote(sys.executable)} -m orderdesk --db {shlex.quote(str(db))}", env)
    try:
        term.wait_for(r"1 To prepare", timeout=20)
        term._tmux("set-option", "-t", "desk", "monitor-bell", "on")
        term.keys("K")
        term.wait_for(r"Scan the order's label", timeout=10)
        scanner(term, "#1")
        term.wait_for(r"scan its 3 units", timeout=10)
        scanner(term, MATE)
        term.wait_for(r"MATE: 1 left", timeout=10)
        quiet = term._tmux("display-message", "-p", "-t", "desk", "#{window_bell_flag}")
        assert quiet.strip() == "0", quiet  # no bell for the right items
        scanner(term, WRONG)
        term.wait_for(r"not an item of order #1; nothing counted", timeout=10)
        rang = term._tmux("display-message", "-p", "-t", "desk", "#{window_bell_flag}")
        assert rang.strip() == "1", rang
        assert packed_at(db) is None
        scanner(term, TERMO)
        scanner(term, MATE)
        term.wait_for(r"Order #1 packed", timeout=10)
    finally:
        term.close()
    assert packed_at(db) is not None


def test_a_label_scanned_on_the_desk_opens_its_order_in_tmux(tmp_path: Path, home: Path) -> None:
    need_tool("tmux")
    db = tmp_path / "shop.db"
    database = packing_shop(db)
    database.close()
    env = {"ORDERDESK_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal(f"{shlex.quote(sys.executable)} -m orderdesk --db {shlex.quote(str(db))}", env)
    try:
        term.wait_for(r"1 To prepare", timeout=20)
        scanner(term, "#1")  # order 1's label, printed before it had tracking
        term.wait_for(r"Scanned #1: order #1", timeout=10)
        term.wait_for(r"Tracking", timeout=10)  # its detail screen
    finally:
        term.close()


def test_a_label_scanned_on_the_stock_screen_opens_its_order_in_tmux(
    tmp_path: Path, home: Path
) -> None:
    need_tool("tmux")
    db = tmp_path / "shop.db"
    database = packing_shop(db)
    database.close()
    env = {"ORDERDESK_HOME": str(home), "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    term = Terminal(f"{shlex.quote(sys.executable)} -m orderdesk --db {shlex.quote(str(db))}", env)
    try:
        term.wait_for(r"1 To prepare", timeout=20)
        term.keys("S")
        term.wait_for(r"Bombilla", timeout=10)  # the Stock screen lists every product
        scanner(term, "#1")
        term.wait_for(r"Scanned #1: order #1", timeout=10)
        shown = term.wait_for(r"Tracking", timeout=10)  # order 1's detail, over the stock
        assert "Bombilla" not in shown, shown
        term.keys("Escape")
        term.wait_for(r"Bombilla", timeout=10)  # back on the Stock screen
    finally:
        term.close()

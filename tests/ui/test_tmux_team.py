"""Two desks in tmux on one PostgreSQL server (issue 15): a confirm in one shows in the other
within 2 s with no key pressed, and an action the second desk took on a row another desk had
changed meanwhile is refused in one line, and the list read again."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests import pg
from tests.conftest import CliRunner, need_tool
from tests.ui.test_tmux_e2e import Terminal, open_order, pick

pytestmark = [pytest.mark.tool, pytest.mark.postgres]

COUNT = re.compile(r"To prepare (\d+)")


def _to_prepare(term: Terminal) -> int:
    found = COUNT.search(term.screen())
    assert found, term.screen()
    return int(found.group(1))


def test_two_desks_on_one_server(cli: CliRunner, home: Path) -> None:
    need_tool("tmux")
    pg.need_server()
    with pg.database_url() as server:
        assert cli("demo", "--orders", "400", "--seed", "11", db=server).code == 0
        first, first_term = pick(
            cli, server, "to-prepare", lambda r: r["stage"] == "pending" and r["payment"] == "paid"
        )
        second, second_term = pick(
            cli,
            server,
            "to-prepare",
            lambda r: r["stage"] == "pending" and r["payment"] == "paid" and r["id"] != first,
        )
        command = f"{sys.executable} -m orderdesk --db {server}"
        ana = Terminal(command, {"ORDERDESK_HOME": str(home), "ORDERDESK_USER": "ana"})
        ben = Terminal(command, {"ORDERDESK_HOME": str(home), "ORDERDESK_USER": "ben"})
        try:
            for term in (ana, ben):
                term.wait_for(r"To prepare \d+")
            before = _to_prepare(ben)

            open_order(ana, first_term)  # ana confirms; ben presses nothing
            ana.keys("c")
            ana.wait_for(rf"#{first} confirmed|Order #{first} confirmed")
            started = time.monotonic()
            while _to_prepare(ben) != before - 1:
                assert time.monotonic() - started < 2.5, ben.screen()
                time.sleep(0.05)
            assert cli("show", str(first), "--json", db=server).json()["stage"] == "confirmed"

            open_order(ben, second_term)  # ben starts cancelling the second order…
            ben.keys("x")
            ben.wait_for(r"[Rr]eason")
            confirmed = cli(
                "confirm", str(second), db=server, env={"ORDERDESK_USER": "ana"}
            )  # …while another desk confirms it
            assert confirmed.code == 0, confirmed.err
            ben.keys("buyer changed their mind", literal=True)
            ben.keys("Enter")
            ben.wait_for(rf"order #{second} was changed by another desk; reloaded")
            shown = cli("show", str(second), "--json", db=server).json()
            assert shown["stage"] == "confirmed"  # ben's stale cancel changed nothing
            actors = {entry["actor"].split("@")[0] for entry in shown["journal"]}
            assert "ana" in actors and "ben" not in actors
        finally:
            ana.close()
            ben.close()

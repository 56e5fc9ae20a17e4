"""Several people on one database: the journal names each (user@host) and undo is per person."""

from __future__ import annotations

import socket

from tests.conftest import CliRunner, ShowJson
from tests.core.conftest import Shop


def test_undo_never_reverses_another_persons_action(
    cli: CliRunner, shop: Shop, show: ShowJson
) -> None:
    shop.product("MATE", 5)
    first = shop.order(("MATE", 1))
    second = shop.order(("MATE", 1))
    ana, ben = {"ORDERDESK_USER": "ana"}, {"ORDERDESK_USER": "ben"}
    assert cli("confirm", str(first), db=shop.path, env=ana).code == 0
    assert cli("confirm", str(second), db=shop.path, env=ben).code == 0
    journal = cli("show", str(first), "--json", db=shop.path).json()["journal"]
    assert journal[-1]["actor"] == f"ana@{socket.gethostname()}"

    undone = cli("undo", db=shop.path, env=ana)  # ana's own last action, not ben's later one
    assert undone.code == 0 and f"#{first}" in undone.out, undone.err
    assert cli("show", str(second), "--json", db=shop.path).json()["stage"] == "confirmed"
    nothing = cli("undo", db=shop.path, env=ana)
    assert nothing.code == 1 and "nothing to undo" in nothing.err
    assert cli("undo", db=shop.path, env=ben).code == 0
    assert shop.on_hand("MATE") == 5

"""`orderdesk undo` reverses confirm, cancel, label printed, ship, deliver and an accepted
refund: stage, stock and money come back, and the journal shows both steps."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from orderdesk.domain import fulfilment
from tests.conftest import CliRunner, DbTarget, ShowJson
from tests.core.conftest import Shop

_MOVING = ("journal", "version")


def state(show: ShowJson, db: DbTarget, order_id: int) -> dict[str, Any]:
    """The order as `show --json` prints it, without the journal and the version counter."""
    detail = json.loads(show(db, order_id))
    return {key: value for key, value in detail.items() if key not in _MOVING}


def act_then_undo(
    cli: CliRunner,
    show: ShowJson,
    shop: Shop,
    order_id: int,
    act: Callable[[], object],
    action: str,
) -> dict[str, Any]:
    before, stock = state(show, shop.path, order_id), shop.on_hand("HOT")
    act()
    changed = state(show, shop.path, order_id)
    assert changed != before, f"{action} changed nothing"
    undone = cli("undo", db=shop.path)
    assert undone.code == 0, undone.err
    assert f"#{order_id}" in undone.out
    assert state(show, shop.path, order_id) == before, f"undo of {action} left a trace"
    assert shop.on_hand("HOT") == stock
    journal = json.loads(show(shop.path, order_id))["journal"]
    done, undo = journal[-2], journal[-1]
    assert done["action"] == action and done["undone_by"] == undo["id"]
    assert undo["action"] == "undo" and undo["undo_of"] == done["id"]
    assert undo["before"] == done["after"] and undo["after"] == done["before"]
    assert {sku: -delta for sku, delta in done["stock"].items()} == undo["stock"]
    for entry in (done, undo):
        assert entry["at"] and entry["at"].endswith("+00:00")
    act()
    return changed


def run(cli: CliRunner, db: DbTarget, *args: str) -> Callable[[], None]:
    def go() -> None:
        result = cli(*args, db=db)
        assert result.code == 0, result.err

    return go


def test_undo_reverses_each_undoable_action(cli: CliRunner, shop: Shop, show: ShowJson) -> None:
    shop.product("HOT", 5)
    a = shop.order(("HOT", 2), price=1250)
    db = shop.path
    confirmed = act_then_undo(cli, show, shop, a, run(cli, db, "confirm", str(a)), "confirm")
    assert confirmed["stage"] == "confirmed" and shop.on_hand("HOT") == 3
    act_then_undo(
        cli, show, shop, a, lambda: shop.database.perform(fulfilment.label_printed, a), "label"
    )
    act_then_undo(
        cli,
        show,
        shop,
        a,
        run(cli, db, "ship", str(a), "--carrier", "USPS", "--tracking", "9400111899223456789012"),
        "ship",
    )
    delivered = act_then_undo(cli, show, shop, a, run(cli, db, "deliver", str(a)), "deliver")
    assert delivered["payout"] == "pending"

    run(cli, db, "refund", str(a), "--amount", "10,00", "--reason", "one arrived cracked")()
    case = json.loads(show(db, a))["cases"][-1]["id"]
    refunded = act_then_undo(
        cli, show, shop, a, run(cli, db, "refund", "accept", str(case)), "refund_accepted"
    )
    assert (refunded["payment"], refunded["money"]["refunded"]) == ("partially_refunded", "10.00")

    b = shop.order(("HOT", 1), price=700)
    run(cli, db, "confirm", str(b))()
    cancelled = act_then_undo(
        cli, show, shop, b, run(cli, db, "cancel", str(b), "--reason", "buyer asked"), "cancel"
    )
    assert (cancelled["stage"], cancelled["payment"]) == ("cancelled", "refunded")
    assert shop.on_hand("HOT") == 3

    c = shop.order(("HOT", 3), price=300)
    run(cli, db, "confirm", str(c))()
    assert shop.on_hand("HOT") == 0
    run(cli, db, "refund", str(c), "--amount", "9", "--reason", "never mind")()
    case = json.loads(show(db, c))["cases"][-1]["id"]
    full = act_then_undo(
        cli, show, shop, c, run(cli, db, "refund", "accept", str(case)), "refund_accepted"
    )
    assert (full["stage"], full["payment"], full["money"]["refunded"]) == (
        "cancelled",
        "refunded",
        "9.00",
    )
    assert shop.on_hand("HOT") == 3  # a full refund before shipping restocks


def test_nothing_to_undo_is_a_refusal(cli: CliRunner, shop: Shop) -> None:
    shop.order()
    result = cli("undo", db=shop.path)
    assert result.code == 1 and result.err.strip() == "orderdesk: nothing to undo"

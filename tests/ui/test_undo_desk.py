"""``u`` says what it reverses, undoes this desk's own latest action at once, and asks first
for anything older or anything that moves money. Before, it silently walked back: after a
message (which cannot be undone) it reversed the action before, then the one before that, and
after a restart an action from the day before."""

from __future__ import annotations

from orderdesk.app import DeskApp
from orderdesk.domain import fulfilment
from orderdesk.domain.errors import DeskError
from orderdesk.store import Database
from tests.ui.deskpilot import desk, focus_order, notes, one, settle

SIZE = (120, 35)


def confirmable(database: Database) -> int:
    """A pending order the domain would confirm now (paid, stock enough): tried and rolled
    back."""
    with database.read() as connection:
        from sqlalchemy import text

        ids = (
            connection.execute(
                text(
                    "SELECT id FROM orders WHERE stage = 'pending' AND payment = 'paid' ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
    for order_id in ids:
        with database.uow() as uow:  # never committed: rolled back on exit
            try:
                fulfilment.confirm(uow, order_id)
            except DeskError:
                continue
        return int(order_id)
    raise AssertionError("no confirmable order in the demo")


def stage(database: Database, order_id: int) -> str:
    return str(one(database, "SELECT stage FROM orders WHERE id = :id", id=order_id)["stage"])


async def test_u_undoes_this_desks_latest_action_at_once(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    order = confirmable(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("c")
        await settle(pilot)
        assert stage(app_db, order) == "confirmed"
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(desk_app.screen, ChoiceDialog)
        assert stage(app_db, order) == "pending"
        assert f"Undid confirm on order #{order}" in notes(desk_app)[-1]
        # Nothing more is walked back without a question: the undo itself was the last action.
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog) or "nothing to undo" in notes(desk_app)[-1]


async def test_u_asks_before_undoing_what_was_done_before_the_desk_opened(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    order = confirmable(app_db)
    app_db.perform(fulfilment.confirm, order)  # yesterday, by the same seller
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        text = desk_app.screen.text
        assert f"Undo confirm on order #{order}, done before this desk was opened" in text
        assert "stage: Confirmed → Pending" in text
        await pilot.press("escape")  # Back: nothing changes
        await settle(pilot)
        assert stage(app_db, order) == "confirmed"
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("enter")  # "Undo it" has the focus
        await settle(pilot)
        assert stage(app_db, order) == "pending"


async def test_after_an_action_that_cannot_be_undone_u_asks(
    desk_app: DeskApp, app_db: Database
) -> None:
    from orderdesk.screens.dialog import ChoiceDialog

    order = confirmable(app_db)
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_order(pilot, order)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("m", "o", "k", "ctrl+s")  # a message: it cannot be undone
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        assert (
            f"Undo confirm on order #{order}, done earlier in this session" in desk_app.screen.text
        )
        await pilot.press("escape")
        await settle(pilot)
    assert stage(app_db, order) == "confirmed"


async def test_u_asks_before_moving_money_back(desk_app: DeskApp, app_db: Database) -> None:
    """A refund accepted at this desk, just now, is still asked about before it is reopened."""
    from orderdesk.domain import aftersales
    from orderdesk.screens.dialog import ChoiceDialog

    case = one(
        app_db,
        "SELECT c.id AS id, c.order_id AS order_id FROM cases c "
        "WHERE c.kind = 'refund' AND c.status = 'open' ORDER BY c.id",
    )
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        outcome = app_db.perform(aftersales.accept_refund, case["id"])
        desk(desk_app).latest_entry = outcome.journal_id  # as if accepted at this desk
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(desk_app.screen, ChoiceDialog)
        assert "This moves money back." in desk_app.screen.text
        await pilot.press("escape")
        await settle(pilot)
    assert (
        one(app_db, "SELECT status FROM cases WHERE id = :id", id=case["id"])["status"]
        == "accepted"
    )

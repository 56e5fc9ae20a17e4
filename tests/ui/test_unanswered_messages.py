"""The desk counts the buyer messages not yet answered, and the count falls when the seller
answers (before, a buyer's question showed only inside its order)."""

from __future__ import annotations

from sqlalchemy import text

from orderdesk.app import DeskApp
from orderdesk.domain.inbox import unanswered
from orderdesk.store import Database
from tests.ui.deskpilot import focus_order, one, settle, type_text


def threads(database: Database) -> dict[int, list[str]]:
    with database.read() as connection:
        rows = connection.execute(
            text("SELECT order_id, direction FROM messages ORDER BY order_id, id")
        ).all()
    out: dict[int, list[str]] = {}
    for order_id, direction in rows:
        out.setdefault(order_id, []).append(direction)
    return out


def test_a_reply_answers_what_came_before_it_and_a_note_answers_nothing() -> None:
    assert unanswered(["in", "in"]) == 2
    assert unanswered(["in", "out", "in"]) == 1
    assert unanswered(["in", "note"]) == 1
    assert unanswered(["out", "note"]) == 0


def test_the_sql_count_is_the_threads_count(database: Database) -> None:
    from orderdesk.store.queries import unanswered_count

    expected = sum(unanswered(thread) for thread in threads(database).values())
    assert expected > 0
    with database.reader() as reader:
        assert unanswered_count(reader) == expected


async def test_the_desk_shows_the_count_and_answering_lowers_it(
    desk_app: DeskApp, app_db: Database
) -> None:
    from textual.widgets import Static

    every = threads(app_db)
    waiting = sum(unanswered(t) for t in every.values())
    order = next(order for order, t in sorted(every.items()) if unanswered(t) >= 1)
    answered = unanswered(every[order])
    async with desk_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        line = str(desk_app.screen.query_one("#stock-line", Static).content)
        assert line.startswith(f"✉ {waiting:,} buyer messages not answered")
        await focus_order(pilot, order)
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "Yes it is")
        await pilot.press("ctrl+s")
        await settle(pilot)
        line = str(desk_app.screen.query_one("#stock-line", Static).content)
        assert line.startswith(f"✉ {waiting - answered:,} buyer message")
    assert (
        one(app_db, "SELECT COUNT(*) AS n FROM messages WHERE order_id = :id", id=order)["n"]
        == len(every[order]) + 1
    )

"""Search finds exactly the orders whose id, channel id, tracking number or a line's SKU
contains the term (ASCII case folded, as SQLite's LIKE does), or whose buyer (name, ship-to
name, email, city, postal code) contains it with case and accents folded in any script, in
every tab and with either way of reading SKU matches (a few lines read at once, or many
looked up order by order)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orderdesk.domain.search_key import fold
from orderdesk.domain.stages import Tab
from orderdesk.store import queries
from orderdesk.store.queries import list_rows
from orderdesk.store.reader import SqliteReader

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
NOW = datetime(2026, 11, 22, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(demo_template: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_template}?mode=ro", uri=True)
    yield connection
    connection.close()


Order = tuple[int, str, list[str], list[str]]


def _orders(connection: sqlite3.Connection) -> list[Order]:
    """Per order: id, tab, the texts matched with ASCII case folded, and the buyer's fields
    (matched folded)."""
    skus: dict[int, list[str]] = {}
    for order_id, sku in connection.execute("SELECT order_id, sku FROM lines"):
        skus.setdefault(order_id, []).append(sku)
    return [
        (
            order_id,
            tab,
            [external or "", tracking or "", *skus.get(order_id, [])],
            [field or "" for field in buyer],
        )
        for order_id, tab, external, tracking, *buyer in connection.execute(
            "SELECT id, tab, external_id, tracking_number, buyer_name, ship_name, "
            "buyer_email, ship_city, ship_postal_code FROM orders"
        )
    ]


def _expected(orders: list[Order], term: str, tab: Tab | None) -> list[int]:
    pattern, folded = term.strip().lower(), fold(term.strip())
    digits = term.strip().lstrip("#")
    number = int(digits) if digits.isdigit() and len(digits) < 12 else None
    return sorted(
        order_id
        for order_id, order_tab, texts, buyer in orders
        if (tab is None or order_tab == tab.value)
        and (
            order_id == number
            or any(pattern in text.translate(_ASCII_LOWER) for text in texts)
            or any(folded in fold(field.strip()) for field in buyer)
        )
    )


@st.composite
def _terms(draw: st.DrawFn, texts: list[str]) -> str:
    """A piece of a real buyer, channel id, tracking number or SKU, its case changed, or any
    short text (which mostly matches nothing)."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(texts))
        start = draw(st.integers(0, max(0, len(text) - 1)))
        piece = text[start : start + draw(st.integers(1, 8))]
        return draw(st.sampled_from([piece, piece.upper(), piece.lower(), f" {piece} "]))
    return draw(st.text(alphabet=st.sampled_from(list("aeoxz19-_%' ÁéK")), min_size=1, max_size=5))


@pytest.mark.parametrize("read_at_once", [0, 10**9], ids=["per-order", "at-once"])
def test_search_finds_exactly_the_orders_containing_the_term(
    demo: sqlite3.Connection, read_at_once: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "_LINES_READ_AT_ONCE", read_at_once)
    orders = _orders(demo)
    texts = sorted({text for _, _, row, buyer in orders for text in [*row, *buyer] if text})
    reader = SqliteReader(demo)

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(term=_terms(texts), tab=st.sampled_from([None, Tab.TO_PREPARE, Tab.FINALIZED]))
    def check(term: str, tab: Tab | None) -> None:
        if not term.strip() or (term.strip().startswith("#") and term.strip()[1:].isdigit()):
            return  # blank shows the tab; "#123" is the desk id alone (tested in the CLI)
        found = [row["id"] for row in list_rows(reader, tab, search=term, now=NOW)]
        assert sorted(found) == _expected(orders, term, tab), term

    check()


def test_a_sku_on_few_orders_and_one_on_many_are_both_found(demo: sqlite3.Connection) -> None:
    counts = demo.execute(
        "SELECT sku, COUNT(DISTINCT order_id) FROM lines GROUP BY sku ORDER BY 2"
    ).fetchall()
    (rare, rare_orders), (common, common_orders) = counts[0], counts[-1]
    reader = SqliteReader(demo)
    assert len(list_rows(reader, None, search=rare.lower(), now=NOW)) >= rare_orders
    page = list_rows(reader, None, search=common, now=NOW, limit=101)
    assert len(page) == min(101, common_orders)


def test_a_reading_search_can_be_stopped_from_another_thread(demo_template: Path) -> None:
    """The desk stops a search still reading when the next key comes: the read raises at
    once instead of finishing its scan."""
    import sqlite3 as sqlite
    import threading
    import time

    from orderdesk.store.reader import sqlite_reader

    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
        "SELECT COUNT(*) FROM n, orders"
    )
    outcome: list[BaseException | None] = []
    with sqlite_reader(demo_template) as reader:

        def read() -> None:
            try:
                reader.scalar(endless)
                outcome.append(None)
            except sqlite.OperationalError as error:
                outcome.append(error)

        thread = threading.Thread(target=read)
        thread.start()
        time.sleep(0.2)
        assert not outcome  # still reading
        reader.interrupt()
        thread.join(5)
    assert outcome and isinstance(outcome[0], sqlite.OperationalError)
    assert "interrupt" in str(outcome[0])

"""A tab filtered by channel, country, payment and shortage, and sorted by a column, is read
page by page from SQL: each page is the slice of the whole filtered, sorted list (before,
the desk could neither filter nor sort a tab)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from orderdesk.domain.errors import BadInput
from orderdesk.domain.row_filter import RowFilter, RowSort, next_sort, parse_filter
from orderdesk.domain.stages import Tab
from orderdesk.store.rows import OrderRow

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def test_the_typed_filter_is_read_and_bad_answers_name_their_field() -> None:
    assert parse_filter(
        {"channel": " Shopify ", "country": "br", "payment": "Partially refunded", "short": "y"}
    ) == RowFilter("shopify", "BR", "partially_refunded", True)
    assert parse_filter({}) == RowFilter()
    assert not parse_filter({"channel": " ", "short": "n"}).active
    with pytest.raises(BadInput, match="^country: 'BRA' is not a two-letter country code"):
        parse_filter({"country": "BRA"})
    with pytest.raises(BadInput, match="^payment: 'pagado' is not a payment state"):
        parse_filter({"payment": "pagado"})
    with pytest.raises(BadInput, match="^short of stock: answer y or n"):
        parse_filter({"short": "maybe"})
    assert RowFilter("shopify", "BR", "paid").describe() == "shopify · to BR · paid"


def test_o_walks_the_tabs_columns_then_back_to_the_worked_order() -> None:
    columns = ["ship_by", "order", "items", "total"]
    seen, sort = [], next_sort(None, columns)
    while sort is not None:
        seen.append((sort.column, sort.arrow()))
        sort = next_sort(sort, columns)
    assert seen == [("ship_by", "▲"), ("order", "▲"), ("total", "▼")]  # items: not sortable


def _all(reader: Any, tab: Tab, **kw: Any) -> list[OrderRow]:
    from orderdesk.store.queries import list_rows

    return list_rows(reader, tab, now=NOW, **kw)


def test_a_filtered_sorted_tab_pages_through_sql(database: Any) -> None:
    from decimal import Decimal

    from orderdesk.store.queries import count_rows, list_rows

    with database.reader() as reader:
        every = _all(reader, Tab.FINALIZED)
        channel, country = max(
            {(r["channel"], r["country"]) for r in every},
            key=lambda pair: sum((r["channel"], r["country"]) == pair for r in every),
        )
        wanted = RowFilter(channel=channel, country=country)
        expected = [r["id"] for r in every if (r["channel"], r["country"]) == (channel, country)]
        assert len(expected) > 20
        assert count_rows(reader, Tab.FINALIZED, row_filter=wanted) == len(expected)
        by_total = RowSort("total", descending=True)
        whole = _all(reader, Tab.FINALIZED, row_filter=wanted, sort=by_total)
        assert sorted(r["id"] for r in whole) == sorted(expected)
        for currency in {r["currency"] for r in whole}:
            totals = [Decimal(r["total"]) for r in whole if r["currency"] == currency]
            assert totals == sorted(totals, reverse=True)
        pages = []
        for offset in range(0, len(whole), 7):
            pages += list_rows(
                reader,
                Tab.FINALIZED,
                now=NOW,
                row_filter=wanted,
                sort=by_total,
                offset=offset,
                limit=7,
            )
        assert [r["id"] for r in pages] == [r["id"] for r in whole]
        paid = _all(reader, Tab.REFUNDS, row_filter=RowFilter(payment="refunded"))
        assert paid and {r["payment"] for r in paid} == {"refunded"}
        by_buyer = _all(reader, Tab.IN_TRANSIT, sort=RowSort("buyer", descending=False))
        names = [r["buyer_name"] for r in by_buyer]
        assert names == sorted(names) and len(names) > 10

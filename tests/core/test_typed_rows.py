"""The rows the store hands to the screens and the commands are the rows it declares (issue 11).

mypy checks every reader of a row against :mod:`orderdesk.store.rows` (and the catalogue's and
the workbook's rows); these tests check the other side, that the store really returns those
rows: every field the type names, no other, each of its declared type, on both engines, for
orders in every state the desk shows (held, short, partly shipped in parcels, returned with an
RMA, disputed, with messages and a journal).
"""

from __future__ import annotations

import sqlite3
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import (
    Literal,
    NotRequired,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

from orderdesk.domain.aftersales import accept_refund, open_dispute, request_refund
from orderdesk.domain.amendments import hold
from orderdesk.domain.fulfilment import confirm, deliver, parcels, ship
from orderdesk.domain.messages import add_message
from orderdesk.domain.stages import Tab
from orderdesk.store import export_queries
from orderdesk.store.queries import CASE_TABS, list_rows, order_detail
from orderdesk.store.reader import SqliteReader
from orderdesk.store.rows import (
    Money,
    MoneyKey,
    OrderDetail,
    OrderField,
    OrderRow,
    ShipTo,
    ShipToKey,
)
from orderdesk.store.stock_queries import (
    Movement,
    ProductField,
    ProductRow,
    StockCounts,
    movements,
    product_rows,
    stock_counts,
)
from tests.core.conftest import Shop

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
CASE_FIELDS = {
    "case_id",
    "case_kind",
    "case_status",
    "case_reason",
    "case_amount",
    "case_rma",
    "case_received",
    "respond_by",
    "respond_late",
}


def problems(value: object, hint: object, where: str) -> list[str]:
    """How ``value`` differs from the declared type ``hint`` (empty: it is of that type)."""
    origin = get_origin(hint)
    if hint is object:
        return []
    if hint is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if origin in (Union, types.UnionType):
        found = [problems(value, arm, where) for arm in get_args(hint)]
        return [] if any(not p for p in found) else [f"{where}: {value!r} is not {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        (item,) = get_args(hint)
        return [p for n, v in enumerate(value) for p in problems(v, item, f"{where}[{n}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a dict"]
        key, item = get_args(hint)
        return [
            p
            for k, v in value.items()
            for p in problems(k, key, f"{where} key") + problems(v, item, f"{where}[{k!r}]")
        ]
    if isinstance(hint, type) and is_typeddict(hint):
        return typed_dict_problems(value, hint, where)
    if hint in (int, str, bool):
        # bool is an int to isinstance; a count that is True, or a flag that is 1, is wrong
        return [] if type(value) is hint else [f"{where}: {value!r} is not {hint.__name__}"]
    raise AssertionError(f"{where}: no check for {hint}")


def typed_dict_problems(value: object, declared: type, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: {value!r} is not a dict"]
    hints = get_type_hints(declared, include_extras=True)
    required = {k for k, h in hints.items() if get_origin(h) is not NotRequired}
    found = [f"{where}: no {k!r}" for k in sorted(required - value.keys())]
    found += [f"{where}: {k!r} is not declared" for k in sorted(value.keys() - hints.keys())]
    for name, hint in hints.items():
        if name in value:
            if get_origin(hint) is NotRequired:
                (hint,) = get_args(hint)
            found += problems(value[name], hint, f"{where}.{name}")
    return found


def fields_of(declared: type) -> set[str]:
    return set(get_type_hints(declared))


def assert_rows(rows: list[OrderRow], tab: Tab | None) -> None:
    for row in rows:
        assert typed_dict_problems(row, OrderRow, f"{tab} #{row['id']}") == []
        has_case = CASE_FIELDS & row.keys()
        # a case tab's row is a case: all of its fields; any other tab's row has none
        assert has_case == (CASE_FIELDS if tab in CASE_TABS else set()), (tab, has_case)


def test_the_named_fields_are_the_rows_fields() -> None:
    """The literal field names code picks a field by (a column, a form's field, a money
    line) are exactly the fields of the row they pick from."""
    assert set(get_args(OrderField)) == fields_of(OrderRow)
    assert set(get_args(ProductField)) == fields_of(ProductRow)
    assert set(get_args(MoneyKey)) == fields_of(Money)
    assert set(get_args(ShipToKey)) == fields_of(ShipTo)
    assert set(get_args(export_queries.SummaryFigure)) == set(export_queries.SUMMARY_FIGURES)
    summed = fields_of(export_queries.SummaryRow) - {"currency", "channel"}
    assert set(export_queries.SUMMARY_FIGURES) == summed
    assert get_origin(OrderField) is Literal


def test_a_shop_in_every_state_reads_as_its_declared_rows(shop: Shop) -> None:
    db = shop.database
    shop.product("MATE", 10)
    shop.product("YERBA", 1)
    held = shop.order(("MATE", 1))
    short = shop.order(("YERBA", 3))
    parted = shop.order(("MATE", 2), ("YERBA", 1))
    returned = shop.order(("MATE", 1))
    disputed = shop.order(("MATE", 1), currency="JPY", price=1200)
    db.perform(hold, held, "the buyer's answer", datetime.now(UTC) + timedelta(days=3))
    db.perform(add_message, held, "Is the blue one in stock?", direction="in")
    db.perform(add_message, held, "It is; shipping tomorrow.")
    for order in (parted, returned, disputed):
        db.perform(confirm, order)
    db.perform(ship, parted, "UPS", "1Z999AA10123456784", lines=["MATE:2"])
    db.perform(parcels, parted, 2, [400, 350])
    for order, number in ((returned, "LP123456785CN"), (disputed, "RR123456785CN")):
        db.perform(ship, order, "China Post", number)
        db.perform(deliver, order)
    case = db.perform(request_refund, returned, "10", "wrong size", kind="return").case_id
    assert case is not None
    db.perform(accept_refund, case)
    db.perform(open_dispute, disputed, "never arrived")

    with db.reader() as reader:
        for tab in [*Tab, None]:
            rows = list_rows(reader, tab, now=NOW)
            assert_rows(rows, tab)
        everything = list_rows(reader, None, now=NOW)
        assert {row["id"] for row in everything} == {held, short, parted, returned, disputed}
        shown = {row["id"]: row for row in everything}
        on_hold = shown[held]["hold"]
        assert on_hold is not None and on_hold["active"] is True
        assert shown[short]["short"] is True
        cases = list_rows(reader, Tab.REFUNDS, now=NOW)
        assert [(row["id"], row.get("case_rma") is not None) for row in cases] == [(returned, True)]
        details: dict[int, OrderDetail] = {}
        for order in shown:
            details[order] = order_detail(reader, order, NOW)
            assert typed_dict_problems(details[order], OrderDetail, f"#{order}") == []
        assert [len(s["parcels"]) for s in details[parted]["shipments"]] == [2]
        assert details[parted]["partly_shipped"] is True
        assert [c["rma"] is not None for c in details[returned]["cases"]] == [True]
        assert [m["direction"] for m in details[held]["messages"]] == ["in", "out"]
        assert details[disputed]["money"]["total"] == "1200"  # JPY: no decimals

        products = product_rows(reader)
        assert {row["sku"] for row in products} == {"MATE", "YERBA"}
        for product in products:
            assert typed_dict_problems(product, ProductRow, product["sku"]) == []
        assert typed_dict_problems(stock_counts(reader), StockCounts, "counts") == []
        moved = movements(reader, "MATE")
        assert moved, "confirming took MATE from stock"
        for move in moved:
            assert typed_dict_problems(move, Movement, f"move {move['id']}") == []

    start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
    with db.read() as connection:
        summary = export_queries.summary(connection, start, end)
    assert {(row["currency"], row["orders"]) for row in summary} == {("USD", 4), ("JPY", 1)}
    for row in summary:
        assert typed_dict_problems(row, export_queries.SummaryRow, row["currency"]) == []


def test_the_demo_reads_as_its_declared_rows(demo_template: Path) -> None:
    """The 2,000 demo orders (every stage, refund and dispute cases, messages): each tab's
    rows, and a detail for the orders of each case and stage."""
    reader = SqliteReader(sqlite3.connect(f"file:{demo_template}?mode=ro", uri=True))
    sample: dict[str, int] = {}
    for tab in [*Tab, None]:
        rows = list_rows(reader, tab, now=NOW)
        assert rows, tab
        assert_rows(rows, tab)
        for row in rows:
            sample.setdefault(row.get("case_kind") or row["stage"], row["id"])
    assert {"refund", "dispute", "pending", "in_transit", "delivered", "cancelled"} <= set(sample)
    for order in sample.values():
        detail = order_detail(reader, order, NOW)
        assert typed_dict_problems(detail, OrderDetail, f"#{order}") == []

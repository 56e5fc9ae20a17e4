"""Read-side queries for documents: units per SKU to pick across a tab's (or given) orders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, case, func, select

from orderdesk.domain.models import Line, Order
from orderdesk.domain.stages import Tab

ORD = Order.__table__.c  # type: ignore[attr-defined]
LN = Line.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PickRow:
    sku: str
    title: str
    units: int
    orders: int


def pick_rows(
    connection: Connection, *, tab: Tab | None = None, ids: Sequence[int] | None = None
) -> tuple[list[PickRow], int]:
    """Units per SKU (lines without a SKU grouped by title) and the number of orders counted.

    ``tab`` limits to a stage tab's orders, ``ids`` to given desk ids; both may be combined.
    """
    where = []
    if tab is not None:
        where.append(ORD.tab == tab.value)
    if ids is not None:
        where.append(ORD.id.in_(list(ids)))
    key = case((LN.sku == "", LN.title), else_="")
    query = (
        select(
            LN.sku,
            func.min(LN.title),
            func.sum(LN.quantity),
            func.count(func.distinct(LN.order_id)),
        )
        .join_from(Line, Order, LN.order_id == ORD.id)
        .where(*where)
        .group_by(LN.sku, key)
        .order_by(LN.sku, key)
    )
    rows = [
        PickRow(sku, title or "", int(units or 0), int(orders))
        for sku, title, units, orders in connection.execute(query)
    ]
    counted = connection.execute(
        select(func.count(func.distinct(LN.order_id)))
        .join_from(Line, Order, LN.order_id == ORD.id)
        .where(*where)
    ).scalar_one()
    return rows, int(counted)

"""Streaming queries for the month-end workbook: orders, lines and cases of a period, and the
summary per currency and channel (aggregated in SQL, never summed across currencies).

The period is the orders placed in [start, end) (UTC bounds); rows stream in batches so a
large month never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal, TypedDict

from sqlalchemy import Connection, String, and_, func, select, type_coerce

from orderdesk.domain import sales
from orderdesk.domain.models import Case, Line, Order

ORD = Order.__table__.c  # type: ignore[attr-defined]
LN = Line.__table__.c  # type: ignore[attr-defined]
CS = Case.__table__.c  # type: ignore[attr-defined]
BATCH = 2_000


class SummaryRow(TypedDict):
    """The period's sales of one channel in one currency (minor units of ``currency``)."""

    currency: str
    channel: str
    orders: int
    units: int
    gross: int
    fees: int
    shipping_costs: int
    refunds: int
    net: int


SummaryFigure = Literal["orders", "units", "gross", "fees", "shipping_costs", "refunds", "net"]
#: The figures of a :class:`SummaryRow` that add up across its channels.
SUMMARY_FIGURES: tuple[SummaryFigure, ...] = (
    "orders",
    "units",
    "gross",
    "fees",
    "shipping_costs",
    "refunds",
    "net",
)


def _raw(column: Any) -> Any:
    """A time column as the database hands it over (SQLite: ``2026-05-01 08:04:02.000000``,
    UTC), skipping SQLAlchemy's per-value conversion; the workbook parses it in C."""
    return type_coerce(column, String).label(column.name)


ORDER_COLUMNS = (
    ORD.id,
    ORD.channel,
    ORD.external_id,
    _raw(ORD.created_at),
    _raw(ORD.paid_at),
    _raw(ORD.confirmed_at),
    _raw(ORD.label_printed_at),
    _raw(ORD.ship_by),
    _raw(ORD.shipped_at),
    _raw(ORD.delivered_at),
    _raw(ORD.cancelled_at),
    ORD.stage,
    ORD.payment,
    ORD.payout,
    ORD.buyer_name,
    ORD.buyer_email,
    ORD.ship_name,
    ORD.ship_city,
    ORD.ship_region,
    ORD.ship_postal_code,
    ORD.ship_country,
    ORD.currency,
    ORD.subtotal,
    ORD.shipping,
    ORD.tax,
    ORD.discount,
    ORD.total,
    ORD.fee,
    ORD.shipping_cost,
    ORD.refunded,
    ORD.carrier,
    ORD.tracking_number,
    ORD.note,
    ORD.tags,
    ORD.possible_duplicate_of,
)


def _period(start: datetime, end: datetime) -> Any:
    return and_(ORD.created_at >= start, ORD.created_at < end)


def _stream(connection: Connection, query: Any) -> Iterator[tuple[Any, ...]]:
    result = connection.execution_options(yield_per=BATCH).execute(query)
    for partition in result.partitions():
        yield from partition


def count_orders(connection: Connection, start: datetime, end: datetime) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(Order).where(_period(start, end))
        ).scalar_one()
    )


def orders(connection: Connection, start: datetime, end: datetime) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`ORDER_COLUMNS`, oldest first."""
    query = select(*ORDER_COLUMNS).where(_period(start, end)).order_by(ORD.created_at, ORD.id)
    return _stream(connection, query)


def lines(connection: Connection, start: datetime, end: datetime) -> Iterator[tuple[Any, ...]]:
    """(order id, channel, external id, currency, sku, title, variant, quantity, unit price)."""
    query = (
        select(
            ORD.id,
            ORD.channel,
            ORD.external_id,
            ORD.currency,
            LN.sku,
            LN.title,
            LN.variant,
            LN.quantity,
            LN.unit_price,
        )
        .join_from(Line, Order, LN.order_id == ORD.id)
        .where(_period(start, end))
        .order_by(ORD.created_at, ORD.id, LN.position)
    )
    return _stream(connection, query)


def cases(connection: Connection, start: datetime, end: datetime) -> Iterator[tuple[Any, ...]]:
    """(case id, order id, channel, external id, currency, kind, status, reason, amount,
    opened, respond by, closed, resolution) for the period's orders."""
    query = (
        select(
            CS.id,
            ORD.id,
            ORD.channel,
            ORD.external_id,
            ORD.currency,
            CS.kind,
            CS.status,
            CS.reason,
            CS.amount,
            _raw(CS.opened_at),
            _raw(CS.respond_by),
            _raw(CS.closed_at),
            CS.resolution,
        )
        .join_from(Case, Order, CS.order_id == ORD.id)
        .where(_period(start, end))
        .order_by(CS.id)
    )
    return _stream(connection, query)


def summary(connection: Connection, start: datetime, end: datetime) -> list[SummaryRow]:
    """Per currency and channel, over the period's sales (the orders insights counts: not
    cancelled): orders, units, gross, fees, shipping costs, refunds, net."""
    units = (
        select(LN.order_id, func.sum(LN.quantity).label("units"))
        .join_from(Line, Order, LN.order_id == ORD.id)
        .where(_period(start, end))  # the period's lines, not every line summed first
        .group_by(LN.order_id)
        .subquery()
    )
    query = (
        select(
            ORD.currency,
            ORD.channel,
            func.count(ORD.id).label("orders"),
            func.coalesce(func.sum(units.c.units), 0).label("units"),
            func.sum(ORD.total).label("gross"),
            func.sum(ORD.fee).label("fees"),
            func.sum(ORD.shipping_cost).label("shipping_costs"),
            func.sum(ORD.refunded).label("refunds"),
        )
        .select_from(Order)
        .outerjoin(units, units.c.order_id == ORD.id)
        .where(_period(start, end), ORD.stage.not_in([s.value for s in sales.NOT_SALES]))
        .group_by(ORD.currency, ORD.channel)
        .order_by(ORD.currency, ORD.channel)
    )
    return [
        SummaryRow(
            currency=row["currency"],
            channel=row["channel"],
            orders=int(row["orders"]),
            units=int(row["units"]),
            gross=int(row["gross"]),
            fees=int(row["fees"]),
            shipping_costs=int(row["shipping_costs"]),
            refunds=int(row["refunds"]),
            net=sales.net(
                int(row["gross"]), int(row["fees"]), int(row["shipping_costs"]), int(row["refunds"])
            ),
        )
        for row in connection.execute(query).mappings()
    ]


def stage_counts(connection: Connection, start: datetime, end: datetime) -> dict[str, int]:
    query = select(ORD.stage, func.count()).where(_period(start, end)).group_by(ORD.stage)
    return {stage: int(n) for stage, n in connection.execute(query)}

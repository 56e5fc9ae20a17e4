"""Insights: what the orders of a period say, as SQL aggregates.

Every figure is an aggregate query over the period ``[start, end)``; no query returns one row
per order. Money is per currency and never added across currencies.

Definitions (the same in the screen, the command line and the workbook):

- **Sales** count the orders *placed* in the period (``created_at``) that are not cancelled.
  Gross = order totals; fees = marketplace fees; shipping costs = the seller's label costs;
  refunds = amounts refunded so far; net = gross − fees − shipping costs − refunds (as on the
  order). Units = line quantities of those orders. Cancelled orders are counted apart.
- **Sales over time**: gross per channel per day, week (Monday first) or month of local time,
  by the period's length (:func:`orderdesk.domain.periods.buckets`).
- **Top products**: per currency, SKUs by units and by net. A line's net is its share of the
  order's net in proportion to its value (quantity × unit price), rounded toward zero per line;
  an order whose lines are all free gives its lines no net.
- **Shipping**: orders *shipped* in the period; late = shipped after ship-by; the median time
  from payment to shipping is over those with a payment time (in hours).
- **Refund and dispute rates**: cases *opened* in the period (refund and return requests;
  disputes) divided by the sales orders of the period.
- **Repeat buyers**: among the sales orders, buyers (by e-mail, compared without case, else
  by name) with more than one order in the period; their share of buyers and of orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, text

from orderdesk.domain import sales
from orderdesk.domain.periods import Bucket, Period, buckets, granularity
from orderdesk.domain.stages import STAGE_TAB
from orderdesk.store.database import Database

TOP_PRODUCTS = 10


@dataclass(frozen=True)
class ChannelFigures:
    channel: str
    orders: int
    units: int
    gross: int
    fees: int
    shipping_costs: int
    refunds: int

    @property
    def net(self) -> int:
        return sales.net(self.gross, self.fees, self.shipping_costs, self.refunds)


@dataclass(frozen=True)
class ProductFigures:
    sku: str
    title: str
    units: int
    net: int  # allocated by line value, in the currency's minor unit


@dataclass(frozen=True)
class CurrencyFigures:
    """The money figures of one currency (minor units of ``currency``)."""

    currency: str
    orders: int
    units: int
    gross: int
    fees: int
    shipping_costs: int
    refunds: int
    cancelled: int
    channels: tuple[ChannelFigures, ...]
    #: gross sales per channel, one value per bucket of :attr:`Insights.buckets`
    series: dict[str, tuple[int, ...]]
    top_by_units: tuple[ProductFigures, ...]
    top_by_net: tuple[ProductFigures, ...]

    @property
    def net(self) -> int:
        return sales.net(self.gross, self.fees, self.shipping_costs, self.refunds)


@dataclass(frozen=True)
class ShippingFigures:
    shipped: int
    late: int
    median_hours: float | None  # payment to shipping, over shipped orders with a payment time

    @property
    def late_rate(self) -> float | None:
        return self.late / self.shipped if self.shipped else None


@dataclass(frozen=True)
class CaseFigures:
    orders: int  # the period's sales orders (the rates' denominator)
    refund_cases: int  # refund and return requests opened in the period
    disputes: int

    @property
    def refund_rate(self) -> float | None:
        return self.refund_cases / self.orders if self.orders else None

    @property
    def dispute_rate(self) -> float | None:
        return self.disputes / self.orders if self.orders else None


@dataclass(frozen=True)
class BuyerFigures:
    buyers: int
    repeat_buyers: int
    orders: int  # sales orders with a known buyer
    repeat_orders: int  # of which placed by repeat buyers

    @property
    def repeat_share(self) -> float | None:
        return self.repeat_buyers / self.buyers if self.buyers else None

    @property
    def repeat_order_share(self) -> float | None:
        return self.repeat_orders / self.orders if self.orders else None


@dataclass(frozen=True)
class Insights:
    period: Period
    granularity: str  # day | week | month
    buckets: tuple[Bucket, ...]
    currencies: tuple[CurrencyFigures, ...]  # most orders first
    shipping: ShippingFigures
    cases: CaseFigures
    buyers: BuyerFigures

    def currency(self, code: str) -> CurrencyFigures | None:
        return next((c for c in self.currencies if c.currency == code), None)


# --- SQL ---------------------------------------------------------------------------------

_SALES = f"o.created_at >= :start AND o.created_at < :end AND {sales.sale_sql('o')}"

_PLACED = "o.created_at >= :start AND o.created_at < :end"
_KEPT = sales.sale_sql("o")

# One pass over the orders placed in the period: sales figures, and cancelled orders apart.
_CHANNELS = f"""
SELECT o.currency, o.channel,
       SUM(CASE WHEN {_KEPT} THEN 1 ELSE 0 END) AS orders,
       SUM(CASE WHEN {_KEPT} THEN o.total ELSE 0 END) AS gross,
       SUM(CASE WHEN {_KEPT} THEN o.fee ELSE 0 END) AS fees,
       SUM(CASE WHEN {_KEPT} THEN o.shipping_cost ELSE 0 END) AS shipping_costs,
       SUM(CASE WHEN {_KEPT} THEN o.refunded ELSE 0 END) AS refunds,
       SUM(CASE WHEN {_KEPT} THEN 0 ELSE 1 END) AS cancelled
FROM orders o WHERE {_PLACED}
GROUP BY o.currency, o.channel
"""

_UNITS = f"""
SELECT o.currency, o.channel, COALESCE(SUM(l.quantity), 0) AS units
FROM orders o JOIN lines l ON l.order_id = o.id WHERE {_SALES}
GROUP BY o.currency, o.channel
"""

# Gross per bucket: a small table of bucket ranges joined on the indexed created_at, so each
# bucket is one index range scan and local days (with their DST changes) come out right.
_SERIES = (
    """
WITH bucket(idx, lo, hi) AS ({buckets})
SELECT b.idx, o.currency, o.channel, SUM(o.total) AS gross
FROM bucket b JOIN orders o ON o.created_at >= b.lo AND o.created_at < b.hi
WHERE """
    + sales.sale_sql("o").replace("{", "{{")
    + """
GROUP BY b.idx, o.currency, o.channel
"""
)

# Lines are reached from the period's orders (CROSS JOIN keeps SQLite from scanning every
# line); each line's share of its order's net follows its share of the order's line value.
_PRODUCTS = f"""
WITH sale AS (
    SELECT o.id, o.currency, {sales.net_sql("o")} AS net
    FROM orders o WHERE {_SALES}
), sale_line AS (
    SELECT s.currency, s.net, l.sku, l.title, l.quantity, l.quantity * l.unit_price AS value,
           -- an integer on both engines (PostgreSQL's SUM of bigint is numeric), so each
           -- line's share is rounded toward zero the same way
           CAST(SUM(l.quantity * l.unit_price) OVER (PARTITION BY l.order_id) AS BIGINT)
               AS order_value
    FROM sale s CROSS JOIN lines l WHERE l.order_id = s.id
), product AS (
    SELECT currency, sku, MAX(title) AS title, SUM(quantity) AS units,
           SUM(CASE WHEN order_value > 0 THEN net * value / order_value ELSE 0 END) AS net
    FROM sale_line GROUP BY currency, sku
), ranked AS (
    SELECT p.*,
           ROW_NUMBER() OVER (PARTITION BY p.currency ORDER BY p.units DESC, p.sku) AS by_units,
           ROW_NUMBER() OVER (PARTITION BY p.currency ORDER BY p.net DESC, p.sku) AS by_net
    FROM product p
)
SELECT currency, sku, title, units, net, by_units, by_net FROM ranked
WHERE by_units <= :top OR by_net <= :top
"""

# Every order has a tab (computed from its stage), so naming all of them changes nothing but
# lets the (tab, shipped_at) index serve the shipped_at range instead of a full scan.
_ALL_TABS = ", ".join(f"'{tab.value}'" for tab in sorted(set(STAGE_TAB.values())))
_SHIPPED_IN = f"o.tab IN ({_ALL_TABS}) AND o.shipped_at >= :start AND o.shipped_at < :end"

_SHIPPED = f"""
SELECT COUNT(*) AS shipped,
       COALESCE(SUM(CASE WHEN o.ship_by IS NOT NULL AND o.shipped_at > o.ship_by
                         THEN 1 ELSE 0 END), 0) AS late,
       COALESCE(SUM(CASE WHEN o.paid_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS timed
FROM orders o WHERE {_SHIPPED_IN}
"""

# The median: sort the durations in SQL and read the middle one or two (LIMIT/OFFSET).
_MIDDLE = f"""
SELECT {{seconds}} AS seconds FROM orders o
WHERE {_SHIPPED_IN} AND o.paid_at IS NOT NULL
ORDER BY seconds LIMIT :take OFFSET :skip
"""

_CASES = """
SELECT
  (SELECT COUNT(*) FROM cases c WHERE c.opened_at >= :start AND c.opened_at < :end
     AND c.kind IN ('refund', 'return')) AS refund_cases,
  (SELECT COUNT(*) FROM cases c WHERE c.opened_at >= :start AND c.opened_at < :end
     AND c.kind = 'dispute') AS disputes
"""

_BUYER_KEY = (
    "CASE WHEN TRIM(o.buyer_email) <> '' THEN LOWER(TRIM(o.buyer_email)) "
    "ELSE TRIM(o.buyer_name) END"
)

_BUYERS = f"""
SELECT COUNT(*) AS buyers,
       COALESCE(SUM(CASE WHEN n > 1 THEN 1 ELSE 0 END), 0) AS repeat_buyers,
       COALESCE(SUM(n), 0) AS orders,
       COALESCE(SUM(CASE WHEN n > 1 THEN n ELSE 0 END), 0) AS repeat_orders
FROM (SELECT {_BUYER_KEY} AS buyer, COUNT(*) AS n FROM orders o WHERE {_SALES}
      GROUP BY {_BUYER_KEY}) AS per_buyer
WHERE buyer <> ''
"""


def _seconds_between(dialect: str, later: str, earlier: str) -> str:
    if dialect == "sqlite":
        return f"(julianday({later}) - julianday({earlier})) * 86400.0"
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _run(
    connection: Connection,
    sql: str,
    params: dict[str, Any],
    times: tuple[str, ...] = ("start", "end"),
) -> list[dict[str, Any]]:
    """Run ``sql`` with the named datetime parameters bound as the store's DateTime."""
    statement = text(sql).bindparams(*(bindparam(name, type_=DateTime()) for name in times))
    values = {k: _naive_utc(v) if isinstance(v, datetime) else v for k, v in params.items()}
    return [dict(row) for row in connection.execute(statement, values).mappings()]


_SERIES_SLICE = 400


def _series_sql(count: int) -> tuple[str, tuple[str, ...]]:
    rows = " UNION ALL ".join(f"SELECT {i}, :lo{i}, :hi{i}" for i in range(count))
    names = tuple(name for i in range(count) for name in (f"lo{i}", f"hi{i}"))
    return _SERIES.format(buckets=rows), names


def _median_hours(connection: Connection, period: Period, count: int) -> float | None:
    if count == 0:
        return None
    sql = _MIDDLE.format(
        seconds=_seconds_between(connection.dialect.name, "o.shipped_at", "o.paid_at")
    )
    rows = _run(
        connection,
        sql,
        {"start": period.start, "end": period.end, "take": 2 - count % 2, "skip": (count - 1) // 2},
    )
    values = [float(row["seconds"]) for row in rows]
    return sum(values) / len(values) / 3600 if values else None


def insights_on(
    connection: Connection, period: Period, tz: tzinfo | None = None, *, top: int = TOP_PRODUCTS
) -> Insights:
    """All the figures of ``period`` from one read connection (one consistent snapshot)."""
    span: dict[str, Any] = {"start": period.start, "end": period.end}
    points = buckets(period, tz)

    channels: dict[str, dict[str, dict[str, int]]] = {}
    cancelled: dict[str, int] = {}
    for row in _run(connection, _CHANNELS, span):
        code = row["currency"]
        cancelled[code] = cancelled.get(code, 0) + int(row["cancelled"])
        if int(row["orders"]):
            channels.setdefault(code, {})[row["channel"]] = {
                "orders": int(row["orders"]),
                "gross": int(row["gross"]),
                "fees": int(row["fees"]),
                "shipping_costs": int(row["shipping_costs"]),
                "refunds": int(row["refunds"]),
                "units": 0,
            }
    for row in _run(connection, _UNITS, span):
        channels[row["currency"]][row["channel"]]["units"] = int(row["units"])

    series: dict[str, dict[str, list[int]]] = {}
    if points:
        # SQLite takes at most 500 terms in one compound SELECT: a long period's buckets are
        # asked in slices of them
        for first in range(0, len(points), _SERIES_SLICE):
            part = points[first : first + _SERIES_SLICE]
            sql, names = _series_sql(len(part))
            bounds = {f"lo{i}": b.start for i, b in enumerate(part)} | {
                f"hi{i}": b.end for i, b in enumerate(part)
            }
            for row in _run(connection, sql, bounds, names):
                per_channel = series.setdefault(row["currency"], {})
                values = per_channel.setdefault(row["channel"], [0] * len(points))
                values[first + int(row["idx"])] = int(row["gross"])

    by_units: dict[str, list[tuple[int, ProductFigures]]] = {}
    by_net: dict[str, list[tuple[int, ProductFigures]]] = {}
    for row in _run(connection, _PRODUCTS, {**span, "top": top}):
        product = ProductFigures(row["sku"], row["title"] or "", int(row["units"]), int(row["net"]))
        if row["by_units"] <= top:
            by_units.setdefault(row["currency"], []).append((int(row["by_units"]), product))
        if row["by_net"] <= top:
            by_net.setdefault(row["currency"], []).append((int(row["by_net"]), product))

    currencies = []
    for code in set(channels) | set(cancelled):
        rows = channels.get(code, {})
        figures = tuple(
            sorted(
                (ChannelFigures(channel=name, **values) for name, values in rows.items()),
                key=lambda c: (-c.gross, c.channel),
            )
        )
        currencies.append(
            CurrencyFigures(
                currency=code,
                orders=sum(c.orders for c in figures),
                units=sum(c.units for c in figures),
                gross=sum(c.gross for c in figures),
                fees=sum(c.fees for c in figures),
                shipping_costs=sum(c.shipping_costs for c in figures),
                refunds=sum(c.refunds for c in figures),
                cancelled=cancelled.get(code, 0),
                channels=figures,
                series={
                    c.channel: tuple(series.get(code, {}).get(c.channel, [0] * len(points)))
                    for c in figures
                },
                top_by_units=tuple(
                    p for _, p in sorted(by_units.get(code, []), key=lambda item: item[0])
                ),
                top_by_net=tuple(
                    p for _, p in sorted(by_net.get(code, []), key=lambda item: item[0])
                ),
            )
        )
    currencies.sort(key=lambda c: (-c.orders, c.currency))

    shipped = _run(connection, _SHIPPED, span)[0]
    shipping = ShippingFigures(
        int(shipped["shipped"]),
        int(shipped["late"]),
        _median_hours(connection, period, int(shipped["timed"])),
    )
    case_row = _run(connection, _CASES, span)[0]
    cases = CaseFigures(
        sum(c.orders for c in currencies), int(case_row["refund_cases"]), int(case_row["disputes"])
    )
    buyer_row = _run(connection, _BUYERS, span)[0]
    buyers = BuyerFigures(
        int(buyer_row["buyers"]),
        int(buyer_row["repeat_buyers"]),
        int(buyer_row["orders"]),
        int(buyer_row["repeat_orders"]),
    )
    return Insights(
        period=period,
        granularity=granularity(period),
        buckets=tuple(points),
        currencies=tuple(currencies),
        shipping=shipping,
        cases=cases,
        buyers=buyers,
    )


def compute_insights(
    database: Database, period: Period, tz: tzinfo | None = None, *, top: int = TOP_PRODUCTS
) -> Insights:
    """The figures of ``period`` on ``database`` (blocking: call it from a worker in the TUI)."""
    with database.read() as connection:
        return insights_on(connection, period, tz, top=top)

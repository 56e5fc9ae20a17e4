"""``orderdesk insights``: what the orders of a period say (the Insights screen's figures)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from orderdesk.domain.money import grouped, percent
from orderdesk.domain.periods import PERIOD_KEYS

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands
    from orderdesk.domain.periods import Period
    from orderdesk.store.insights import Insights


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "insights",
        parents=[shared],
        help="sales, fees, net, top products, shipping and refunds",
        description="Figures of a period, per currency (never added across currencies): "
        "gross sales, fees, net, orders, units, sales per day or week per channel, "
        "top products, late shipments, refund and dispute rates, repeat buyers. "
        "Dates are local; --to is the last day counted.",
    )
    p.add_argument("--from", dest="first", metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument(
        "--to", dest="last", metavar="DATE", help="last day, included (YYYY-MM-DD; default: today)"
    )
    p.add_argument(
        "--period",
        choices=PERIOD_KEYS,
        metavar="PERIOD",
        help=f"one of: {', '.join(PERIOD_KEYS)} (default: last-30)",
    )
    p.add_argument("--json", action="store_true", help="print JSON (money as decimal strings)")
    p.set_defaults(handler=insights)


def chosen_period(args: argparse.Namespace, now: Any) -> Period:
    from orderdesk.domain.errors import BadInput
    from orderdesk.domain.periods import days_period, local_today, parse_day, period_for

    if args.period and (args.first or args.last):
        raise BadInput("insights: give --period or --from/--to, not both")
    if args.first or args.last:
        if not args.first:
            raise BadInput("insights: --to needs --from (the first day)")
        last = parse_day(args.last, "--to") if args.last else local_today(now)
        return days_period(parse_day(args.first, "--from"), last)
    return period_for(args.period or "last-30", now)


def insights(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.store.insights import compute_insights

    database = context.database()
    period = chosen_period(args, database.clock())
    figures = compute_insights(database, period)
    if args.json:
        from orderdesk.commands.output import print_json

        print_json(as_json(figures))
        return 0
    _print_tables(figures)
    return 0


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def as_json(figures: Insights) -> dict[str, Any]:
    """The stable JSON form: money as decimal strings next to their currency code."""
    from orderdesk.domain.money import decimal_string

    period = figures.period
    currencies = []
    for c in figures.currencies:

        def money(minor: int, code: str = c.currency) -> str:
            return decimal_string(minor, code)

        currencies.append(
            {
                "currency": c.currency,
                "orders": c.orders,
                "units": c.units,
                "gross": money(c.gross),
                "fees": money(c.fees),
                "shipping_costs": money(c.shipping_costs),
                "refunds": money(c.refunds),
                "net": money(c.net),
                "cancelled": c.cancelled,
                "channels": [
                    {
                        "channel": ch.channel,
                        "orders": ch.orders,
                        "units": ch.units,
                        "gross": money(ch.gross),
                        "fees": money(ch.fees),
                        "shipping_costs": money(ch.shipping_costs),
                        "refunds": money(ch.refunds),
                        "net": money(ch.net),
                    }
                    for ch in c.channels
                ],
                "sales": {
                    channel: [money(v) for v in values] for channel, values in c.series.items()
                },
                "top_by_units": [_product(p, c.currency) for p in c.top_by_units],
                "top_by_net": [_product(p, c.currency) for p in c.top_by_net],
            }
        )
    s, k, b = figures.shipping, figures.cases, figures.buyers
    return {
        "period": {
            "key": period.key,
            "label": period.label,
            "from": period.first_day.isoformat(),
            "to": period.last_day.isoformat(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "granularity": figures.granularity,
        "buckets": [bucket.first_day.isoformat() for bucket in figures.buckets],
        "currencies": currencies,
        "shipping": {
            "shipped": s.shipped,
            "late": s.late,
            "late_rate": _rate(s.late_rate),
            "median_hours_paid_to_shipped": None
            if s.median_hours is None
            else round(s.median_hours, 2),
        },
        "cases": {
            "orders": k.orders,
            "refund_cases": k.refund_cases,
            "disputes": k.disputes,
            "refund_rate": _rate(k.refund_rate),
            "dispute_rate": _rate(k.dispute_rate),
        },
        "buyers": {
            "buyers": b.buyers,
            "repeat_buyers": b.repeat_buyers,
            "orders": b.orders,
            "repeat_orders": b.repeat_orders,
            "repeat_share": _rate(b.repeat_share),
            "repeat_order_share": _rate(b.repeat_order_share),
        },
    }


def _product(product: Any, code: str) -> dict[str, Any]:
    from orderdesk.domain.money import decimal_string

    return {
        "sku": product.sku,
        "title": product.title,
        "units": product.units,
        "net": decimal_string(product.net, code),
    }


def _print_tables(figures: Insights) -> None:
    from itertools import zip_longest

    from rich import box
    from rich.table import Table
    from rich.text import Text

    from orderdesk.commands.output import console

    out = console()
    period = figures.period
    out.print(
        f"[bold]Insights[/] · {period.label} · {period.span} "
        f"(orders placed, not cancelled; per currency, never added across currencies)"
    )
    if not figures.currencies:
        out.print("No orders were placed in this period.")
    for c in figures.currencies:
        code = c.currency
        table = Table(
            title=f"[bold]{code}[/] · {c.orders} orders · {c.units} units",
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_footer=True,
            caption=f"shipping costs {grouped(c.shipping_costs, code)} · refunds "
            f"{grouped(c.refunds, code)} · cancelled orders {c.cancelled}",
            caption_justify="left",
        )
        totals = (
            "all channels",
            str(c.orders),
            str(c.units),
            grouped(c.gross, code),
            grouped(c.fees, code),
            grouped(c.net, code),
        )
        for name, total in zip(
            ("channel", "orders", "units", f"gross {code}", f"fees {code}", f"net {code}"),
            totals,
            strict=True,
        ):
            table.add_column(
                name, footer=total, no_wrap=True, justify="left" if name == "channel" else "right"
            )
        for ch in c.channels:
            table.add_row(
                ch.channel,
                str(ch.orders),
                str(ch.units),
                grouped(ch.gross, code),
                grouped(ch.fees, code),
                grouped(ch.net, code),
            )
        out.print(table)
        top = Table(title=f"{code} top products", title_justify="left", box=box.SIMPLE_HEAD)
        for name in ("#", "by units", "units", "by net", f"net {code}"):
            top.add_column(
                name,
                no_wrap=True,
                justify="right" if name in ("#", "units", f"net {code}") else "left",
            )
        pairs = zip_longest(c.top_by_units, c.top_by_net)
        for rank, (by_units, by_net) in enumerate(pairs, 1):
            top.add_row(
                str(rank),
                Text(by_units.sku if by_units else ""),
                str(by_units.units) if by_units else "",
                Text(by_net.sku if by_net else ""),
                grouped(by_net.net, code) if by_net else "",
            )
        out.print(top)
    s, k, b = figures.shipping, figures.cases, figures.buyers
    other = Table(
        title="Shipping, after-sales and buyers (all currencies: counts only)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    other.add_column("figure")
    other.add_column("value", justify="right")
    median = "–" if s.median_hours is None else f"{s.median_hours:.1f} h"
    for name, value in (
        ("shipped in the period", str(s.shipped)),
        ("shipped after ship-by", f"{s.late} ({percent(s.late_rate)})"),
        ("median paid → shipped", median),
        ("refund requests opened", f"{k.refund_cases} ({percent(k.refund_rate)} of orders)"),
        ("disputes opened", f"{k.disputes} ({percent(k.dispute_rate)} of orders)"),
        ("buyers", str(b.buyers)),
        (
            "repeat buyers",
            f"{b.repeat_buyers} ({percent(b.repeat_share)} of buyers, "
            f"{percent(b.repeat_order_share)} of orders)",
        ),
    ):
        other.add_row(name, value)
    out.print(other)

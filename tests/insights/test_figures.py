"""`orderdesk insights --json` against an independent computation over the same rows.

The independent side reads rows with plain ``sqlite3`` and adds them up in Python, per
currency; it shares no code with the store's SQL aggregates.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ZONE = "America/Sao_Paulo"  # UTC-3, no DST: local days differ from UTC days
PLACES = {"JPY": 0, "CLP": 0}


def _money(minor: int, code: str) -> str:
    places = PLACES.get(code, 2)
    return f"{Decimal(minor).scaleb(-places):.{places}f}"


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // b
    return q if a >= 0 else -q


def _vary(path: Path) -> None:
    """Give the demo data what it lacks: repeat buyers (by e-mail in any case, or by name when
    there is no e-mail) and shipments after ship-by."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE orders SET buyer_email = 'Repeat@Example.com' WHERE id % 23 = 0")
        db.execute("UPDATE orders SET buyer_email = 'repeat@example.COM ' WHERE id % 29 = 0")
        db.execute("UPDATE orders SET buyer_email = '' WHERE id % 7 = 0")
        db.execute(
            "UPDATE orders SET ship_by = datetime(shipped_at, '-3 hours') "
            "WHERE shipped_at IS NOT NULL AND id % 5 = 0"
        )


def expected(path: Path, start: datetime, end: datetime, top: int = 10) -> dict[str, Any]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    orders = [dict(r) for r in db.execute("SELECT * FROM orders")]
    lines = [dict(r) for r in db.execute("SELECT * FROM lines")]
    cases = [dict(r) for r in db.execute("SELECT * FROM cases")]
    db.close()
    placed = [o for o in orders if start <= _time(o["created_at"]) < end]
    sales = [o for o in placed if o["stage"] != "cancelled"]
    by_id = {o["id"]: o for o in sales}
    result: dict[str, Any] = {}
    for code in {o["currency"] for o in placed}:
        mine = [o for o in sales if o["currency"] == code]
        units = sum(
            ln["quantity"]
            for ln in lines
            if ln["order_id"] in by_id and by_id[ln["order_id"]]["currency"] == code
        )
        gross = sum(o["total"] for o in mine)
        fees = sum(o["fee"] for o in mine)
        ship = sum(o["shipping_cost"] for o in mine)
        refunds = sum(o["refunded"] for o in mine)
        channels = {}
        for channel in {o["channel"] for o in mine}:
            rows = [o for o in mine if o["channel"] == channel]
            ids = {o["id"] for o in rows}
            channels[channel] = {
                "orders": len(rows),
                "units": sum(ln["quantity"] for ln in lines if ln["order_id"] in ids),
                "gross": _money(sum(o["total"] for o in rows), code),
                "net": _money(
                    sum(o["total"] - o["fee"] - o["shipping_cost"] - o["refunded"] for o in rows),
                    code,
                ),
            }
        product_units: Counter[str] = Counter()
        product_net: Counter[str] = Counter()
        for o in mine:
            mine_lines = [ln for ln in lines if ln["order_id"] == o["id"]]
            value = sum(ln["quantity"] * ln["unit_price"] for ln in mine_lines)
            net = o["total"] - o["fee"] - o["shipping_cost"] - o["refunded"]
            for ln in mine_lines:
                product_units[ln["sku"]] += ln["quantity"]
                share = _trunc_div(net * ln["quantity"] * ln["unit_price"], value) if value else 0
                product_net[ln["sku"]] += share
        result[code] = {
            "orders": len(mine),
            "units": units,
            "gross": _money(gross, code),
            "fees": _money(fees, code),
            "shipping_costs": _money(ship, code),
            "refunds": _money(refunds, code),
            "net": _money(gross - fees - ship - refunds, code),
            "cancelled": sum(
                1 for o in placed if o["currency"] == code and o["stage"] == "cancelled"
            ),
            "channels": channels,
            "top_by_units": [
                (sku, product_units[sku])
                for sku in sorted(product_units, key=lambda s: (-product_units[s], s))[:top]
            ],
            "top_by_net": [
                (sku, _money(product_net[sku], code))
                for sku in sorted(product_net, key=lambda s: (-product_net[s], s))[:top]
            ],
        }
    shipped = [o for o in orders if o["shipped_at"] and start <= _time(o["shipped_at"]) < end]
    late = [o for o in shipped if o["ship_by"] and _time(o["shipped_at"]) > _time(o["ship_by"])]
    hours = [
        (_time(o["shipped_at"]) - _time(o["paid_at"])).total_seconds() / 3600
        for o in shipped
        if o["paid_at"]
    ]
    opened = [c for c in cases if start <= _time(c["opened_at"]) < end]
    buyers: Counter[str] = Counter()
    for o in sales:
        key = o["buyer_email"].strip().lower() or o["buyer_name"].strip()
        if key:
            buyers[key] += 1
    return {
        "currencies": result,
        "shipping": {
            "shipped": len(shipped),
            "late": len(late),
            "median": statistics.median(hours) if hours else None,
        },
        "cases": {
            "orders": len(sales),
            "refund_cases": sum(1 for c in opened if c["kind"] in ("refund", "return")),
            "disputes": sum(1 for c in opened if c["kind"] == "dispute"),
        },
        "buyers": {
            "buyers": len(buyers),
            "repeat_buyers": sum(1 for n in buyers.values() if n > 1),
            "repeat_orders": sum(n for n in buyers.values() if n > 1),
        },
    }


def _compare(got: dict[str, Any], want: dict[str, Any]) -> None:
    codes = [c["currency"] for c in got["currencies"]]
    assert sorted(codes) == sorted(want["currencies"])
    assert len(codes) == len(set(codes)), "one entry per currency, never a cross-currency total"
    for c in got["currencies"]:
        w = want["currencies"][c["currency"]]
        for name in (
            "orders",
            "units",
            "gross",
            "fees",
            "shipping_costs",
            "refunds",
            "net",
            "cancelled",
        ):
            assert c[name] == w[name], (c["currency"], name)
        assert {
            ch["channel"]: {
                "orders": ch["orders"],
                "units": ch["units"],
                "gross": ch["gross"],
                "net": ch["net"],
            }
            for ch in c["channels"]
        } == w["channels"]
        assert [(p["sku"], p["units"]) for p in c["top_by_units"]] == w["top_by_units"]
        assert [(p["sku"], p["net"]) for p in c["top_by_net"]] == w["top_by_net"]
        series_total = sum(Decimal(v) for values in c["sales"].values() for v in values)
        assert series_total == Decimal(w["gross"]), "sales per bucket add up to gross"
    s, ws = got["shipping"], want["shipping"]
    assert (s["shipped"], s["late"]) == (ws["shipped"], ws["late"])
    if ws["median"] is None:
        assert s["median_hours_paid_to_shipped"] is None
    else:
        assert s["median_hours_paid_to_shipped"] == pytest.approx(ws["median"], abs=0.01)
    assert {k: got["cases"][k] for k in want["cases"]} == want["cases"]
    assert got["cases"]["refund_rate"] == pytest.approx(
        want["cases"]["refund_cases"] / want["cases"]["orders"], abs=1e-4
    )
    assert {k: got["buyers"][k] for k in want["buyers"]} == want["buyers"]


def test_json_figures_match_an_independent_computation(cli: Any, demo_db: Path) -> None:
    _vary(demo_db)
    zone = ZoneInfo(ZONE)
    with sqlite3.connect(demo_db) as db:
        newest = db.execute("SELECT MAX(created_at) FROM orders").fetchone()[0]
    last = datetime.fromisoformat(newest).replace(tzinfo=UTC).astimezone(zone).date()
    first = last - timedelta(days=44)
    result = cli(
        "insights",
        "--from",
        first.isoformat(),
        "--to",
        last.isoformat(),
        "--json",
        db=demo_db,
        env={"TZ": ZONE},
    )
    assert result.code == 0, result.err
    got = result.json()
    start = datetime(first.year, first.month, first.day, tzinfo=zone).astimezone(UTC)
    end = datetime(last.year, last.month, last.day, tzinfo=zone).astimezone(UTC) + timedelta(days=1)
    assert got["period"]["start"] == start.isoformat()
    assert got["period"]["end"] == end.isoformat()
    assert got["granularity"] == "week"
    want = expected(demo_db, start, end)
    assert want["buyers"]["repeat_buyers"] > 2 and want["shipping"]["late"] > 10
    assert len(want["currencies"]) >= 5
    _compare(got, want)


def test_named_period_figures_match_too(cli: Any, demo_db: Path) -> None:
    _vary(demo_db)
    result = cli("insights", "--period", "last-7", "--json", db=demo_db, env={"TZ": ZONE})
    assert result.code == 0, result.err
    got = result.json()
    start = datetime.fromisoformat(got["period"]["start"])
    end = datetime.fromisoformat(got["period"]["end"])
    assert end - start == timedelta(days=7)
    assert start.astimezone(ZoneInfo(ZONE)).hour == 0  # local midnight
    assert len(got["buckets"]) == 7
    _compare(got, expected(demo_db, start, end))


def test_tables_for_people_name_every_currency(cli: Any, demo_db: Path) -> None:
    result = cli("insights", "--period", "last-30", db=demo_db, env={"COLUMNS": "120"})
    assert result.code == 0, result.err
    for code in ("USD", "EUR", "ARS", "JPY"):
        assert f"{code} · " in result.out
    assert "median paid → shipped" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-02-30"), "--from: '2026-02-30' is not a date (use YYYY-MM-DD)"),
        (("--from", "2026-03-05", "--to", "2026-03-01"), "is before the first day"),
        (("--to", "2026-03-01"), "--to needs --from"),
        (("--period", "last-7", "--from", "2026-03-01"), "give --period or --from/--to, not both"),
    ],
)
def test_bad_input_is_one_clear_line(
    cli: Any, demo_db: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("insights", *args, db=demo_db)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1

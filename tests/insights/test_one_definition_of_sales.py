"""One definition of a sale and of net: the workbook's Summary, insights and `list --json`
count the same orders and the same money (a cancelled order is no sale in any of them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.conftest import CliRunner

FIRST, LAST = "1970-01-01", date.today().isoformat()  # every order the demo holds


def _summary_tables(path: Path) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    """The Summary's own "all channels" rows and the insights table below it, by currency."""
    book = load_workbook(path, read_only=True)
    rows = [tuple(row) + (None,) * 9 for row in book["Summary"].iter_rows(values_only=True)]
    book.close()
    own = {row[0]: row[2:9] for row in rows if row[1] == "all channels"}
    start = next(
        i for i, row in enumerate(rows) if row[:4] == ("Currency", "Orders", "Units", "Gross sales")
    )
    insights = {}
    for row in rows[start + 1 :]:
        if row[0] is None or not isinstance(row[1], int):
            break
        insights[row[0]] = row[1:8]
    return own, insights


def _number(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_summary_insights_and_the_list_count_the_same_sales(
    cli: CliRunner, demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.xlsx"
    done = cli("export", "--from", FIRST, "--to", LAST, "--out", out, db=demo_db)
    assert done.code == 0, done.err
    own, table = _summary_tables(out)
    assert own and own.keys() == table.keys()
    for code, figures in own.items():  # orders, units, gross, fees, shipping, refunds, net
        assert [_number(v) for v in figures] == [_number(v) for v in table[code]], code

    report = cli("insights", "--from", FIRST, "--to", LAST, "--json", db=demo_db).json()
    for currency in report["currencies"]:
        code = currency["currency"]
        assert currency["orders"] == own[code][0]
        assert _number(currency["gross"]) == _number(own[code][2])
        assert _number(currency["net"]) == _number(own[code][6])

    listed = cli("list", "--tab", "all", "--json", db=demo_db).json()
    sales: dict[str, list[Decimal]] = defaultdict(list)
    cancelled = 0
    for row in listed:
        if row["stage"] == "cancelled":
            cancelled += 1
        else:
            sales[row["currency"]].append(Decimal(row["total"]))
    assert cancelled > 0  # the demo has cancelled orders: the definitions are put to the test
    assert {code: len(v) for code, v in sales.items()} == {c: f[0] for c, f in own.items()}
    assert {code: sum(v) for code, v in sales.items()} == {c: _number(f[2]) for c, f in own.items()}
    assert sum(c["cancelled"] for c in report["currencies"]) == cancelled

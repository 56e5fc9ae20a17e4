"""Run every benchmark and print the table: median, min, max and the ratio to its baseline.

    python3 -m benchmarks.run                 # 100,000 orders, 5 runs each (about 10 minutes)
    python3 -m benchmarks.run --only core,labels --repeats 3
    python3 -m benchmarks.run --orders 2000 --repeats 1     # a quick look

The 100,000-order demo database is built once into benchmarks/.cache/ and reused; the latest
table is also written to benchmarks/.cache/latest.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.common import CACHE, ROOT

Runner = Callable[[argparse.Namespace, Path], list[dict[str, Any]]]


def _core(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_core

    return bench_core.run(args.repeats, db, args.orders)


def _desk(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_desk

    return bench_desk.run(args.repeats, db)


def _labels(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_labels

    return bench_labels.run(args.repeats, min(1000, args.orders))


def _customs(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_customs

    return bench_customs.run(args.repeats, min(1000, args.orders))


def _import(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_import

    return [*bench_import.run(args.repeats, args.orders), bench_import.run_ventas(1, args.orders)]


def _workbook(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_workbook

    return bench_workbook.run(args.repeats, max(1, args.orders // 10))


def _insights(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_insights

    return bench_insights.run(args.repeats, db)


def _postgres(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_postgres

    return bench_postgres.run(args.repeats, db, args.orders)


def _stock(args: argparse.Namespace, db: Path) -> list[dict[str, Any]]:
    from benchmarks import bench_stock

    return bench_stock.run(args.repeats, db)


BENCHMARKS: dict[str, Runner] = {
    "core": _core,
    "desk": _desk,
    "labels": _labels,
    "customs": _customs,
    "import": _import,
    "workbook": _workbook,
    "insights": _insights,
    "stock": _stock,
    "postgres": _postgres,
}


def demo_database(orders: int) -> Path:
    """The cached demo database of ``orders`` orders (built on first use)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{orders}.db"
    if not path.exists():
        print(f"building {path.name} ({orders:,} orders)…", file=sys.stderr)
        partial = CACHE / f"building-{orders}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "orderdesk",
                "--db",
                str(partial),
                "demo",
                "--orders",
                str(orders),
                "--seed",
                "1",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        import sqlite3

        sqlite3.connect(partial).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        partial.rename(path)
    return path


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.001:
            return f"{value * 1e6:.1f} µs"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.0f} {unit}"


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (the one BENCHMARKS.md keeps)."""
    lines = [
        "| benchmark | median | min | max | baseline (median) | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        unit = row.get("unit", "s")
        base = row.get("baseline") or ""
        if row.get("baseline_median") is not None:
            base += f" ({_number(row['baseline_median'], unit)})"
        ratio = f"{row['ratio']:.2f}×" if row.get("ratio") else "—"
        met = {True: "yes", False: "**no**", None: "—"}[row.get("met")]
        lines.append(
            f"| {row['name']} | {_number(row['median'], unit)} | "
            f"{_number(row['min'], unit)} | {_number(row['max'], unit)} | {base} | "
            f"{ratio} | {row.get('target', '')} | {met} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--only",
        default=",".join(BENCHMARKS),
        help=f"comma-separated subset of: {', '.join(BENCHMARKS)}",
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    db = demo_database(args.orders)
    rows: list[dict[str, Any]] = []
    for name in chosen:
        print(f"running {name}…", file=sys.stderr)
        rows.extend(BENCHMARKS[name](args, db))
    header = (
        f"{datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{args.orders:,} orders, {args.repeats} runs each"
    )
    print(header)
    print(table(rows))
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "latest.json").write_text(json.dumps({"header": header, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

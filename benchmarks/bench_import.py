"""Import speed: a Shopify orders_export.csv of ``size`` orders (about 2.5 rows per order), and
a Mercado Libre Ventas workbook of ``size`` sales in the current layout (one in ten a pack of
two items), each against raw ``executemany`` of the rows it stored.

Measured: ``orderdesk.services.importing.import_file`` into a fresh database (detect, read,
check, build rows, Core ``executemany``, journal, one transaction). Baseline, in the same run:
raw ``sqlite3`` ``executemany`` of the very rows the import stored (orders, lines, journal)
into a fresh database with the same schema — the floor for getting those rows on disk.
Target: 40,000 file rows/s or more.

    python3 -m benchmarks.bench_import [--repeats 3] [--size 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import print_rows, result

HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts "
    "Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,"
    "Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,"
    "Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,"
    "Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,"
    "Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,"
    "Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,"
    "Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,"
    "Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,"
    "Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,"
    "Phone,Receipt Number"
).split(",")
NAMES = [
    "Ana Pérez",
    "João Silva",
    "李明",
    "Zoë O'Brien",
    "Müller, Jonas",
    "Sakura 佐藤",
    "Ольга Петрова",
    "Luis García",
]
ITEMS = [
    ("MUG-L", "Mug, large", 1800),
    ("CST-1", "Coaster", 450),
    ("TEE-M", "T-shirt M", 2200),
    ("CAP-1", "Cap", 1500),
    ("BAG-T", "Tote bag", 1250),
    ("PIN-3", "Pin set (3)", 600),
]


def write_shopify(path: Path, orders: int, seed: int = 1) -> int:
    """A realistic export: continuation rows, quoted commas, accents, CJK. Returns rows."""
    rng = random.Random(seed)
    rows = 0
    index = {name: i for i, name in enumerate(HEADER)}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(orders):
            count = rng.choice((1, 2, 2, 3, 4, 3))
            items = [rng.choice(ITEMS) for _ in range(count)]
            qty = [rng.choice((1, 1, 2)) for _ in items]
            subtotal = sum(q * p for q, (_, _, p) in zip(qty, items, strict=True))
            shipping = rng.choice((0, 499))
            day = 1 + n % 28
            created = f"2026-05-{day:02d} {8 + n % 12:02d}:{n % 60:02d}:00 +0200"
            paid = rng.random() < 0.9
            fulfilled = paid and rng.random() < 0.5
            name = f"{rng.choice(NAMES)} {n // 8}"  # buyers repeat now and then, as in a shop
            for line, ((sku, title, price), q) in enumerate(zip(items, qty, strict=True)):
                row = [""] * len(HEADER)
                row[index["Name"]] = f"#{1001 + n}"
                row[index["Email"]] = f"buyer{n}@example.com"
                row[index["Lineitem quantity"]] = str(q)
                row[index["Lineitem name"]] = title
                row[index["Lineitem price"]] = f"{price / 100:.2f}"
                row[index["Lineitem sku"]] = sku
                row[index["Lineitem fulfillment status"]] = "fulfilled" if fulfilled else "pending"
                if line == 0:
                    for key, value in {
                        "Financial Status": "paid" if paid else "pending",
                        "Paid at": created if paid else "",
                        "Fulfillment Status": "fulfilled" if fulfilled else "unfulfilled",
                        "Fulfilled at": created if fulfilled else "",
                        "Currency": "USD",
                        "Subtotal": f"{subtotal / 100:.2f}",
                        "Shipping": f"{shipping / 100:.2f}",
                        "Taxes": "0.00",
                        "Total": f"{(subtotal + shipping) / 100:.2f}",
                        "Discount Amount": "0.00",
                        "Shipping Method": "Standard",
                        "Created at": created,
                        "Billing Name": name,
                        "Shipping Name": name,
                        "Shipping Address1": f"{n} Main St, Apt {n % 40}",
                        "Shipping City": "Springfield",
                        "Shipping Zip": f"{10000 + n % 89999}",
                        "Shipping Province": "IL",
                        "Shipping Country": "US",
                        "Refunded Amount": "0.00",
                        "Id": str(5_000_000_000 + n),
                        "Tags": "wholesale, repeat" if n % 7 == 0 else "",
                        "Notes": "Leave at the door, please" if n % 11 == 0 else "",
                    }.items():
                        row[index[key]] = value
                writer.writerow(row)
                rows += 1
    return rows


def _copy_rows(source: Path, target: Path) -> tuple[float, int]:
    """Raw sqlite3 executemany of the stored orders, lines and journal rows; seconds, rows."""
    src = sqlite3.connect(source)
    tables = {}
    for table in ("orders", "lines", "journal"):
        cursor = src.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description if d[0] != "tab"]
        tables[table] = (
            columns,
            src.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(),
        )
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=NORMAL")
    written = 0
    start = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in tables.items():
        marks = ", ".join("?" for _ in columns)
        dst.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        written += len(rows)
    dst.execute("COMMIT")
    elapsed = time.perf_counter() - start
    dst.close()
    return elapsed, written


def write_ventas(path: Path, sales: int, seed: int = 2) -> int:
    """A Mercado Libre Ventas workbook in the current layout (title rows, header on row 7,
    one pack of two items in ten sales). Returns the data rows."""
    from openpyxl import Workbook

    from tests.exchange.genuine.mercadolibre.build import HEADER

    rng = random.Random(seed)
    at: dict[str, int] = {}
    for index, name in enumerate(HEADER):
        at.setdefault(name, index)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ventas AR")
    for title in (["Ventas"], [], [], ["En este reporte encontrarás tus ventas."], [], []):
        sheet.append(title)
    sheet.append(HEADER)
    rows = 0

    def row(**cells: object) -> list[object]:
        out: list[object] = [None] * len(HEADER)
        for name, value in cells.items():
            out[at[name]] = value
        return out

    for n in range(sales):
        day = 1 + n % 28
        price = rng.choice((9000, 12000, 25000, 30000))
        common = {
            "Comprador": f"{rng.choice(NAMES)} {n // 8}",
            "Domicilio": f"Calle {n}",
            "Ciudad": "Córdoba",
            "Código postal": "5000",
            "País": "Argentina",
            "Fecha de venta": f"{day} de mayo de 2026 {8 + n % 12}:{n % 60:02d} hs.",
        }
        sale = f"2000{n:012d}"
        if n % 10 == 9:
            sheet.append(
                row(
                    **common,
                    **{
                        "# de venta": sale,
                        "Estado": "Paquete de 2 productos",
                        "Ingresos por productos (ARS)": 2 * price,
                        "Cargo por venta": -price // 5,
                        "Total (ARS)": 2 * price - price // 5,
                    },
                )
            )
            for k in range(2):
                sheet.append(
                    row(
                        **{
                            "# de venta": f"3000{n:010d}{k:02d}",
                            "Estado": "En camino",
                            "Unidades": 1,
                            "SKU": f"SKU-{k}",
                            "Título de la publicación": "Yerba mate 1 kg",
                            "Precio unitario de venta de la publicación (ARS)": price,
                            "Fecha en camino": f"{day} de mayo | 10:15",
                        }
                    )
                )
            rows += 3
        else:
            sheet.append(
                row(
                    **common,
                    **{
                        "# de venta": sale,
                        "Estado": "Entregado",
                        "Unidades": 1,
                        "Ingresos por productos (ARS)": price,
                        "Cargo por venta": -price // 10,
                        "Costo fijo": -900,
                        "Total (ARS)": price - price // 10 - 900,
                        "SKU": "MATE-CAL",
                        "Título de la publicación": "Mate de calabaza",
                        "Precio unitario de venta de la publicación (ARS)": price,
                    },
                )
            )
            rows += 1
    book.save(path)
    return rows


def _measure(
    folder: Path, source: Path, size: int, repeats: int
) -> tuple[list[float], list[float], int]:
    """Import ``source`` into a fresh database ``repeats`` times, and raw-copy what it stored
    each time: (import seconds, baseline seconds, rows stored)."""
    from orderdesk.services.importing import import_file
    from orderdesk.store import open_database

    empty = folder / "empty.db"
    if not empty.exists():
        open_database(empty).close()
    ours: list[float] = []
    base: list[float] = []
    stored_rows = 0
    for attempt in range(repeats):
        db_path = folder / f"import-{attempt}.db"
        shutil.copy(empty, db_path)
        database = open_database(db_path)
        start = time.perf_counter()
        report = import_file(database, source)
        ours.append(time.perf_counter() - start)
        database.close()
        assert report.new == size, report
        target = folder / f"raw-{attempt}.db"
        shutil.copy(empty, target)
        seconds, stored_rows = _copy_rows(db_path, target)
        base.append(seconds)
        db_path.unlink()
        target.unlink()
    return ours, base, stored_rows


def run_ventas(repeats: int = 1, size: int = 100_000) -> dict[str, Any]:
    """The same measure for a Mercado Libre Ventas workbook of ``size`` sales."""
    folder = Path(tempfile.mkdtemp(prefix="bench-ventas-"))
    try:
        source = folder / "ventas.xlsx"
        file_rows = write_ventas(source, size)
        ours, base, stored_rows = _measure(folder, source, size, repeats)
        rate = file_rows / statistics.median(ours)
        return result(
            f"import Mercado Libre Ventas xlsx: {size:,} sales, {file_rows:,} rows",
            ours,
            baseline=f"raw sqlite3 executemany of the same stored rows ({stored_rows:,})",
            baseline_samples=base,
            target="ratio reported (reading xlsx dominates)",
            met=True,
            note=f"{rate:,.0f} file rows/s",
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(repeats: int = 3, size: int = 100_000) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        source = folder / "orders_export.csv"
        file_rows = write_shopify(source, size)
        ours, base, stored_rows = _measure(folder, source, size, repeats)
        rate = file_rows / statistics.median(ours)
        return [
            result(
                f"import Shopify CSV: {size:,} orders, {file_rows:,} rows",
                ours,
                baseline=f"raw sqlite3 executemany of the same stored rows ({stored_rows:,}: "
                f"orders, lines, journal)",
                baseline_samples=base,
                target="≥ 40,000 file rows/s",
                met=rate >= 40_000,
                note=f"{rate:,.0f} file rows/s",
            )
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    print_rows([*run(args.repeats, args.size), run_ventas(1, args.size)])


if __name__ == "__main__":
    main()

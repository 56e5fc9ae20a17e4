"""Stock commands: ``stock list | set | receive | count | adjust | import | export | show``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.commands.output import console, print_json, run_each, whole_number

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands
    from orderdesk.store.stock_queries import ProductField

#: ``stock list --json`` fields (a stable contract).
LIST_FIELDS: tuple[ProductField, ...] = (
    "sku",
    "title",
    "on_hand",
    "committed",
    "available",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
)


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    stock = commands.add_parser(
        "stock",
        parents=[shared],
        help="the catalogue and its stock",
        description="The catalogue: each SKU with on hand, committed (units on orders not yet "
        "confirmed), available, the low-stock threshold and its customs facts.",
    )
    sub = stock.add_subparsers(
        dest="stock_command", metavar="ACTION", required=True, parser_class=type(stock)
    )

    p = sub.add_parser("list", parents=[shared], help="every SKU with its stock")
    p.add_argument(
        "--low", action="store_true", help="only the SKUs at or under their low-stock threshold"
    )
    p.add_argument("--json", action="store_true", help="print JSON (stable fields)")
    p.set_defaults(handler=list_stock)

    p = sub.add_parser(
        "set",
        parents=[shared],
        help="add a product, or change its fields",
        description="Add a product (SKU not known yet) or change the fields "
        "given. --on-hand sets the count (the difference is "
        "journaled).",
    )
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--title", metavar="T")
    p.add_argument("--on-hand", type=whole_number, metavar="N")
    p.add_argument(
        "--low", dest="low_stock", type=whole_number, metavar="N", help="low-stock threshold"
    )
    p.add_argument("--barcode", metavar="CODE", help="EAN-8, UPC-A, EAN-13 or GTIN-14")
    p.add_argument("--weight-g", type=whole_number, metavar="N", help="weight in grams")
    p.add_argument("--hs-code", metavar="CODE", help="customs tariff code, 6 to 10 digits")
    p.add_argument("--origin", metavar="CC", help="country of origin (two letters)")
    p.add_argument("--customs-description", metavar="TEXT")
    p.set_defaults(handler=set_stock)

    p = sub.add_parser("receive", parents=[shared], help="units arrived: on hand goes up")
    p.add_argument("sku", metavar="SKU")
    p.add_argument("units", type=whole_number, metavar="N")
    p.add_argument("--note", default="", metavar="TEXT", help="supplier, delivery note…")
    p.set_defaults(handler=receive)

    p = sub.add_parser(
        "count",
        parents=[shared],
        help="a stock count: on hand becomes N (the difference is journaled)",
    )
    p.add_argument("sku", metavar="SKU")
    p.add_argument("units", type=whole_number, metavar="N")
    p.set_defaults(handler=count)

    p = sub.add_parser(
        "adjust", parents=[shared], help="move on hand by DELTA with a reason (damaged, lost…)"
    )
    p.add_argument("sku", metavar="SKU")
    p.add_argument("delta", metavar="DELTA", help="e.g. -2 or +3")
    p.add_argument(
        "--reason", required=True, metavar="TEXT", help="damaged, lost, returned to supplier…"
    )
    p.set_defaults(handler=adjust)

    p = sub.add_parser(
        "import",
        parents=[shared],
        help="load the catalogue from CSV or XLSX",
        description="Load products from a CSV or XLSX with a header row: sku "
        "(required), title, on_hand, low_stock, barcode, weight_g, "
        "hs_code, origin, customs_description. A file with any "
        "problem changes nothing.",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show added / updated / unchanged / problems and change nothing",
    )
    p.set_defaults(handler=import_stock)

    p = sub.add_parser("export", parents=[shared], help="write the catalogue as CSV or XLSX")
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="file or folder (default: orderdesk-catalogue.FORMAT here)",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("csv", "xlsx"),
        default=None,
        metavar="FORMAT",
        help="csv or xlsx (default: from --out, else xlsx)",
    )
    p.set_defaults(handler=export_stock)

    p = sub.add_parser("show", parents=[shared], help="one SKU and its stock movements")
    p.add_argument("sku", metavar="SKU")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=show_stock)


def list_stock(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.store.stock_queries import product_rows

    database = context.database()
    with database.reader() as reader:
        rows = product_rows(reader, low=args.low)
    if args.json:
        print_json([{name: row[name] for name in LIST_FIELDS} for row in rows])
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"stock · {len(rows)} SKUs", expand=False)
    for name in (
        "SKU",
        "title",
        "on hand",
        "committed",
        "available",
        "low at",
        "barcode",
        "origin",
    ):
        table.add_column(
            name,
            no_wrap=True,
            overflow="ellipsis",
            max_width=28 if name == "title" else None,
            justify="right" if name in ("on hand", "committed", "available", "low at") else "left",
        )
    for row in rows:
        available = Text(str(row["available"]))
        if row["short"]:
            available.stylize("bold red")
        elif row["low"]:
            available.stylize("yellow")
        table.add_row(
            Text(row["sku"]),
            Text(row["title"]),
            str(row["on_hand"]),
            str(row["committed"]),
            available,
            str(row["low_stock"]),
            row["barcode"],
            row["origin"],
        )
    console().print(table)
    return 0


def set_stock(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.catalogue import ProductDraft
    from orderdesk.domain.stock import set_product

    draft = ProductDraft(
        args.sku,
        title=args.title,
        on_hand=args.on_hand,
        low_stock=args.low_stock,
        barcode=args.barcode,
        weight_g=args.weight_g,
        hs_code=args.hs_code,
        origin=args.origin,
        customs_description=args.customs_description,
    )
    database = context.database()
    return run_each([args.sku], lambda _sku: database.perform(set_product, draft))


def receive(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.stock import receive as action

    database = context.database()
    return run_each([args.sku], lambda sku: database.perform(action, sku, args.units, args.note))


def count(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.stock import count as action

    database = context.database()
    return run_each([args.sku], lambda sku: database.perform(action, sku, args.units))


def adjust(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.stock import adjust as action
    from orderdesk.domain.units import whole

    delta = whole(args.delta, f"stock adjust {args.sku}: DELTA", signed=True)
    database = context.database()
    return run_each([args.sku], lambda sku: database.perform(action, sku, delta, args.reason))


def import_stock(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.stock import import_catalogue
    from orderdesk.exchange.catalogue import read_catalogue

    found = read_catalogue(args.file)
    if found.total_problems:
        for problem in found.problems:
            print(f"  problem: {found.name}: {problem}", file=sys.stderr)
        more = found.total_problems - len(found.problems)
        if more:
            print(f"  … and {more} more", file=sys.stderr)
        print(
            f"orderdesk: {found.name}: {found.total_problems} problem(s); nothing was "
            f"{'imported' if not args.dry_run else 'checked further'} — fix them and "
            f"import again",
            file=sys.stderr,
        )
        return 2
    database = context.database()
    with database.uow() as uow:
        outcome = import_catalogue(uow, found.drafts, found.name)
        if not args.dry_run:
            uow.commit()
    print(("dry run: " if args.dry_run else "") + outcome.message)
    return 0


def export_stock(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.errors import BadInput
    from orderdesk.exchange.catalogue import write_catalogue
    from orderdesk.store.stock_queries import product_rows

    out: Path = args.out or Path.cwd()
    fmt = args.fmt
    if out.is_dir():
        fmt = fmt or "xlsx"
        out = out / f"orderdesk-catalogue.{fmt}"
    else:
        suffix = out.suffix.lower().lstrip(".")
        if fmt is None:
            if suffix not in ("csv", "xlsx"):
                raise BadInput(f"--out: {out.name}: give a .csv or .xlsx name, or --format")
            fmt = suffix
    database = context.database()
    with database.reader() as reader:
        rows = product_rows(reader)
    path = write_catalogue(rows, out.expanduser(), fmt)
    print(f"catalogue of {len(rows)} SKUs written to {path}")
    return 0


def show_stock(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.errors import BadInput
    from orderdesk.store.stock_queries import movements, product_rows

    database = context.database()
    with database.reader() as reader:
        rows = [
            row
            for row in product_rows(reader, search=args.sku, limit=50)
            if row["sku"] == args.sku.strip()
        ]
        if not rows:
            raise BadInput(f"SKU {args.sku}: no such product")
        moves = movements(reader, rows[0]["sku"])
    product = rows[0] | {"movements": moves}
    if args.json:
        print_json(product)
        return 0
    from rich.table import Table
    from rich.text import Text

    from orderdesk.commands.output import SECONDS
    from orderdesk.domain.periods import local_time
    from orderdesk.exchange.catalogue import EXPORT_COLUMNS

    head = Table.grid(padding=(0, 2))
    for name in EXPORT_COLUMNS:  # the catalogue's columns, as an export writes them
        head.add_row(Text(name.replace("_", " "), style="bold"), Text(str(product[name])))
    table = Table("When", "Who", "Units", "What", title="Movements", title_justify="left")
    for move in moves:
        table.add_row(
            local_time(move["at"], SECONDS),
            Text(move["actor"]),
            f"{move['units']:+d}",
            Text(move["summary"]),
        )
    console().print(head)
    console().print(table)
    return 0

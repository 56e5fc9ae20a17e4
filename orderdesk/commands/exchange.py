"""Exchange commands: ``import`` (marketplace exports, the template) and ``export`` (the
month-end workbook or its CSV)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.commands.output import out_path
from orderdesk.domain.errors import BadInput
from orderdesk.domain.periods import parse_day
from orderdesk.exchange import FORMATS as IMPORT_FORMATS

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "import",
        parents=[shared],
        help="import a marketplace's order export",
        description="Import orders from a Shopify orders_export.csv, an Amazon order report "
        "(order report, Unshipped Orders, All Orders), a Mercado Libre Ventas "
        "workbook (.xlsx), Etsy's sold orders or order items CSV, an eBay orders "
        "report (Seller Hub or SalesHistory.csv), a TikTok Shop export, or the "
        "desk's own template (CSV/XLSX; also for AliExpress, Wish and hand-kept "
        "sheets); any other layout through a saved column mapping (--map). "
        "The format is detected from the header. Re-importing changes nothing; a "
        "later file updates what the channel decides (paid, cancelled, shipped, "
        "delivered, tracking, refunds). A file with any problem changes nothing.",
    )
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the file to import")
    p.add_argument(
        "--format",
        dest="fmt",
        default="auto",
        choices=IMPORT_FORMATS,
        metavar="FORMAT",
        help=f"one of: {', '.join(IMPORT_FORMATS)} (default auto)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="show new / updated / unchanged / rejected and change nothing",
    )
    p.add_argument(
        "--store",
        default="",
        metavar="NAME",
        help="the channel account the file is from (two Shopify stores are two "
        "stores); another store's orders with the same numbers are refused",
    )
    p.add_argument(
        "--map",
        dest="mapping",
        default=None,
        metavar="NAME",
        help="read a file of any other layout through the saved column mapping "
        "NAME (mappings/NAME.toml in the config folder)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the good orders; write the rejected rows, with a reason "
        "column, to FILE.rejected.csv (or .xlsx) beside the file",
    )
    p.add_argument(
        "--template",
        type=Path,
        metavar="PATH",
        help="write the generic import template (.csv or .xlsx) and stop",
    )
    p.set_defaults(handler=import_command)

    p = commands.add_parser(
        "export",
        parents=[shared],
        help="write the month-end workbook (or CSV)",
        description="Write the workbook for the accountant: sheets Orders, Lines, Cases and "
        "Summary for the orders placed in the month (or --from/--to, local dates). "
        "--format csv writes the Orders sheet as CSV.",
    )
    p.add_argument("--month", metavar="YYYY-MM", help="the month (default: this month)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day, 2026-10-01")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day, 2026-10-31")
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="file or folder (default: orderdesk-YYYY-MM.xlsx here)",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        default="xlsx",
        choices=("xlsx", "csv"),
        metavar="FORMAT",
        help="xlsx (default) or csv",
    )
    p.set_defaults(handler=export_command)


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def import_command(context: Context, args: argparse.Namespace) -> int:
    if args.template is not None:
        if args.file is not None or args.dry_run:
            raise BadInput("import --template PATH writes the template; give no FILE with it")
        from orderdesk.exchange.template import write_template

        path = write_template(args.template)
        print(f"template written to {path}")
        return 0
    if args.file is None:
        raise BadInput("import: give the FILE to import (or --template PATH)")
    from orderdesk.services.importing import import_file

    mapping = None
    if args.mapping:
        from orderdesk.exchange.mapping import load

        mapping = load(args.mapping)
    database = context.database()
    with _progress(f"importing {args.file.name}") as progress:
        report = import_file(
            database,
            args.file,
            fmt=args.fmt,
            dry_run=args.dry_run,
            handling_days=context.settings.handling_days,
            progress=progress,
            store=args.store.strip(),
            skip_bad=args.skip_bad,
            mapping=mapping,
        )
    print(report.summary())
    for line in report.warnings:
        print(f"  warning: {line}", file=sys.stderr)
    for line in report.updates[:50]:
        print(f"  updated {line}")
    if len(report.updates) > 50:
        print(f"  … and {len(report.updates) - 50} more updated")
    for line in report.duplicates:
        print(f"  possible duplicate: {line}")
    for line in report.rejected:
        print(f"  rejected: {line}", file=sys.stderr)
    if report.rejected and args.skip_bad:
        return 0
    if report.rejected:
        print(
            f"orderdesk: {report.file}: {report.problem_count} problem(s); nothing would be "
            f"imported until they are fixed",
            file=sys.stderr,
        )
        return 2
    return 0


def export_command(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.exchange.workbook import export_workbook, month_range

    if args.month and (args.start or args.end):
        raise BadInput("export: give --month or --from/--to, not both")
    if args.start or args.end:
        if not (args.start and args.end):
            raise BadInput("export: give both --from and --to")
        start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    else:
        start, end = month_range(args.month or date.today().strftime("%Y-%m"))
    database = context.database()
    out = out_path(context, args.out, folder=True)
    with _progress("writing the workbook") as progress:
        path = export_workbook(database, start, end, out, fmt=args.fmt, progress=progress)
    print(f"{'CSV' if args.fmt == 'csv' else 'workbook'} written to {path}")
    return 0

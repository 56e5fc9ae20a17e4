"""The customs command: CN 22/CN 23 forms (and the commercial invoice) of cross-border orders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands

CATEGORIES = ("sale", "gift", "sample", "return", "documents", "other")


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "customs",
        parents=[shared],
        help="write the customs forms (CN 22 / CN 23) of cross-border orders",
        description="Write the UPU customs declaration of each order shipped outside the "
        "seller's country ([seller] country in config.toml): the CN 22 for contents worth up "
        "to 300 SDR, the CN 23 above, filled from the catalogue (customs description, HS code, "
        "country of origin, weight). A CN 23 for a sale of goods is followed by a commercial "
        "invoice; --commercial-invoice adds one to every order. An order lacking a customs "
        "fact refuses the run, naming the SKU and the field; nothing is written.",
    )
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write the PDF")
    p.add_argument(
        "--category",
        default="sale",
        choices=CATEGORIES,
        help="the category box ticked (default: sale of goods)",
    )
    p.add_argument(
        "--commercial-invoice",
        action="store_true",
        help="add a commercial invoice (A4) after every order's form",
    )
    p.add_argument(
        "--size",
        choices=("4x6", "a4"),
        default="a4",
        help="a4 (default), or 4x6 pages for the CN 22 (a CN 23 is always A4)",
    )
    p.set_defaults(handler=customs)


def customs(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.commands.output import out_path
    from orderdesk.documents.customs import write_customs
    from orderdesk.domain.customs import category

    run = write_customs(
        context.database(),
        args.orders,
        settings=context.settings,
        out=out_path(context, args.out),
        kind=category(args.category),
        commercial_invoice=args.commercial_invoice,
        size=args.size,
    )
    for _ref, message in run.unknown + run.refused:
        print(f"orderdesk: {message}", file=sys.stderr)
    if run.path is None:
        print("orderdesk: no customs form written", file=sys.stderr)
        return run.exit_status or 1
    forms = ", ".join(f"#{i} {f[:2]} {f[2:]}" for i, f in zip(run.orders, run.forms, strict=True))
    print(f"customs forms ({forms}) written to {run.path}")
    return 0

"""Return commands: the return label of an accepted return, and receiving its parcel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "return-label",
        parents=[shared],
        help="write the return label of an accepted return (RMA barcode)",
        description="Write the return label of an accepted return case: the buyer's address "
        "as sender, the seller's ([seller] in config.toml) as recipient, and the return "
        "authorisation number (RMA) as a barcode. A case that is not an accepted return is "
        "refused, naming the case and why (exit 2). Sent to the printer when one is set.",
    )
    p.add_argument("case", metavar="CASE", help="the return case's id (see `list --tab refunds`)")
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write the PDF")
    p.add_argument(
        "--size",
        choices=("4x6", "a4"),
        default=None,
        help="4x6 in, or a4 (default: label_size setting)",
    )
    p.set_defaults(handler=return_label)

    p = commands.add_parser(
        "return-received",
        parents=[shared],
        help="the returned parcel arrived: its items go back in stock (undoable)",
        description="Record that the parcel of an accepted return arrived: what the order "
        "took from stock goes back on the shelf, journaled and undoable. A return is "
        "received once.",
    )
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.set_defaults(handler=return_received)


def return_label(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.commands.output import out_path
    from orderdesk.documents.return_label import write_return_label

    settings = context.settings
    path, rma, printed = write_return_label(
        context.database(),
        args.case,
        settings=settings,
        out=out_path(context, args.out),
        size=args.size or settings.label_size,
    )
    print(f"return label {rma} (case {str(args.case).lstrip('#')}) written to {path}")
    if printed:
        print(f"printer {settings.printer}: {printed}")
    return 0


def return_received(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.commands.output import run_each
    from orderdesk.domain.returns import receive_return

    database = context.database()
    return run_each(args.cases, lambda case: database.perform(receive_return, case))

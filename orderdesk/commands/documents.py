"""Document commands: label, invoice, packing-slip, picklist (DESIGN §4 and §5)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.commands.output import out_path
from orderdesk.domain.stages import Tab

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands
    from orderdesk.documents.paperwork import DocumentRun


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "label",
        parents=[shared],
        help="print shipping labels (confirmed → ready to ship)",
        description="Write the shipping labels of the orders as one document and, when a "
        'printer is set (printer = "NAME" in config.toml) or --print is given, '
        "send it with lp. Confirmed orders move to Ready to ship; a reprint keeps "
        "the stage. Orders a rule refuses are listed; the rest still print.",
    )
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="where to write the document (default: the documents folder)",
    )
    p.add_argument(
        "--print",
        dest="send",
        action="store_true",
        default=None,
        help="send to the printer set in config.toml",
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("pdf", "zpl"),
        default=None,
        help="pdf, or zpl for thermal printers (default: label_format setting)",
    )
    p.add_argument(
        "--size",
        choices=("4x6", "a4"),
        default=None,
        help="4x6 in, or a4 with four labels a page (default: label_size setting)",
    )
    p.set_defaults(handler=label)

    p = commands.add_parser("invoice", parents=[shared], help="write invoices (A4, one per order)")
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write the PDF")
    p.set_defaults(handler=invoice)

    p = commands.add_parser(
        "packing-slip",
        parents=[shared],
        help="write packing slips (one document, a page per order)",
    )
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write the PDF")
    p.set_defaults(handler=packing_slip)

    tabs = [t.value for t in (Tab.TO_PREPARE, Tab.READY_TO_SHIP, Tab.IN_TRANSIT, Tab.FINALIZED)]
    p = commands.add_parser(
        "picklist",
        parents=[shared],
        help="write the pick list: units per SKU across a tab's orders",
    )
    p.add_argument(
        "--tab",
        default=Tab.TO_PREPARE.value,
        choices=tabs,
        metavar="TAB",
        help=f"one of: {', '.join(tabs)} (default: to-prepare)",
    )
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write the PDF")
    p.set_defaults(handler=picklist)


def _refusals(refused: list[tuple[str, str]]) -> None:
    for _ref, message in refused:
        print(f"orderdesk: {message}", file=sys.stderr)


def label(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.services.labels import print_labels

    settings = context.settings
    run = print_labels(
        context.database(),
        args.orders,
        settings=settings,
        out=out_path(context, args.out),
        fmt=args.fmt,
        size=args.size,
        send=args.send,
    )
    _refusals(run.refused)
    if run.path is None:
        print("orderdesk: no label written: no order could have one", file=sys.stderr)
        return run.exit_status or 1
    if run.printer_failed:
        print(f"orderdesk: {run.printer_message}", file=sys.stderr)
        return run.exit_status
    count = run.labels or len(run.printed)
    merged = len(run.printed) > count  # orders merged into one shipment share its label
    orders = f" for {len(run.printed)} orders" if merged else ""
    print(f"{count} label{'' if count == 1 else 's'}{orders} written to {run.path}")
    if run.printer_message:
        print(f"printer {settings.printer}: {run.printer_message}")
    for note in run.notes:
        print(f"orderdesk: {note}", file=sys.stderr)
    return run.exit_status


def invoice(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.documents.paperwork import write_invoices

    run = write_invoices(
        context.database(), args.orders, settings=context.settings, out=out_path(context, args.out)
    )
    return _report(run, "invoice")


def packing_slip(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.documents.paperwork import write_packing_slips

    run = write_packing_slips(context.database(), args.orders, out=out_path(context, args.out))
    return _report(run, "packing slip")


def picklist(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.documents.paperwork import write_picklist

    run = write_picklist(context.database(), tab=args.tab, out=out_path(context, args.out))
    print(f"pick list written to {run.path}")
    return 0


def _report(run: DocumentRun, what: str) -> int:
    _refusals(run.unknown)
    if run.path is None:
        print(f"orderdesk: no {what} written", file=sys.stderr)
        return run.exit_status
    count = len(run.orders)
    print(f"{count} {what}{'' if count == 1 else 's'} written to {run.path}")
    return run.exit_status

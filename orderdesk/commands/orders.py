"""Order commands: list, show, and the desk's actions."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from orderdesk.commands.output import MINUTES, console, print_json, run_each, visible, whole_number
from orderdesk.domain.money import format_amount_text
from orderdesk.domain.periods import local_time
from orderdesk.domain.stages import TAB_NAMES

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands
    from orderdesk.store.rows import OrderRow


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "list",
        parents=[shared],
        help="list the orders of a tab",
        description="List the orders of a tab, in the order they are worked.",
    )
    p.add_argument(
        "--tab",
        default=None,
        choices=TAB_NAMES,
        metavar="TAB",
        help=f"one of: {', '.join(TAB_NAMES)} (default: to-prepare; with --search, all)",
    )
    p.add_argument(
        "--search", metavar="TEXT", help="order id, channel id, buyer, SKU or tracking number"
    )
    p.add_argument("--short", action="store_true", help="only the pending orders short of stock")
    p.add_argument("--json", action="store_true", help="print JSON (stable fields)")
    p.set_defaults(handler=list_orders)

    p = commands.add_parser("show", parents=[shared], help="show one order in full")
    p.add_argument("order", metavar="ORDER", help="desk id (123 or #123) or channel order id")
    p.add_argument("--json", action="store_true", help="print JSON (stable fields)")
    p.set_defaults(handler=show)

    p = commands.add_parser(
        "confirm", parents=[shared], help="confirm pending orders (takes stock)"
    )
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.set_defaults(handler=confirm)

    p = commands.add_parser("cancel", parents=[shared], help="cancel orders not yet shipped")
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.add_argument("--reason", required=True, help="why the order is cancelled")
    p.set_defaults(handler=cancel)

    p = commands.add_parser("ship", parents=[shared], help="add tracking: the order is in transit")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("--carrier", required=True, help="carrier name (UPS, China Post, Correios…)")
    p.add_argument("--tracking", required=True, metavar="NUMBER", help="tracking number")
    p.add_argument("--url", help="tracking URL (for carriers the desk does not know)")
    p.add_argument(
        "--lines",
        nargs="+",
        metavar="SKU:QTY",
        help="ship only these lines now (SKU:QTY, or SKU for all of it); the rest later",
    )
    p.set_defaults(handler=ship)

    p = commands.add_parser(
        "parcels", parents=[shared], help="pack the order's last shipment in several boxes"
    )
    p.add_argument("order", metavar="ORDER")
    p.add_argument(
        "--count", required=True, type=whole_number, metavar="N", help="how many parcels"
    )
    p.add_argument(
        "--weight-g",
        nargs="+",
        type=whole_number,
        default=[],
        metavar="W",
        help="grams: one for every parcel, or one per parcel (default: the catalogue's)",
    )
    p.set_defaults(handler=parcels)

    p = commands.add_parser(
        "merge",
        parents=[shared],
        help="merge orders of one buyer to one address into one shipment",
        description="Merge unshipped orders of the same buyer to the same address (any "
        "channel) into one shipment: `label` then prints one label for all of them and "
        "`ship` records the same tracking on each. An order that cannot merge is named with "
        "the reason and nothing changes; `undo` reverses the merge.",
    )
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.set_defaults(handler=merge)

    p = commands.add_parser("deliver", parents=[shared], help="mark orders delivered")
    p.add_argument("orders", nargs="+", metavar="ORDER")
    p.set_defaults(handler=deliver)

    p = commands.add_parser(
        "refund",
        parents=[shared],
        help="record a refund request, or accept/reject one",
        description="`refund ORDER --amount AMOUNT --reason TEXT` records a buyer's request; "
        "`refund accept CASE…` refunds it; `refund reject CASE… --reason TEXT`.",
    )
    p.add_argument("target", metavar="ORDER|accept|reject")
    p.add_argument("cases", nargs="*", metavar="CASE", help="case ids (with accept/reject)")
    p.add_argument("--amount", help="amount in the order's currency (e.g. 12.50)")
    p.add_argument("--reason", help="the buyer's reason (request) or yours (reject)")
    p.add_argument(
        "--return",
        dest="is_return",
        action="store_true",
        help="a return: accepting it gives an RMA number and a return label; "
        "`return-received` puts the items back in stock",
    )
    p.set_defaults(handler=refund)

    p = commands.add_parser(
        "dispute",
        parents=[shared],
        help="record a dispute, or resolve one",
        description="`dispute ORDER --reason TEXT` opens one; "
        "`dispute resolve CASE --won|--lost` closes it.",
    )
    p.add_argument("target", metavar="ORDER|resolve")
    p.add_argument("cases", nargs="*", metavar="CASE")
    p.add_argument("--reason")
    outcome = p.add_mutually_exclusive_group()
    outcome.add_argument("--won", action="store_true")
    outcome.add_argument("--lost", action="store_true")
    p.set_defaults(handler=dispute)

    p = commands.add_parser(
        "message", parents=[shared], help="send the buyer a message, or add a note"
    )
    p.add_argument("order", metavar="ORDER")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--note", action="store_true", help="an internal note, not sent")
    p.add_argument("--incoming", action="store_true", help="record a message from the buyer")
    p.set_defaults(handler=message)

    p = commands.add_parser(
        "undo", parents=[shared], help="undo your last action (from the journal)"
    )
    p.set_defaults(handler=undo)

    p = commands.add_parser(
        "add",
        parents=[shared],
        help="enter an order by hand (direct sales)",
        description="Enter an order by hand. Money in the order's currency, e.g. "
        "--line MATE-CLASSIC 2 15.99 'Mate de calabaza'.",
    )
    p.add_argument("--buyer", required=True, help="buyer's name")
    p.add_argument("--currency", required=True, help="ISO 4217 code (USD, EUR, ARS, JPY…)")
    p.add_argument(
        "--line",
        dest="lines",
        action="append",
        nargs="+",
        required=True,
        metavar="SKU QTY PRICE [TITLE]",
        help="one order line (repeat for more)",
    )
    p.add_argument("--channel", default="manual", help="channel (default manual)")
    p.add_argument("--id", dest="external_id", default="", help="the channel's order id")
    for name in (
        "email",
        "phone",
        "address",
        "address2",
        "city",
        "region",
        "postal-code",
        "country",
    ):
        p.add_argument(f"--{name}", default="")
    for name in ("shipping", "tax", "discount"):
        p.add_argument(f"--{name}", default="0", metavar="AMOUNT")
    p.add_argument("--paid", action="store_true", help="payment already received")
    p.add_argument("--note", default="", help="internal note")
    p.set_defaults(handler=add)


def list_orders(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.errors import BadInput
    from orderdesk.domain.search_key import term_problem
    from orderdesk.store.queries import list_rows, parse_tab

    if args.search and (problem := term_problem(args.search)):
        raise BadInput(f"--search: {problem}")
    # A search finds an order wherever it is, as the desk's / does; --tab narrows it.
    tab = args.tab or ("all" if args.search else "to-prepare")
    database = context.database()
    with database.reader() as reader:
        rows = list_rows(
            reader, parse_tab(tab), search=args.search, now=database.clock(), short=args.short
        )
    if args.json:
        print_json(rows)
        return 0
    _print_table(rows, tab)
    return 0


def _print_table(rows: list[OrderRow], tab: str) -> None:
    from rich.table import Table
    from rich.text import Text

    count = f"{len(rows):,} row" + ("" if len(rows) == 1 else "s")
    table = Table(title=f"{tab} · {count}", show_lines=False, expand=False)
    for name in ("#", "channel", "order", "buyer", "items", "total", "payment", "stage", "ship by"):
        table.add_column(name, no_wrap=name in ("#", "total", "ship by"))
    for row in map(visible, rows):
        ship_by = Text(local_time(row["ship_by"], MINUTES))
        if row["overdue"]:
            ship_by.stylize("bold red")
        elif row["due_soon"]:
            ship_by.stylize("yellow")
        table.add_row(
            str(row["id"]),
            row["channel"],
            Text(row["external_id"]),
            Text(row["buyer_name"]),
            Text(row["items"]),
            format_amount_text(row["total"], row["currency"]),
            row["payment"],
            row["stage"],
            ship_by,
        )
    console().print(table)


def show(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.store.queries import order_detail, resolve_order_id

    database = context.database()
    with database.reader() as reader:
        detail = order_detail(reader, resolve_order_id(reader, args.order), database.clock())
    if args.json:
        print_json(detail)
        return 0
    from orderdesk.commands.show_text import print_detail

    print_detail(detail)
    return 0


def confirm(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.fulfilment import confirm as action

    database = context.database()
    return run_each(args.orders, lambda ref: database.perform(action, ref))


def cancel(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.fulfilment import cancel as action

    database = context.database()
    return run_each(args.orders, lambda ref: database.perform(action, ref, args.reason))


def ship(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.fulfilment import ship as action

    database = context.database()
    return run_each(
        [args.order],
        lambda ref: database.perform(
            action, ref, args.carrier, args.tracking, args.url, lines=args.lines
        ),
    )


def parcels(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.fulfilment import parcels as action

    database = context.database()
    return run_each(
        [args.order], lambda ref: database.perform(action, ref, args.count, args.weight_g)
    )


def merge(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.merging import merge as action

    database = context.database()
    return run_each(["merge"], lambda _ref: database.perform(action, args.orders))


def deliver(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.fulfilment import deliver as action

    database = context.database()
    return run_each(args.orders, lambda ref: database.perform(action, ref))


def _usage(message: str) -> int:
    print(f"orderdesk: {message}", file=sys.stderr)
    return 2


def refund(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain import aftersales

    database = context.database()
    if args.target in ("accept", "reject"):
        if not args.cases:
            return _usage(
                f"refund {args.target}: give the case id(s) (see `orderdesk list --tab refunds`)"
            )
        if args.amount is not None:
            return _usage(f"refund {args.target}: --amount is for a new request")
        if args.target == "accept":
            return run_each(
                args.cases, lambda case: database.perform(aftersales.accept_refund, case)
            )
        return run_each(
            args.cases,
            lambda case: database.perform(aftersales.reject_refund, case, args.reason or ""),
        )
    if args.cases:
        return _usage("refund: one order at a time, or `refund accept|reject CASE…`")
    if args.amount is None:
        return _usage("refund: give --amount (in the order's currency) and --reason")
    kind = "return" if args.is_return else "refund"
    return run_each(
        [args.target],
        lambda ref: database.perform(
            aftersales.request_refund, ref, args.amount, args.reason or "", kind=kind
        ),
    )


def dispute(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain import aftersales

    database = context.database()
    if args.target == "resolve":
        if not args.cases:
            return _usage("dispute resolve: give the case id(s)")
        if not (args.won or args.lost):
            return _usage("dispute resolve: say --won or --lost")
        return run_each(
            args.cases,
            lambda case: database.perform(aftersales.resolve_dispute, case, won=args.won),
        )
    if args.cases or args.won or args.lost:
        return _usage(
            "dispute: `dispute ORDER --reason TEXT` or `dispute resolve CASE --won|--lost`"
        )
    return run_each(
        [args.target], lambda ref: database.perform(aftersales.open_dispute, ref, args.reason or "")
    )


def message(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.messages import add_message

    if args.note and args.incoming:
        return _usage("message: --note or --incoming, not both")
    direction = "note" if args.note else "in" if args.incoming else "out"
    database = context.database()
    return run_each(
        [args.order], lambda ref: database.perform(add_message, ref, args.text, direction=direction)
    )


def undo(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.undo import undo as action

    database = context.database()
    return run_each(["last"], lambda _ref: database.perform(action))


def add(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.errors import BadInput
    from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
    from orderdesk.domain.money import currency, parse_amount
    from orderdesk.domain.units import whole

    code = currency(args.currency)
    lines = []
    for number, parts in enumerate(args.lines, start=1):
        if len(parts) < 3:
            raise BadInput(f"--line {number}: give SKU QTY PRICE [TITLE]")
        sku, quantity, price, *title = parts
        lines.append(
            LineDraft(
                sku=sku,
                title=" ".join(title) or sku,
                quantity=whole(quantity, f"--line {number} quantity"),
                unit_price=parse_amount(price, code, field=f"--line {number} price"),
            )
        )
    draft = OrderDraft(
        buyer_name=args.buyer,
        currency=code,
        lines=lines,
        channel=args.channel,
        external_id=args.external_id,
        buyer_email=args.email,
        buyer_phone=args.phone,
        ship_line1=args.address,
        ship_line2=args.address2,
        ship_city=args.city,
        ship_region=args.region,
        ship_postal_code=args.postal_code,
        ship_country=args.country,
        shipping=parse_amount(args.shipping, code, field="--shipping"),
        tax=parse_amount(args.tax, code, field="--tax"),
        discount=parse_amount(args.discount, code, field="--discount"),
        paid=args.paid,
        note=args.note,
    )
    database = context.database()
    handling = context.settings.handling_days
    return run_each(
        ["new"], lambda _ref: database.perform(create_order, draft, handling_days=handling)
    )

"""The exceptions of an order day: ``edit``, ``pay``, ``lines``, ``hold`` and ``release``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from orderdesk.commands.output import run_each

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands

#: ``edit`` options and the order fields they change.
EDIT_OPTIONS = {
    "ship_name": "--ship-name",
    "ship_line1": "--ship-line1",
    "ship_line2": "--ship-line2",
    "ship_city": "--ship-city",
    "ship_region": "--ship-region",
    "ship_postal_code": "--ship-postal-code",
    "ship_country": "--ship-country",
    "buyer_email": "--buyer-email",
    "buyer_phone": "--buyer-phone",
}


class _LineChanges(argparse.Action):
    """``--set``, ``--remove`` and ``--swap``, kept in the order they were typed."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option: str | None = None,
    ) -> None:
        parts = [values] if isinstance(values, str) else list(values or [])
        if option == "--set" and len(parts) not in (2, 3):
            parser.error("--set takes SKU QTY [PRICE]")
        changes = list(getattr(namespace, self.dest, None) or [])
        changes.append((option, parts))
        setattr(namespace, self.dest, changes)


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "edit",
        parents=[shared],
        help="fix the ship-to address or the buyer's contact (before it ships)",
    )
    p.add_argument("order", metavar="ORDER")
    for name, option in EDIT_OPTIONS.items():
        p.add_argument(option, dest=name, metavar="CC" if name == "ship_country" else "T")
    p.set_defaults(handler=edit)

    p = commands.add_parser("pay", parents=[shared], help="mark a direct or manual order paid")
    p.add_argument("order", metavar="ORDER")
    p.add_argument("--method", default="", metavar="T", help="cash, transfer, card…")
    p.add_argument("--reference", default="", metavar="T", help="receipt or transfer number")
    p.set_defaults(handler=pay)

    p = commands.add_parser(
        "lines",
        parents=[shared],
        help="change an order's lines before confirming it",
        description="Change quantities, substitute another SKU or remove a line, before the "
        "order is confirmed; several changes in one go. On a paid order what is "
        "taken off is recorded as a partial refund.",
    )
    p.add_argument("order", metavar="ORDER")
    p.add_argument(
        "--set",
        dest="changes",
        nargs="+",
        action=_LineChanges,
        metavar="SKU QTY [PRICE]",
        help="quantity (and price) of a line; a new SKU adds a line (give its price)",
    )
    p.add_argument(
        "--remove", dest="changes", action=_LineChanges, metavar="SKU", help="take a line off"
    )
    p.add_argument(
        "--swap",
        dest="changes",
        nargs=2,
        action=_LineChanges,
        metavar=("OLD", "NEW"),
        help="substitute NEW for OLD (same quantity, price)",
    )
    p.set_defaults(handler=lines, changes=[])

    p = commands.add_parser(
        "hold", parents=[shared], help="hold an order: it cannot be confirmed or labelled"
    )
    p.add_argument("order", metavar="ORDER")
    p.add_argument(
        "--reason",
        required=True,
        metavar="TEXT",
        help="what it waits for: restock, the buyer's answer…",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="YYYY-MM-DD: the hold lifts by itself on that day (local time)",
    )
    p.set_defaults(handler=hold)

    p = commands.add_parser("release", parents=[shared], help="release an order from its hold")
    p.add_argument("order", metavar="ORDER")
    p.set_defaults(handler=release)


def edit(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.amendments import edit as action
    from orderdesk.domain.errors import BadInput

    values = {name: getattr(args, name) for name in EDIT_OPTIONS if getattr(args, name) is not None}
    if not values:
        raise BadInput("edit: say what to change: " + ", ".join(EDIT_OPTIONS.values()))
    database = context.database()
    return run_each([args.order], lambda ref: database.perform(action, ref, values))


def pay(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.amendments import mark_paid

    database = context.database()
    return run_each(
        [args.order], lambda ref: database.perform(mark_paid, ref, args.method, args.reference)
    )


def lines(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.amendments import LineChange, change_lines
    from orderdesk.domain.errors import BadInput
    from orderdesk.domain.units import whole

    if not args.changes:
        raise BadInput("lines: give --set SKU QTY [PRICE], --remove SKU or --swap OLD NEW")
    changes = []
    for option, parts in args.changes:
        if option == "--set":
            quantity = whole(parts[1], f"lines --set {parts[0]}: quantity")
            changes.append(
                LineChange("set", parts[0], quantity, parts[2] if len(parts) > 2 else None)
            )
        elif option == "--remove":
            changes.append(LineChange("remove", parts[0]))
        else:
            changes.append(LineChange("swap", parts[0], new_sku=parts[1]))
    database = context.database()
    return run_each([args.order], lambda ref: database.perform(change_lines, ref, changes))


def hold(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.amendments import hold as action

    until = None
    if args.until:
        from orderdesk.domain.periods import local_midnight, parse_day

        until = local_midnight(parse_day(args.until, "--until"))
    database = context.database()
    return run_each([args.order], lambda ref: database.perform(action, ref, args.reason, until))


def release(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.domain.amendments import release as action

    database = context.database()
    return run_each([args.order], lambda ref: database.perform(action, ref))

"""Shipping commands: confirmations back to the marketplaces (issue 16)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "confirmations",
        parents=[shared],
        help="write the shipment-confirmation upload file of a marketplace",
        description="Write the file the marketplace's seller centre takes to confirm "
        "shipments (Amazon: the shipping-confirmation flat file; eBay: Seller Hub's tracking "
        "upload), with exactly the shipments "
        "not confirmed yet, and mark them confirmed (undo reverses it). A second run writes "
        "nothing new.",
    )
    p.add_argument("--channel", required=True, metavar="NAME", help="amazon or ebay")
    p.add_argument("--since", metavar="DATE", help="only shipments from this day (YYYY-MM-DD)")
    p.add_argument("--out", required=True, metavar="FILE", help="the upload file to write")
    p.set_defaults(handler=confirmations)
    register_manifest(commands, shared)


def confirmations(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.documents.output import staged
    from orderdesk.domain.confirmations import ConfirmedItem, check_channel, confirm_shipments
    from orderdesk.domain.periods import parse_day
    from orderdesk.exchange.confirmations import WRITERS

    channel = check_channel(args.channel)
    since = (
        datetime.combine(parse_day(args.since, "--since"), time(), tzinfo=UTC)
        if args.since
        else None
    )
    out = Path(args.out).expanduser()
    writer = WRITERS[channel]
    database = context.database()

    def action(uow: Any) -> Any:
        def write(items: list[ConfirmedItem]) -> None:
            def emit(stream: Any) -> None:
                import io

                text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
                writer(text, items)
                text.flush()
                text.detach()

            with staged(out, emit):
                pass

        return confirm_shipments(uow, channel, since, write)

    outcome = database.perform(action)
    if outcome is None:
        print(f"No {channel} shipment left to confirm: nothing written")
        return 0
    print(f"{outcome.message}; written to {out.resolve()}")
    return 0


def register_manifest(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "manifest",
        parents=[shared],
        help="the end-of-day manifest of a carrier (PDF); marks its parcels handed over",
    )
    p.add_argument("--carrier", required=True, metavar="NAME", help="carrier name (UPS…)")
    p.add_argument("--date", metavar="DATE", help="the day shipped (YYYY-MM-DD; default today)")
    p.add_argument("--out", metavar="PATH", help="the PDF to write")
    p.set_defaults(handler=manifest)


def manifest(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.documents.manifest import ManifestParcel, write_manifest
    from orderdesk.documents.output import default_path, staged
    from orderdesk.domain.manifest import hand_over
    from orderdesk.domain.models import Parcel, Shipment
    from orderdesk.domain.periods import parse_day

    database = context.database()
    day = parse_day(args.date, "--date") if args.date else database.clock().date()
    out = (
        Path(args.out).expanduser()
        if args.out
        else default_path("manifest", [], "pdf", database.clock())
    )
    sender = context.settings.seller.name or "the seller"

    def action(uow: Any) -> Any:
        def write(parcels: list[tuple[Shipment, Parcel]]) -> None:
            rows = [
                ManifestParcel(
                    shipment.tracking_number,
                    f"#{shipment.order_id}",
                    shipment.order.external_id if shipment.order else "",
                    parcel.number,
                    len(shipment.parcels),
                    parcel.weight_g,
                )
                for shipment, parcel in parcels
            ]

            def emit(stream: Any) -> None:
                write_manifest(stream, args.carrier, day, sender, rows)

            with staged(out, emit):
                pass

        return hand_over(uow, args.carrier, day, write)

    outcome = database.perform(action)
    if outcome is None:
        print(f"No {args.carrier} parcel of {day.isoformat()} left to hand over: nothing written")
        return 0
    print(f"{outcome.message}; written to {out.resolve()}")
    return 0

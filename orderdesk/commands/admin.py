"""Database commands: demo data and backups."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from orderdesk.domain.errors import BadInput, Refused


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "demo", parents=[shared], help="fill a database with realistic demo orders",
        description="Fill the demo database (or --db) with realistic demo orders. It never "
                    "adds demo orders to a database that holds the seller's own orders.")
    p.add_argument("--orders", type=int, default=2000, metavar="N",
                   help="how many orders (default 2000)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--open", action="store_true", help="open the desk on it afterwards")
    p.set_defaults(handler=demo)

    p = commands.add_parser("backup", parents=[shared],
                            help="copy the database to a safe place")
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="file or folder (default: backups/ beside the database)")
    p.set_defaults(handler=backup)


def demo(context: Any, args: argparse.Namespace) -> int:
    from orderdesk.config import demo_database
    from orderdesk.store.demo_load import load_demo

    if args.orders < 1 or args.orders > 2_000_000:
        raise BadInput("--orders: give a number from 1 to 2,000,000")
    if context.db is None:
        context.db = demo_database()
    database = context.database()
    if database.meta("demo") != "true":
        with database.reader() as reader:
            if reader.scalar("SELECT COUNT(*) FROM orders"):
                raise Refused(f"{context.target} holds your own orders; demo data goes in its "
                              f"own database (run `orderdesk demo` without --db)")
    written = load_demo(database, args.orders, args.seed, context.settings.handling_days,
                        progress=sys.stderr.isatty())
    print(f"{written:,} demo orders in {context.target}")
    if args.open:
        from orderdesk.commands.desk import open_desk

        return open_desk(context, args)
    return 0


def backup(context: Any, args: argparse.Namespace) -> int:
    path = context.database().backup(args.out)
    print(f"backup written to {path}")
    return 0

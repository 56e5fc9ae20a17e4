"""Database commands: demo data and backups."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.commands.output import whole_number
from orderdesk.domain.errors import BadInput, Refused

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "demo",
        parents=[shared],
        help="fill a database with realistic demo orders",
        description="Fill the demo database (or --db) with realistic demo orders. It never "
        "adds demo orders to a database that holds the seller's own orders.",
    )
    p.add_argument(
        "--orders",
        type=whole_number,
        default=2000,
        metavar="N",
        help="how many orders (default 2000)",
    )
    p.add_argument(
        "--seed", type=whole_number, default=1, metavar="S", help="random seed (default 1)"
    )
    p.add_argument("--open", action="store_true", help="open the desk on it afterwards")
    p.set_defaults(handler=demo)

    p = commands.add_parser(
        "backup",
        parents=[shared],
        help="copy the database to a safe place",
        description="Write a consistent copy while desks keep working. A SQLite database is "
        "copied as a file; a PostgreSQL database into a portable backup (an "
        "OrderDesk SQLite file: the desk opens it, and `orderdesk restore` loads "
        "it into either engine), or with --format pg_dump into pg_dump's format.",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="file or folder (default: backups/ beside the database; for a server "
        "database, backups/ in the data folder)",
    )
    p.add_argument(
        "--format",
        default="portable",
        choices=("portable", "pg_dump"),
        help="for a PostgreSQL database: portable (default) or pg_dump",
    )
    p.set_defaults(handler=backup)

    p = commands.add_parser(
        "restore",
        parents=[shared],
        help="load a backup into a new, empty database",
        description="Load a backup (from `orderdesk backup` on either engine, or a pg_dump "
        "backup into PostgreSQL) into the empty database that --db names. A "
        "database that already holds rows is refused and left as it is.",
    )
    p.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file")
    p.set_defaults(handler=restore)


def demo(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.config import demo_database
    from orderdesk.demo import load_demo

    if args.orders < 1 or args.orders > 2_000_000:
        raise BadInput("--orders: give a number from 1 to 2,000,000")
    if context.db is None:
        context.db = demo_database()
    database = context.database()
    if database.meta("demo") != "true":
        with database.reader() as reader:
            if reader.scalar("SELECT COUNT(*) FROM orders"):
                raise Refused(
                    f"{context.target} holds your own orders; demo data goes in its "
                    f"own database (run `orderdesk demo` without --db)"
                )
    written = load_demo(database, args.orders, args.seed, context.settings.handling_days)
    print(f"{written:,} demo orders in {context.target}")
    if args.open:
        from orderdesk.commands.desk import open_desk

        return open_desk(context, args)
    return 0


def backup(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.commands.output import out_path
    from orderdesk.config import data_dir
    from orderdesk.store.backup import backup as back_up

    path = back_up(
        context.database(),
        out_path(context, args.out, folder=True),
        server_folder=data_dir() / "backups",
        fmt=args.format,
    )
    print(f"backup written to {path}")
    return 0


def restore(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.store.backup import restore as load_backup

    counts = load_backup(context.database(), args.backup)
    print(
        f"restored {counts.get('orders', 0):,} orders "
        f"({sum(counts.values()):,} rows in all) into {context.target}"
    )
    return 0

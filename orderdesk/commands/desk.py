"""Opening the desk (the terminal UI) on a database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orderdesk.commands import Context, Subcommands


def register(commands: Subcommands, shared: argparse.ArgumentParser) -> None:
    """The desk opens when no command is given; nothing to register."""


def open_desk(context: Context, args: argparse.Namespace) -> int:
    from orderdesk.app import make_app

    app = make_app(context.database(), context.settings)
    app.run()
    return int(app.return_code or 0)

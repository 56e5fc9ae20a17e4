"""Command modules: each ``register(commands, shared)`` adds its subcommands to the parser.

A handler is ``handler(context, args) -> int``; it calls domain actions inside a unit of work
and store queries, and prints results. Heavy imports stay inside the handlers so that
``orderdesk --help`` and the desk start fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, TypeAlias

from orderdesk.commands import (
    admin,
    amend,
    customs,
    desk,
    documents,
    exchange,
    insights,
    orders,
    returns,
    shipping,
    stock,
)

if TYPE_CHECKING:
    import argparse

    from orderdesk.config import Settings
    from orderdesk.store import Database

COMMAND_MODULES: tuple[ModuleType, ...] = (
    desk,
    orders,
    amend,
    stock,
    documents,
    customs,
    exchange,
    shipping,
    returns,
    insights,
    admin,
)

#: What a module's ``register(commands, shared)`` adds its subcommands to.
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


@dataclass
class Context:
    """What a command needs: the database it works on (opened on first use) and the settings."""

    db: str | None = None
    _database: Database | None = field(default=None, repr=False)
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def target(self) -> str:
        from orderdesk.config import default_database

        return self.db or default_database()

    def database(self) -> Database:
        if self._database is None:
            from orderdesk.store import open_database

            target = self.target
            if "://" not in target:
                from pathlib import Path

                from orderdesk.config import data_dir

                if Path(target).parent == data_dir():  # the desk's own folder: make it
                    data_dir().mkdir(parents=True, exist_ok=True)
            self._database = open_database(target)
        return self._database

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from orderdesk.config import load_settings

            self._settings = load_settings()
        return self._settings

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

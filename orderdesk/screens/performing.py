"""The desk's actions, run in worker threads one after another in the order the keys asked for
them, knowing which order versions this desk wrote itself.

A seller's double press of ``d`` sends two deliveries of a row read before the first one
landed: the second names the version the first replaced. Reported as a conflict it would say
"changed by another desk", about the seller's own key. So each version this desk wrote is
remembered (the version it acted on → the one it left), and a call naming a version this desk
itself replaced is sent with the version it left instead: the domain then answers as it would
on a fresh row (already delivered), and a conflict is reported only when someone else changed
the order in between.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orderdesk.domain.errors import Conflict, DeskError

if TYPE_CHECKING:
    from orderdesk.screens.calls import Call
    from orderdesk.store import Database

#: A worker whose turn never comes (the one before it stuck) goes ahead after this long.
MOST_WAIT_SECONDS = 30.0


@dataclass
class Performed:
    done: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)  # the journal entries written
    conflicts: list[int] = field(default_factory=list)  # orders another desk had changed


class ActionLine:
    def __init__(self, database: Database) -> None:
        self.database = database
        self._turn = threading.Condition()
        self._issued = 0
        self._serving = 0
        self._replaced: dict[int, dict[int, int]] = {}  # order id → {version: version after}

    def ticket(self) -> int:
        """On the UI thread, when the key is handled: its place in the line."""
        ticket, self._issued = self._issued, self._issued + 1
        return ticket

    def run(self, ticket: int, calls: list[Call]) -> Performed:
        """In a worker thread: waits for the calls before it, then performs these."""
        with self._turn:
            self._turn.wait_for(lambda: self._serving >= ticket, timeout=MOST_WAIT_SECONDS)
        try:
            result = Performed()
            for asked in calls:
                order = asked.order
                acted = self._current(order, asked)
                try:
                    outcome = self.database.perform(acted)
                except Conflict as error:
                    result.refused.append(error.message)
                    if order is not None:
                        result.conflicts.append(order)
                    continue
                except DeskError as error:
                    result.refused.append(error.message)
                    continue
                except Exception as error:  # noqa: BLE001 - one line, the desk stays up
                    result.refused.append(
                        f"order {order or ''}: could not be done "
                        f"({error.__class__.__name__}: {error})"
                    )
                    continue
                result.done.append(outcome.message)
                if outcome.journal_id is not None:
                    result.entries.append(outcome.journal_id)
                if acted.expected_version is not None and order is not None:
                    self._remember(order, acted.expected_version)
            return result
        finally:
            with self._turn:
                self._serving = max(self._serving, ticket + 1)
                self._turn.notify_all()

    def _current(self, order: int | None, asked: Call) -> Call:
        version = asked.expected_version
        chain = self._replaced.get(order or 0, {})
        if version is None or version not in chain:
            return asked
        while version in chain:
            version = chain[version]
        return asked.expecting(version)

    def _remember(self, order: int, acted_on: int) -> None:
        with self.database.reader() as reader:
            left = reader.scalar("SELECT version FROM orders WHERE id = :id", {"id": order})
        if left is not None and int(left) != acted_on:
            self._replaced.setdefault(order, {})[acted_on] = int(left)

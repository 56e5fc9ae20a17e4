"""Printing results: JSON for scripts, rich tables for people, one line per refusal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from orderdesk.domain.errors import BadInput, DeskError
from orderdesk.domain.outcome import Outcome


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def refusal(error: DeskError) -> None:
    print(f"orderdesk: {error.message}", file=sys.stderr)


def out_path(context: Any, given: Path | None, *, folder: bool = False) -> Path | None:
    """``--out`` checked before any work: never the open database (nor its WAL files), never
    a device, pipe or socket, and a folder only where the command names the file itself."""
    if given is None:
        return None
    path = given.expanduser()
    if not path.exists():
        return path
    if path.is_dir():
        if folder:
            return path
        raise BadInput(f"--out: {given} is a folder; give the file to write")
    if not path.is_file():
        raise BadInput(f"--out: {given} is not a regular file (a device, pipe or socket); "
                       f"give a file to write")
    database = context.database().path
    if database is not None:
        kept = {Path(f"{database}{extra}").resolve() for extra in ("", "-wal", "-shm")}
        if path.resolve() in kept:
            raise BadInput(f"--out: {given} is the database itself; give another file")
    return path


def run_each(refs: Iterable[str], act: Callable[[str], Outcome]) -> int:
    """Run one action per order, each in its own transaction; report each refusal on a line.

    The exit status is the worst one seen: 0 all done, 1 some refused, 2 some bad input.
    """
    status = 0
    for ref in refs:
        try:
            outcome = act(ref)
        except DeskError as error:
            refusal(error)
            status = max(status, error.exit_status)
        else:
            print(outcome.message)
    return status


#: How the command line writes a stored time, in the seller's local time.
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False)

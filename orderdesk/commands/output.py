"""Printing results: JSON for scripts, rich tables for people, one line per refusal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

from orderdesk.domain.errors import DeskError
from orderdesk.domain.outcome import Outcome


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def refusal(error: DeskError) -> None:
    print(f"orderdesk: {error.message}", file=sys.stderr)


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

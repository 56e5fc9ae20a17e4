"""Printing results: JSON for scripts, rich tables for people, one line per refusal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
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


def local_time(iso: str | None, *, seconds: bool = False) -> str:
    """A stored UTC time (ISO text) as the seller's local time: ``2026-11-22 14:05``."""
    if not iso:
        return ""
    moment = datetime.fromisoformat(iso).astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False)

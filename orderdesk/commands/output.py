"""Printing results: JSON for scripts, rich tables for people, one line per refusal."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from orderdesk.domain.errors import BadInput, DeskError
from orderdesk.domain.outcome import Outcome

if TYPE_CHECKING:
    from orderdesk.commands import Context

#: Control characters a terminal may act on (C0 but newline and tab, DEL, C1): text a buyer or a
#: file controls shows them as ``\x1b``, never sends them (a clipboard write, a cleared screen).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: JSON escapes C0 itself; DEL and C1 are escaped too, as \u00XX (the same text once parsed).
_JSON_CONTROLS = re.compile("[\x7f-\x9f]")


def whole_number(text: str) -> int:
    """An argparse ``type``: a whole number as the domain reads one (digits 0-9, bounded)."""
    from orderdesk.domain.units import whole

    try:
        return whole(text, "", signed=True)  # the rule of each command says why -1 is wrong
    except BadInput as error:
        raise argparse.ArgumentTypeError(error.message) from None


ShownT = TypeVar("ShownT")


def visible(value: ShownT) -> ShownT:
    """``value`` (a string, or dicts and lists of them) with its control characters shown:
    the same shape and types (a typed row stays that row)."""
    if isinstance(value, str):
        return cast(ShownT, _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", value))
    if isinstance(value, dict):
        return cast(ShownT, {key: visible(item) for key, item in value.items()})
    if isinstance(value, list):
        return cast(ShownT, [visible(item) for item in value])
    return value


def print_json(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write(_JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def refusal(error: DeskError) -> None:
    print(f"orderdesk: {error.message}", file=sys.stderr)


def out_path(context: Context, given: Path | None, *, folder: bool = False) -> Path | None:
    """``--out`` checked before any work: never the open database (nor its WAL files), never
    a device, pipe or socket, and a folder only where the command names the file itself."""
    if given is None:
        return None
    path = given.expanduser()
    if not path.exists():
        _can_write_in(path.parent, given)
        return path
    if path.is_dir():
        if folder:
            _can_write_in(path, given)
            return path
        raise BadInput(f"--out: {given} is a folder; give the file to write")
    if not path.is_file():
        raise BadInput(
            f"--out: {given} is not a regular file (a device, pipe or socket); give a file to write"
        )
    database = context.database().path
    if database is not None:
        kept = {Path(f"{database}{extra}").resolve() for extra in ("", "-wal", "-shm")}
        if path.resolve() in kept:
            raise BadInput(f"--out: {given} is the database itself; give another file")
    _can_write_in(path.parent, given)
    return path


def _can_write_in(folder: Path, given: Path) -> None:
    """Refuse before any work when nothing can be written in ``folder`` (read-only disk,
    permissions, a missing folder), rather than after building the whole document."""
    if not folder.is_dir():
        raise BadInput(f"--out: the folder {folder} does not exist")
    try:
        handle, probe = tempfile.mkstemp(prefix=".orderdesk-probe-", dir=folder)
    except OSError as error:
        raise BadInput(f"--out: cannot write in {folder} ({error.strerror or error})") from None
    os.close(handle)
    os.unlink(probe)


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


#: How wide tables are drawn when the output is a file or a pipe (and COLUMNS does not say):
#: wide enough that no buyer, order id or item list is cut to "Ra…" in a saved listing.
PIPED_WIDTH = 400


def console() -> Any:
    from rich.console import Console

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").strip():
        return Console(highlight=False)
    return Console(highlight=False, width=PIPED_WIDTH)

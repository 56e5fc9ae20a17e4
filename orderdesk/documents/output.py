"""Where documents go and how they get there: a temporary file renamed into place.

A crash, a full disk or a cancelled batch leaves either the previous file or the complete new
one, never half a document.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from orderdesk.domain.errors import BadInput
from orderdesk.leftovers import MARK, sweep


class Cancelled(Exception):
    """The caller asked to stop; nothing was written."""


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Call ``write`` with a temporary file beside ``path``, then rename it into place."""
    with staged(path, write):
        pass
    return Path(path).expanduser().resolve()


@contextmanager
def staged(path: Path, write: Callable[[BinaryIO], None]) -> Iterator[Path]:
    """Write the document to a hidden file beside ``path`` and yield that file; it is renamed
    into place when the block ends, and removed if the block fails. What the block records
    about the document (a label printed) thus happens before the document shows up: a run
    killed in between leaves a hidden file (swept later), never a label for an order that did
    not move."""
    path = Path(path).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise BadInput(f"{path}: the folder {folder} does not exist")
    sweep(folder)  # what a killed run left here
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{MARK}.", suffix=".part", dir=folder
        )
    except OSError as exc:
        raise BadInput(f"{path}: cannot write in {folder} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        yield Path(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        _discard(temporary)
        raise BadInput(f"{path}: cannot write the document ({exc.strerror or exc})") from None
    except BaseException:
        _discard(temporary)
        raise


def _discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except FileNotFoundError:
        pass


def default_path(kind: str, ids: list[int], suffix: str, now: datetime) -> Path:
    """A new file under the documents folder: ``label-12.pdf`` or ``labels-20261001-0930.pdf``."""
    from orderdesk.config import documents_dir

    folder = documents_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if len(ids) == 1:
        stem = f"{kind}-{ids[0]}"
    else:
        stem = f"{kind}{'s' if ids else ''}-{now.astimezone():%Y%m%d-%H%M%S}"
    path = folder / f"{stem}.{suffix}"
    number = 2
    while path.exists() and len(ids) != 1:
        path = folder / f"{stem}-{number}.{suffix}"
        number += 1
    return path

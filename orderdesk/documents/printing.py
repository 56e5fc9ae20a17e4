"""Sending a written document to a CUPS printer with ``lp -d NAME``.

A queue that is disabled (paused) still accepts jobs with ``lp`` and holds them, so the queue's
state is read first with ``lpstat -p``: a paused queue counts as a refusal, as does anything
``lp`` itself refuses (no such printer, not accepting jobs, no scheduler).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from orderdesk.domain.errors import Refused

#: The ``-o media=`` option for each document size.
MEDIA = {"4x6": "Custom.4x6in", "a4": "A4"}


class PrinterRefused(Refused):
    """The printer (or CUPS) did not take the job; the message is CUPS's own reason."""


def send(
    path: Path,
    printer: str,
    *,
    media: str | None = None,
    raw: bool = False,
    title: str = "",
    timeout: float = 60,
) -> str:
    """Send ``path`` to ``printer``; return what ``lp`` said (the job id).

    Raises :class:`PrinterRefused` with CUPS's reason when the job is not taken.
    """
    if shutil.which("lp") is None:
        raise PrinterRefused(
            f"printer {printer}: the CUPS command lp is not installed (Debian package cups-client)"
        )
    state = _queue_state(printer, timeout)
    if state:
        raise PrinterRefused(f"printer {printer}: {state}")
    command = ["lp", "-d", printer]
    if title:
        command += ["-t", title]
    if media:
        command += ["-o", f"media={media}"]
    if raw:
        command += ["-o", "raw"]
    command.append(str(path))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PrinterRefused(f"printer {printer}: lp did not answer in {timeout:.0f} s") from None
    if done.returncode != 0:
        raise PrinterRefused(f"printer {printer}: {_said(done) or 'lp failed'}")
    return done.stdout.strip() or f"sent to {printer}"


def _queue_state(printer: str, timeout: float) -> str:
    """Why the queue will not print now ("" when it will, or when lpstat cannot tell)."""
    if shutil.which("lpstat") is None:
        return ""
    try:
        done = subprocess.run(
            ["lpstat", "-p", printer], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"lpstat did not answer in {timeout:.0f} s"
    said = _said(done)
    if done.returncode != 0:
        return said or "CUPS does not know this printer"
    if " disabled" in done.stdout:
        reason = " ".join(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())
        return (
            "the queue is disabled"
            + (f" ({reason})" if reason else "")
            + f"; enable it with cupsenable {printer}"
        )
    return ""


def _said(done: subprocess.CompletedProcess[str]) -> str:
    text = " ".join((done.stderr or done.stdout or "").split())
    for prefix in ("lp: ", "lpstat: "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text

"""Long work (labels, import, export) as a job: a thread worker, a progress bar, Escape to
cancel. The screen stays live; the result comes back to the opener on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static

from orderdesk.domain.errors import DeskError
from orderdesk.screens.dialog import Dialog

T = TypeVar("T")
Job = Callable[[Callable[[int, int], None], Callable[[], bool]], T]


class ProgressScreen(Dialog[None]):
    """A progress bar for a job; Escape asks the job to stop at its next step."""

    BINDINGS = [Binding("escape", "cancel_job", "Cancel", id="job-cancel")]

    @dataclass
    class Progress(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ProgressScreen.Progress)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        self.cancel_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = self.title_text
            yield ProgressBar(id="bar", show_eta=False)
            yield Static("Esc: cancel", id="job-state", classes="hint")

    def report(self, done: int, total: int) -> None:
        """Called from the worker thread (posting a message is thread-safe)."""
        self.post_message(self.Progress(done, total))

    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def on_progress_screen_progress(self, message: Progress) -> None:
        self.query_one("#bar", ProgressBar).update(
            total=message.total or None, progress=message.done
        )

    def action_cancel_job(self) -> None:
        self.cancel_event.set()
        self.query_one("#job-state", Static).update("Cancelling after the current step…")


def run_job(
    app: App[Any],
    title: str,
    job: Job[T],
    finished: Callable[[T], None],
    failed: Callable[[str], None] | None = None,
) -> None:
    """Run ``job(progress, cancelled)`` in a thread worker behind a progress screen; its
    refusal is shown, and handed to ``failed`` (the dialog that asked opens again)."""
    screen = ProgressScreen(title)
    app.push_screen(screen)

    def done(result: Any, error: str | None) -> None:
        if screen.is_current:
            screen.dismiss(None)
        if error is not None:
            app.notify(error, title=title, severity="error", timeout=10)
            if failed is not None:
                failed(error)
        elif screen.is_cancelled() and result is None:
            app.notify("Cancelled; nothing was changed", title=title, severity="warning")
        else:
            finished(result)

    def work() -> None:
        try:
            result = job(screen.report, screen.is_cancelled)
        except DeskError as refusal:
            app.call_from_thread(done, None, refusal.message)
            return
        except Exception as error:  # noqa: BLE001 - one line for the seller, the desk stays up
            app.call_from_thread(
                done, None, f"unexpected error: {error.__class__.__name__}: {error}"
            )
            return
        app.call_from_thread(done, result, None)

    app.run_worker(work, name=title, group="job", thread=True, exclusive=True, exit_on_error=False)

"""Asking which month to export and where the workbook goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from orderdesk.domain.errors import BadInput
from orderdesk.exchange.workbook import month_range
from orderdesk.screens.dialog import Dialog


@dataclass(frozen=True)
class ExportRequest:
    start: date
    end: date  # the month's last day, included
    out: Path | None
    fmt: str


def last_month(today: date) -> str:
    return f"{(today.replace(day=1) - timedelta(days=1)):%Y-%m}"


def default_out(month: str, fmt: str) -> str:
    from orderdesk.config import documents_dir

    return str(documents_dir() / f"orderdesk-{month}.{fmt}")


class ExportDialog(Dialog[ExportRequest]):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.month = last_month(today)

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = "Export the month-end workbook"
            yield Label("Month (YYYY-MM)")
            yield Input(value=self.month, id="month")
            yield Label("Format")
            yield Select(
                [("Excel workbook (xlsx)", "xlsx"), ("CSV", "csv")],
                value="xlsx",
                allow_blank=False,
                id="fmt",
            )
            yield Label("Write to")
            yield Input(value=default_out(self.month, "xlsx"), id="out")
            yield Static("", id="export-problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Export", variant="primary", id="ok")

    @on(Input.Changed, "#month")
    @on(Select.Changed, "#fmt")
    def _follow(self) -> None:
        out = self.query_one("#out", Input)
        month = self.query_one("#month", Input).value.strip()
        fmt = str(self.query_one("#fmt", Select).value)
        if (
            out.value == default_out(self.month, "xlsx")
            or out.value == default_out(self.month, "csv")
            or not out.value
        ):
            out.value = default_out(month, fmt)
        self.month = month

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        text = self.query_one("#month", Input).value
        try:
            start, end = month_range(text.strip())
        except BadInput:
            self.query_one("#export-problem", Static).update(
                f"month: {text!r} is not a month like 2026-10"
            )
            return
        out = self.query_one("#out", Input).value.strip()
        self.dismiss(
            ExportRequest(
                start,
                end,
                Path(out).expanduser() if out else None,
                str(self.query_one("#fmt", Select).value),
            )
        )

"""Asking which file to import; a dry run first shows what would change."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from orderdesk.exchange import FORMATS
from orderdesk.screens.dialog import Dialog


@dataclass(frozen=True)
class ImportRequest:
    path: Path
    fmt: str
    dry_run: bool
    mapping: Any = None  # an exchange.mapping.Mapping, once the seller has made one


class ImportDialog(Dialog[ImportRequest]):
    """Path and format; "Dry run" first, then "Import". After a dry run it shows the report."""

    def __init__(self, path: str = "", report: Any = None) -> None:
        super().__init__()
        self.path = path
        self.report = report

    def compose(self) -> ComposeResult:
        with Vertical(classes="frame") as frame:
            frame.border_title = "Import a marketplace export"
            yield Label("File (Shopify, Amazon, Mercado Libre, Etsy, eBay, TikTok, any sheet)")
            yield Input(value=self.path, id="path", placeholder="~/Downloads/orders_export.csv")
            yield Label("Format")
            yield Select(
                [(f, f) for f in FORMATS],
                value=getattr(self.report, "format", None)
                if getattr(self.report, "format", None) in FORMATS
                else "auto",
                allow_blank=False,
                id="fmt",
            )
            yield Static(self._report_text(), id="report", classes="hint", markup=False)
            yield Static("", id="import-problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Dry run", id="dry-run")
                yield Button("Import", variant="primary", id="ok")

    def _report_text(self) -> str:
        if self.report is None:
            return "A dry run shows what would change and changes nothing."
        lines = [self.report.summary()]
        lines += [f"  {problem}" for problem in list(self.report.rejected)[:5]]
        lines += [f"  duplicate: {d}" for d in list(self.report.duplicates)[:3]]
        return "\n".join(lines)

    def on_mount(self) -> None:
        button = "#ok" if self.report is not None else "#path"
        self.query_one(button).focus()

    def _request(self, dry_run: bool) -> None:
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser()
        if not text or not path.is_file():
            self.query_one("#import-problem", Static).update(
                f"{text or 'file'}: no such file" if text else "Give the file to import."
            )
            return
        self.submit(ImportRequest(path, str(self.query_one("#fmt", Select).value), dry_run))

    @on(Input.Submitted)
    @on(Button.Pressed, "#dry-run")
    def _dry_run(self) -> None:
        self._request(True)

    @on(Button.Pressed, "#ok")
    def _import(self) -> None:
        self._request(False)

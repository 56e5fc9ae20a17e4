"""Matching an unknown file's columns to the desk's fields, saved as a named mapping.

Opened from the import dialog when no format reads the file's header: each of the file's
columns beside a few of its values, a choice of the template field it holds (or nothing),
and the layout's channel, currency (when the file has none), date order and decimal mark. It
returns a :class:`orderdesk.exchange.mapping.Mapping`; the desk saves it in the config folder
and imports the file through it, and ``orderdesk import FILE --map NAME`` reuses it.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from orderdesk.domain.errors import BadInput, DeskError
from orderdesk.exchange.columns import normal
from orderdesk.exchange.generic import COLUMNS
from orderdesk.exchange.header_guess import guess_field
from orderdesk.exchange.mapping import Layout, Mapping
from orderdesk.screens.dialog import Dialog

IGNORE = "-"
FIELD_CHOICES = [
    ("(not imported)", IGNORE),
    *((f"{name}  {help[:40]}".rstrip(), name) for name, help in COLUMNS),
]
DATE_CHOICES = [
    ("day first: 31/12/2026", "dmy"),
    ("month first: 12/31/2026", "mdy"),
    ("year first: 2026/12/31", "ymd"),
    ("only 2026-12-31 dates", ""),
]
MARK_CHOICES = [("12.50 (point)", "."), ("12,50 (comma)", ","), ("either", "")]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-._")[:40] or "my-orders"


class MappingScreen(Dialog[Mapping]):
    """Columns → fields for a layout no format knows; returns the mapping to save."""

    CSS_PATH = "mapping.tcss"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="mapping-save")]

    def __init__(self, layout: Layout, known: Mapping | None = None) -> None:
        super().__init__()
        self.source = layout
        self.known = known

    def _guess(self, header: str) -> str:
        if self.known is not None:
            for field, source in self.known.columns.items():
                if normal(source) == normal(header):
                    return field
        return guess_field(header) or IGNORE

    def _guesses(self) -> list[str]:
        """A field per column, each field guessed for its first column only (two columns
        chosen for one field would be refused on save)."""
        taken: set[str] = set()
        guesses = []
        for header in self.source.header:
            field = self._guess(header)
            if field in taken:
                field = IGNORE
            taken.add(field)
            guesses.append(field)
        return guesses

    def compose(self) -> ComposeResult:
        known = self.known
        with VerticalScroll(classes="frame") as frame:
            frame.border_title = f"Columns of {self.source.path.name}"
            yield Static(
                "No format the desk knows has this header. Say what each column "
                "holds; the mapping is saved by name for next time (orderdesk import "
                "FILE --map NAME).",
                classes="hint",
            )
            with Grid(classes="settings"):
                yield Label("Mapping name")
                yield Input(
                    value=known.name if known else _slug(self.source.path.stem),
                    id="map-name",
                    compact=True,
                )
                yield Label("Channel")
                yield Input(
                    value=known.channel if known else "",
                    id="map-channel",
                    placeholder="wish, aliexpress, woocommerce…",
                    compact=True,
                )
                yield Label("Currency")
                yield Input(
                    value=known.currency if known else "",
                    id="map-currency",
                    placeholder="when the file has none: USD, EUR…",
                    compact=True,
                )
                yield Label("Dates")
                yield Select(
                    DATE_CHOICES,
                    value=known.date_order if known else "",
                    allow_blank=False,
                    id="map-dates",
                    compact=True,
                )
                yield Label("Decimal mark")
                yield Select(
                    MARK_CHOICES,
                    value=known.decimal_mark if known else "",
                    allow_blank=False,
                    id="map-mark",
                    compact=True,
                )
            guesses = self._guesses()
            with Grid(classes="columns"):
                for index, header in enumerate(self.source.header):
                    yield Label(header or f"(column {index + 1})", classes="column-name")
                    yield Static(
                        " · ".join(self.source.samples[index]) or "(empty)",
                        classes="samples",
                        markup=False,
                    )
                    yield Select(
                        FIELD_CHOICES,
                        value=guesses[index],
                        allow_blank=False,
                        id=f"col-{index}",
                        compact=True,
                    )
            yield Static("", id="mapping-problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Back", id="back")
                yield Button("Save and dry run", variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#map-channel" if not self.known else "#ok").focus()

    def mapping(self) -> Mapping:
        """The mapping as chosen; :class:`DeskError` says what is missing."""
        columns: dict[str, str] = {}
        for index, header in enumerate(self.source.header):
            field = str(self.query_one(f"#col-{index}", Select).value)
            if field == IGNORE:
                continue
            if field in columns:
                raise BadInput(
                    f"{field}: both {columns[field]!r} and {header!r} are chosen for it; pick one"
                )
            columns[field] = header
        mapping = Mapping(
            self.query_one("#map-name", Input).value.strip(),
            columns,
            channel=self.query_one("#map-channel", Input).value.strip().lower(),
            currency=self.query_one("#map-currency", Input).value.strip().upper(),
            date_order=str(self.query_one("#map-dates", Select).value),
            decimal_mark=str(self.query_one("#map-mark", Select).value),
        )
        from orderdesk.exchange.mapping import path_of

        path_of(mapping.name)  # a name that can be a file name
        mapping.check(f"mapping {mapping.name!r}")
        return mapping

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        try:
            chosen = self.mapping()
        except DeskError as problem:
            self.query_one("#mapping-problem", Static).update(problem.message)
            return
        self.dismiss(chosen)

"""Scan to pack: a barcode scanner (it types like a keyboard and ends with Enter) checks every
unit of an order before it is packed.

First scan the order's label (or type its number) and Enter; then scan each item. Each line's
count goes down as its units are scanned; a barcode the order does not hold, or one unit too
many, rings the terminal bell, shows red and changes nothing. When the last unit is scanned the
order is packed (the domain's ``pack``, journaled and undoable) and, when the setting
``print_label_when_packed`` is on, its label prints. Then the next order's label. A merged
shipment's label (its tracking number, or the first order's ``#123``) opens the whole parcel:
every merged order's units are scanned together and packed together.

Keys come through the desk's one key queue like any typing. Reading the order and packing it
run in workers; scans typed while the order is being read wait here, in the order they came.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from orderdesk.domain.errors import DeskError
from orderdesk.domain.packing import PackCount, Scan
from orderdesk.widgets.footer import DeskFooter

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.store import Database


class PackScreen(Screen[None]):
    """One order at a time: its lines and what is left to scan."""

    AUTO_FOCUS = "#pack-scan"
    #: A scan here is read by the screen's own field, not taken by the desk's scan catcher
    #: (:func:`orderdesk.screens.scan_open.scan_look_up`).
    READS_OWN_SCANS = True

    DEFAULT_CSS = """
    PackScreen #pack-title { height: 1; text-style: bold; padding: 0 1; }
    PackScreen #pack-status { height: 2; padding: 0 1; }
    PackScreen #pack-status.wrong { color: $error; text-style: bold; }
    PackScreen #pack-status.done { color: $success; text-style: bold; }
    PackScreen #pack-lines { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="Back to the desk", id="pack-back"),
        Binding(
            "ctrl+n", "next_order", "Next order", tooltip="Put this order aside", id="pack-next"
        ),
    ]

    @dataclass
    class Loaded(Message):
        count: PackCount | None
        error: str | None = None

    @dataclass
    class Packed(Message):
        order_id: int
        message: str
        failed: bool = False

    def __init__(self, database: Database, settings: Settings) -> None:
        super().__init__()
        self.database = database
        self.settings = settings
        self.count: PackCount | None = None
        self.loading = False
        self.waiting: deque[str] = deque()  # scans typed while the order is read

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Scan to pack", id="pack-title")
            yield Input(placeholder="Scan the order's label or type its number", id="pack-scan")
            yield Static("Scan a label to start.", id="pack-status")
            yield DataTable(id="pack-lines", cursor_type="row", zebra_stripes=True)
        yield DeskFooter()

    def on_mount(self) -> None:
        table = self.query_one("#pack-lines", DataTable)
        table.can_focus = False  # every key is the scanner's: it goes to the scan field
        for label, width in (("SKU", 16), ("Item", 34), ("Barcode", 15), ("Qty", 5), ("Left", 5)):
            table.add_column(label, width=width, key=label.lower())
        self.query_one("#pack-scan", Input).focus()

    # -- scanning ---------------------------------------------------------------------
    @on(Input.Submitted, "#pack-scan")
    def scanned(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        event.input.value = ""
        if not code:
            return
        if self.loading:
            self.waiting.append(code)
            return
        self.take(code)

    def take(self, code: str) -> None:
        count = self.count
        if count is None or count.complete:
            self.open_order(code)
            return
        result, line = count.scan(code)
        if result is Scan.WRONG:
            self.wrong(f"{code}: not an item of {count.words}; nothing counted")
        elif result is Scan.EXTRA:
            assert line is not None
            self.wrong(f"{code}: {line.sku} is complete ({line.wanted} scanned); nothing counted")
        else:
            assert line is not None
            self.show_lines()
            if result is Scan.DONE:
                self.say(f"{count.words.capitalize()}: all scanned; packing…")
                self.pack(count.order_id)
            else:
                self.say(f"{line.sku}: {line.left} left · {count.left} units left in the order")

    def wrong(self, text: str) -> None:
        self.app.bell()
        self.say(text, "wrong")

    def say(self, text: str, kind: str = "") -> None:
        status = self.query_one("#pack-status", Static)
        status.set_classes(kind)
        status.update(text)

    # -- the order --------------------------------------------------------------------
    def open_order(self, code: str) -> None:
        self.loading = True
        self.say(f"Reading order {code}…")
        self.read_order(code)

    @work(thread=True, group="pack-read")
    def read_order(self, code: str) -> None:
        from orderdesk.store.packing_queries import order_for_scan, packing_count

        try:
            with self.database.read() as reader:
                order_id = order_for_scan(reader, code)
            count = packing_count(self.database, order_id if order_id is not None else code)
        except DeskError as error:
            self.post_message(self.Loaded(None, error.message))
            return
        self.post_message(self.Loaded(count))

    def on_pack_screen_loaded(self, message: Loaded) -> None:
        self.loading = False
        if message.count is None:
            self.count = None
            self.show_lines()
            self.wrong(message.error or "no such order")
        else:
            self.count = message.count
            self.query_one("#pack-title", Static).update(f"Scan to pack · {message.count.words}")
            self.show_lines()
            self.say(f"{message.count.words.capitalize()}: scan its {message.count.left} units")
        while self.waiting and not self.loading:
            self.take(self.waiting.popleft())

    def show_lines(self) -> None:
        self.query_one("#pack-scan", Input).focus()  # the scanner's keys always land there
        table = self.query_one("#pack-lines", DataTable)
        table.clear()
        if self.count is None:
            return
        for number, line in enumerate(self.count.lines):
            style = "green" if line.left == 0 else ""
            table.add_row(
                Text(line.sku, style=style),
                Text(line.title, overflow="ellipsis", no_wrap=True),
                line.barcode,
                Text(str(line.wanted), justify="right"),
                Text(str(line.left), justify="right", style=style or "bold"),
                key=str(number),
            )

    @work(thread=True, group="pack-write")
    def pack(self, order_id: int) -> None:
        from orderdesk.domain.packing import pack

        try:
            outcome = self.database.perform(pack, order_id)
        except DeskError as error:
            self.post_message(self.Packed(order_id, error.message, failed=True))
            return
        text = outcome.message
        if self.settings.print_label_when_packed:
            from orderdesk.services.labels import print_labels

            try:
                run = print_labels(self.database, [order_id], settings=self.settings)
            except DeskError as error:
                text += f"; label not printed: {error.message}"
            else:
                if run.refused:
                    text += f"; label not printed: {run.refused[0][1]}"
                elif run.path is not None:
                    text += f"; label {run.path.name}"
        self.post_message(self.Packed(order_id, text))

    def on_pack_screen_packed(self, message: Packed) -> None:
        if message.failed:
            self.wrong(message.message)
            return
        self.say(f"{message.message}. Scan the next label.", "done")

    # -- keys -------------------------------------------------------------------------
    def action_leave(self) -> None:
        self.app.pop_screen()

    def action_next_order(self) -> None:
        self.count = None
        self.show_lines()
        self.query_one("#pack-title", Static).update("Scan to pack")
        self.say("Put aside; scan the next label.")

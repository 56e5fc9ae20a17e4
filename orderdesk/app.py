"""The desk: the Textual app over the domain core. Small on purpose: it wires the main screen,
the theme, the key map and the command palette; screens live in ``orderdesk/screens``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from orderdesk.key_queue import KeyQueue
from orderdesk.pauses import Pauses
from orderdesk.scanner import LookUp, ScanCatcher
from orderdesk.screens.desk import DeskScreen
from orderdesk.screens.palette import DeskCommands
from orderdesk.screens.scan_open import scan_look_up, tab_at_once

if TYPE_CHECKING:
    from collections.abc import Callable

    from orderdesk.config import Settings
    from orderdesk.store import Database


class DeskApp(App[int]):
    """OrderDesk's terminal face."""

    TITLE = "OrderDesk"
    CSS_PATH = "theme.tcss"
    COMMANDS = App.COMMANDS | {DeskCommands}
    BINDINGS = [
        # q quits from the desk; in any screen pushed over it, q closes that screen
        Binding("q", "close_or_quit", "Quit", tooltip="Close the desk", id="quit"),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip="Every key of the desk",
            id="help",
        ),
    ]

    def __init__(self, database: Database, settings: Settings) -> None:
        super().__init__()
        self.database = database
        self.settings = settings
        self.pauses = Pauses(self)
        self.keys = KeyQueue(self)
        self.scans = ScanCatcher(self, self._scan_look_up, self._at_once)

    def on_mount(self) -> None:
        self.keys.start()  # before the first screen: it too is waited for
        self.push_screen(DeskScreen(self.database, self.settings))
        self.call_after_refresh(self.pauses.start)
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(
                    f"theme {self.settings.theme!r} is not a Textual theme; using the default",
                    severity="warning",
                )
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def on_unmount(self) -> None:
        self.pauses.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            # a scan is told by the keys as they are read: a key the queue plays out later
            # (read while a dialog closed, say) was seen then, and is not seen again
            if not self.keys.replaying(event) and self.scans.catch(event):
                return  # perhaps a label scanned: held until that is known
            self.pauses.key()
            if not self.keys.admit(event):
                return  # its turn comes once the keys before it have taken effect
        await super().on_event(event)

    def _scan_look_up(self) -> LookUp | None:
        return scan_look_up(self)

    def _at_once(self, key: events.Key) -> Callable[[], None] | None:
        """A tab key acts as it is read, unless keys before it are still taking effect."""
        return tab_at_once(self, key) if self.keys.idle else None

    async def _dispatch_message(self, message: Message) -> None:
        self.keys.handling += 1  # the key queue waits while a binding's action runs
        try:
            await super()._dispatch_message(message)
        finally:
            self.keys.handling -= 1

    async def action_close_or_quit(self) -> None:
        """q: close the screen pushed over the desk (a detail, a dialog, insights, stock) as
        Escape would, with no result; quit only from the desk itself."""
        if isinstance(self.screen, DeskScreen) or len(self.screen_stack) <= 1:
            await self.action_quit()
            return
        await self.screen.dismiss(None)

    def action_help(self) -> None:
        from orderdesk.screens.desk import DeskScreen
        from orderdesk.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen([*DeskScreen.BINDINGS, *self.BINDINGS], self._keymap))


def make_app(database: Database, settings: Settings) -> DeskApp:
    """The one app factory: the command line, the tests and the benchmarks build the desk here."""
    return DeskApp(database, settings)

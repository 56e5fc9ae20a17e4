"""The command palette's desk commands: every key's action, by name."""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider


class DeskCommands(Provider):
    """Every desk binding as a command; it runs on the desk (the screen under the palette)."""

    def _commands(self) -> list[tuple[str, str, str]]:
        from orderdesk.screens.desk import DeskScreen, key_display

        out = []
        for binding in DeskScreen.BINDINGS:
            if isinstance(binding, Binding) and binding.action != "clear":
                key = key_display(binding, self.app._keymap)
                out.append(
                    (f"{binding.description} ({key})", binding.tooltip or "", binding.action)
                )
        out.append(
            (
                "To prepare: short of stock only (again: every order)",
                "Only the pending orders whose tracked SKUs are short",
                "toggle_short",
            )
        )
        out.append(("Help: every key (?)", "The list of keys", "app.help"))
        return out

    async def _run(self, action: str) -> None:
        from orderdesk.screens.desk import DeskScreen

        screen = self.screen
        if not isinstance(screen, DeskScreen):
            self.app.notify("Go back to the desk first", severity="warning")
            return
        if action.startswith("app."):
            await self.app.run_action(action)
            return
        name = action.split("(")[0]
        if not screen.check_action(name, ()):
            self.app.notify(
                f"{name.replace('_', ' ')}: does not apply to this row", severity="warning"
            )
            return
        await self.app.run_action(action, screen)

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )

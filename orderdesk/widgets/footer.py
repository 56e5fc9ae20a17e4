"""The desk's footer: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer removes and mounts every key widget each time the screen's bindings are
updated, and a tab switch or a cursor move updates them several times; measured on the
100,000-order desk that cost more than the switch itself. This one compares what it would
show with what it shows and keeps its widgets when nothing changed.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class DeskFooter(Footer):
    """A Footer that recomposes only when its keys, labels or enabled states change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Hashable = None

    def _what_it_shows(self) -> Hashable:
        if not self._bindings_ready:
            return None
        app = self.app
        keys = tuple(
            (
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.compact, self.show_command_palette, self.combine_groups

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shows = self._what_it_shows()
        if shows is not None and shows == self._shown:
            return
        self._shown = shows
        await super().recompose()

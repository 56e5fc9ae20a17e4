"""The desk's footer: Textual's Footer, changed only where the keys it shows change.

Textual's Footer removes and mounts every key widget each time the screen's bindings are
updated, and a tab switch or a cursor move updates them several times; measured on the
100,000-order desk that cost more than the switch itself. This one compares what it would
show with what it shows and keeps its widgets when nothing changed; when some keys come or go
(a tab switch: Ready to ship offers Label where To prepare offers Confirm), only those are
removed or mounted, the others stay and at most change their enabled state and tooltip.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: What tells one footer key from another: key, shown key, description, action.
Identity = tuple[str, str, str, str]


class DeskFooter(Footer):
    """A Footer that mounts or removes only the keys that came or went."""

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
        before, self._shown = self._shown, shows
        if before is None or shows is None or not await self._change_keys(before, shows):
            await super().recompose()

    async def _change_keys(self, before: Hashable, shows: Hashable) -> bool:
        """Change the mounted keys into ``shows`` by removing and mounting only those that
        differ; False (nothing changed) where Footer's own compose must do it: binding
        groups, another compact or palette setting, or keys in another order."""
        assert isinstance(before, tuple) and isinstance(shows, tuple)
        if before[1:] != shows[1:]:
            return False
        wanted: dict[Identity, tuple[bool, str]] = {}
        for key, display, description, action, group, enabled, tooltip in shows[0]:
            if group is not None:
                return False
            if not any(existing[3] == action for existing in wanted):  # one key per action
                wanted[(key, display, description, action)] = (enabled, tooltip)
        mounted = {
            (child.key, child.key_display, child.description, child.action): child
            for child in self.query_children(FooterKey)
            if not child.has_class("-command-palette")
        }
        kept = [identity for identity in mounted if identity in wanted]
        if kept != [identity for identity in wanted if identity in mounted]:
            return False
        gone = [widget for identity, widget in mounted.items() if identity not in wanted]
        if gone:
            await self.remove_children(gone)
        following: FooterKey | None = None  # mount each new key before the next kept one
        for identity in reversed(wanted):
            enabled, tooltip = wanted[identity]
            widget = mounted.get(identity)
            if widget is None:
                widget = FooterKey(*identity, disabled=not enabled, tooltip=tooltip)
                widget.data_bind(compact=Footer.compact)
                last = next(iter(self.query_children(".-command-palette")), None)
                before = following if following is not None else last
                if before is not None:
                    await self.mount(widget, before=before)
                else:
                    await self.mount(widget)
            else:
                widget._disabled = not enabled
                widget.set_class(not enabled, "-disabled")
                widget.tooltip = tooltip or None
            following = widget
        self.styles.grid_size_columns = len(wanted)
        return True

"""The footer changes only the keys that came or went (issue 13, acceptance 5: a tab switch
rebuilt every key of it), and still shows exactly what Textual's own Footer would: the keys
the focused row allows, in the bindings' order, dimmed where disabled, the palette key last."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.ui.deskpilot import settle

SIZE = (120, 35)


def shown(app: Any) -> list[tuple[str, str, bool]]:
    """The footer's keys as drawn: description, key shown, dimmed."""
    footer = app.screen.query_one(Footer)
    return [
        (key.description, key.key_display, key.has_class("-disabled"))
        for key in footer.query_children(FooterKey)
    ]


def expected(app: Any) -> list[tuple[str, str, bool]]:
    """What Textual's Footer composes from the screen's bindings (one key per action)."""
    keys: dict[str, tuple[str, str, bool]] = {}
    for _node, binding, enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show and binding.action not in keys:
            keys[binding.action] = (binding.description, app.get_key_display(binding), not enabled)
    palette = app.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
    found = list(keys.values())
    if palette is not None:
        _node, binding, enabled, _tooltip = palette
        found.append((binding.description, app.get_key_display(binding), not enabled))
    return found


async def test_tab_switches_and_moves_keep_the_footer_true_and_its_unchanged_keys(
    desk_app: Any,
) -> None:
    async with desk_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown(desk_app) == expected(desk_app)
        footer = desk_app.screen.query_one(Footer)
        first = {key.action: key for key in footer.query_children(FooterKey)}
        changed = False
        for keys in (("2",), ("down", "down"), ("3",), ("4",), ("5",), ("6",), ("1",), ("2",)):
            for key in keys:
                await pilot.press(key)
            await settle(pilot)
            assert shown(desk_app) == expected(desk_app), keys
            now = {key.action: key for key in footer.query_children(FooterKey)}
            changed = changed or now.keys() != first.keys()
        assert changed  # the tabs offer different keys: some came and went
        # the keys every tab offers are the very widgets first mounted, not rebuilt ones
        for action in ("search", "new_order", "undo"):
            assert now[action] is first[action], action

"""The desk keeps its drawn cells across resizes (the search bar opening, a tab shown again, the
terminal resized): what is on screen afterwards must be exactly what a fresh draw shows."""

from __future__ import annotations

from textual.app import App

from orderdesk.app import DeskApp
from orderdesk.widgets.order_table import OrderTable
from tests.ui.deskpilot import settle, table


def _screen(app: App[int]) -> str:
    """The whole screen as the terminal shows it (text, colours, styles)."""
    return app.export_screenshot()


def _fresh(app: App[int]) -> str:
    """The same screen drawn from nothing: every table's cells drawn again."""
    for widget in app.screen.query(OrderTable):
        widget._clear_caches()
        widget.refresh()
    app.screen.refresh(layout=True)
    return _screen(app)


async def test_closing_the_search_shows_the_tab_as_it_was(frozen_app: DeskApp) -> None:
    async with frozen_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        before = _screen(frozen_app)
        await pilot.press("slash", "M")
        await settle(pilot)
        assert table(frozen_app).view == "search"
        await pilot.press("escape")
        await settle(pilot)
        assert table(frozen_app).view == "to-prepare"
        assert _screen(frozen_app) == before
        await pilot.pause()
        assert _fresh(frozen_app) == before


async def test_a_terminal_resize_redraws_the_rows_to_the_new_width(frozen_app: DeskApp) -> None:
    async with frozen_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        wide = _screen(frozen_app)
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        narrow = _screen(frozen_app)
        await pilot.pause()
        assert narrow == _fresh(frozen_app)
        await pilot.resize_terminal(150, 40)
        await settle(pilot)
        assert _screen(frozen_app) == _fresh(frozen_app)
        await pilot.resize_terminal(120, 35)
        await settle(pilot)
        assert _screen(frozen_app) == wide


async def test_tabs_switched_back_and_forth_show_what_a_fresh_draw_shows(
    frozen_app: DeskApp,
) -> None:
    async with frozen_app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        shown: dict[str, str] = {}
        for key in ("2", "1", "3", "2", "1", "3"):
            await pilot.press(key)
            await settle(pilot)
            screen = _screen(frozen_app)
            assert shown.setdefault(key, screen) == screen, key
        assert _fresh(frozen_app) == shown["3"]


#: Per tab, the columns that must be on screen at 80×24: order, buyer, total, its own.
ESSENTIAL = {
    "1": ("to-prepare", ("ship_by", "order", "buyer", "total")),
    "2": ("ready-to-ship", ("ship_by", "order", "label", "buyer", "total")),
    "3": ("in-transit", ("order", "buyer", "tracking", "total")),
    "4": ("finalized", ("finalized", "order", "buyer", "total")),
    "5": ("refunds", ("status", "respond_by", "order", "buyer", "amount")),
    "6": ("disputes", ("status", "respond_by", "order", "buyer", "amount")),
}


def _right_edges(view_table: OrderTable) -> dict[str, int]:
    edges, x = {}, 0
    for column in view_table.ordered_columns:
        x += column.get_render_width(view_table)
        edges[str(column.key.value)] = x
    return edges


async def test_every_tab_shows_its_essential_columns_at_80_by_24(frozen_app: DeskApp) -> None:
    """The wide columns shrink so that order, buyer, total and the tab's own column show at
    80×24, and every tab is reachable by its digit."""
    async with frozen_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, (view, columns) in ESSENTIAL.items():
            await pilot.press(key)
            await settle(pilot)
            shown = table(frozen_app)
            assert shown.view == view
            edges = _right_edges(shown)
            for name in columns:
                assert edges[name] <= shown.scrollable_content_region.width, (view, name)


async def test_a_wide_terminal_widens_buyer_and_items(frozen_app: DeskApp) -> None:
    async with frozen_app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        shown = table(frozen_app)
        widths = {str(c.key.value): c.get_render_width(shown) for c in shown.ordered_columns}
        assert widths["buyer"] > 30 and widths["items"] > 30


async def test_every_tab_s_count_is_in_sight_at_80_columns(frozen_app: DeskApp) -> None:
    """At 80 columns the six full titles do not fit ("4 Finalized 1,61" was the last thing
    seen): tabs not shown drop their name, the first ones first, until the row fits; the
    shown one keeps its name."""
    from textual.widgets import TabbedContent

    from orderdesk.domain.stages import TAB_TITLES, Tab

    async with frozen_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = frozen_app.screen.query_one(TabbedContent)
        for key, shown in (("1", Tab.TO_PREPARE), ("5", Tab.REFUNDS)):
            await pilot.press(key)
            await settle(pilot)
            titles = {tab: str(tabs.get_tab(tab.value).label) for tab in Tab}
            row = tabs.query_one("#tabs-scroll")
            assert sum(len(title) + 2 for title in titles.values()) <= row.size.width, titles
            named = [TAB_TITLES[tab] in titles[tab] for tab in Tab if tab != shown]
            assert TAB_TITLES[shown] in titles[shown], titles
            assert named == sorted(named) and not all(named), titles  # a prefix went short
            for number, tab in enumerate(Tab, start=1):
                assert titles[tab].startswith(f"{number} "), titles


async def test_every_tab_title_is_whole_at_200_columns(frozen_app: DeskApp) -> None:
    from textual.widgets import TabbedContent

    from orderdesk.domain.stages import TAB_TITLES, Tab

    async with frozen_app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        tabs = frozen_app.screen.query_one(TabbedContent)
        assert all(TAB_TITLES[tab] in str(tabs.get_tab(tab.value).label) for tab in Tab)

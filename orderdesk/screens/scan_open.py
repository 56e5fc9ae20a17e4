"""A label scanned on any screen of the desk opens its order (issue 16).

:class:`~orderdesk.scanner.ScanCatcher` tells a scanner's burst from typing; this module says
where a scan is taken and what it does there. A scan is taken on every screen of the desk (the
tabs, an order's detail, Stock, the help, a dialog whose buttons have focus) except while a text
field has focus (the keys are typing: a search, a reason, a message) and on the packing screen,
which reads its own scans. The label is looked up as the packing screen does, taking only what
a label encodes (:func:`~orderdesk.store.packing_queries.orders_for_scan` with ``typed=False``).
The order found opens its detail over the screen shown; on the detail of another order, the
scanned order's detail takes its place (Escape then goes back to where the first was opened
from); on its own detail, it is read again. The tracking number of a merged shipment opens its
first order, the notice naming the others. A scan that names no order, or one whose screen
closed while it was looked up, reaches the screen as typed.

A tab key on the desk (``1``–``6``, or what the keymap makes them) may begin a tracking number,
yet a seller switching tabs should not wait to be told it is not one: it switches at once
(:func:`tab_at_once`), and should a scan follow, the tab shown before comes back as the scanned
order's detail opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.widgets import Input, TabbedContent, TextArea

from orderdesk.domain.scans import scan_words
from orderdesk.scanner import LookUp
from orderdesk.screens.desk import DeskScreen

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

#: The widgets a person types text into: keys there are never a scan.
TEXT_FIELDS = (Input, TextArea)


def tab_at_once(app: App[Any], key: events.Key) -> Callable[[], None] | None:
    """For a key that switches the desk's tab, how to show the tab shown before it."""
    desk = app.screen
    if not isinstance(desk, DeskScreen) or isinstance(desk.focused, TEXT_FIELDS):
        return None
    active = app.active_bindings.get(key.key)
    if active is None or not active.binding.action.startswith("show_tab("):
        return None
    before = desk.query_one(TabbedContent).active

    def show_before() -> None:
        if desk.is_attached:
            desk.action_show_tab(before)

    return show_before


def scan_look_up(app: App[Any]) -> LookUp | None:
    """How a scan is looked up on the screen shown now, or None where the keys are not scans."""
    screen = app.screen
    # The packing screen says so itself: importing it here would load the domain's models
    # (SQLModel, SQLAlchemy) before the desk's first paint.
    if getattr(screen, "READS_OWN_SCANS", False) or isinstance(screen.focused, TEXT_FIELDS):
        return None
    desk = next((s for s in app.screen_stack if isinstance(s, DeskScreen)), None)
    if desk is None:
        return None

    def look_up(code: str, answer: Callable[[bool], None]) -> None:
        desk.run_worker(
            lambda: _read(desk, screen, code, answer),
            thread=True,
            exit_on_error=False,
            group="scan",
        )

    return look_up


def _read(desk: DeskScreen, screen: Screen[Any], code: str, answer: Callable[[bool], None]) -> None:
    """In a worker thread: the order the label names, then back to the UI thread."""
    from orderdesk.store.packing_queries import orders_for_scan

    try:
        with desk.database.reader() as reader:
            orders = orders_for_scan(reader, code, typed=False)
    except Exception:  # noqa: BLE001 - not a scan after all: the keys act as typed
        orders = ()
    desk.app.call_from_thread(_open, desk, screen, code, orders, answer)


def _open(
    desk: DeskScreen,
    screen: Screen[Any],
    code: str,
    orders: tuple[int, ...],
    answer: Callable[[bool], None],
) -> None:
    from orderdesk.screens.detail import DetailScreen

    app = desk.app
    if not orders or app.screen is not screen:
        answer(False)
        return
    order_id = orders[0]  # a merged shipment: its first order, the others named
    app.notify(scan_words(code, orders))
    if isinstance(screen, DetailScreen):
        if screen.order_id == order_id:
            screen.load()
        else:
            app.switch_screen(DetailScreen(desk, order_id))
    else:
        app.push_screen(DetailScreen(desk, order_id))
    answer(True)  # keys typed after the scan go to the detail, once it is ready

"""Invoices, packing slips and pick lists: read the orders, write one document atomically.

These documents do not move an order: they are saved (under the documents folder unless a path
is given) and their path returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from orderdesk.documents.order_sheet import read_orders
from orderdesk.documents.output import default_path, write_atomically
from orderdesk.domain.errors import BadInput
from orderdesk.domain.stages import Tab

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.store.database import Database

PICK_TABS = (Tab.TO_PREPARE, Tab.READY_TO_SHIP, Tab.IN_TRANSIT, Tab.FINALIZED)


@dataclass
class DocumentRun:
    path: Path | None  # None when no order was found
    orders: list[int]  # desk ids in the document
    pages: int
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (ref, why)

    @property
    def exit_status(self) -> int:
        return 2 if self.unknown else 0


def write_invoices(
    database: Database, refs: Sequence[str | int], *, settings: Settings, out: Path | None = None
) -> DocumentRun:
    """One PDF with an invoice per order (each on its own page)."""
    from orderdesk.documents.invoice import write_invoices as draw

    return _per_order(
        database, refs, out, "invoice", lambda stream, orders: draw(stream, orders, settings.seller)
    )


def write_packing_slips(
    database: Database, refs: Sequence[str | int], *, out: Path | None = None
) -> DocumentRun:
    """One PDF, a page per order (orders merged into one shipment: one page, every line)."""
    from orderdesk.documents.packing import write_packing_slips as draw

    return _per_order(database, refs, out, "packing-slip", draw, merged=True)


def _per_order(
    database: Database,
    refs: Sequence[str | int],
    out: Path | None,
    kind: str,
    draw: Callable[[BinaryIO, list[Any]], int],
    *,
    merged: bool = False,
) -> DocumentRun:
    """Read the orders, draw one document for them all, write it atomically."""
    orders, unknown = read_orders(database, refs, merged=merged)
    if not orders:
        return DocumentRun(None, [], 0, unknown)
    ids = [order.order_id for order in orders]
    pages: list[int] = []
    path = write_atomically(
        _target(out, kind, ids, database), lambda stream: pages.append(draw(stream, orders))
    )
    return DocumentRun(path, ids, pages[0], unknown)


def write_picklist(
    database: Database,
    *,
    tab: str | Tab = Tab.TO_PREPARE,
    ids: Sequence[int] | None = None,
    out: Path | None = None,
) -> DocumentRun:
    """Units per SKU across a tab's orders (or the given desk ids within it, tab "all": any)."""
    from orderdesk.documents.packing import write_picklist as draw
    from orderdesk.store.documents_queries import pick_rows

    chosen = _pick_tab(tab)
    heading = chosen.heading if chosen is not None else "Selected orders"
    with database.read() as connection:
        rows, orders = pick_rows(connection, tab=chosen, ids=ids)
    pages: list[int] = []
    stem = f"picklist-{chosen.value}" if chosen is not None else "picklist"
    path = write_atomically(
        _target(out, stem, [], database),
        lambda stream: pages.append(draw(stream, rows, heading=heading, orders=orders)),
    )
    return DocumentRun(path, list(ids or []), pages[0])


def _pick_tab(tab: str | Tab) -> Tab | None:
    if isinstance(tab, Tab):
        return tab
    if tab == "all":
        return None
    names = ", ".join(t.value for t in PICK_TABS)
    try:
        chosen = Tab(tab)
    except ValueError:
        raise BadInput(f"--tab: {tab!r} is not a tab ({names})") from None
    if chosen not in PICK_TABS:
        raise BadInput(
            f"--tab: a pick list counts the orders of a stage tab ({names}), not {chosen.value}"
        )
    return chosen


def _target(out: Path | None, kind: str, ids: list[int], database: Database) -> Path:
    if out is not None:
        return Path(out)
    return default_path(kind, ids, "pdf", database.clock())

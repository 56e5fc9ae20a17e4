"""Printing shipping labels for a batch of orders: the use case, its one transaction.

:mod:`orderdesk.documents.labels` reads the orders and renders their labels; this
module writes the document, sends it to CUPS when printing, and only when the printer took
it (or nothing is sent to a printer) records the printed orders with the domain's
:func:`~orderdesk.domain.labels_printed.labels_printed`, in one unit of work through
:meth:`~orderdesk.store.database.Database.perform`. A printer that refuses moves no order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from orderdesk.documents import labels as rendering
from orderdesk.documents.output import Cancelled, default_path, staged
from orderdesk.documents.printing import PrinterRefused
from orderdesk.domain.errors import BadInput, Conflict, DeskError
from orderdesk.domain.labels_printed import PrintedLabel, label_printed_together, labels_printed
from orderdesk.domain.seller_address import sender_warning

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.store.database import Database


def print_labels(
    database: Database,
    refs: Sequence[str | int],
    *,
    settings: Settings,
    out: Path | None = None,
    fmt: str | None = None,
    size: str | None = None,
    send: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> rendering.LabelRun:
    """Write (and print) the labels of ``refs`` as one document; record the printed orders.

    ``send``: True prints (a printer must be set), False never prints, None prints when the
    settings name a printer. With no ``out`` the document goes to the documents folder.
    ``fmt`` and ``size`` not given: the ``label_format`` and ``label_size`` settings, so the
    desk's key, the packing screen and ``orderdesk label`` print the same label.
    """
    fmt, size = rendering.check_options(fmt or settings.label_format, size or settings.label_size)
    printer = settings.printer.strip()
    if send and not printer:
        raise BadInput(
            'no printer set: add printer = "NAME" to '
            f"{settings.path} (see `lpstat -e` for the names)"
        )
    to_printer = bool(printer) and send is not False
    printable, refused, unknown = rendering.collect(database, refs, settings)
    if not printable:
        return rendering.LabelRun(None, [], refused, "", unknown=unknown)

    labels = [item.label for item in printable]
    papers = [item.customs for item in printable]
    ids = list(dict.fromkeys(label.order_id for label in labels))
    path = Path(out) if out is not None else default_path("label", ids, fmt, database.clock())
    message = ""
    refusal: PrinterRefused | None = None
    printed: list[int] = []
    try:
        # the orders move before the document takes its name: a run killed in between
        # leaves no label of an order that did not move
        with staged(
            path,
            lambda stream: rendering.write(stream, labels, fmt, size, progress, cancelled, papers),
        ) as written:
            if to_printer:
                try:
                    message = rendering.send_to_printer(written, printer, fmt, size, ids)
                except PrinterRefused as error:
                    refusal = error  # the labels are kept, to print by hand; no order moves
            if refusal is None:
                printed = _record(database, printable, path, refused)
    except Cancelled:
        return rendering.LabelRun(None, [], refused, "", cancelled=True, unknown=unknown)
    path = path.expanduser().resolve()
    if refusal is not None:
        return rendering.LabelRun(
            path,
            [],
            refused,
            f"{refusal.message}; no order moved (the labels are saved in {path})",
            printer_failed=True,
            unknown=unknown,
        )
    notes = rendering.elsewhere(papers, fmt)
    unsent = sender_warning(settings.seller, str(settings.path))
    if unsent is not None:
        notes.insert(0, unsent)
    return rendering.LabelRun(
        path, printed, refused, message, unknown=unknown, labels=len(labels), notes=notes
    )


def _record(
    database: Database,
    printable: list[rendering.Printable],
    path: Path,
    refused: list[tuple[str, str]],
) -> list[int]:
    """Record every printed label in one unit of work (label by label if another desk
    keeps interfering)."""
    document = path.name
    batch = list(
        {
            item.label.order_id: PrintedLabel(item.ref, item.orders or (item.label.order_id,))
            for item in printable
        }.values()
    )
    try:
        recorded = database.perform(labels_printed, batch, document=document)
    except Conflict:
        pass
    else:
        refused.extend(recorded.refused)
        return recorded.printed
    printed: list[int] = []
    for label in batch:
        try:
            database.perform(label_printed_together, label.order_ids, document)
        except DeskError as error:
            refused.append((label.ref, error.message))
        else:
            printed.extend(label.order_ids)
    return printed

"""Printing shipping labels for a batch of orders: the moment an order becomes Ready to ship.

For each order the domain's rule (:func:`~orderdesk.domain.fulfilment.check_label`: stage and
ship-to address) decides whether it gets a label; refused orders are listed with the rule and
the rest still print. The batch is one document, written to a temporary file and renamed into
place. When printing, the document goes to CUPS first; only when the printer took it (or when
nothing is sent to a printer) is each order recorded with the domain action
:func:`~orderdesk.domain.fulfilment.label_printed`: confirmed → ready to ship, a reprint keeps
the stage and is journaled as ``label_reprint``. A printer that refuses moves no order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orderdesk.documents.customs import customs_labels, customs_pages, label_customs
from orderdesk.documents.label_data import LabelData, group_labels
from orderdesk.documents.output import Cancelled, default_path, staged
from orderdesk.documents.printing import MEDIA, PrinterRefused, send
from orderdesk.domain.errors import BadInput, Conflict, DeskError, Refused
from orderdesk.domain.fulfilment import check_label, label_printed
from orderdesk.domain.groups import members, tie
from orderdesk.domain.merging import check_still_mergeable

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.documents.customs_paper import CustomsPaper
    from orderdesk.store.database import Database

FORMATS = ("pdf", "zpl")
SIZES = ("4x6", "a4")


@dataclass
class LabelRun:
    path: Path | None  # the written document (None when nothing was printable)
    printed: list[int]  # desk ids that got a label (moved to ready_to_ship or reprinted)
    refused: list[tuple[str, str]]  # (order ref as given, the rule's one-line message)
    printer_message: str  # "" or what `lp` said (job id) / why it refused
    printer_failed: bool = False  # the printer refused: no order moved
    cancelled: bool = False  # stopped by the caller before the document was written
    unknown: list[str] = field(default_factory=list)  # refs that name no order (also refused)
    labels: int = 0  # labels written: one per parcel of an order's shipment
    notes: list[str] = field(default_factory=list)  # what the seller must print elsewhere

    @property
    def exit_status(self) -> int:
        """The command line's status: 0 all done, 1 some refused, 2 some named no order."""
        if self.unknown:
            return 2
        return 1 if self.refused or self.printer_failed or self.cancelled else 0


@dataclass(frozen=True)
class _Printable:
    ref: str
    label: LabelData
    customs: CustomsPaper | None = None  # the CN 22/CN 23 of a cross-border order
    orders: tuple[int, ...] = ()  # every order the label carries (several when merged)


def print_labels(
    database: Database,
    refs: Sequence[str | int],
    *,
    settings: Settings,
    out: Path | None = None,
    fmt: str = "pdf",
    size: str = "4x6",
    send: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> LabelRun:
    """Write (and print) the labels of ``refs`` as one document; record the printed orders.

    ``send``: True prints (a printer must be set), False never prints, None prints when the
    settings name a printer. With no ``out`` the document goes to the documents folder.
    """
    fmt, size = _check_options(fmt, size)
    printer = settings.printer.strip()
    if send and not printer:
        raise BadInput(
            'no printer set: add printer = "NAME" to '
            f"{settings.path} (see `lpstat -e` for the names)"
        )
    to_printer = bool(printer) and send is not False
    printable, refused, unknown = _collect(database, refs, settings)
    if not printable:
        return LabelRun(None, [], refused, "", unknown=unknown)

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
            path, lambda stream: _write(stream, labels, fmt, size, progress, cancelled, papers)
        ) as written:
            if to_printer:
                try:
                    message = _send(written, printer, fmt, size, ids)
                except PrinterRefused as error:
                    refusal = error  # the labels are kept, to print by hand; no order moves
            if refusal is None:
                printed = _record(database, printable, path, refused)
    except Cancelled:
        return LabelRun(None, [], refused, "", cancelled=True, unknown=unknown)
    path = path.expanduser().resolve()
    if refusal is not None:
        return LabelRun(
            path,
            [],
            refused,
            f"{refusal.message}; no order moved (the labels are saved in {path})",
            printer_failed=True,
            unknown=unknown,
        )
    return LabelRun(
        path,
        printed,
        refused,
        message,
        unknown=unknown,
        labels=len(labels),
        notes=_elsewhere(papers, fmt),
    )


def _elsewhere(papers: Sequence[CustomsPaper | None], fmt: str) -> list[str]:
    """The commercial invoice a CN 23 needs (a sale of goods) is an A4 page: the PDF labels
    carry it; 4×6 ZPL labels cannot, so the run says where to print it."""
    from orderdesk.documents.customs_paper import pages_of

    if fmt != "zpl":
        return []
    return [
        f"order {paper.ref}: its CN 23 needs a commercial invoice, an A4 page no 4x6 label "
        f"carries: print it with `orderdesk customs {paper.declaration.order_id}`"
        for paper in papers
        if paper is not None and "invoice" in pages_of(paper)
    ]


def _check_options(fmt: str, size: str) -> tuple[str, str]:
    fmt, size = fmt.lower(), size.lower()
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is pdf or zpl")
    if size not in SIZES:
        raise BadInput(f"--size: {size!r} is 4x6 or a4")
    if fmt == "zpl" and size != "4x6":
        raise BadInput("--format zpl: ZPL labels are 4x6 (thermal printers); use --size 4x6")
    return fmt, size


def _collect(
    database: Database, refs: Sequence[str | int], settings: Settings
) -> tuple[list[_Printable], list[tuple[str, str]], list[str]]:
    """Read each order once and sort it into printable or refused (with the rule)."""
    printable: list[_Printable] = []
    refused: list[tuple[str, str]] = []
    unknown: list[str] = []
    seen: set[int] = set()
    with database.uow() as uow:  # read only: rolled back on exit
        for ref in refs:
            given = str(ref)
            try:
                order = uow.order(ref)
                group = members(uow, order)  # merged orders: one label for all of them
                for member in group:
                    check_label(member, uow.now())
                    check_still_mergeable(group[0], member)
                customs = label_customs(uow, group[0], settings)
            except BadInput as error:
                refused.append((given, error.message))
                unknown.append(given)
                continue
            except Refused as error:
                refused.append((given, error.message))
                continue
            if order.id in seen:
                continue
            ids = tuple(member.id or 0 for member in group)
            seen.update(ids)
            parcels = group_labels(group, settings.seller)  # every parcel of its shipment
            for number, one in enumerate(parcels, start=1):
                # the customs form follows the shipment's last parcel label
                printable.append(
                    _Printable(given, one, customs if number == len(parcels) else None, ids)
                )
    return printable, refused, unknown


def _write(
    stream: Any,
    labels: list[LabelData],
    fmt: str,
    size: str,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    papers: Sequence[CustomsPaper | None] = (),
) -> None:
    if fmt == "zpl":
        from orderdesk.documents.label_zpl import write_zpl

        write_zpl(
            stream,
            labels,
            len(labels),
            progress=progress,
            cancelled=cancelled,
            after=customs_labels(papers),
        )
        return
    from orderdesk.documents.label_pdf import write_pdf

    title = f"Label {labels[0].ref}" if len(labels) == 1 else f"{len(labels)} shipping labels"
    write_pdf(
        stream,
        labels,
        len(labels),
        size=size,
        title=title,
        progress=progress,
        cancelled=cancelled,
        after=customs_pages(papers, size),
    )


def _send(path: Path, printer: str, fmt: str, size: str, ids: list[int]) -> str:
    title = f"OrderDesk label {ids[0]}" if len(ids) == 1 else f"OrderDesk {len(ids)} labels"
    if fmt == "zpl":
        return send(path, printer, raw=True, title=title)
    return send(path, printer, media=MEDIA[size], title=title)


def _record(
    database: Database, printable: list[_Printable], path: Path, refused: list[tuple[str, str]]
) -> list[int]:
    """Record every printed label in one unit of work (one by one if another desk interferes)."""
    document = path.name
    before = len(refused)
    printable = list({item.label.order_id: item for item in printable}.values())
    try:
        with database.uow() as uow:
            printed = _record_each(uow, printable, document, refused)
            uow.commit()
        return printed
    except Conflict:
        del refused[before:]
    printed = []
    for item in printable:
        try:
            database.perform(_label_group, item.orders or (item.label.order_id,), document)
        except DeskError as error:
            refused.append((item.ref, error.message))
        else:
            printed.extend(item.orders or (item.label.order_id,))
    return printed


def _label_group(uow: Any, ids: tuple[int, ...], document: str) -> None:
    """Record one label for every order it carries, one entry each, undone together (all
    checked first: one refused, none is recorded)."""
    for order_id in ids:
        check_label(uow.order(order_id), uow.now())
    outcomes = [label_printed(uow, order_id, document=document) for order_id in ids]
    tie(uow, [outcome.journal_id for outcome in outcomes if outcome.action == "label"])


def _record_each(
    uow: Any, printable: list[_Printable], document: str, refused: list[tuple[str, str]]
) -> list[int]:
    printed: list[int] = []
    for item in printable:
        ids = item.orders or (item.label.order_id,)
        try:
            _label_group(uow, ids, document)
        except Refused as error:  # changed since it was read (e.g. cancelled meanwhile)
            refused.append((item.ref, error.message))
        else:
            printed.extend(ids)
    return printed

"""Shipping labels of a batch of orders: read, checked and rendered (nothing recorded here).

For each order the domain's rule (:func:`~orderdesk.domain.fulfilment.check_label`: stage and
ship-to address) decides whether it gets a label; refused orders are listed with the rule and
the rest still print. :func:`collect` reads the orders (every parcel of a shipment, one label
for a merged group, the customs form of a cross-border one), :func:`write` renders the batch
as one PDF or ZPL document. The use case that writes the file, sends it to CUPS and records
the printed orders is :func:`orderdesk.services.labels.print_labels`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orderdesk.documents.customs import customs_labels, customs_pages, label_customs
from orderdesk.documents.label_data import LabelData, group_labels
from orderdesk.documents.printing import MEDIA, send
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.fulfilment import check_label
from orderdesk.domain.groups import members
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
    #: what the seller is told besides: a page to print elsewhere, no sender address set
    notes: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """The command line's status: 0 all done, 1 some refused, 2 some named no order."""
        if self.unknown:
            return 2
        return 1 if self.refused or self.printer_failed or self.cancelled else 0


@dataclass(frozen=True)
class Printable:
    ref: str
    label: LabelData
    customs: CustomsPaper | None = None  # the CN 22/CN 23 of a cross-border order
    orders: tuple[int, ...] = ()  # every order the label carries (several when merged)


def elsewhere(papers: Sequence[CustomsPaper | None], fmt: str) -> list[str]:
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


def check_options(fmt: str, size: str) -> tuple[str, str]:
    fmt, size = fmt.lower(), size.lower()
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is pdf or zpl")
    if size not in SIZES:
        raise BadInput(f"--size: {size!r} is 4x6 or a4")
    if fmt == "zpl" and size != "4x6":
        raise BadInput("--format zpl: ZPL labels are 4x6 (thermal printers); use --size 4x6")
    return fmt, size


def collect(
    database: Database, refs: Sequence[str | int], settings: Settings
) -> tuple[list[Printable], list[tuple[str, str]], list[str]]:
    """Read each order once and sort it into printable or refused (with the rule)."""
    printable: list[Printable] = []
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
                    Printable(given, one, customs if number == len(parcels) else None, ids)
                )
    return printable, refused, unknown


def write(
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


def send_to_printer(path: Path, printer: str, fmt: str, size: str, ids: list[int]) -> str:
    title = f"OrderDesk label {ids[0]}" if len(ids) == 1 else f"OrderDesk {len(ids)} labels"
    if fmt == "zpl":
        return send(path, printer, raw=True, title=title)
    return send(path, printer, media=MEDIA[size], title=title)

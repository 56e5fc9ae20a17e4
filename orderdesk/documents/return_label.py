"""The return label of an accepted return: the buyer's address as sender, the seller's as
recipient, the RMA number as a Code 128 barcode; drawn by the shipping label's renderer
(4×6 in, or A4 with the label in its first quarter) and written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from orderdesk.documents.label_data import return_label_data
from orderdesk.documents.labels import SIZES
from orderdesk.documents.output import default_path, write_atomically
from orderdesk.domain.errors import BadInput
from orderdesk.domain.return_rules import rma_text
from orderdesk.domain.returns import returnable

if TYPE_CHECKING:
    from orderdesk.config import Settings
    from orderdesk.store.database import Database


def write_return_label(
    database: Database,
    case_id: str | int,
    *,
    settings: Settings,
    out: Path | None = None,
    size: str = "4x6",
    send: bool | None = None,
) -> tuple[Path, str, str]:
    """Write the case's return label; returns where, the RMA it carries, and what the
    printer said ("" when not sent: ``send`` None sends when a printer is set, as labels
    do). A case that is not an accepted return, or a seller with no return address in the
    settings, is refused (:class:`BadInput`) before anything is written."""
    from orderdesk.documents.label_pdf import write_pdf

    size = size.lower()
    if size not in SIZES:
        raise BadInput(f"--size: {size!r} is 4x6 or a4")
    with database.uow() as uow:  # read only: rolled back on exit
        case, order, authorisation = returnable(uow, case_id, settings.seller, str(settings.path))
        rma = rma_text(authorisation.id or 0)
        label = return_label_data(order, rma, settings.seller)
        case_number = case.id or 0
    path = (
        out if out is not None else default_path("return", [case_number], "pdf", database.clock())
    )

    def write(stream: BinaryIO) -> None:
        write_pdf(stream, [label], 1, size=size, title=f"Return label {rma}")

    written = write_atomically(path, write)
    printer = settings.printer.strip()
    if not printer or send is False:
        return written, rma, ""
    from orderdesk.documents.printing import MEDIA
    from orderdesk.documents.printing import send as send_to

    said = send_to(written, printer, media=MEDIA[size], title=f"OrderDesk return {rma}")
    return written, rma, said

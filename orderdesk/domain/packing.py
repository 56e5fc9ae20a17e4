"""Scan to pack: every unit of an order checked against its catalogue barcode, then ``pack``.

:class:`PackCount` is the count a packing station keeps while the packer scans: each line's
units still to scan, by the SKU's barcode (EAN/UPC from the catalogue). A scan of a barcode the
order does not hold, or of a unit more than the line asks for, is refused and changes nothing.
When nothing is left to scan, :func:`pack` records the order as packed (journaled, undoable).
An order can be packed while it is confirmed or ready to ship, once, and not while on hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from orderdesk.domain.errors import Refused
from orderdesk.domain.fulfilment import load, record
from orderdesk.domain.holds import check_not_held
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Order
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Stage

PACKABLE = (Stage.CONFIRMED, Stage.READY_TO_SHIP)


def may_be_packed(stage: str) -> bool:
    """Whether an order in ``stage`` may carry a packing: every stage from confirmed on (a
    packed order ships, or is cancelled with its parcel made), never a pending one — its stock
    is not taken. Undo refuses to take a packed order back to pending."""
    return Stage(stage) != Stage.PENDING


class Scan(StrEnum):
    COUNTED = "counted"  # one unit of a line less to scan
    DONE = "done"  # that was the last unit of the order
    WRONG = "wrong"  # a barcode the order does not hold
    EXTRA = "extra"  # a unit more than the line asks for


@dataclass
class PackLine:
    sku: str
    title: str
    barcode: str
    wanted: int
    scanned: int = 0

    @property
    def left(self) -> int:
        return self.wanted - self.scanned


@dataclass
class PackCount:
    order_id: int
    lines: list[PackLine] = field(default_factory=list)

    @property
    def left(self) -> int:
        return sum(line.left for line in self.lines)

    @property
    def complete(self) -> bool:
        return bool(self.lines) and self.left == 0

    def scan(self, code: str) -> tuple[Scan, PackLine | None]:
        """Count one scanned unit; a wrong or extra one changes nothing."""
        code = code.strip()
        matching = [line for line in self.lines if line.barcode and line.barcode == code]
        if not matching:
            return Scan.WRONG, None
        for line in matching:
            if line.left > 0:
                line.scanned += 1
                return (Scan.DONE if self.left == 0 else Scan.COUNTED), line
        return Scan.EXTRA, matching[0]


def check_packable(order: Order) -> None:
    if order.packed_at is not None:
        raise Refused(f"order {order.ref}: already packed")
    if order.stage not in {stage.value for stage in PACKABLE}:
        raise Refused(
            f"order {order.ref}: only a confirmed or ready-to-ship order is packed "
            f"(it is {order.stage.replace('_', ' ')})"
        )


def pack_count(order: Order, barcodes: Mapping[str, str]) -> PackCount:
    """The count to scan for ``order``; refuses a line whose SKU has no barcode to scan."""
    check_packable(order)
    lines: list[PackLine] = []
    for line in order.lines:
        barcode = barcodes.get(line.sku, "") if line.sku else ""
        if not barcode:
            what = f"SKU {line.sku}" if line.sku else f"line {line.title!r} (no SKU)"
            raise Refused(f"order {order.ref}: {what} has no barcode in the catalogue to scan")
        lines.append(PackLine(line.sku, line.title, barcode, line.quantity))
    if not lines:
        raise Refused(f"order {order.ref}: nothing to pack")
    return PackCount(order.id or 0, lines)


def pack(uow: UnitOfWork, ref: str | int, *, expected_version: int | None = None) -> Outcome:
    """Record the order as packed (every unit scanned)."""
    order = load(uow, ref, expected_version)
    check_packable(order)
    check_not_held(order, uow.now(), "pack it")
    change = Change(order)
    change.set(packed_at=uow.now())
    return record(uow, change, "packed", f"Order {order.ref} packed (every unit scanned)")

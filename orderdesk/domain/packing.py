"""Scan to pack: every unit of an order checked against its catalogue barcode, then ``pack``.

:class:`PackCount` is the count a packing station keeps while the packer scans: each line's
units still to scan, by the SKU's barcode (EAN/UPC from the catalogue). A scan of a barcode the
order does not hold, or of a unit more than the line asks for, is refused and changes nothing.
When nothing is left to scan, :func:`pack` records the order as packed (journaled, undoable).
An order can be packed while it is confirmed or ready to ship, once, and not while on hold.

Orders merged into one shipment (:mod:`orderdesk.domain.merging`) leave in one parcel under
one label: its scan opens them all, their units are counted together, and packing records each
of them as packed, one entry per order, undone together. A member already packed (say, packed
before it was merged) is not counted again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from orderdesk.domain import groups
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
    #: The other orders of a merged shipment packed into the same parcel (their desk ids).
    merged: tuple[int, ...] = ()

    @property
    def words(self) -> str:
        """``order #1``, or ``order #1 (merged with #2, #3)``."""
        if not self.merged:
            return f"order #{self.order_id}"
        return f"order #{self.order_id} (merged with {', '.join(f'#{i}' for i in self.merged)})"

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


def to_pack(parcel: Sequence[Order]) -> list[Order]:
    """The orders of a parcel (an order, or a merged shipment's, lowest id first) still to be
    packed: those not packed yet; refused when every one is, or one of them cannot be."""
    left = [order for order in parcel if order.packed_at is None]
    if not left:
        check_packable(parcel[0])  # says it is already packed
    for order in left:
        check_packable(order)
    return left


def pack_count(parcel: Sequence[Order], barcodes: Mapping[str, str]) -> PackCount:
    """The count to scan for a parcel (see :func:`to_pack`): the units of each order still to
    be packed, one line per SKU; refuses a line whose SKU has no barcode to scan."""
    orders = to_pack(parcel)
    lines: dict[str, PackLine] = {}
    for order in orders:
        for line in order.lines:
            barcode = barcodes.get(line.sku, "") if line.sku else ""
            if not barcode:
                what = f"SKU {line.sku}" if line.sku else f"line {line.title!r} (no SKU)"
                raise Refused(f"order {order.ref}: {what} has no barcode in the catalogue to scan")
            if line.sku in lines:
                lines[line.sku].wanted += line.quantity
            else:
                lines[line.sku] = PackLine(line.sku, line.title, barcode, line.quantity)
    if not lines:
        raise Refused(f"order {orders[0].ref}: nothing to pack")
    ids = [order.id or 0 for order in orders]
    return PackCount(ids[0], list(lines.values()), tuple(ids[1:]))


def pack(uow: UnitOfWork, ref: str | int, *, expected_version: int | None = None) -> Outcome:
    """Record the order as packed (every unit scanned); a merged shipment's orders are packed
    together (see the module's note)."""
    order = load(uow, ref, expected_version)
    orders = to_pack(groups.members(uow, order))
    for member in orders:
        check_not_held(member, uow.now(), "pack it")
    outcomes = [
        record(
            uow, _packed(uow, member), "packed", f"Order {member.ref} packed (every unit scanned)"
        )
        for member in orders
    ]
    if len(outcomes) == 1:
        return outcomes[0]
    return groups.tied(
        uow,
        outcomes,
        order.id,
        lambda mine, others: (
            f"Order #{mine.order_id} packed with merged order {others} (every unit scanned)"
        ),
    )


def _packed(uow: UnitOfWork, order: Order) -> Change:
    change = Change(order)
    change.set(packed_at=uow.now())
    return change

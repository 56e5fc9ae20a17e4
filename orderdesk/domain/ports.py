"""What the rules need from the store, as a protocol (the store implements it)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from orderdesk.domain.models import Case, JournalEntry, Order, Product, Shipment


class UnitOfWork(Protocol):
    """One transaction: every change an action makes commits together or not at all."""

    actor: str

    def now(self) -> datetime: ...

    def order(self, ref: str | int) -> Order:
        """The order a reference names: ``12``, ``#12`` or a channel order id.

        Raises :class:`~orderdesk.domain.errors.BadInput` when it names none.
        """
        ...

    def case(self, case_id: str | int) -> Case: ...

    def product(self, sku: str) -> Product | None: ...

    def stock_taken(self, order_id: int) -> dict[str, int]:
        """Units per SKU the order's journal entries took from the shelf and did not return."""
        ...

    def add(self, record: object) -> None: ...

    def delete(self, record: object) -> None: ...

    def flush(self) -> None: ...

    def orders_with_tracking(self, number: str, other_than: int | None) -> list[int]:
        """The ids of other orders already carrying this tracking number (by its index)."""
        ...

    def merge_group(self, group: int) -> list[Order]:
        """The orders merged into ``group`` (their ``merge_group``), lowest id first."""
        ...

    def unshipped_buyers(self) -> list[tuple[int, str, str]]:
        """``(id, buyer name, buyer email)`` of every order not shipped yet (by the index of
        its tab): the domain picks a buyer's other orders from them."""
        ...

    def last_undoable(self) -> JournalEntry | None:
        """The newest undoable entry not yet undone that this unit of work's actor made."""
        ...

    def entry(self, entry_id: int) -> JournalEntry: ...

    def shipment(self, shipment_id: int) -> Shipment | None: ...

    def unconfirmed_shipments(self, channel: str, since: datetime | None) -> list[Shipment]:
        """The channel's shipments no confirmations file carried yet, oldest first."""
        ...

    def shipments_between(self, carrier: str, start: datetime, end: datetime) -> list[Shipment]:
        """The carrier's shipments (name matched whatever the case) that left in
        ``[start, end)``, with their orders and parcels, oldest first."""
        ...

"""The unit of work: one SQLModel session, one transaction, one action.

Two desks that write the same rows at the same instant meet here: the version column finds a
stale write at flush (``StaleDataError``), PostgreSQL may end a transaction in a deadlock or a
serialization failure. :func:`contended` tells those apart from real faults (a SQLite file
still locked after the busy timeout is not a race: :mod:`orderdesk.store.faults` says so),
and :class:`ConcurrentWrite` carries one line naming the order;
:meth:`~orderdesk.store.database.Database.perform` tries the action again on fresh data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from orderdesk.domain.errors import BadInput, Conflict
from orderdesk.domain.models import Case, JournalEntry, Order, Product, Shipment
from orderdesk.store.queries import resolve_order_id

#: SQLSTATEs of a transaction that lost a race (serialization failure, deadlock, lock timeout).
_LOST_RACE = {"40001", "40P01", "55P03"}


class ConcurrentWrite(Conflict):
    """Another desk wrote the same rows at the same moment; the action may be tried again."""


def contended(error: BaseException) -> bool:
    """True when ``error`` means another desk won a race for the same rows, not a fault."""
    if isinstance(error, StaleDataError | ConcurrentWrite):
        return True
    if isinstance(error, DBAPIError) and error.orig is not None:
        return getattr(error.orig, "sqlstate", None) in _LOST_RACE
    return False


class SqlUnitOfWork:
    """Rolls back on exit unless :meth:`commit` was called."""

    def __init__(
        self, engine: Engine | Connection, *, actor: str, clock: Callable[[], datetime]
    ) -> None:
        self.engine = engine
        self.actor = actor
        self._clock = clock
        self._now: datetime | None = None
        self.session: Session
        self.touched: list[str] = []  # the orders this action read (#12), for a conflict

    def __enter__(self) -> SqlUnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def now(self) -> datetime:
        if self._now is None:  # one action, one moment
            self._now = self._clock()
        return self._now

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as exc:
            self.session.rollback()
            raise BadInput(f"the change conflicts with stored data ({exc.orig})") from None
        except (StaleDataError, DBAPIError) as exc:
            self.session.rollback()
            if not contended(exc):
                raise
            raise self.lost_race() from None

    def rollback(self) -> None:
        self.session.rollback()

    def lost_race(self) -> ConcurrentWrite:
        """The one line for a write that another desk's write overtook."""
        what = f"order {self.touched[0]}" if self.touched else "the order"
        return ConcurrentWrite(f"{what} was changed by another desk at the same moment")

    # -- what the domain asks for ---------------------------------------------------------
    def order(self, ref: str | int) -> Order:
        order_id = resolve_order_id(self.session.connection(), ref)
        found = self.session.get(Order, order_id)
        assert found is not None
        self.touched.append(found.ref)
        return found

    def case(self, case_id: str | int) -> Case:
        text = str(case_id).strip().lstrip("#")
        if not text.isdigit():
            raise BadInput(f"case {case_id}: a case id is a number")
        found = self.session.get(Case, int(text))
        if found is None:
            raise BadInput(f"case {text}: no such case")
        return found

    def product(self, sku: str) -> Product | None:
        return self.session.get(Product, sku)

    def stock_taken(self, order_id: int) -> dict[str, int]:
        # Flushed first, so that a move made earlier in this same action counts.
        self.session.flush()
        query = select(JournalEntry.stock).where(col(JournalEntry.order_id) == order_id)
        taken: dict[str, int] = {}
        for moves in self.session.exec(query):
            for sku, delta in (moves or {}).items():
                taken[sku] = taken.get(sku, 0) - delta
        return {sku: units for sku, units in taken.items() if units > 0}

    def add(self, record: object) -> None:
        self.session.add(record)

    def delete(self, record: object) -> None:
        self.session.delete(record)

    def flush(self) -> None:
        self.session.flush()

    def orders_with_tracking(self, number: str, other_than: int | None) -> list[int]:
        query = (
            select(Order.id)
            .where(col(Order.tracking_number) == number, col(Order.id) != (other_than or 0))
            .order_by(col(Order.id))
            .limit(5)
        )
        return [int(found) for found in self.session.exec(query).all() if found is not None]

    def merge_group(self, group: int) -> list[Order]:
        # ix_orders_merge_group
        query = select(Order).where(col(Order.merge_group) == group).order_by(col(Order.id))
        members = list(self.session.exec(query).all())
        self.touched.extend(member.ref for member in members)
        return members

    def unshipped_buyers(self) -> list[tuple[int, str, str]]:
        # an index on tab: the two unshipped tabs only (1,034 of 100k demo orders), three
        # narrow columns; measured 24 ms for an order's candidates
        from orderdesk.domain.stages import UNSHIPPED, tab_of

        tabs = sorted({tab_of(stage).value for stage in UNSHIPPED})
        stages = sorted(stage.value for stage in UNSHIPPED)
        query = (
            select(Order.id, Order.buyer_name, Order.buyer_email)
            .where(col(Order.tab).in_(tabs), col(Order.stage).in_(stages))
            .order_by(col(Order.id))
        )
        return [(int(i or 0), name, email) for i, name, email in self.session.exec(query).all()]

    def last_undoable(self) -> JournalEntry | None:
        # The desk's own last action: on a shared database, undo never reverses what another
        # desk (another actor) did; that desk's change is what the inverse is checked against.
        query = (
            select(JournalEntry)
            .where(
                col(JournalEntry.undoable).is_(True),
                col(JournalEntry.undone_by).is_(None),
                col(JournalEntry.actor) == self.actor,
            )
            .order_by(col(JournalEntry.id).desc())
            .limit(1)
        )
        return self.session.exec(query).first()

    def shipment(self, shipment_id: int) -> Shipment | None:
        return self.session.get(Shipment, shipment_id)

    def unconfirmed_shipments(self, channel: str, since: datetime | None) -> list[Shipment]:
        # ix_shipments_channel_confirmed: the channel's unconfirmed rows only
        query = select(Shipment).where(
            col(Shipment.channel) == channel, col(Shipment.confirmed_at).is_(None)
        )
        if since is not None:
            query = query.where(col(Shipment.at) >= since)
        return list(self.session.exec(query.order_by(col(Shipment.id))).all())

    def shipments_between(self, carrier: str, start: datetime, end: datetime) -> list[Shipment]:
        from sqlalchemy import func
        from sqlalchemy.orm import selectinload

        query = (
            select(Shipment)
            .where(
                func.lower(col(Shipment.carrier)) == carrier.lower(),
                col(Shipment.at) >= start,
                col(Shipment.at) < end,
            )
            .options(
                selectinload(Shipment.parcels),  # type: ignore[arg-type]
                selectinload(Shipment.order),  # type: ignore[arg-type]
            )
            .order_by(col(Shipment.id))
        )
        return list(self.session.exec(query).all())

    def entry(self, entry_id: int) -> JournalEntry:
        found = self.session.get(JournalEntry, entry_id)
        if found is None:
            raise BadInput(f"journal entry {entry_id}: no such entry")
        return found

"""The unit of work: one SQLModel session, one transaction, one action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from orderdesk.domain.errors import BadInput, Conflict
from orderdesk.domain.models import Case, JournalEntry, Order, Product
from orderdesk.store.queries import resolve_order_id


class SqlUnitOfWork:
    """Rolls back on exit unless :meth:`commit` was called."""

    def __init__(self, engine: Engine | Connection, *, actor: str,
                 clock: Callable[[], datetime]) -> None:
        self.engine = engine
        self.actor = actor
        self._clock = clock
        self._now: datetime | None = None
        self.session: Session

    def __enter__(self) -> SqlUnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False)
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def now(self) -> datetime:
        if self._now is None:  # one action, one moment
            self._now = self._clock()
        return self._now

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError:
            self.session.rollback()
            raise Conflict("the order was changed by another desk; reload") from None
        except IntegrityError as exc:
            self.session.rollback()
            raise BadInput(f"the change conflicts with stored data ({exc.orig})") from None

    def rollback(self) -> None:
        self.session.rollback()

    # -- what the domain asks for ---------------------------------------------------------
    def order(self, ref: str | int) -> Order:
        order_id = resolve_order_id(self.session.connection(), ref)
        found = self.session.get(Order, order_id)
        assert found is not None
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

    def add(self, record: object) -> None:
        self.session.add(record)

    def flush(self) -> None:
        self.session.flush()

    def orders_with_tracking(self, number: str, other_than: int | None) -> list[int]:
        query = (select(Order.id).where(col(Order.tracking_number) == number,
                                        col(Order.id) != (other_than or 0))
                 .order_by(col(Order.id)).limit(5))
        return [int(found) for found in self.session.exec(query).all() if found is not None]

    def last_undoable(self) -> JournalEntry | None:
        # The desk's own last action: on a shared database, undo never reverses what another
        # desk (another actor) did; that desk's change is what the inverse is checked against.
        query = (select(JournalEntry)
                 .where(col(JournalEntry.undoable).is_(True), col(JournalEntry.undone_by).is_(None),
                        col(JournalEntry.actor) == self.actor)
                 .order_by(col(JournalEntry.id).desc()).limit(1))
        return self.session.exec(query).first()

    def entry(self, entry_id: int) -> JournalEntry:
        found = self.session.get(JournalEntry, entry_id)
        if found is None:
            raise BadInput(f"journal entry {entry_id}: no such entry")
        return found

"""What the rules state machine needs of a shop, on two backends: the real store (a SQLite
file through :class:`~orderdesk.store.Database`) and the dict-backed
:class:`~tests.fakes.uow.MemoryStore`.

A shop runs an action in one unit of work (``perform``), opens a unit of work to read
(``reading``), and answers the few questions the invariants ask of whole tables: every
product, every journal entry, the cases of some kinds, the orders on hold; and a
``fingerprint`` of everything stored, to prove a refused action changed nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import text
from sqlmodel import Session, col, select

from orderdesk.domain import fulfilment
from orderdesk.domain.deadlines import utcnow
from orderdesk.domain.errors import DeskError
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import Case, JournalEntry, Order, Product
from orderdesk.domain.ports import UnitOfWork
from orderdesk.store import Database, open_database
from tests.drafts import MADRID
from tests.fakes.uow import MODELS, MemoryStore, MemoryUnitOfWork, Tables, table_of

#: The tables a fingerprint holds (everything an action may write). Not ``order_search``, the
#: search index (m0014): the database's triggers derive it from the orders, no action writes
#: it and the fake has no such index, so it is left out on purpose;
#: tests/core/test_search_index.py checks it against the orders after every kind of change.
TABLES = (
    "orders",
    "lines",
    "products",
    "cases",
    "return_authorisations",
    "messages",
    "journal",
    "shipments",
    "parcels",
)
#: Tables the real store derives by itself (triggers), in its fingerprint too; the fake keeps
#: none (the domain never reads them): a refused action must not change them either.
DERIVED = ("orders_per_tab",)

COUNTED = {"P1": 6, "P2": 3}
ORDERS: tuple[tuple[tuple[tuple[str, int], ...], bool], ...] = (
    ((("P1", 2),), True),
    ((("P2", 1), ("P1", 1)), True),
    ((("P1", 1), ("LOOSE", 2)), True),
    ((("P2", 2),), True),
    ((("P1", 3),), True),
    ((("P1", 1),), False),
    ((("P1", 1), ("LOOSE", 1)), True),  # shipped in the template
    ((("P2", 1),), True),  # delivered in the template
)
ADDRESS = MADRID


class Shop(Protocol):
    clock: Callable[[], datetime]

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def reading(self) -> AbstractContextManager[UnitOfWork]: ...

    def fingerprint(self) -> object: ...

    def products(self) -> dict[str, Product]: ...

    def entries(self) -> list[JournalEntry]: ...

    def case_ids(self, kinds: tuple[str, ...]) -> list[int]: ...

    def orders_on_hold(self) -> list[int]: ...

    def close(self) -> None: ...


def fill(shop: Any) -> None:
    """The starting shop, built through the domain: counted stock, eight orders, one shipped
    and one delivered."""
    with shop.uow() as uow:
        for sku, count in COUNTED.items():
            uow.add(Product(sku=sku, title=sku, on_hand=count))
        uow.commit()
    for lines, paid in ORDERS:
        shop.perform(
            create_order,
            OrderDraft(
                buyer_name="Begoña Sáez",
                currency="EUR",
                paid=paid,
                **ADDRESS,
                lines=[LineDraft(sku, f"Item {sku}", qty, 1250) for sku, qty in lines],
            ),
        )
    for order in (7, 8):
        shop.perform(fulfilment.confirm, order)
        shop.perform(fulfilment.label_printed, order)
        shop.perform(fulfilment.ship, order, "DHL", "1234567891")
    shop.perform(fulfilment.deliver, 8)


# -- the real store ------------------------------------------------------------------------
_TEMPLATE: dict[str, Any] = {}


def sql_template() -> Path:
    """The starting shop as a SQLite file, built once and copied for each example."""
    if "sql" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="od-sm-template-"))
        database = open_database(folder / "shop.db", actor="seller")
        fill(database)
        database.close()
        _TEMPLATE["sql"] = folder / "shop.db"
    path: Path = _TEMPLATE["sql"]
    return path


class SqlShop:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="od-sm-"))
        shutil.copy(sql_template(), self.folder / "shop.db")
        self.database: Database = open_database(self.folder / "shop.db", actor="seller")
        self.clock = self.database.clock

    def close(self) -> None:
        self.database.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.database.perform(action, *args, **kwargs)

    def reading(self) -> AbstractContextManager[UnitOfWork]:
        return self.database.uow()

    def fingerprint(self) -> object:
        with self.database.read() as connection:
            return [
                connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
                for table in (*TABLES, *DERIVED)
            ]

    def tab_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """The tab counts the database keeps, and the orders' own ``GROUP BY tab``."""
        with self.database.read() as connection:
            kept = connection.execute(
                text("SELECT tab, SUM(n) FROM orders_per_tab GROUP BY tab HAVING SUM(n) <> 0")
            ).all()
            counted = connection.execute(
                text("SELECT tab, COUNT(*) FROM orders GROUP BY tab")
            ).all()
        return {t: int(n) for t, n in kept}, {t: int(n) for t, n in counted}

    def products(self) -> dict[str, Product]:
        with self._session() as session:
            return {p.sku: p for p in session.exec(select(Product))}

    def entries(self) -> list[JournalEntry]:
        with self._session() as session:
            return list(session.exec(select(JournalEntry).order_by(col(JournalEntry.id))))

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session to read whole tables; closing it keeps what it loaded (detached)."""
        with self.database.read() as connection, Session(bind=connection) as session:
            yield session

    def case_ids(self, kinds: tuple[str, ...]) -> list[int]:
        with self.database.uow() as uow:
            query = select(Case.id).where(col(Case.kind).in_(kinds)).order_by(col(Case.id))
            return [int(found) for found in uow.session.exec(query) if found is not None]

    def orders_on_hold(self) -> list[int]:
        with self.database.uow() as uow:
            query = select(Order.id).where(col(Order.hold_reason) != "").order_by(col(Order.id))
            return [int(found) for found in uow.session.exec(query) if found is not None]


def stored_tables(database: Database) -> Tables:
    """Every row the real store holds, through the ORM, as the fake keeps its rows."""
    tables: Tables = {}
    with database.uow() as uow:
        for model in MODELS:
            table = table_of(model)
            tables[table.name] = {
                getattr(record, table.key): {name: getattr(record, name) for name in table.columns}
                for record in uow.session.exec(select(model))
            }
    return tables


class TwinShop(SqlShop):
    """The real store, with the fake beside it holding the same rows: each action runs on
    both, at the same moment, and must give the same outcome (or the same refusal) and leave
    the same rows, every column of every table. The invariants read the real store."""

    def __init__(self) -> None:
        super().__init__()
        self.moment = utcnow()
        self.database.clock = self.clock = lambda: self.moment
        self.twin = MemoryStore(actor=self.database.actor, clock=self.clock)
        self.twin.tables = stored_tables(self.database)

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        self.moment = utcnow()
        real = _attempt(self.database.perform, action, *args, **kwargs)
        fake = _attempt(self.twin.perform, action, *args, **kwargs)
        name = getattr(action, "__name__", action)
        assert _said(fake) == _said(real), f"{name}: the store gave {real!r}, the fake {fake!r}"
        stored = stored_tables(self.database)
        for table, rows in stored.items():
            assert self.twin.tables[table] == rows, f"{name}: the fake's {table} differ"
        if isinstance(real, DeskError):
            raise real
        return real


def _attempt(perform: Callable[..., Any], action: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return perform(action, *args, **kwargs)
    except DeskError as error:
        return error


def _said(result: Any) -> Any:
    if isinstance(result, DeskError):
        return (type(result).__name__, result.message)
    return result


# -- the dict-backed fake ------------------------------------------------------------------
def memory_template() -> MemoryStore:
    if "memory" not in _TEMPLATE:
        store = MemoryStore(actor="seller")
        fill(store)
        _TEMPLATE["memory"] = store
    template: MemoryStore = _TEMPLATE["memory"]
    return template


class MemoryShop:
    def __init__(self) -> None:
        self.store = memory_template().copy()
        self.clock = self.store.clock
        self._cache: dict[str, tuple[int, Any]] = {}

    def close(self) -> None:
        pass

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.store.perform(action, *args, **kwargs)

    @contextmanager
    def reading(self) -> Iterator[UnitOfWork]:
        """One unit of work to read from, kept until the next commit (reads change nothing,
        and the invariants read every order after each step)."""

        def begin() -> MemoryUnitOfWork:
            uow = self.store.uow()
            uow.rollback()  # begins: the committed tables, nothing loaded
            return uow

        uow: MemoryUnitOfWork = self._read("reading", begin)
        yield uow

    def fingerprint(self) -> object:
        # Committed rows are never changed in place: copies of the tables compare by value.
        return {table: dict(rows) for table, rows in self.store.tables.items()}

    def _read(self, name: str, read: Callable[[], Any]) -> Any:
        """A whole-table read, kept until the next commit (the invariants ask each step)."""
        kept = self._cache.get(name)
        if kept is None or kept[0] != self.store.commits:
            kept = (self.store.commits, read())
            self._cache[name] = kept
        return kept[1]

    def products(self) -> dict[str, Product]:
        def read() -> dict[str, Product]:
            with self.store.reading() as uow:
                return {p.sku: p for p in uow.all(Product)}

        found: dict[str, Product] = self._read("products", read)
        return found

    def entries(self) -> list[JournalEntry]:
        def read() -> list[JournalEntry]:
            with self.store.reading() as uow:
                return uow.all(JournalEntry)

        found: list[JournalEntry] = self._read("entries", read)
        return found

    def case_ids(self, kinds: tuple[str, ...]) -> list[int]:
        return [row["id"] for row in self.store.rows(Case) if row["kind"] in kinds]

    def orders_on_hold(self) -> list[int]:
        return [row["id"] for row in self.store.rows(Order) if row["hold_reason"] != ""]


assert len(TABLES) == len(MODELS)

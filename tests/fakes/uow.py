"""A dict-backed store and unit of work implementing the domain's port, for fast unit tests.

:class:`MemoryStore` keeps each table as ``{primary key: row}``, a row being a plain dict of
the table's columns. Committed rows are never changed in place (copy on write): a unit of
work starts from shallow copies of the tables, builds the entities an action asks for from the
rows (as a session loads them, relationships included: an order comes with its lines, cases,
messages and shipments, a shipment with its parcels), writes them back on each flush, and on
commit hands its tables to the store. An action that raises leaves the store as it was:
nothing it did is committed.

Where the rules depend on the store it behaves as :class:`~orderdesk.store.uow.SqlUnitOfWork`:
an order reference resolves by :func:`orderdesk.domain.refs.resolve`; ids are allocated on
flush (the largest + 1, as SQLite does); every query flushes first (the session's autoflush);
an order's ``tab`` and ``search_key`` and the ``version`` of an order or product are kept as
the store keeps them; a collection with delete-orphan cascade (an order's lines and
shipments, a shipment's parcels) deletes the rows dropped from it; a new row whose key or
whose (channel, external id) is taken is refused as the store refuses it.

The columns and relationships are read from the models' own mappings, so a new column or
relationship needs no change here; a new table is one more entry in :data:`MODELS` (a test
fails until it is there). It lives in tests/: no product code runs on it, and the
domain package holds rules, not a second store.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import RelationshipProperty, attributes, configure_mappers
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY
from sqlalchemy.types import JSON
from sqlmodel import SQLModel

from orderdesk.domain import refs
from orderdesk.domain.errors import BadInput, Conflict
from orderdesk.domain.models import (
    Case,
    JournalEntry,
    Line,
    Message,
    Order,
    Parcel,
    Product,
    ReturnAuthorisation,
    Shipment,
)
from orderdesk.domain.search_key import key_of
from orderdesk.domain.stages import STAGE_TAB, UNSHIPPED, Stage

Row = dict[str, Any]
Tables = dict[str, dict[Any, Row]]
ResultT = TypeVar("ResultT")
ModelT = TypeVar("ModelT", bound=SQLModel)

#: Parents before children: the order ids are allocated in, so a child finds its parent's id.
MODELS: tuple[type[SQLModel], ...] = (
    Order,
    Product,
    Line,
    Case,
    ReturnAuthorisation,
    Message,
    Shipment,
    Parcel,
    JournalEntry,
)


@dataclass(frozen=True)
class Link:
    """One relationship of a model, as the flush needs it."""

    key: str  # the attribute: "lines", "order"
    target: type[SQLModel]
    local: str  # the column on this side: "id" for one-to-many, "order_id" for many-to-one
    remote: str  # the column on the other side
    orphans_go: bool  # delete-orphan: a child dropped from the collection is deleted
    order_by: tuple[str, ...]
    scalar: bool = False  # one-to-one: the attribute holds the child itself, or None


#: The fake's own table of the ids AUTOINCREMENT tables gave out (SQLite's sqlite_sequence).
SEQUENCES = "sqlite_sequence"


def _children(record: Any, link: Link) -> list[Any]:
    """What a one-to-many (or one-to-one) relationship of a record holds now."""
    value = record.__dict__.get(link.key)
    if link.scalar:
        return [] if value is None else [value]
    return list(value or [])


@dataclass(frozen=True)
class Table:
    model: type[SQLModel]
    name: str
    key: str  # the primary key column
    columns: tuple[str, ...]
    json: frozenset[str]  # columns holding JSON (copied, never shared)
    children: tuple[Link, ...]  # one-to-many
    parents: tuple[Link, ...]  # many-to-one


def _link(prop: RelationshipProperty[Any]) -> Link:
    (local, remote), *_ = prop.local_remote_pairs or []
    order_by = prop.order_by or ()
    return Link(
        prop.key,
        prop.mapper.class_,
        str(local.key),
        str(remote.key),
        bool(prop.cascade.delete_orphan),
        tuple(str(c.key) for c in order_by),
        not prop.uselist,
    )


def _table(model: type[SQLModel]) -> Table:
    mapper = inspect(model)
    table = model.__table__  # type: ignore[attr-defined]
    (key,) = [column.key for column in mapper.primary_key]
    links = list(mapper.relationships)
    return Table(
        model,
        table.name,
        key,
        tuple(column.key for column in table.columns),
        frozenset(column.key for column in table.columns if isinstance(column.type, JSON)),
        tuple(_link(p) for p in links if p.direction is ONETOMANY),
        tuple(_link(p) for p in links if p.direction is MANYTOONE),
    )


_TABLES: dict[type[SQLModel], Table] = {}


def table_of(model: type[SQLModel]) -> Table:
    if not _TABLES:
        configure_mappers()
        for each in MODELS:
            _TABLES[each] = _table(each)
    return _TABLES[model]


def _row(table: Table, record: SQLModel) -> Row:
    values = record.__dict__
    row = {name: values.get(name) for name in table.columns}
    for name in table.json:
        row[name] = copy.deepcopy(row[name])
    if table.model is Order:
        row["tab"] = STAGE_TAB[Stage(str(row["stage"]))].value  # the computed column
        row["search_key"] = key_of(record)  # the ORM's listener
    return row


def _build(table: Table, row: Row) -> Any:
    """An entity from a row, the way the ORM loads one (no constructor, no events)."""
    record = attributes.manager_of_class(table.model).new_instance()
    values = dict(row)
    for name in table.json:
        values[name] = copy.deepcopy(values[name])
    record.__dict__.update(values)
    return record


class MemoryStore:
    """The committed tables, and units of work over them (``perform`` as the Database's)."""

    def __init__(
        self,
        *,
        actor: str = "seller",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.actor = actor
        self.clock = clock
        self.tables: Tables = {table_of(model).name: {} for model in MODELS}
        self.commits = 0  # how many units of work committed (a generation, for caches)

    def uow(self, actor: str | None = None) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self, actor=actor or self.actor)

    def perform(self, action: Callable[..., ResultT], *args: Any, **kwargs: Any) -> ResultT:
        """Run one domain action in its own unit of work and commit it."""
        with self.uow() as uow:
            outcome = action(uow, *args, **kwargs)
            uow.commit()
        return outcome

    @contextmanager
    def reading(self) -> Iterator[MemoryUnitOfWork]:
        """A unit of work that is only read (never committed)."""
        with self.uow() as uow:
            yield uow

    def rows(self, model: type[SQLModel]) -> list[Row]:
        """The committed rows of a table, by primary key (read them, never change them)."""
        table = self.tables[table_of(model).name]
        return [table[key] for key in sorted(table)]

    def copy(self) -> MemoryStore:
        """Another store holding the same rows (the rows themselves are shared: they are
        never changed in place)."""
        twin = MemoryStore(actor=self.actor, clock=self.clock)
        twin.tables = {name: dict(rows) for name, rows in self.tables.items()}
        return twin


class MemoryUnitOfWork:
    """Rolls back on exit unless :meth:`commit` was called."""

    def __init__(self, store: MemoryStore, *, actor: str) -> None:
        self.store = store
        self.actor = actor
        self._now: datetime | None = None
        self._tables: Tables = {}
        self._loaded: dict[tuple[str, Any], Any] = {}
        self._added: list[Any] = []
        #: The records deleted in this unit of work, by id() (kept, so no id() is reused).
        self._deleted: dict[int, Any] = {}
        self._doomed: list[Any] = []  # deleted, their rows still to go at the next flush

    def __enter__(self) -> MemoryUnitOfWork:
        self.rollback()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def now(self) -> datetime:
        if self._now is None:  # one action, one moment
            self._now = self.store.clock()
        return self._now

    def commit(self) -> None:
        self.flush()
        self.store.tables = self._tables
        self.store.commits += 1
        self.rollback()

    def rollback(self) -> None:
        self._tables = {name: dict(rows) for name, rows in self.store.tables.items()}
        self._loaded.clear()
        self._added.clear()
        self._deleted.clear()
        self._doomed.clear()

    # -- the session's part: load, add, delete, flush ------------------------------------
    def get(self, model: type[ModelT], key: Any) -> ModelT | None:
        """The entity a primary key names, once per unit of work (an identity map)."""
        table = table_of(model)
        found = self._loaded.get((table.name, key))
        if found is not None:
            return found  # type: ignore[no-any-return]
        row = self._tables[table.name].get(key)
        if row is None:
            return None
        record = _build(table, row)
        self._loaded[(table.name, key)] = record
        for link in table.parents:
            parent_key = row[link.local]
            parent = self.get(link.target, parent_key) if parent_key is not None else None
            attributes.set_committed_value(record, link.key, parent)
        for link in table.children:
            child_table = table_of(link.target)
            rows = self._tables[child_table.name].values()
            children = [
                self.get(link.target, child[child_table.key])
                for child in sorted(
                    (child for child in rows if child[link.remote] == key),
                    key=lambda child: tuple(child[name] for name in link.order_by),
                )
            ]
            if link.scalar:
                attributes.set_committed_value(record, link.key, children[0] if children else None)
            else:
                attributes.set_committed_value(record, link.key, children)
        return record  # type: ignore[no-any-return]

    def all(self, model: type[ModelT]) -> list[ModelT]:
        """Every entity of a table, by primary key."""
        self.flush()
        table = table_of(model)
        found = [self.get(model, key) for key in sorted(self._tables[table.name])]
        return [record for record in found if record is not None]

    def add(self, record: object) -> None:
        self._added.append(record)

    def delete(self, record: object) -> None:
        self._delete(record)

    def _delete(self, record: Any) -> None:
        """Mark a record (and its delete-orphan children) deleted; the rows go at the end of
        the next flush, after its inserts, as the ORM orders a flush (so a new row's id is
        never the id of a row the same flush deletes)."""
        if id(record) in self._deleted:
            return
        self._deleted[id(record)] = record
        self._doomed.append(record)
        for link in table_of(type(record)).children:
            if link.orphans_go:  # cascade="all, delete-orphan": its children go with it
                for child in _children(record, link):
                    self._delete(child)

    def _orphans(self, link: Link, parent_key: Any, keep: set[Any]) -> None:
        """Delete the children of a parent that are no longer in its collection."""
        child_table = table_of(link.target)
        for child_key, child in list(self._tables[child_table.name].items()):
            if child[link.remote] == parent_key and child_key not in keep:
                gone = self.get(link.target, child_key)
                if gone is not None:
                    self._delete(gone)

    def _purge(self) -> None:
        for record in self._doomed:
            table = table_of(type(record))
            key = record.__dict__.get(table.key)
            if key is not None and self._loaded.get((table.name, key)) is record:
                del self._tables[table.name][key]
                del self._loaded[(table.name, key)]
        self._doomed.clear()

    def _reachable(self) -> list[Any]:
        """The records to flush: those changed since they were loaded or last flushed (the
        ORM's instrumentation marks them), those added, and (save-update cascade) whatever
        they reach through their relationships."""
        seen: dict[int, Any] = {}
        changed = [r for r in self._loaded.values() if attributes.instance_state(r).modified]
        queue = [*changed, *self._added]  # in the order they came (their ids too)
        for record in queue:
            if id(record) in seen or id(record) in self._deleted:
                continue
            seen[id(record)] = record
            table = table_of(type(record))
            for link in table.children:
                queue.extend(_children(record, link))
            for link in table.parents:
                parent = record.__dict__.get(link.key)
                if parent is not None:
                    queue.append(parent)
        return list(seen.values())

    def flush(self) -> None:
        records = self._reachable()
        by_table: dict[type[SQLModel], list[Any]] = {model: [] for model in MODELS}
        for record in records:
            by_table[type(record)].append(record)
        for model in MODELS:
            table = table_of(model)
            written = []
            for record in by_table[model]:
                if id(record) in self._deleted:  # an orphan a parent's collection dropped
                    continue
                state = attributes.instance_state(record)
                key = record.__dict__.get(table.key)
                if not state.modified and self._loaded.get((table.name, key)) is record:
                    continue  # reached, not changed
                for link in table.parents:  # the parent's id, now that it has one
                    parent = record.__dict__.get(link.key)
                    if parent is not None:
                        setattr(record, link.local, getattr(parent, link.remote))
                key = record.__dict__.get(table.key)
                if key is None:
                    key = self._next_id(table)
                    setattr(record, table.key, key)
                self._write(table, record, key)
                written.append(record)
            for record in written:
                key = record.__dict__[table.key]
                for link in table.children:
                    if link.orphans_go and link.key in record.__dict__:
                        child_key = table_of(link.target).key
                        kept = {child.__dict__.get(child_key) for child in _children(record, link)}
                        self._orphans(link, key, keep=kept)
        self._added.clear()
        self._purge()

    def _next_id(self, table: Table) -> int:
        """The next id, as SQLite gives it: after the largest row; for an AUTOINCREMENT
        table after the largest ever given (kept, like SQLite's, only when committed)."""
        rows = self._tables[table.name]
        key = max(rows, default=0) + 1
        if table.model.__table__.kwargs.get("sqlite_autoincrement"):  # type: ignore[attr-defined]
            given = self._tables.setdefault(SEQUENCES, {})
            key = max(key, given.get(table.name, {"seq": 0})["seq"] + 1)
            given[table.name] = {"seq": key}
        return key

    def _write(self, table: Table, record: Any, key: Any) -> None:
        rows = self._tables[table.name]
        loaded = self._loaded.get((table.name, key))
        if loaded is None:  # a new row: its key must be free
            if key in rows:
                raise BadInput(
                    f"the change conflicts with stored data ({table.name}.{table.key} {key!r} "
                    "is taken)"
                )
            self._unique(table, record)
            self._loaded[(table.name, key)] = record
        elif loaded is not record:
            raise Conflict(f"{table.name} {key!r} is held twice in one unit of work")
        row = _row(table, record)
        state = attributes.instance_state(record)
        state._commit_all(state.dict)  # flushed: not modified until it changes again
        old = rows.get(key)
        if old is not None and "version" in row:
            if {k: v for k, v in row.items() if k != "version"} != {
                k: v for k, v in old.items() if k != "version"
            }:
                row["version"] = old["version"] + 1  # the version column, as the ORM bumps it
                record.__dict__["version"] = row["version"]
            else:
                row["version"] = old["version"]
        if old != row:
            rows[key] = row

    def _unique(self, table: Table, record: Any) -> None:
        if table.model is not Order:
            return
        mine = (record.channel, record.external_id)
        for row in self._tables[table.name].values():
            if (row["channel"], row["external_id"]) == mine:
                raise BadInput(
                    "the change conflicts with stored data (UNIQUE constraint failed: "
                    "orders.channel, orders.external_id)"
                )

    # -- what the domain asks for ---------------------------------------------------------
    def order(self, ref: str | int) -> Order:
        self.flush()
        orders = self._tables["orders"]

        def with_channel_id(text: str) -> list[int]:
            return [key for key in sorted(orders) if orders[key]["external_id"] == text][:2]

        found = self.get(Order, refs.resolve(ref, lambda key: key in orders, with_channel_id))
        assert found is not None
        return found

    def case(self, case_id: str | int) -> Case:
        text = str(case_id).strip().lstrip("#")
        if not text.isdigit():
            raise BadInput(f"case {case_id}: a case id is a number")
        self.flush()
        found = self.get(Case, int(text))
        if found is None:
            raise BadInput(f"case {text}: no such case")
        return found

    def product(self, sku: str) -> Product | None:
        self.flush()
        return self.get(Product, sku)

    def stock_taken(self, order_id: int) -> dict[str, int]:
        self.flush()
        taken: dict[str, int] = {}
        for row in self._tables["journal"].values():
            if row["order_id"] == order_id:
                for sku, delta in (row["stock"] or {}).items():
                    taken[sku] = taken.get(sku, 0) - delta
        return {sku: units for sku, units in taken.items() if units > 0}

    def merge_group(self, group: int) -> list[Order]:
        self.flush()
        orders = self._tables["orders"]
        members = [
            self.get(Order, key) for key in sorted(orders) if orders[key]["merge_group"] == group
        ]
        return [member for member in members if member is not None]

    def unshipped_buyers(self) -> list[tuple[int, str, str]]:
        self.flush()
        stages = {stage.value for stage in UNSHIPPED}
        orders = self._tables["orders"]
        return [
            (key, orders[key]["buyer_name"], orders[key]["buyer_email"])
            for key in sorted(orders)
            if orders[key]["stage"] in stages
        ]

    def orders_with_tracking(self, number: str, other_than: int | None) -> list[int]:
        self.flush()
        orders = self._tables["orders"]
        return [
            key
            for key in sorted(orders)
            if orders[key]["tracking_number"] == number and key != (other_than or 0)
        ][:5]

    def last_undoable(self) -> JournalEntry | None:
        self.flush()
        journal = self._tables["journal"]
        for key in sorted(journal, reverse=True):
            row = journal[key]
            if row["undoable"] and row["undone_by"] is None and row["actor"] == self.actor:
                return self.get(JournalEntry, key)
        return None

    def entry(self, entry_id: int) -> JournalEntry:
        self.flush()
        found = self.get(JournalEntry, entry_id)
        if found is None:
            raise BadInput(f"journal entry {entry_id}: no such entry")
        return found

    def shipment(self, shipment_id: int) -> Shipment | None:
        self.flush()
        return self.get(Shipment, shipment_id)

    def unconfirmed_shipments(self, channel: str, since: datetime | None) -> list[Shipment]:
        return self._shipments(
            lambda row: (
                row["channel"] == channel
                and row["confirmed_at"] is None
                and (since is None or row["at"] >= since)
            )
        )

    def shipments_between(self, carrier: str, start: datetime, end: datetime) -> list[Shipment]:
        return self._shipments(
            lambda row: row["carrier"].lower() == carrier.lower() and start <= row["at"] < end
        )

    def _shipments(self, wanted: Callable[[Row], bool]) -> list[Shipment]:
        self.flush()
        shipments = self._tables["shipments"]
        found = [self.get(Shipment, key) for key in sorted(shipments) if wanted(shipments[key])]
        return [shipment for shipment in found if shipment is not None]

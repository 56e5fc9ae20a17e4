"""Importing a marketplace's order export: detect, read, check, then upsert in one transaction.

The file is read completely and every problem is collected (row and column) before the
database is touched: a file with any problem changes nothing (``--dry-run`` lists them all).
Orders are matched by (channel, channel order id): a new one is inserted with its lines and a
journal entry ("imported", the snapshot of its tracked fields); a stored one takes only what
the channel decides (:mod:`orderdesk.exchange.merge`), with a journal entry of the fields
before and after. Likely duplicates (same buyer, items and total within a day under two ids)
are flagged in ``orders.possible_duplicate_of``, never merged.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from types import ModuleType
from typing import Any

from orderdesk.domain.aftersales import RESPOND_DAYS
from orderdesk.domain.deadlines import ship_by
from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import dump
from orderdesk.domain.search_key import key_of
from orderdesk.domain.stages import Payment, Payout, Stage
from orderdesk.exchange import FORMATS, amazon, generic, mercadolibre, merge, shopify
from orderdesk.exchange.columns import normal
from orderdesk.exchange.reading import Problems, Table, bad, open_table
from orderdesk.exchange.records import ImportedOrder

PARSERS: dict[str, ModuleType] = {
    "shopify": shopify, "amazon": amazon, "mercadolibre": mercadolibre, "generic": generic,
}
LABELS = {name: parser.LABEL for name, parser in PARSERS.items()}
#: Header cells that mark a workbook's header row (Mercado Libre's is on row 6).
MARKERS = frozenset({"# de venta", "order_id", "name", "order-id"})
DUPLICATE_WINDOW = timedelta(days=1)
_TICK = 2_000

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    format: str
    new: int
    updated: int
    unchanged: int
    rejected: list[str]  # one line each, naming file row and column
    duplicates: list[str]  # likely duplicates flagged (not merged)
    dry_run: bool
    file: str = ""
    updates: list[str] = field(default_factory=list)  # "#12 shopify #1001: paid, shipped"

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        text = (f"{self.file}: {LABELS.get(self.format, self.format)}; {verb} {self.new} new, "
                f"{self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.rejected)} rejected")
        if self.duplicates:
            text += f"; {len(self.duplicates)} likely duplicate(s) flagged"
        return text


def detect(table: Table) -> str:
    """The format a header belongs to."""
    header = {normal(h) for h in table.header}
    tests = (("mercadolibre", mercadolibre.is_mercadolibre), ("shopify", shopify.is_shopify),
             ("amazon", amazon.is_amazon), ("generic", generic.is_generic))
    for name, test in tests:
        if test(header):
            return name
    raise bad(table.name, table.header_row, "A",
              "the header matches no format the desk reads (Shopify: Name, Financial Status, "
              "Lineitem quantity; Amazon: order-id, order-item-id, purchase-date; Mercado "
              "Libre: # de venta; the template: channel, order_id, quantity, unit_price — "
              "`orderdesk import --template orders.csv` writes it)")


def read_orders(path: Path, fmt: str = "auto", *, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None
                ) -> tuple[str, list[ImportedOrder], Problems]:
    """Read and check a whole file (no database): the format, its orders and its problems."""
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    table = open_table(Path(path), markers=MARKERS)
    name = detect(table) if fmt == "auto" else fmt
    problems = Problems(table.name)
    total = table.estimated_rows

    def tick(number: int) -> None:
        if number % _TICK == 0:
            if cancelled is not None and cancelled():
                raise BadInput(f"{table.name}: import cancelled at row {number}, column A; "
                               f"nothing was changed")
            if progress is not None:
                progress(min(number - table.header_row, total), total)

    orders = PARSERS[name].parse(table, problems, tick)
    if not orders and not problems:
        problems.add(table.header_row + 1, "A", "no orders after the header row")
    for order in orders:
        settle(order, problems)
    return name, orders, problems


def settle(order: ImportedOrder, problems: Problems) -> None:
    """Rules every format shares, once an order's rows are all read."""
    if order.stage == Stage.CANCELLED and order.payment in (Payment.PAID,
                                                            Payment.PARTIALLY_REFUNDED):
        order.payment = Payment.REFUNDED.value
    if order.payment == Payment.REFUNDED and order.refunded == 0:
        order.refunded = order.total
    if order.refunded > order.total:
        problems.add(order.row, "refunded", f"order {order.external_id}: the refunds "
                                            f"({order.refunded}) are more than its total "
                                            f"({order.total}, minor units of {order.currency})")
    if order.refunded and order.payment == Payment.PAID:
        order.payment = (Payment.REFUNDED if order.refunded >= order.total
                         else Payment.PARTIALLY_REFUNDED).value
    if order.refunded and not order.case_kind:
        order.case_kind, order.case_status = "refund", "accepted"
    if not order.ship_name:
        order.ship_name = order.buyer_name
    if not order.buyer_name:
        order.buyer_name = order.ship_name


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while an import builds its rows.

    A large import makes millions of small objects that all stay alive until it ends; the
    collector would walk them again and again for nothing (about 2.5 s of a 100,000-order
    import). It runs as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_file(database: Any, path: Path, *, fmt: str = "auto", dry_run: bool = False,
                handling_days: int = 2, progress: Progress | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportReport:
    """Import one file into ``database`` (one transaction), or with ``dry_run`` only report.

    Raises :class:`BadInput` naming the file's row and column when it cannot be imported
    (nothing is written then). A dry run returns the problems in ``rejected`` instead.
    """
    with _collector_paused():
        return _import(database, Path(path), fmt=fmt, dry_run=dry_run,
                       handling_days=handling_days, progress=progress, cancelled=cancelled)


def _import(database: Any, path: Path, *, fmt: str, dry_run: bool, handling_days: int,
            progress: Progress | None, cancelled: Callable[[], bool] | None) -> ImportReport:
    name, orders, problems = read_orders(path, fmt, progress=progress, cancelled=cancelled)
    if problems and not dry_run:
        raise problems.fail()
    report = ImportReport(name, 0, 0, 0, list(problems.items), [], dry_run, file=path.name)
    if problems:
        if problems.total > len(problems.items):
            report.rejected.append(f"… and {problems.total - len(problems.items)} more")
        return report
    if dry_run:
        with database.read() as connection:
            _examine(connection, orders, database.clock(), handling_days, report)
        return report
    from orderdesk.store import import_store

    with database.write() as connection:
        now = database.clock()
        work = _examine(connection, orders, now, handling_days, report)
        if cancelled is not None and cancelled():
            raise BadInput(f"{path.name}: import cancelled at row 1, column A; nothing was "
                           f"changed")
        order_id, case_id = import_store.first_ids(connection)
        rows = _NewRows(work.new, order_id, case_id, now, database.actor, handling_days,
                        path.name, work.duplicate_of, import_store.StorageForm(connection))
        insert = import_store.insert_tuples
        with import_store.large_load(connection, len(work.new)):
            insert(connection, "orders", ORDER_COLUMNS, rows.orders())
            insert(connection, "lines", LINE_COLUMNS, rows.lines())
            import_store.insert_cases(connection, rows.cases())
            insert(connection, "journal", JOURNAL_COLUMNS, rows.journal())
        if work.plans:
            uow = import_store.ImportUnitOfWork(connection, actor=database.actor,
                                                clock=lambda: now)
            try:
                for incoming, step in work.plans:
                    merge.apply(uow, step, summary=(
                        f"Order #{step.order_id} updated from {incoming.channel} "
                        f"({path.name} row {incoming.row}): {', '.join(step.what)}"))
                uow.flush()
            finally:
                uow.close()
    if progress is not None:
        progress(1, 1)
    return report


@dataclass
class _Work:
    new: list[ImportedOrder]
    plans: list[tuple[ImportedOrder, merge.Plan]]
    duplicate_of: dict[int, int | str]  # index in new → stored id, or "new:<index>"


def _examine(connection: Any, orders: list[ImportedOrder], now: datetime, handling_days: int,
             report: ImportReport) -> _Work:
    from orderdesk.store import import_store

    stored = import_store.stored_orders(connection, (o.key for o in orders))
    kinds = import_store.case_kinds(connection, [row["id"] for row in stored.values()])
    work = _Work([], [], {})
    for order in orders:
        current = stored.get(order.key)
        if current is None:
            work.new.append(order)
            continue
        step = merge.plan(current, order, now=now, handling_days=handling_days,
                          case_kinds=kinds.get(current["id"], frozenset()))
        if step:
            work.plans.append((order, step))
            report.updates.append(f"#{current['id']} {order.channel} {order.external_id}: "
                                  f"{', '.join(step.what)}")
        else:
            report.unchanged += 1
    report.new, report.updated = len(work.new), len(work.plans)
    _flag_duplicates(connection, work, report)
    return work


def _buyer(name: str, email: str) -> str:
    return " ".join(name.split()).casefold() or email.strip().casefold()


def _items(items: list[tuple[str, str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((sku or " ".join(title.split()).casefold(), units)
                        for sku, title, units in items))


def _flag_duplicates(connection: Any, work: _Work, report: ImportReport) -> None:
    """Same buyer, items and total within a day under two ids: flagged, not merged.

    Buyer, currency and total first (cheap); items are compared only among orders that
    already share those.
    """
    from orderdesk.store import import_store

    if not work.new:
        return
    first = min(o.created_at for o in work.new) - DUPLICATE_WINDOW
    last = max(o.created_at for o in work.new) + DUPLICATE_WINDOW
    partials = [(_buyer(o.buyer_name, o.buyer_email), o.currency, o.total) for o in work.new]
    seen: dict[tuple[str, str, int], int] = {}
    for partial in partials:
        seen[partial] = seen.get(partial, 0) + 1
    candidates = [row for row in import_store.orders_between(connection, first, last)
                  if (_buyer(row["buyer_name"], row["buyer_email"]), row["currency"],
                      row["total"]) in seen]
    for row in candidates:
        partial = (_buyer(row["buyer_name"], row["buyer_email"]), row["currency"], row["total"])
        seen[partial] += 1
    if all(n == 1 for n in seen.values()):
        return
    keyed: dict[tuple[Any, ...], list[tuple[datetime, str, int | str]]] = {}
    items = import_store.line_items(connection, [row["id"] for row in candidates])
    for row in candidates:
        key = (_buyer(row["buyer_name"], row["buyer_email"]), row["currency"], row["total"],
               _items(items.get(row["id"], [])))
        created = merge.aware(row["created_at"])
        assert created is not None
        keyed.setdefault(key, []).append(
            (created, f"#{row['id']} ({row['channel']} {row['external_id']})", row["id"]))
    for index, (order, partial) in enumerate(zip(work.new, partials, strict=True)):
        if not partial[0] or seen[partial] < 2:
            continue
        key = (*partial, _items([(line.sku, line.title, line.quantity) for line in order.lines]))
        here = f"{order.channel} {order.external_id} (row {order.row})"
        for created, label, target in keyed.get(key, []):
            if abs(created - order.created_at) <= DUPLICATE_WINDOW:
                work.duplicate_of[index] = target
                report.duplicates.append(f"{here} looks like a duplicate of {label}: same "
                                         f"buyer, items and total within a day")
                break
        keyed.setdefault(key, []).append((order.created_at, here, f"new:{index}"))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _json_time(moment: datetime | None) -> str:
    """``json.dumps(_iso(moment))``: an ISO time holds nothing JSON escapes."""
    return f'"{moment.isoformat()}"' if moment is not None else "null"


ORDER_COLUMNS = (
    "id", "channel", "external_id", "created_at", "paid_at", "ship_by", "confirmed_at",
    "label_printed_at", "shipped_at", "delivered_at", "cancelled_at", "stage", "payment",
    "payout", "buyer_name", "buyer_email", "buyer_phone", "ship_name", "ship_line1",
    "ship_line2", "ship_city", "ship_region", "ship_postal_code", "ship_country", "currency",
    "subtotal", "shipping", "tax", "discount", "total", "fee", "shipping_cost", "refunded",
    "carrier", "service", "tracking_number", "tracking_url", "note", "tags", "cancel_reason",
    "stock_taken", "possible_duplicate_of", "version", "search_key",
)
LINE_COLUMNS = ("order_id", "position", "sku", "title", "variant", "quantity", "unit_price")
JOURNAL_COLUMNS = ("at", "actor", "action", "order_id", "case_id", "summary", "before",
                   "after", "stock", "undoable", "undone_by", "undo_of")


class _NewRows:
    """The rows of new orders, as tuples in the connection's storage form (one pass each)."""

    def __init__(self, orders: list[ImportedOrder], first_order: int, first_case: int,
                 now: datetime, actor: str, handling_days: int, source: str,
                 duplicate_of: dict[int, int | str], form: Any) -> None:
        self.items = orders
        self.first_order = first_order
        self.now = now
        self.actor = actor
        self.handling_days = handling_days
        self.source = source
        self.duplicate_of = duplicate_of
        self.form = form  # bulk.StorageForm of the import's connection
        self.case_ids: dict[int, int] = {}
        self.snapshots: list[dict[str, Any] | str] = []  # JSON text on SQLite
        next_case = first_case
        for index, order in enumerate(orders):
            if order.case_kind:
                self.case_ids[index] = next_case
                next_case += 1

    def _duplicate(self, index: int) -> int | None:
        target = self.duplicate_of.get(index)
        if isinstance(target, str):
            return self.first_order + int(target.split(":")[1])
        return target

    def orders(self) -> Iterator[tuple[Any, ...]]:
        time, flag = self.form.time, self.form.flag
        keep_dicts = not self.form.sqlite  # other databases take the JSON column as a dict
        text = encode_basestring
        zone = datetime.now().astimezone().tzinfo
        unpaid, delivered_stage = Payment.UNPAID.value, Stage.DELIVERED.value
        moving = (Stage.IN_TRANSIT.value, delivered_stage)
        not_shipped = (Stage.PENDING.value, Stage.CANCELLED.value)
        pending, not_due = Payout.PENDING.value, Payout.NOT_DUE.value
        for index, o in enumerate(self.items):
            paid_at = o.paid_at if o.payment != unpaid else None
            start = paid_at or o.created_at
            shipped = delivered = cancelled = None
            stage = o.stage
            if stage not in not_shipped and stage in moving:
                shipped = o.shipped_at or start
                if stage == delivered_stage:
                    delivered = o.delivered_at or shipped
            elif stage == Stage.CANCELLED:
                cancelled = o.cancelled_at or start
            # the seller's zone is looked up once per import, not per order
            deadline = ship_by(o.ship_by, paid_at, o.created_at, self.handling_days, zone)
            payout = pending if stage == delivered_stage else not_due
            snapshot = {  # journal.snapshot of the new order, field for field
                "stage": stage, "payment": o.payment, "payout": payout,
                "refunded": o.refunded, "stock_taken": False, "carrier": o.carrier,
                "service": o.service, "tracking_number": o.tracking_number,
                "tracking_url": o.tracking_url, "confirmed_at": None, "label_printed_at": None,
                "shipped_at": _iso(shipped), "delivered_at": _iso(delivered),
                "cancelled_at": _iso(cancelled), "cancel_reason": o.cancel_reason,
                "paid_at": _iso(paid_at), "ship_by": _iso(deadline),
            } if keep_dicts else (
                # the same as json.dumps({"order": snapshot}, ensure_ascii=False), written out
                f'{{"order": {{"stage": {text(stage)}, "payment": {text(o.payment)}, '
                f'"payout": {text(payout)}, "refunded": {int(o.refunded)}, '
                f'"stock_taken": false, "carrier": {text(o.carrier)}, '
                f'"service": {text(o.service)}, "tracking_number": {text(o.tracking_number)}, '
                f'"tracking_url": {text(o.tracking_url)}, "confirmed_at": null, '
                f'"label_printed_at": null, "shipped_at": {_json_time(shipped)}, '
                f'"delivered_at": {_json_time(delivered)}, '
                f'"cancelled_at": {_json_time(cancelled)}, '
                f'"cancel_reason": {text(o.cancel_reason)}, "paid_at": {_json_time(paid_at)}, '
                f'"ship_by": {_json_time(deadline)}}}}}')
            self.snapshots.append(snapshot)
            created = time(o.created_at)  # paid and shipped are often that very moment
            yield (self.first_order + index, o.channel, o.external_id, created,
                   created if paid_at is o.created_at else time(paid_at), time(deadline),
                   None, None, created if shipped is o.created_at else time(shipped),
                   time(delivered),
                   time(cancelled), stage, o.payment, payout, o.buyer_name, o.buyer_email,
                   o.buyer_phone, o.ship_name, o.ship_line1, o.ship_line2, o.ship_city,
                   o.ship_region, o.ship_postal_code, o.ship_country, o.currency, o.subtotal,
                   o.shipping, o.tax, o.discount, o.total, o.fee, o.shipping_cost, o.refunded,
                   o.carrier, o.service, o.tracking_number, o.tracking_url, o.note, o.tags,
                   o.cancel_reason, flag(False), self._duplicate(index), 1, key_of(o))

    def lines(self) -> Iterator[tuple[Any, ...]]:
        first = self.first_order
        for index, o in enumerate(self.items):
            order_id = first + index
            for position, line in enumerate(o.lines):
                yield (order_id, position, line.sku, line.title, line.variant, line.quantity,
                       line.unit_price)

    def _case_time(self, o: ImportedOrder) -> datetime:
        return o.delivered_at or o.shipped_at or o.paid_at or o.created_at

    def cases(self) -> Iterator[dict[str, Any]]:
        for index, case_id in self.case_ids.items():
            o = self.items[index]
            opened = self._case_time(o)
            closed = o.case_status != "open"
            amount = o.refunded if closed else o.total - o.refunded
            yield {"id": case_id, "order_id": self.first_order + index, "kind": o.case_kind,
                   "reason": f"{o.case_kind} on {o.channel}", "status": o.case_status,
                   "amount": amount, "opened_at": opened,
                   "respond_by": None if closed else opened + timedelta(
                       days=RESPOND_DAYS[o.case_kind]),
                   "closed_at": opened if closed else None,
                   "resolution": "decided on the channel" if closed else ""}

    def journal(self) -> Iterator[tuple[Any, ...]]:
        form = self.form
        at, empty, no = form.time(self.now), form.json({}), form.flag(False)
        dumps = form.json
        for index, o in enumerate(self.items):
            order_id = self.first_order + index
            snapshot = self.snapshots[index]
            yield (at, self.actor, "imported", order_id, None,
                   f"Order #{order_id} imported from {o.channel} ({self.source} row {o.row})",
                   empty, snapshot if isinstance(snapshot, str) else dumps({"order": snapshot}),
                   empty, no, None, None)
            case_id = self.case_ids.get(index)
            if case_id is not None:
                closed = o.case_status != "open"
                amount = o.refunded if closed else o.total - o.refunded
                after = {"case": {"status": o.case_status, "amount": amount,
                                  "closed_at": dump("closed_at", self._case_time(o)
                                                    if closed else None)}}
                yield (at, self.actor, f"{o.case_kind}_imported", order_id, case_id,
                       f"{o.case_kind.capitalize()} case {case_id} on order #{order_id} "
                       f"imported from {o.channel} ({o.case_status})",
                       empty, dumps(after), empty, no, None, None)

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

import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from orderdesk.domain.aftersales import RESPOND_DAYS
from orderdesk.domain.channel_updates import REFUND_OWED
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.journal import dump, entry_fields, fields_snapshot
from orderdesk.domain.money import EXPONENTS, decimal_string
from orderdesk.domain.new_orders import line_fields, new_order_entry, order_fields
from orderdesk.domain.stages import Payment, Stage
from orderdesk.domain.tracking import url_problem
from orderdesk.exchange import (
    FORMATS,
    amazon,
    ebay,
    etsy,
    generic,
    mercadolibre,
    merge,
    shopify,
    tiktok,
)
from orderdesk.exchange.columns import normal
from orderdesk.exchange.reading import Problems, Table, bad, open_table
from orderdesk.exchange.records import ImportedOrder

PARSERS: dict[str, ModuleType] = {
    "shopify": shopify,
    "amazon": amazon,
    "mercadolibre": mercadolibre,
    "etsy": etsy,
    "ebay": ebay,
    "tiktok": tiktok,
    "generic": generic,
}
LABELS = {name: parser.LABEL for name, parser in PARSERS.items()}
#: Header cells that mark a workbook's header row (Mercado Libre's is on row 6).
MARKERS = frozenset(
    {
        "# de venta",
        "order_id",
        "name",
        "order-id",
        "amazon-order-id",
        "sales record number",
        "sale date",
    }
)
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
    warnings: list[str] = field(default_factory=list)  # channel facts that look odd; kept
    problem_count: int = 0  # every problem found (``rejected`` lists the first ones)
    skipped: int = 0  # orders set aside by --skip-bad
    side_file: str = ""  # where --skip-bad wrote the rejected rows

    @property
    def ok(self) -> bool:
        return not self.rejected

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"{self.file}: {LABELS.get(self.format, self.format)}; {verb} {self.new} new, "
            f"{self.updated} updated, {self.unchanged} unchanged, "
            f"{_count(self.problem_count or len(self.rejected), 'problem')}"
        )
        if self.skipped:
            orders = _count(self.skipped, "order")
            text += f"; {orders} with problems set aside in {self.side_file}"
        if self.duplicates:
            text += f"; {len(self.duplicates)} likely duplicate(s) flagged"
        return text


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def detect(table: Table) -> str:
    """The format a header belongs to."""
    header = {normal(h) for h in table.header}
    tests = (
        ("mercadolibre", mercadolibre.is_mercadolibre),
        ("shopify", shopify.is_shopify),
        ("amazon", amazon.is_amazon),
        ("etsy", etsy.is_etsy),
        ("ebay", ebay.is_ebay),
        ("tiktok", tiktok.is_tiktok),
        ("generic", generic.is_generic),
    )
    for name, test in tests:
        if test(header):
            return name
    raise bad(
        table.name,
        table.header_row,
        "A",
        "the header matches no format the desk reads (Shopify: Name, Financial Status, "
        "Lineitem quantity; Amazon: order-id, order-item-id, purchase-date; Mercado "
        "Libre: # de venta; Etsy: Sale Date, Order ID; eBay: Sales Record Number, Item "
        "Title; TikTok Shop: Order ID, Order Status, Created Time; the template: "
        "channel, order_id, quantity, unit_price — `orderdesk import --template "
        "orders.csv` writes it); any other layout needs a column mapping: "
        "`orderdesk import FILE --map NAME`, made in the desk with i",
    )


def read_orders(
    path: Path,
    fmt: str = "auto",
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    store: str = "",
    mapping: Any = None,
) -> tuple[str, list[ImportedOrder], Problems]:
    """Read and check a whole file (no database): the format, its orders and its problems.

    ``mapping`` (a :class:`orderdesk.exchange.mapping.Mapping`) reads a file of any other
    layout as the template. Library warnings (openpyxl's about a workbook's styles) never
    reach the terminal: the file's own problems are reported by row and column instead.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_orders(Path(path), fmt, progress, cancelled, store, mapping)


def _read_orders(
    path: Path,
    fmt: str,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    store: str,
    mapping: Any,
) -> tuple[str, list[ImportedOrder], Problems]:
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    table = open_table(Path(path), markers=MARKERS)
    if mapping is not None:
        table = mapping.apply(table)
        fmt = "generic"
    name = detect(table) if fmt == "auto" else fmt
    problems = Problems(table.name)
    total = table.estimated_rows

    def tick(number: int) -> None:
        if number % _TICK == 0:
            if cancelled is not None and cancelled():
                raise BadInput(
                    f"{table.name}: import cancelled at row {number}, column A; nothing was changed"
                )
            if progress is not None:
                progress(min(number - table.header_row, total), total)

    orders = PARSERS[name].parse(table, problems, tick)
    if not orders and not problems:
        problems.add(table.header_row + 1, "A", "no orders after the header row")
    headers = getattr(PARSERS[name], "HEADERS", None)
    for order in orders:
        settle(order, problems, headers)
        if store:
            order.store = store
    return name, orders, problems


#: The desk's fields a shared rule may name, and the header each format gives them.
DEFAULT_HEADERS = {
    "refunded": "refunded",
    "total": "total",
    "ship_postal_code": "postal code",
    "tracking_url": "tracking_url",
}
#: Text a spreadsheet's quoting leaves at the start of a cell (``'4001``).
_QUOTED_FIELDS = (
    "buyer_name",
    "buyer_phone",
    "ship_name",
    "ship_line1",
    "ship_line2",
    "ship_city",
    "ship_region",
    "ship_postal_code",
)
#: What a file writes for "no postal code".
_NO_POSTAL_CODE = frozenset({"-", "--", "n/a", "none", "."})


def settle(order: ImportedOrder, problems: Problems, headers: dict[str, str] | None = None) -> None:
    """Rules every format shares, once an order's rows are all read.

    What the channel reports as done is kept as it says: a refund a few cents above the total
    (shipping refunded too) is a warning, never a rejection; a paid order cancelled with
    nothing refunded yet stays paid, tagged ``refund-owed``, with no invented refund.
    """
    names = headers or DEFAULT_HEADERS
    if order.tracking_url and (problem := url_problem(order.tracking_url)):
        # the tracking number is the channel's fact and stays; a link that would run or open
        # something on the seller's machine is not kept
        problems.warn(
            order.row,
            f'"{names.get("tracking_url", "tracking_url")}"',
            f"order {order.external_id}: the tracking link {order.tracking_url[:60]!r} "
            f"{problem}; the tracking number is kept, the link is left out",
        )
        order.tracking_url = ""
    if "'" in (
        order.buyer_name
        + order.buyer_phone
        + order.ship_name
        + order.ship_line1
        + order.ship_line2
        + order.ship_city
        + order.ship_region
        + order.ship_postal_code
    ):  # one test for the common case: no quoting at all
        for name in _QUOTED_FIELDS:
            value = getattr(order, name)
            if value[:1] == "'":
                setattr(order, name, value[1:].strip())
    postal_code = order.ship_postal_code
    if len(postal_code) < 5 and postal_code.casefold() in _NO_POSTAL_CODE:
        order.ship_postal_code = ""
    refunded = order.refunded
    if not refunded and order.payment != Payment.REFUNDED and order.stage != Stage.CANCELLED:
        if not order.ship_name:  # the common case: nothing refunded, nothing cancelled
            order.ship_name = order.buyer_name
        if not order.buyer_name:
            order.buyer_name = order.ship_name
        return
    if order.payment == Payment.REFUNDED and order.refunded == 0:
        order.refunded = order.total
    code = order.currency
    if order.refunded > order.total and code in EXPONENTS:
        problems.warn(
            order.row,
            f'"{names.get("refunded", "refunded")}"',
            f"order {order.external_id}: the channel refunded "
            f"{decimal_string(order.refunded, code)} {code}, more than its total "
            f"{decimal_string(order.total, code)} {code}; kept as the channel "
            f"reports it",
        )
    if order.refunded and order.payment == Payment.PAID:
        order.payment = (
            Payment.REFUNDED if order.refunded >= order.total else Payment.PARTIALLY_REFUNDED
        ).value
    if (
        order.stage == Stage.CANCELLED
        and order.payment == Payment.PAID
        and order.refunded == 0
        and order.total > 0
    ):
        tags = [t for t in order.tags.split(",") if t]
        if REFUND_OWED not in tags:
            order.tags = ",".join([*tags, REFUND_OWED])
        problems.warn(
            order.row,
            f'"{names.get("refunded", "refunded")}"',
            f"order {order.external_id}: paid and cancelled with nothing refunded "
            f"yet; a refund of {decimal_string(order.total, code)} {code} is owed "
            f"(tagged {REFUND_OWED})",
        )
    if order.refunded and not order.case_kind:
        order.case_kind, order.case_status = "refund", "accepted"
    if not order.ship_name:
        order.ship_name = order.buyer_name
    if not order.buyer_name:
        order.buyer_name = order.ship_name


def side_file(path: Path) -> Path:
    """Where ``--skip-bad`` writes the rows it set aside: beside the file."""
    suffix = ".xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else path.suffix or ".csv"
    return path.with_name(f"{path.stem}.rejected{suffix}")


def write_aside(path: Path, aside: dict[int, str]) -> None:
    from orderdesk.exchange.side_file import write_rejected

    target = side_file(path)
    try:
        write_rejected(path, target, aside, MARKERS)
    except OSError as exc:
        raise BadInput(
            f"{target}: the rejected rows cannot be written there ({exc.strerror}); "
            f"nothing was imported"
        ) from None


def set_aside(
    orders: list[ImportedOrder], problems: Problems
) -> tuple[list[ImportedOrder], dict[int, str]]:
    """The orders with no problem on any of their rows, and every row set aside with the
    reason (its problems; an order's other rows name the row that has them)."""
    reasons: dict[int, list[str]] = {}
    for item in problems.items:
        row = int(item.split(",", 1)[0].removeprefix("row "))
        reasons.setdefault(row, []).append(item.split(": ", 1)[1] if ": " in item else item)
    bad_rows = problems.rows
    good: list[ImportedOrder] = []
    aside: dict[int, str] = {}
    for order in orders:
        rows = order.rows or [order.row]
        hit = [row for row in rows if row in bad_rows]
        if not hit:
            good.append(order)
            continue
        reason = "; ".join(
            f"row {row}: {m}" for row in hit for m in reasons.get(row, ["a problem"])
        )
        for row in rows:
            aside[row] = f"order {order.external_id}: {reason}"
    for row in bad_rows:
        if row not in aside:
            aside[row] = "; ".join(reasons.get(row, ["a problem"]))
    return good, aside


@dataclass
class Work:
    new: list[ImportedOrder]
    plans: list[tuple[ImportedOrder, merge.Plan]]
    duplicate_of: dict[int, int | str]  # index in new → stored id, or "new:<index>"


def examine(
    connection: Any,
    orders: list[ImportedOrder],
    now: datetime,
    handling_days: int,
    report: ImportReport,
) -> Work:
    from orderdesk.store import import_store

    stored = import_store.stored_orders(connection, (o.key for o in orders))
    kinds = import_store.case_kinds(connection, [row["id"] for row in stored.values()])
    unpriced = [row["id"] for row in stored.values() if not row["total"]]
    if unpriced:  # stored from a report without prices: a priced one may complete them
        skus = import_store.line_items(connection, unpriced)
        for row in stored.values():
            if not row["total"]:
                row["line_skus"] = [sku for sku, _, _ in skus.get(row["id"], [])]
    work = Work([], [], {})
    collisions: list[str] = []
    for order in orders:
        current = stored.get(order.key)
        if current is None:
            work.new.append(order)
            continue
        clash = _other_store(current, order)
        if clash:
            collisions.append(clash)
            continue
        step = merge.plan(
            current,
            order,
            now=now,
            handling_days=handling_days,
            case_kinds=kinds.get(current["id"], frozenset()),
        )
        if step:
            work.plans.append((order, step))
            report.updates.append(
                f"#{current['id']} {order.channel} {order.external_id}: {', '.join(step.what)}"
            )
        else:
            report.unchanged += 1
    if collisions:
        more = len(collisions) - 1
        raise Refused(
            f"{report.file}: {collisions[0]}"
            + (f" (and {more} more order{'s' if more > 1 else ''} like it)" if more else "")
            + "; the file is refused and nothing was changed"
        )
    report.new, report.updated = len(work.new), len(work.plans)
    _flag_duplicates(connection, work, report)
    return work


def _other_store(current: dict[str, Any], order: ImportedOrder) -> str:
    """Why a stored order with the file's order number is another store's, or ``""``.

    The channel's global id (Shopify's ``Id``) decides when both have one; otherwise two
    different named stores do, and for a Shopify export without ``Id`` a creation time that
    is not the stored order's.
    """
    stored_ref, stored_store = current.get("channel_ref") or "", current.get("store") or ""
    if stored_ref and order.channel_ref:
        if stored_ref == order.channel_ref:
            return ""
        what = f"its Id is {stored_ref}, this file's is {order.channel_ref}"
    elif stored_store and order.store and stored_store != order.store:
        what = f"it came from store {stored_store!r}, this file is store {order.store!r}"
    elif order.channel == "shopify" and _placed_apart(current, order):
        # an export without Shopify's Id: the same number placed at another time is
        # another store's order
        what = (
            f"it was placed {merge.aware(current['created_at']):%Y-%m-%d %H:%M} UTC, "
            f"this file's {order.created_at:%Y-%m-%d %H:%M} UTC"
        )
    else:
        return ""
    here = f"store {order.store!r}" if order.store else "this file"
    return (
        f"row {order.row}: order {order.external_id} of {here} is another order than "
        f"#{current['id']} ({order.channel} {order.external_id}) already in the desk "
        f"({what}); two stores with overlapping order numbers cannot share one desk "
        f"database"
    )


def _placed_apart(current: dict[str, Any], order: ImportedOrder) -> bool:
    created = merge.aware(current.get("created_at"))
    return created is not None and abs(created - order.created_at) > timedelta(minutes=1)


def _buyer(name: str, email: str) -> str:
    return " ".join(name.split()).casefold() or email.strip().casefold()


def _items(items: list[tuple[str, str, int]]) -> tuple[tuple[str, int], ...]:
    return tuple(
        sorted((sku or " ".join(title.split()).casefold(), units) for sku, title, units in items)
    )


def _flag_duplicates(connection: Any, work: Work, report: ImportReport) -> None:
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
    candidates = [
        row
        for row in import_store.orders_between(connection, first, last)
        if (_buyer(row["buyer_name"], row["buyer_email"]), row["currency"], row["total"]) in seen
    ]
    for row in candidates:
        partial = (_buyer(row["buyer_name"], row["buyer_email"]), row["currency"], row["total"])
        seen[partial] += 1
    if all(n == 1 for n in seen.values()):
        return
    keyed: dict[tuple[Any, ...], list[tuple[datetime, str, int | str]]] = {}
    items = import_store.line_items(connection, [row["id"] for row in candidates])
    for row in candidates:
        key = (
            _buyer(row["buyer_name"], row["buyer_email"]),
            row["currency"],
            row["total"],
            _items(items.get(row["id"], [])),
        )
        created = merge.aware(row["created_at"])
        assert created is not None
        keyed.setdefault(key, []).append(
            (created, f"#{row['id']} ({row['channel']} {row['external_id']})", row["id"])
        )
    for index, (order, partial) in enumerate(zip(work.new, partials, strict=True)):
        if not partial[0] or seen[partial] < 2:
            continue
        key = (*partial, _items([(line.sku, line.title, line.quantity) for line in order.lines]))
        here = f"{order.channel} {order.external_id} (row {order.row})"
        for created, label, target in keyed.get(key, []):
            if abs(created - order.created_at) <= DUPLICATE_WINDOW:
                work.duplicate_of[index] = target
                report.duplicates.append(
                    f"{here} looks like a duplicate of {label}: same "
                    f"buyer, items and total within a day"
                )
                break
        keyed.setdefault(key, []).append((order.created_at, here, f"new:{index}"))


class NewRows:
    """The rows of new orders (orders, lines, cases, journal entries), each as its table's
    columns by name, made by the domain's factories (one pass each; the store puts them in
    storage form)."""

    def __init__(
        self,
        orders: list[ImportedOrder],
        order_ids: Sequence[int],
        case_ids: Sequence[int],
        now: datetime,
        actor: str,
        handling_days: int,
        source: str,
        duplicate_of: dict[int, int | str],
    ) -> None:
        self.items = orders
        self.order_ids = order_ids  # the store's ids for the new orders, in file order
        self.now = now
        self.actor = actor
        self.handling_days = handling_days
        self.source = source
        self.duplicate_of = duplicate_of
        self.case_ids: dict[int, int] = {}
        self.snapshots: list[dict[str, Any]] = []  # the journal's, filled as orders() runs
        new_case = iter(case_ids)
        for index, order in enumerate(orders):
            if order.case_kind:
                self.case_ids[index] = next(new_case)

    def _duplicate(self, index: int) -> int | None:
        target = self.duplicate_of.get(index)
        if isinstance(target, str):
            return self.order_ids[int(target.split(":")[1])]
        return target

    def orders(self) -> Iterator[dict[str, Any]]:
        """Each new order's stored fields, as the domain's factory makes them."""
        zone = datetime.now().astimezone().tzinfo  # looked up once per import, not per order
        handling_days = self.handling_days
        for index, o in enumerate(self.items):
            fields = order_fields(o, handling_days=handling_days, zone=zone)
            fields["id"] = self.order_ids[index]
            fields["possible_duplicate_of"] = self._duplicate(index)
            self.snapshots.append(fields_snapshot(fields))
            yield fields

    def lines(self) -> Iterator[dict[str, Any]]:
        """Each new line's stored fields, as the domain's factory makes them."""
        for order_id, o in zip(self.order_ids, self.items, strict=True):
            for position, line in enumerate(o.lines):
                yield line_fields(line, position=position, order_id=order_id)

    def _case_time(self, o: ImportedOrder) -> datetime:
        return o.delivered_at or o.shipped_at or o.paid_at or o.created_at

    def cases(self) -> Iterator[dict[str, Any]]:
        for index, case_id in self.case_ids.items():
            o = self.items[index]
            opened = self._case_time(o)
            closed = o.case_status != "open"
            amount = o.refunded if closed else o.total - o.refunded
            yield {
                "id": case_id,
                "order_id": self.order_ids[index],
                "kind": o.case_kind,
                "reason": f"{o.case_kind} on {o.channel}",
                "status": o.case_status,
                "amount": amount,
                "opened_at": opened,
                "respond_by": None
                if closed
                else opened + timedelta(days=RESPOND_DAYS[o.case_kind]),
                "closed_at": opened if closed else None,
                "resolution": "decided on the channel" if closed else "",
            }

    def journal(self) -> Iterator[dict[str, Any]]:
        """Each new order's journal entry (and its case's), as the domain's factory makes
        them; one empty mapping stands for every entry's nothing before and no stock."""
        at, actor = self.now, self.actor
        empty: dict[str, Any] = {}
        for index, o in enumerate(self.items):
            order_id = self.order_ids[index]
            yield new_order_entry(
                order_id,
                self.snapshots[index],
                action="imported",
                actor=actor,
                at=at,
                summary=f"Order #{order_id} imported from {o.channel} ({self.source} row {o.row})",
                empty=empty,
            )
            case_id = self.case_ids.get(index)
            if case_id is not None:
                closed = o.case_status != "open"
                amount = o.refunded if closed else o.total - o.refunded
                after = {
                    "case": {
                        "status": o.case_status,
                        "amount": amount,
                        "closed_at": dump("closed_at", self._case_time(o) if closed else None),
                    }
                }
                yield entry_fields(
                    f"{o.case_kind}_imported",
                    actor,
                    at,
                    f"{o.case_kind.capitalize()} case {case_id} on order #{order_id} "
                    f"imported from {o.channel} ({o.case_status})",
                    order_id=order_id,
                    case_id=case_id,
                    before=empty,
                    after=after,
                    stock=empty,
                )

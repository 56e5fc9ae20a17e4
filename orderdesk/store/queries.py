"""Read-side queries: tab counts, paged tab lists, search and order detail.

Every list is a page from indexed SQL; counts come from aggregate queries. The SQL is plain text
that runs the same on SQLite and PostgreSQL, through a :mod:`orderdesk.store.reader` (stdlib
sqlite3 on a SQLite file: no ORM import on the hot path). Functions accept a reader, a sqlite3
connection or a SQLAlchemy connection. Rows are plain dicts (the stable fields of the command
line's ``--json``, declared in :mod:`orderdesk.store.rows`), so screens never touch a session.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from orderdesk.domain import refs, sales
from orderdesk.domain.deadlines import (
    DUE_SOON,
    earliest_slow_before,
    is_due_soon,
    is_overdue,
    is_slow_in_transit,
    slow_before,
)
from orderdesk.domain.errors import BadInput
from orderdesk.domain.inbox import FROM_BUYER, TO_BUYER
from orderdesk.domain.money import decimal_string
from orderdesk.domain.return_rules import rma_text
from orderdesk.domain.row_filter import RowFilter, RowSort
from orderdesk.domain.search_key import fold
from orderdesk.domain.stages import TAB_NAMES, UNSHIPPED, Tab, tab_of
from orderdesk.store import search_index, tab_tally
from orderdesk.store.reader import Reader as Reader  # what the screens read through
from orderdesk.store.reader import as_reader, as_time
from orderdesk.store.rows import (
    CaseRow,
    Hold,
    JournalRow,
    LineRow,
    MessageRow,
    Money,
    OrderDetail,
    OrderRow,
    Parcel,
    Shipment,
    ShipTo,
    Times,
)
from orderdesk.store.search_index import escape_like
from orderdesk.store.stock_queries import SHORT_FILTER, short_order_ids

CASE_TABS = {Tab.REFUNDS: ("refund", "return"), Tab.DISPUTES: ("dispute",)}

_ROW_COLUMNS = (
    "o.id, o.channel, o.external_id, o.stage, o.payment, o.buyer_name, o.ship_country, "
    "o.currency, o.total, o.refunded, o.ship_by, o.created_at, o.shipped_at, o.carrier, "
    "o.tracking_number, o.tracking_url, o.version, o.hold_reason, o.hold_until, o.label_printed_at,"
    " o.delivered_at, o.cancelled_at"
)
#: When an order was finished: delivered or cancelled.
FINALIZED_AT = "COALESCE(o.delivered_at, o.cancelled_at)"
_ORDER_SORT = {
    Tab.TO_PREPARE: "o.ship_by, o.id",
    Tab.READY_TO_SHIP: "o.ship_by, o.id",
    Tab.IN_TRANSIT: "o.shipped_at, o.id",
    # Newest finished first, by the moment it was finished (index ix_orders_tab_finalized_at).
    Tab.FINALIZED: f"{FINALIZED_AT} DESC, o.id DESC",
    None: "o.id",
}


def parse_tab(name: str) -> Tab | None:
    """``to-prepare`` … ``disputes`` → Tab; ``all`` → None."""
    if name == "all":
        return None
    try:
        return Tab(name)
    except ValueError:
        raise BadInput(f"--tab: {name!r} is not a tab ({', '.join(TAB_NAMES)})") from None


@dataclass(frozen=True)
class TabCounts:
    counts: dict[Tab, int]
    overdue: int
    due_soon: int
    short: int = 0  # pending orders short of stock
    #: Open cases past their respond-by deadline, per case tab.
    late: dict[Tab, int] = field(default_factory=dict)
    #: Parcels in transit far longer than their carrier's usual days.
    slow: int = 0
    #: Buyer messages with no later message to the buyer on their order.
    unanswered: int = 0

    def __getitem__(self, tab: Tab) -> int:
        return self.counts[tab]


def unconfirmed_counts(source: Any) -> dict[str, int]:
    """Shipments no confirmations file has told the marketplace of yet, per channel: one
    grouped count over ``ix_shipments_channel_confirmed``."""
    reader = as_reader(source)
    return {
        str(row["channel"]): int(row["n"])
        for row in reader.rows(
            "SELECT channel, COUNT(*) AS n FROM shipments WHERE confirmed_at IS NULL "
            "GROUP BY channel ORDER BY channel"
        )
    }


def tab_counts(source: Any, now: datetime) -> TabCounts:
    """Orders per stage tab, open cases per case tab, and overdue / due-soon counts."""
    reader = as_reader(source)
    counts = {tab: 0 for tab in Tab}
    for row in reader.rows(tab_tally.PER_TAB):  # kept by the database: no order is read
        counts[Tab(row["tab"])] = int(row["n"])
    for row in reader.rows(
        "SELECT kind, COUNT(*) AS n FROM cases WHERE status = 'open' GROUP BY kind"
    ):
        counts[Tab.DISPUTES if row["kind"] == "dispute" else Tab.REFUNDS] += row["n"]
    overdue = reader.scalar(
        "SELECT COUNT(*) FROM orders WHERE tab = 'to-prepare' AND ship_by < :now", {"now": now}
    )
    due_soon = reader.scalar(
        "SELECT COUNT(*) FROM orders WHERE tab IN ('to-prepare', 'ready-to-ship') "
        "AND ship_by >= :now AND ship_by < :soon",
        {"now": now, "soon": now + DUE_SOON},
    )
    short = reader.scalar(f"SELECT COUNT(*) FROM orders o WHERE o.tab = 'to-prepare'{SHORT_FILTER}")
    late = {tab: 0 for tab in CASE_TABS}
    for row in reader.rows(
        "SELECT kind, COUNT(*) AS n FROM cases WHERE status = 'open' "
        "AND respond_by < :now GROUP BY kind",
        {"now": now},
    ):
        late[Tab.DISPUTES if row["kind"] == "dispute" else Tab.REFUNDS] += row["n"]
    return TabCounts(
        counts,
        int(overdue or 0),
        int(due_soon or 0),
        int(short or 0),
        late,
        slow_in_transit_count(reader, now),
        unanswered_count(reader),
    )


def unanswered_count(source: Any) -> int:
    """Buyer messages not yet answered (the rule of
    :func:`orderdesk.domain.inbox.unanswered`): from the buyer, with no later message to
    the buyer on the same order (by the index on ``messages.order_id``)."""
    reader = as_reader(source)
    return int(
        reader.scalar(
            "SELECT COUNT(*) FROM messages m WHERE m.direction = :from_buyer"
            " AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.order_id = m.order_id"
            " AND r.direction = :to_buyer AND r.id > m.id)",
            {"from_buyer": FROM_BUYER, "to_buyer": TO_BUYER},
        )
        or 0
    )


def slow_in_transit_count(source: Any, now: datetime) -> int:
    """Parcels in transit far longer than usual (the domain's
    :func:`~orderdesk.domain.deadlines.is_slow_in_transit`), counted in SQL: only parcels
    shipped before the quickest carrier's bound can be slow (a range of the tab's
    ``shipped_at`` index); their carriers, as written on the orders, are resolved through the
    domain's carrier list, and each is counted against its own bound."""
    reader = as_reader(source)
    earliest = earliest_slow_before(now)
    carriers = [
        row["carrier"]
        for row in reader.rows(
            "SELECT DISTINCT carrier FROM orders"
            " WHERE tab = 'in-transit' AND shipped_at < :earliest",
            {"earliest": earliest},
        )
    ]
    if not carriers:
        return 0
    params: dict[str, Any] = {"earliest": earliest}
    terms = []
    for n, carrier in enumerate(carriers):
        params[f"before{n}"] = slow_before(carrier, now)
        if carrier is None:
            terms.append(f"(carrier IS NULL AND shipped_at < :before{n})")
        else:
            params[f"carrier{n}"] = carrier
            terms.append(f"(carrier = :carrier{n} AND shipped_at < :before{n})")
    return int(
        reader.scalar(
            "SELECT COUNT(*) FROM orders WHERE tab = 'in-transit' AND shipped_at < :earliest"
            f" AND ({' OR '.join(terms)})",
            params,
        )
        or 0
    )


def _search(reader: Reader, text: str | None, params: dict[str, Any]) -> str:
    """Order id, channel id, buyer (name, email, city, postal code), SKU or tracking number
    containing ``text``.

    The buyer's fields are matched in the order's ``search_key``, folded in the domain
    (:func:`~orderdesk.domain.search_key.fold`: case and accents in every script), against
    the term folded the same way, with a plain LIKE on either engine.

    ``#123`` names the desk id only (and a channel id written exactly so: Shopify's ``#1001``),
    both indexed. Otherwise the order's own fields are matched with LIKE, which folds ASCII
    case as LOWER() would (SQLite's LOWER folds nothing else either; the pattern is lowered
    here), without a function call per row; PostgreSQL's LIKE is case-sensitive, so there it
    is ILIKE. SKUs are few next to lines: the SKUs that match are found first by stepping
    through the SKU index, and then only orders with those lines qualify, so a term that
    matches no SKU costs the lines nothing.

    A term of three characters or more asks the trigram index first
    (:mod:`orderdesk.store.search_index`): when it names few orders, they (with the few
    orders of matching SKUs, and the desk id the term may be) are the only candidates, read by
    id. A shorter term, a common one, or a database without the index, is matched by the
    scan: a common term stops after its page; a term matching little reads every order
    (42 ms on 100,000).
    """
    if not text or not text.strip():
        return ""
    term = text.strip()
    digits = term[1:]
    if term.startswith("#") and digits.isdigit() and len(digits) < 12:
        params["search_id"] = int(digits)
        params["search_ref"] = term
        return " AND (o.id = :search_id OR o.external_id = :search_ref)"
    lowered, folded = term.lower(), fold(term)
    params["pattern"] = "%" + escape_like(lowered) + "%"
    params["folded"] = "%" + escape_like(folded) + "%"
    digits = term.lstrip("#")
    params["search_id"] = int(digits) if digits.isdigit() and len(digits) < 12 else -1
    like = reader.like
    clause = (
        " AND (o.id = :search_id"
        f" OR o.external_id {like} :pattern ESCAPE '\\'"
        " OR o.search_key LIKE :folded ESCAPE '\\'"
        f" OR o.tracking_number {like} :pattern ESCAPE '\\'"
    )
    skus = [
        row["sku"]
        for row in reader.rows(_SKUS_LIKE.format(like=like), {"pattern": params["pattern"]})
    ]
    few_skus = True
    if skus:
        names = [f"search_sku{n}" for n in range(len(skus))]
        sku_params = dict(zip(names, skus, strict=True))
        params.update(sku_params)
        listed = ", ".join(f":{name}" for name in names)
        lines = reader.scalar(  # counted no further than the limit
            f"SELECT COUNT(*) FROM (SELECT 1 FROM lines WHERE sku IN ({listed})"
            f" LIMIT {_LINES_READ_AT_ONCE + 1}) AS few",
            sku_params,
        )
        few_skus = int(lines or 0) <= _LINES_READ_AT_ONCE
        if few_skus:
            clause += f" OR o.id IN (SELECT order_id FROM lines WHERE sku IN ({listed}))"
        else:
            # A common SKU: looked up order by order, so the page stops when it is full.
            # ``|| ''`` keeps the planner on the order's lines (by the SKU index it would
            # walk every line of that SKU for each order).
            clause += (
                " OR EXISTS (SELECT 1 FROM lines l WHERE l.order_id = o.id"
                f" AND l.sku || '' IN ({listed}))"
            )
    if few_skus:
        matching = search_index.few_matching(reader, folded, lowered, params)
        if matching is not None:
            if skus:
                matching += f" UNION ALL SELECT order_id FROM lines WHERE sku IN ({listed})"
            return f"{_BY_IDS}{matching} UNION ALL SELECT CAST(:search_id AS BIGINT))"
    return clause + ")"


#: How a search that the index answered names its orders.
_BY_IDS = " AND o.id IN ("

#: The distinct SKUs on lines that match a pattern, one index step per SKU (not per line).
_SKUS_LIKE = (
    "WITH RECURSIVE skus(sku) AS ("
    " SELECT MIN(sku) FROM lines"
    " UNION ALL SELECT (SELECT MIN(sku) FROM lines WHERE sku > skus.sku) FROM skus"
    " WHERE skus.sku IS NOT NULL)"
    " SELECT sku FROM skus WHERE sku {like} :pattern ESCAPE '\\'"
)

#: Up to this many lines with a matching SKU are read at once for a search; more are looked
#: up order by order (a SKU on half the orders would otherwise be read whole for one page).
_LINES_READ_AT_ONCE = 5000


def _filtered(row_filter: RowFilter | None, short: bool, params: dict[str, Any]) -> str:
    """The seller's filter of a tab (channel, ship-to country, payment, short of stock) as
    SQL conditions on the order."""
    where = ""
    if row_filter is not None:
        if row_filter.channel:
            where += " AND o.channel = :filter_channel"
            params["filter_channel"] = row_filter.channel
        if row_filter.country:
            where += " AND o.ship_country = :filter_country"
            params["filter_country"] = row_filter.country
        if row_filter.payment:
            where += " AND o.payment = :filter_payment"
            params["filter_payment"] = row_filter.payment
        short = short or row_filter.short
    if short:
        where += SHORT_FILTER
    return where


def _rows_from(
    reader: Reader,
    tab: Tab | None,
    search: str | None,
    params: dict[str, Any],
    short: bool = False,
    row_filter: RowFilter | None = None,
) -> str:
    """``FROM … WHERE …`` for a tab's rows (a case per row on the case tabs), the seller's
    filter and the search: what a page lists and what a count counts."""
    filtered = _filtered(row_filter, short, params)
    searched = _search(reader, search, params)
    orders = "orders o"
    if searched.startswith(_BY_IDS) and reader.engine == "sqlite":
        # The orders the search index named are read by id: without statistics SQLite would
        # rather walk the tab's index and test every order of the tab against the list.
        orders = "orders o NOT INDEXED"
    if tab in CASE_TABS:
        kinds = ", ".join(f"'{kind}'" for kind in CASE_TABS[tab])
        return (
            f"FROM cases c JOIN {orders} ON o.id = c.order_id"
            f" LEFT JOIN return_authorisations ra ON ra.case_id = c.id"
            f" WHERE c.kind IN ({kinds}){filtered}{searched}"
        )
    where = "1 = 1"
    if tab is not None:
        where = "o.tab = :tab"
        params["tab"] = tab.value
    return f"FROM {orders} WHERE {where}{filtered}{searched}"


#: The SQL each sortable column (:data:`orderdesk.domain.row_filter.SORTABLE`) sorts by.
#: Amounts are compared within their currency only (a count of minor units means nothing
#: across currencies): by currency first, then the amount the way asked.
_BY_CURRENCY = frozenset({"total", "amount"})
_SORT_SQL = {
    "order": "o.id",
    "ship_by": "o.ship_by",
    "channel": "o.channel",
    "buyer": "o.buyer_name",
    "country": "o.ship_country",
    "total": "o.total",
    "shipped": "o.shipped_at",
    "finalized": FINALIZED_AT,
    "respond_by": "c.respond_by",
    "amount": "c.amount",
}


def _sorted(tab: Tab | None, sort: RowSort | None) -> str:
    """``ORDER BY``: the tab's worked order, or the seller's column (ties by id the same
    way; on the case tabs the open cases still come first)."""
    if sort is None or sort.column not in _SORT_SQL:
        return _CASE_SORT if tab in CASE_TABS else _ORDER_SORT[tab]
    way = " DESC" if sort.descending else ""
    column = _SORT_SQL[sort.column]
    if column.startswith("c.") and tab not in CASE_TABS:
        return _ORDER_SORT[tab]
    by = f"{column}{way}, o.id{way}"
    if sort.column in _BY_CURRENCY:
        by = f"o.currency, {by}"
    if tab in CASE_TABS:
        return f"CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, {by}, c.id"
    return by


_CASE_COLUMNS = (
    "c.id AS case_id, c.kind AS case_kind, c.status AS case_status, c.reason AS case_reason,"
    " c.amount AS case_amount, c.respond_by, c.opened_at,"
    " ra.id AS case_rma_number, ra.received_at AS case_received_at"
)
_CASE_SORT = "CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, c.respond_by, c.id"


def list_rows(
    source: Any,
    tab: Tab | None,
    *,
    search: str | None = None,
    now: datetime,
    offset: int = 0,
    limit: int | None = None,
    short: bool = False,
    row_filter: RowFilter | None = None,
    sort: RowSort | None = None,
) -> list[OrderRow]:
    """One page (or, with no limit, all) of a tab's rows, in the order they are worked (or
    by the seller's ``sort``); ``short``: only the pending orders short of stock;
    ``row_filter``: only the rows the seller's filter keeps."""
    reader = as_reader(source)
    params: dict[str, Any] = {}
    rows_from = _rows_from(reader, tab, search, params, short, row_filter)
    if tab in CASE_TABS:
        sql = f"SELECT {_ROW_COLUMNS}, {_CASE_COLUMNS} {rows_from} ORDER BY {_sorted(tab, sort)}"
    else:
        sql = f"SELECT {_ROW_COLUMNS} {rows_from} ORDER BY {_sorted(tab, sort)}"
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    rows = reader.rows(sql, params)
    return _rows(reader, rows, now)


def _rows(reader: Reader, rows: list[dict[str, Any]], now: datetime) -> list[OrderRow]:
    ids = [row["id"] for row in rows]
    items = _items_summary(reader, ids)
    short = short_order_ids(reader, [row["id"] for row in rows if row["stage"] == "pending"])
    return [_row(row, now, items.get(row["id"], ""), row["id"] in short) for row in rows]


def count_rows(
    source: Any, tab: Tab | None, *, short: bool = False, row_filter: RowFilter | None = None
) -> int:
    reader = as_reader(source)
    unfiltered = not short and (row_filter is None or not row_filter.active)
    if tab is not None and tab not in CASE_TABS and unfiltered:
        return int(reader.scalar(tab_tally.ONE_TAB, {"tab": tab.value}) or 0)
    params: dict[str, Any] = {}
    sql = f"SELECT COUNT(*) {_rows_from(reader, tab, None, params, short, row_filter)}"
    return int(reader.scalar(sql, params) or 0)


def _items_summary(reader: Reader, ids: list[int]) -> dict[int, str]:
    """``SKU ×qty`` per order for a page of orders (one query per 900 orders)."""
    summary: dict[int, list[str]] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), 900):
        chunk = unique[start : start + 900]
        marks = ", ".join(str(int(i)) for i in chunk)
        for row in reader.rows(
            f"SELECT order_id, sku, title, quantity FROM lines "
            f"WHERE order_id IN ({marks}) ORDER BY order_id, position"
        ):
            summary.setdefault(row["order_id"], []).append(
                f"{row['sku'] or row['title']} ×{row['quantity']}"
            )
    return {order_id: ", ".join(parts) for order_id, parts in summary.items()}


def _iso(value: Any) -> str | None:
    moment = as_time(value)
    return moment.isoformat() if moment is not None else None


def _hold(row: dict[str, Any], now: datetime) -> Hold | None:
    """The order's hold as the desk shows it (``active`` false once its date has come)."""
    if not row["hold_reason"]:
        return None
    until = as_time(row["hold_until"])
    return {
        "reason": row["hold_reason"],
        "until": until.isoformat() if until else None,
        "active": until is None or until > now,
    }


def _row(row: dict[str, Any], now: datetime, items: str, short: bool = False) -> OrderRow:
    ship_by = as_time(row["ship_by"])
    shipped = row["stage"] not in UNSHIPPED
    out: OrderRow = {
        "id": row["id"],
        "channel": row["channel"],
        "external_id": row["external_id"],
        "stage": row["stage"],
        "tab": tab_of(row["stage"]).value,
        "payment": row["payment"],
        "buyer_name": row["buyer_name"],
        "country": row["ship_country"],
        "currency": row["currency"],
        "total": decimal_string(row["total"], row["currency"]),
        "ship_by": ship_by.isoformat() if ship_by else None,
        "overdue": is_overdue(ship_by, shipped, now),
        "due_soon": is_due_soon(ship_by, shipped, now),
        "carrier": row["carrier"],
        "tracking_number": row["tracking_number"],
        "tracking_url": row["tracking_url"],
        "items": items,
        "created_at": _iso(row["created_at"]),
        "shipped_at": _iso(row["shipped_at"]),
        "slow": is_slow_in_transit(
            row["carrier"], as_time(row["shipped_at"]), row["stage"] == "in_transit", now
        ),
        "label_printed_at": _iso(row["label_printed_at"]),
        "finalized_at": _iso(row["delivered_at"] or row["cancelled_at"]),
        "version": row["version"],
        "hold": _hold(row, now),
        "short": short,
    }
    if "case_id" in row:
        respond_by = as_time(row["respond_by"])
        out["case_id"] = row["case_id"]
        out["case_kind"] = row["case_kind"]
        out["case_status"] = row["case_status"]
        out["case_reason"] = row["case_reason"]
        out["case_amount"] = decimal_string(row["case_amount"], row["currency"])
        out["case_rma"] = (
            rma_text(row["case_rma_number"]) if row["case_rma_number"] is not None else None
        )
        out["case_received"] = row["case_received_at"] is not None
        out["respond_by"] = _iso(row["respond_by"])
        out["respond_late"] = (
            row["case_status"] == "open" and respond_by is not None and respond_by < now
        )
    return out


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


_SHIPMENTS = (
    "SELECT s.id, s.at, s.carrier, s.tracking_number, s.tracking_url, s.lines, "
    "s.merge_group, s.confirmed_at, p.number, p.weight_g, p.handed_over_at "
    "FROM shipments s LEFT JOIN parcels p ON p.shipment_id = s.id "
    "WHERE s.order_id = :id ORDER BY s.id, p.number"
)


def order_shipments(reader: Reader, order_id: int) -> list[Shipment]:
    """An order's shipments (lines, parcels, carrier, tracking, confirmed), oldest first."""
    shipments: dict[int, Shipment] = {}
    for row in reader.rows(_SHIPMENTS, {"id": order_id}):
        shipment = shipments.get(row["id"])
        if shipment is None:
            shipment = shipments[row["id"]] = {
                "id": row["id"],
                "at": _iso(row["at"]),
                "carrier": row["carrier"],
                "tracking_number": row["tracking_number"],
                "tracking_url": row["tracking_url"],
                "lines": _json(row["lines"]),
                "merged_with": row["merge_group"],
                "confirmed": row["confirmed_at"] is not None,
                "confirmed_at": _iso(row["confirmed_at"]),
                "parcels": [],
            }
        if row["number"] is not None:
            shipment["parcels"].append(
                Parcel(
                    number=row["number"],
                    weight_g=row["weight_g"],
                    handed_over=row["handed_over_at"] is not None,
                    handed_over_at=_iso(row["handed_over_at"]),
                )
            )
    return list(shipments.values())


def order_detail(source: Any, order_id: int, now: datetime) -> OrderDetail:
    """Everything ``show`` and the detail screen display about one order."""
    reader = as_reader(source)
    found = reader.rows("SELECT * FROM orders WHERE id = :id", {"id": order_id})
    if not found:
        raise BadInput(f"order #{order_id}: no such order")
    order = found[0]
    cur = order["currency"]
    base = list_rows_for_ids(reader, [order_id], now)[0]
    money = Money(
        subtotal=decimal_string(order["subtotal"], cur),
        shipping=decimal_string(order["shipping"], cur),
        tax=decimal_string(order["tax"], cur),
        discount=decimal_string(order["discount"], cur),
        total=decimal_string(order["total"], cur),
        fee=decimal_string(order["fee"], cur),
        shipping_cost=decimal_string(order["shipping_cost"], cur),
        refunded=decimal_string(order["refunded"], cur),
        net=decimal_string(
            sales.net(order["total"], order["fee"], order["shipping_cost"], order["refunded"]), cur
        ),
    )
    params = {"id": order_id}
    lines = reader.rows(
        "SELECT sku, title, variant, quantity, unit_price FROM lines "
        "WHERE order_id = :id ORDER BY position",
        params,
    )
    cases = reader.rows(
        "SELECT c.*, ra.id AS rma, ra.received_at FROM cases c "
        "LEFT JOIN return_authorisations ra ON ra.case_id = c.id "
        "WHERE c.order_id = :id ORDER BY c.id",
        params,
    )
    messages = reader.rows(
        "SELECT at, direction, author, body FROM messages WHERE order_id = :id ORDER BY id", params
    )
    journal = reader.rows(
        "SELECT id, at, actor, action, summary, before, after, stock, "
        "undone_by, undo_of FROM journal WHERE order_id = :id ORDER BY id",
        params,
    )
    shipments = order_shipments(reader, order_id)
    merged_with = (
        [
            row["id"]
            for row in reader.rows(
                "SELECT id FROM orders WHERE merge_group = :g AND id != :id ORDER BY id",
                {"g": order["merge_group"], "id": order_id},
            )
        ]
        if order["merge_group"] is not None
        else []
    )
    return OrderDetail(
        **base,
        shipments=shipments,
        # The orders leaving in one shipment with this one (domain/merging.py).
        merged_with=merged_with,
        # Some lines have left, some not: the stage stays (confirmed or ready to ship).
        partly_shipped=bool(shipments) and order["stage"] in {s.value for s in UNSHIPPED},
        payout=order["payout"],
        buyer_email=order["buyer_email"],
        buyer_phone=order["buyer_phone"],
        ship_to=ShipTo(
            name=order["ship_name"],
            line1=order["ship_line1"],
            line2=order["ship_line2"],
            city=order["ship_city"],
            region=order["ship_region"],
            postal_code=order["ship_postal_code"],
            country=order["ship_country"],
        ),
        money=money,
        service=order["service"],
        note=order["note"],
        tags=[t for t in order["tags"].split(",") if t],
        cancel_reason=order["cancel_reason"],
        paid_method=order["paid_method"],
        paid_reference=order["paid_reference"],
        possible_duplicate_of=order.get("possible_duplicate_of"),
        times=Times(
            created_at=_iso(order["created_at"]),
            paid_at=_iso(order["paid_at"]),
            ship_by=_iso(order["ship_by"]),
            confirmed_at=_iso(order["confirmed_at"]),
            label_printed_at=_iso(order["label_printed_at"]),
            packed_at=_iso(order["packed_at"]),
            shipped_at=_iso(order["shipped_at"]),
            delivered_at=_iso(order["delivered_at"]),
            cancelled_at=_iso(order["cancelled_at"]),
        ),
        packed=order["packed_at"] is not None,
        lines=[
            LineRow(
                sku=line["sku"],
                title=line["title"],
                variant=line["variant"],
                quantity=line["quantity"],
                unit_price=decimal_string(line["unit_price"], cur),
            )
            for line in lines
        ],
        cases=[
            CaseRow(
                id=c["id"],
                kind=c["kind"],
                status=c["status"],
                reason=c["reason"],
                amount=decimal_string(c["amount"], cur),
                opened_at=_iso(c["opened_at"]),
                respond_by=_iso(c["respond_by"]),
                closed_at=_iso(c["closed_at"]),
                resolution=c["resolution"],
                rma=rma_text(c["rma"]) if c["rma"] is not None else None,
                received=c["received_at"] is not None,
                received_at=_iso(c["received_at"]),
            )
            for c in cases
        ],
        messages=[
            MessageRow(
                at=_iso(m["at"]), direction=m["direction"], author=m["author"], body=m["body"]
            )
            for m in messages
        ],
        journal=[
            JournalRow(
                id=j["id"],
                at=_iso(j["at"]),
                actor=j["actor"],
                action=j["action"],
                summary=j["summary"],
                before=_json(j["before"]),
                after=_json(j["after"]),
                stock=_json(j["stock"]),
                undone_by=j["undone_by"],
                undo_of=j["undo_of"],
            )
            for j in journal
        ],
    )


def list_rows_for_ids(source: Any, ids: list[int], now: datetime) -> list[OrderRow]:
    reader = as_reader(source)
    marks = ", ".join(str(int(i)) for i in ids) or "NULL"
    rows = reader.rows(f"SELECT {_ROW_COLUMNS} FROM orders o WHERE o.id IN ({marks}) ORDER BY o.id")
    return _rows(reader, rows, now)


def resolve_order_id(source: Any, ref: str | int) -> int:
    """The desk id an order reference names: the desk id, else the channel's order id."""
    reader = as_reader(source)

    def has_id(desk_id: int) -> bool:
        found = reader.scalar("SELECT id FROM orders WHERE id = :id", {"id": desk_id})
        return found is not None

    def with_channel_id(text: str) -> list[int]:
        query = "SELECT id FROM orders WHERE external_id = :ref LIMIT 2"
        return [int(r["id"]) for r in reader.rows(query, {"ref": text})]

    return refs.resolve(ref, has_id, with_channel_id)

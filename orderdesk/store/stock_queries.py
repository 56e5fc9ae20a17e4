"""Read-side queries of the catalogue: a page of products with committed and available units,
the low/short counts, and a product's movements.

**Committed** (units on orders not yet confirmed) is never stored: it is an aggregate over the
lines of the pending orders, and a page asks it only for its own SKUs. The pending orders are
reached through the index on the ``tab`` column (To prepare holds exactly the pending ones) and
their lines through the index on ``lines.order_id``, so the cost follows the To prepare tab,
not the history: 100,000 delivered orders add nothing. ``CROSS JOIN`` keeps SQLite's planner
on that path (it is a plain join for PostgreSQL).

A product is **low** when its on-hand count is at or under its threshold, and **short** when
the pending orders need more than is on hand.

The rows handed to the Stock screen and the ``stock`` commands are declared here
(:class:`ProductRow`, :class:`StockCounts`, :class:`Movement`).
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict

from orderdesk.domain.stages import Tab
from orderdesk.store.reader import Reader, as_reader, as_time

_PENDING = f"'{Tab.TO_PREPARE.value}'"
COLUMNS = (
    "sku",
    "title",
    "on_hand",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
    "customs_description",
)
#: The pending orders' units per SKU (``{skus}`` is a list of parameters, or empty for all).
_COMMITTED = (
    "SELECT l.sku AS sku, SUM(l.quantity) AS units FROM orders o CROSS JOIN lines l"
    f" WHERE o.tab = {_PENDING} AND l.order_id = o.id{{skus}} GROUP BY l.sku"
)
_LOW = "p.on_hand <= p.low_stock"


class ProductRow(TypedDict):
    """One product of the catalogue, as the Stock screen and ``stock --json`` show it."""

    sku: str
    title: str
    on_hand: int
    #: units on pending orders
    committed: int
    #: on hand less committed
    available: int
    low_stock: int
    barcode: str
    weight_g: int
    hs_code: str
    origin: str
    customs_description: str
    #: on hand at or under the threshold
    low: bool
    #: the pending orders need more than is on hand
    short: bool


#: A field of :class:`ProductRow` (the columns a catalogue file or ``stock list --json`` takes).
ProductField = Literal[
    "sku",
    "title",
    "on_hand",
    "committed",
    "available",
    "low_stock",
    "barcode",
    "weight_g",
    "hs_code",
    "origin",
    "customs_description",
    "low",
    "short",
]


class StockCounts(TypedDict):
    products: int
    low: int
    short: int


class Movement(TypedDict):
    """A journal entry that moved a SKU's stock."""

    id: int
    at: str | None
    actor: str
    action: str
    order_id: int | None
    #: units moved (negative: taken)
    units: int
    summary: str


def committed(source: Any, skus: list[str] | None = None) -> dict[str, int]:
    """Units on pending orders per SKU: of ``skus`` only, or of every SKU."""
    reader = as_reader(source)
    if skus is not None and not skus:
        return {}
    params: dict[str, Any] = {}
    where = ""
    if skus is not None:
        names = [f"s{n}" for n in range(len(skus))]
        params = dict(zip(names, skus, strict=True))
        where = f" AND l.sku IN ({', '.join(':' + n for n in names)})"
    rows = reader.rows(_COMMITTED.format(skus=where), params)
    return {row["sku"]: int(row["units"]) for row in rows}


def _where(reader: Reader, *, low: bool, search: str | None, params: dict[str, Any]) -> str:
    clauses = []
    if low:
        clauses.append(_LOW)
    if search and search.strip():
        params["pattern"] = (
            "%"
            + search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%"
        )
        clauses.append(
            f"(p.sku {reader.like} :pattern ESCAPE '\\' OR p.title {reader.like} "
            f":pattern ESCAPE '\\' OR p.barcode = :exact)"
        )
        params["exact"] = search.strip()
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def product_rows(
    source: Any,
    *,
    low: bool = False,
    search: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[ProductRow]:
    """A page (or, with no limit, all) of the catalogue by SKU, with committed and available."""
    reader = as_reader(source)
    params: dict[str, Any] = {}
    sql = (
        f"SELECT {', '.join('p.' + c for c in COLUMNS)} FROM products p"
        f"{_where(reader, low=low, search=search, params=params)} ORDER BY p.sku"
    )
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    rows = reader.rows(sql, params)
    held = (
        committed(reader, [row["sku"] for row in rows]) if limit is not None else committed(reader)
    )
    out: list[ProductRow] = []
    for row in rows:
        units = held.get(row["sku"], 0)
        out.append(
            {
                "sku": row["sku"],
                "title": row["title"],
                "on_hand": row["on_hand"],
                "committed": units,
                "available": row["on_hand"] - units,
                "low_stock": row["low_stock"],
                "barcode": row["barcode"],
                "weight_g": row["weight_g"],
                "hs_code": row["hs_code"],
                "origin": row["origin"],
                "customs_description": row["customs_description"],
                "low": row["on_hand"] <= row["low_stock"],
                "short": units > row["on_hand"],
            }
        )
    return out


def count_products(source: Any, *, low: bool = False, search: str | None = None) -> int:
    reader = as_reader(source)
    params: dict[str, Any] = {}
    sql = f"SELECT COUNT(*) FROM products p{_where(reader, low=low, search=search, params=params)}"
    return int(reader.scalar(sql, params) or 0)


def stock_counts(source: Any) -> StockCounts:
    """Products, how many are low, and how many are short (the pending orders need more)."""
    reader = as_reader(source)
    row = reader.rows(
        f"SELECT COUNT(*) AS products, COALESCE(SUM(CASE WHEN {_LOW} THEN 1 "
        f"ELSE 0 END), 0) AS low FROM products p"
    )[0]
    short = reader.scalar(
        f"SELECT COUNT(*) FROM ({_COMMITTED.format(skus='')}) c"
        " JOIN products p ON p.sku = c.sku WHERE c.units > p.on_hand"
    )
    return {"products": int(row["products"]), "low": int(row["low"]), "short": int(short or 0)}


def short_order_ids(source: Any, ids: list[int]) -> set[int]:
    """Of these orders, the pending ones whose tracked SKUs are short of stock (a page's)."""
    reader = as_reader(source)
    if not ids:
        return set()
    marks = ", ".join(str(int(i)) for i in ids)
    return {
        row["order_id"]
        for row in reader.rows(
            f"SELECT l.order_id AS order_id FROM lines l JOIN products p ON p.sku = l.sku"
            f" JOIN orders o ON o.id = l.order_id WHERE l.order_id IN ({marks})"
            f" AND o.tab = {_PENDING} GROUP BY l.order_id, l.sku, p.on_hand"
            f" HAVING SUM(l.quantity) > p.on_hand"
        )
    }


#: ``AND …`` for the To prepare list: only the orders short of stock.
SHORT_FILTER = (
    " AND o.id IN (SELECT l.order_id FROM orders s CROSS JOIN lines l"
    " JOIN products p ON p.sku = l.sku"
    f" WHERE s.tab = {_PENDING} AND l.order_id = s.id"
    " GROUP BY l.order_id, l.sku, p.on_hand HAVING SUM(l.quantity) > p.on_hand)"
)


def movements(source: Any, sku: str, limit: int = 50) -> list[Movement]:
    """The newest journal entries that moved this SKU's stock: the stock actions (entries
    without an order, by the index on ``journal.order_id``) and the actions of the orders
    that hold it (by the index on ``lines.sku``)."""
    reader = as_reader(source)
    params = {"sku": sku, "pattern": f"%{json.dumps(sku)}%", "limit": limit * 4}
    rows = reader.rows(
        "SELECT id, at, actor, action, order_id, summary, stock FROM journal"
        " WHERE order_id IS NULL AND CAST(stock AS TEXT) LIKE :pattern"
        " UNION ALL SELECT id, at, actor, action, order_id, summary, stock FROM journal"
        " WHERE order_id IN (SELECT order_id FROM lines WHERE sku = :sku)"
        " AND CAST(stock AS TEXT) LIKE :pattern ORDER BY id DESC LIMIT :limit",
        params,
    )
    out: list[Movement] = []
    for row in rows:
        stock = json.loads(row["stock"]) if isinstance(row["stock"], str) else row["stock"]
        if sku in stock:
            moment = as_time(row["at"])
            out.append(
                {
                    "id": row["id"],
                    "at": moment.isoformat() if moment else None,
                    "actor": row["actor"],
                    "action": row["action"],
                    "order_id": row["order_id"],
                    "units": stock[sku],
                    "summary": row["summary"],
                }
            )
    return out[:limit]


def known_skus(source: Any, skus: list[str]) -> set[str]:
    """Which of ``skus`` the catalogue holds (by its primary key)."""
    reader = as_reader(source)
    wanted = sorted({sku for sku in skus if sku})[:900]
    if not wanted:
        return set()
    names = {f"sku{n}": sku for n, sku in enumerate(wanted)}
    marks = ", ".join(f":{name}" for name in names)
    return {
        row["sku"] for row in reader.rows(f"SELECT sku FROM products WHERE sku IN ({marks})", names)
    }


#: How far back in the journal the new-order form looks for the currency last typed.
_RECENT_ENTRIES = 5000


def last_hand_currency(source: Any) -> str | None:
    """The currency of the order most recently entered by hand (the new-order form's
    ``created`` journal entry), among the journal's recent entries."""
    reader = as_reader(source)
    found = reader.scalar(
        "SELECT o.currency FROM journal j JOIN orders o ON o.id = j.order_id"
        " WHERE j.action = 'created'"
        " AND j.id > (SELECT COALESCE(MAX(id), 0) FROM journal) - :recent"
        " ORDER BY j.id DESC LIMIT 1",
        {"recent": _RECENT_ENTRIES},
    )
    return str(found) if found else None

"""Read-side queries: tab counts, paged tab lists, search and order detail.

Every list is a page from indexed SQL; counts come from aggregate queries. Rows are plain
dicts (the stable fields of the command line's ``--json``), so screens never touch a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, exists, func, or_, select
from sqlalchemy.sql import ColumnElement, Select

from orderdesk.domain.deadlines import DUE_SOON
from orderdesk.domain.errors import BadInput
from orderdesk.domain.models import Case, JournalEntry, Line, Message, Order
from orderdesk.domain.money import decimal_string
from orderdesk.domain.stages import Stage, Tab, tab_of

ORD = Order.__table__.c  # type: ignore[attr-defined]
LN = Line.__table__.c  # type: ignore[attr-defined]
CS = Case.__table__.c  # type: ignore[attr-defined]
MS = Message.__table__.c  # type: ignore[attr-defined]
JR = JournalEntry.__table__.c  # type: ignore[attr-defined]

TAB_NAMES = [t.value for t in Tab] + ["all"]
CASE_TABS = {Tab.REFUNDS: ("refund", "return"), Tab.DISPUTES: ("dispute",)}
UNSHIPPED_TABS = (Tab.TO_PREPARE.value, Tab.READY_TO_SHIP.value)

_ROW_COLUMNS = (
    ORD.id, ORD.channel, ORD.external_id, ORD.stage, ORD.tab, ORD.payment, ORD.buyer_name,
    ORD.ship_country, ORD.currency, ORD.total, ORD.refunded, ORD.fee, ORD.shipping_cost,
    ORD.ship_by, ORD.created_at, ORD.shipped_at, ORD.delivered_at, ORD.cancelled_at, ORD.carrier,
    ORD.tracking_number, ORD.version,
)


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

    def __getitem__(self, tab: Tab) -> int:
        return self.counts[tab]


def tab_counts(connection: Connection, now: datetime) -> TabCounts:
    """Order counts per stage tab, open cases per case tab, and overdue/due-soon counts."""
    counts = {tab: 0 for tab in Tab}
    for tab, number in connection.execute(select(ORD.tab, func.count()).group_by(ORD.tab)):
        counts[Tab(tab)] = number
    for kind, number in connection.execute(
        select(CS.kind, func.count()).where(CS.status == "open").group_by(CS.kind)
    ):
        counts[Tab.DISPUTES if kind == "dispute" else Tab.REFUNDS] += number
    unshipped = ORD.tab.in_(UNSHIPPED_TABS)
    overdue = connection.execute(
        select(func.count()).where(ORD.tab == Tab.TO_PREPARE.value, ORD.ship_by < now)
    ).scalar_one()
    due_soon = connection.execute(
        select(func.count()).where(unshipped, ORD.ship_by >= now, ORD.ship_by < now + DUE_SOON)
    ).scalar_one()
    return TabCounts(counts, overdue, due_soon)


def search_clause(text: str) -> ColumnElement[bool]:
    """Order id, channel id, buyer, SKU or tracking number containing ``text``."""
    term = text.strip().lstrip("#")
    pattern = f"%{_escape(term)}%"
    clauses = [
        ORD.external_id.like(pattern, escape="\\"),
        ORD.buyer_name.like(pattern, escape="\\"),
        ORD.tracking_number.like(pattern, escape="\\"),
        exists().where(LN.order_id == ORD.id, LN.sku.like(pattern, escape="\\")),
    ]
    if term.isdigit() and len(term) < 12:
        clauses.insert(0, ORD.id == int(term))
    return or_(*clauses)


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _order_query(tab: Tab | None, search: str | None) -> Select[Any]:
    query = select(*_ROW_COLUMNS)
    if tab is not None:
        query = query.where(ORD.tab == tab.value)
    if search:
        query = query.where(search_clause(search))
    if tab in (Tab.TO_PREPARE, Tab.READY_TO_SHIP):
        return query.order_by(ORD.ship_by, ORD.id)
    if tab is Tab.IN_TRANSIT:
        return query.order_by(ORD.shipped_at, ORD.id)
    if tab is Tab.FINALIZED:
        return query.order_by(ORD.id.desc())
    return query.order_by(ORD.id)


def _case_query(tab: Tab, search: str | None) -> Select[Any]:
    open_first = (CS.status != "open").label("closed")
    query = (
        select(*_ROW_COLUMNS, CS.id.label("case_id"), CS.kind.label("case_kind"),
               CS.status.label("case_status"), CS.reason.label("case_reason"),
               CS.amount.label("case_amount"), CS.respond_by, CS.opened_at, open_first)
        .join_from(Case, Order, CS.order_id == ORD.id)
        .where(CS.kind.in_(CASE_TABS[tab]))
    )
    if search:
        query = query.where(search_clause(search))
    return query.order_by(open_first, CS.respond_by, CS.id)


def list_rows(connection: Connection, tab: Tab | None, *, search: str | None = None,
              now: datetime, offset: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
    """One page (or, with no limit, all) of a tab's rows, in the order they are worked."""
    query = _case_query(tab, search) if tab in CASE_TABS else _order_query(tab, search)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    rows = connection.execute(query).mappings().all()
    items = _items_summary(connection, [row["id"] for row in rows])
    return [_row(row, now, items.get(row["id"], "")) for row in rows]


def count_rows(connection: Connection, tab: Tab | None, *, search: str | None = None) -> int:
    if tab in CASE_TABS:
        query = select(func.count()).select_from(Case).join(Order, CS.order_id == ORD.id).where(
            CS.kind.in_(CASE_TABS[tab]))
    else:
        query = select(func.count()).select_from(Order)
        if tab is not None:
            query = query.where(ORD.tab == tab.value)
    if search:
        query = query.where(search_clause(search))
    return connection.execute(query).scalar_one()


def _items_summary(connection: Connection, ids: list[int]) -> dict[int, str]:
    """``SKU ×qty`` per order for a page of orders (one query)."""
    if not ids:
        return {}
    summary: dict[int, list[str]] = {}
    for chunk in range(0, len(ids), 900):
        query = (select(LN.order_id, LN.sku, LN.title, LN.quantity)
                 .where(LN.order_id.in_(ids[chunk:chunk + 900])).order_by(LN.order_id, LN.position))
        for order_id, sku, title, quantity in connection.execute(query):
            summary.setdefault(order_id, []).append(f"{sku or title} ×{quantity}")
    return {order_id: ", ".join(parts) for order_id, parts in summary.items()}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _row(row: Any, now: datetime, items: str) -> dict[str, Any]:
    ship_by = _aware(row["ship_by"])
    unshipped = row["stage"] in (Stage.PENDING, Stage.CONFIRMED, Stage.READY_TO_SHIP)
    overdue = bool(unshipped and ship_by is not None and ship_by < now)
    out: dict[str, Any] = {
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
        "ship_by": _iso(ship_by),
        "overdue": overdue,
        "due_soon": bool(unshipped and not overdue and ship_by is not None
                         and ship_by < now + DUE_SOON),
        "carrier": row["carrier"],
        "tracking_number": row["tracking_number"],
        "items": items,
        "created_at": _iso(_aware(row["created_at"])),
        "shipped_at": _iso(_aware(row["shipped_at"])),
        "version": row["version"],
    }
    if "case_id" in row.keys():
        out.update(
            case_id=row["case_id"], case_kind=row["case_kind"], case_status=row["case_status"],
            case_reason=row["case_reason"],
            case_amount=decimal_string(row["case_amount"], row["currency"]),
            respond_by=_iso(_aware(row["respond_by"])),
        )
    return out


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def order_detail(connection: Connection, order_id: int, now: datetime) -> dict[str, Any]:
    """Everything ``show`` and the detail screen display about one order."""
    query = select(Order.__table__).where(ORD.id == order_id)  # type: ignore[attr-defined]
    order = connection.execute(query).mappings().first()
    if order is None:
        raise BadInput(f"order #{order_id}: no such order")
    cur = order["currency"]
    base = list_rows_for_ids(connection, [order_id], now)[0]
    money = {name: decimal_string(order[name], cur) for name in
             ("subtotal", "shipping", "tax", "discount", "total", "fee", "shipping_cost",
              "refunded")}
    money["net"] = decimal_string(order["total"] - order["fee"] - order["shipping_cost"]
                                  - order["refunded"], cur)
    lines = connection.execute(select(LN.sku, LN.title, LN.variant, LN.quantity, LN.unit_price)
                               .where(LN.order_id == order_id).order_by(LN.position)).all()
    cases = connection.execute(select(Case.__table__).where(CS.order_id == order_id)  # type: ignore[attr-defined]
                               .order_by(CS.id)).mappings().all()
    messages = connection.execute(select(MS.at, MS.direction, MS.author, MS.body)
                                  .where(MS.order_id == order_id).order_by(MS.id)).all()
    journal = connection.execute(select(JR.id, JR.at, JR.actor, JR.action, JR.summary, JR.before,
                                        JR.after, JR.stock, JR.undone_by, JR.undo_of)
                                 .where(JR.order_id == order_id).order_by(JR.id)).mappings().all()
    base.update(
        payout=order["payout"],
        buyer_email=order["buyer_email"], buyer_phone=order["buyer_phone"],
        ship_to={k: order[f"ship_{k}"] for k in ("name", "line1", "line2", "city", "region",
                                                 "postal_code", "country")},
        money=money,
        tracking_url=order["tracking_url"], service=order["service"],
        note=order["note"], tags=[t for t in order["tags"].split(",") if t],
        cancel_reason=order["cancel_reason"],
        possible_duplicate_of=order.get("possible_duplicate_of"),
        times={k: _iso(_aware(order[k])) for k in
               ("created_at", "paid_at", "ship_by", "confirmed_at", "label_printed_at",
                "shipped_at", "delivered_at", "cancelled_at")},
        lines=[{"sku": sku, "title": title, "variant": variant, "quantity": quantity,
                "unit_price": decimal_string(price, cur)}
               for sku, title, variant, quantity, price in lines],
        cases=[{"id": c["id"], "kind": c["kind"], "status": c["status"], "reason": c["reason"],
                "amount": decimal_string(c["amount"], cur),
                "opened_at": _iso(_aware(c["opened_at"])),
                "respond_by": _iso(_aware(c["respond_by"])),
                "closed_at": _iso(_aware(c["closed_at"])), "resolution": c["resolution"]}
               for c in cases],
        messages=[{"at": _iso(_aware(at)), "direction": d, "author": a, "body": b}
                  for at, d, a, b in messages],
        journal=[{"id": j["id"], "at": _iso(_aware(j["at"])), "actor": j["actor"],
                  "action": j["action"], "summary": j["summary"], "before": j["before"],
                  "after": j["after"], "stock": j["stock"], "undone_by": j["undone_by"],
                  "undo_of": j["undo_of"]} for j in journal],
    )
    return base


def list_rows_for_ids(connection: Connection, ids: list[int],
                      now: datetime) -> list[dict[str, Any]]:
    query = select(*_ROW_COLUMNS).where(ORD.id.in_(ids)).order_by(ORD.id)
    rows = connection.execute(query).mappings().all()
    items = _items_summary(connection, ids)
    return [_row(row, now, items.get(row["id"], "")) for row in rows]


def parse_ref(ref: str | int) -> tuple[int | None, str]:
    """``12`` / ``#12`` → (12, "12"); a channel order id → (None or its number, the text)."""
    if isinstance(ref, int):
        return ref, str(ref)
    text = ref.strip()
    if text.startswith("#"):
        digits = text[1:]
        if not digits.isdigit():
            raise BadInput(f"order {text}: a desk id is # followed by digits")
        return int(digits), digits
    if not text:
        raise BadInput("order: give a desk id (#12) or the channel's order id")
    return (int(text) if text.isdigit() and len(text) < 12 else None), text


def resolve_order_id(connection: Connection, ref: str | int) -> int:
    """The desk id an order reference names (as the unit of work resolves it)."""
    desk_id, text = parse_ref(ref)
    if desk_id is not None:
        found = connection.execute(select(ORD.id).where(ORD.id == desk_id)).first()
        if found:
            return desk_id
    if str(ref).strip().startswith("#"):
        text = str(ref).strip()  # Shopify names its orders "#1001"
    query = select(ORD.id).where(ORD.external_id == text).limit(2)
    ids = connection.execute(query).scalars().all()
    if not ids:
        raise BadInput(f"order {text}: no such order")
    if len(ids) > 1:
        raise BadInput(f"order {text}: more than one channel uses this id; give the desk id")
    return ids[0]


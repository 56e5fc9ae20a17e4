"""Random sequences of every desk action (and undo) on a real SQLite file, with the rules'
invariants checked after each step.

After every step: tracked stock is never negative and equals the count plus the journal's stock
moves, and (with the units of the orders holding stock) the count plus the stock actions'
moves; nothing is refunded beyond what was paid; an order's subtotal is its lines, an unpaid
order's total its lines plus shipping and tax less discount, and a paid order's lines are never
worth more than was paid; every order's stage walk in its journal uses only edges the desk can
move along; replaying each order's (and case's, and product's) journal gives its stored fields,
lines included. A refused action changes nothing at all; a held order is never confirmed or
labelled.

The issue-14 actions are all here: stock set (a new product too), receive, count, adjust, a
catalogue import, edit ship-to and contact, mark paid, change lines, hold and release.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import text

from orderdesk.domain import (
    aftersales,
    amendments,
    fulfilment,
    messages,
    packing,
    returns,
    stock,
    undo,
)
from orderdesk.domain.catalogue import ProductDraft
from orderdesk.domain.errors import DeskError
from orderdesk.domain.holds import on_hold
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.journal import (
    CASE_FIELDS,
    LINE_FIELDS,
    ORDER_FIELDS,
    dump,
    replay,
    replay_case,
    snapshot,
    stages_walked,
)
from orderdesk.domain.models import Product
from orderdesk.domain.stages import Payment, Stage, may_move
from orderdesk.store import Database, open_database

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
ADDRESS = {
    "ship_line1": "Calle Mayor 5",
    "ship_city": "Madrid",
    "ship_postal_code": "28013",
    "ship_country": "ES",
}
SKUS = ("P1", "P2", "P3", "LOOSE", "NOPE")
EDITS = (
    ("ship_postal_code", ""),
    ("ship_postal_code", "28014"),
    ("ship_country", "Spain"),
    ("ship_country", "pt"),
    ("buyer_email", "ana@example.com"),
    ("buyer_email", "ana"),
    ("ship_line1", "x" * 201),
)
LINE_CHANGES = (
    (amendments.LineChange("remove", "P1"),),
    (amendments.LineChange("set", "P1", 3),),
    (amendments.LineChange("set", "P2", 1, "3.00"),),
    (amendments.LineChange("set", "P3", 1),),
    (amendments.LineChange("swap", "P1", "P2"),),
    (amendments.LineChange("swap", "LOOSE", "P3"), amendments.LineChange("set", "P3", 1, "1")),
    (amendments.LineChange("set", "P1", 0),),
)
TRACKING = (
    ("China Post", "LP123456785CN"),
    ("China Post", "LP123456784CN"),
    ("UPS", "1Z999AA10123456784"),
    ("UPS", ""),
    ("Moto Express", "M-1"),
)
_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """The starting shop, built once through the domain and copied for each example."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="od-sm-template-"))
        database = open_database(folder / "shop.db", actor="seller")
        with database.uow() as uow:
            for sku, count in COUNTED.items():
                uow.add(Product(sku=sku, title=sku, on_hand=count))
            uow.commit()
        for lines, paid in ORDERS:
            database.perform(
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
            database.perform(fulfilment.confirm, order)
            database.perform(fulfilment.label_printed, order)
            database.perform(fulfilment.ship, order, "DHL", "1234567891")
        database.perform(fulfilment.deliver, 8)
        database.close()
        _TEMPLATE["path"] = folder / "shop.db"
    return _TEMPLATE["path"]


def fingerprint(database: Database) -> list[Any]:
    with database.read() as connection:
        return [
            connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
            for table in ("orders", "lines", "products", "cases", "messages", "journal")
        ]


order_ids = st.integers(min_value=1, max_value=len(ORDERS))
case_picks = st.integers(min_value=0, max_value=5)


class DeskRules(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="od-sm-"))
        shutil.copy(template(), self.folder / "shop.db")
        self.database = open_database(self.folder / "shop.db", actor="seller")
        self.done = 0

    def teardown(self) -> None:
        self.database.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def act(self, action: Any, *args: Any, **kwargs: Any) -> None:
        before = fingerprint(self.database)
        try:
            self.database.perform(action, *args, **kwargs)
        except DeskError as error:
            assert "\n" not in error.message
            assert fingerprint(self.database) == before, f"refused but changed: {error}"
        else:
            self.done += 1

    def case_id(self, pick: int, kinds: tuple[str, ...]) -> int | None:
        with self.database.read() as connection:
            ids = (
                connection.execute(
                    text(
                        f"SELECT id FROM cases WHERE kind IN ({', '.join(repr(k) for k in kinds)}) "
                        "ORDER BY id"
                    )
                )
                .scalars()
                .all()
            )
        return ids[pick % len(ids)] if ids else None

    # -- every action ---------------------------------------------------------------------
    def held(self, order: int) -> bool:
        with self.database.uow() as uow:
            return on_hold(uow.order(order), uow.now())

    def stage(self, order: int) -> str:
        with self.database.uow() as uow:
            return uow.order(order).stage

    @rule(order=order_ids)
    def confirm(self, order: int) -> None:
        held, stage = self.held(order), self.stage(order)
        self.act(fulfilment.confirm, order)
        assert not held or self.stage(order) == stage, "a held order was confirmed"

    @rule(order=order_ids, reason=st.sampled_from(["", "  ", "buyer asked"]))
    def cancel(self, order: int, reason: str) -> None:
        self.act(fulfilment.cancel, order, reason)

    @rule(order=order_ids)
    def label_printed(self, order: int) -> None:
        held, stage = self.held(order), self.stage(order)
        self.act(fulfilment.label_printed, order, document="label.pdf")
        assert not held or self.stage(order) == stage, "a held order was labelled"

    @rule(order=order_ids, tracking=st.sampled_from(TRACKING))
    def ship(self, order: int, tracking: tuple[str, str]) -> None:
        self.act(fulfilment.ship, order, tracking[0], tracking[1], "https://moto.example/t")

    @rule(order=order_ids)
    def pack(self, order: int) -> None:
        held, stage = self.held(order), self.stage(order)
        with self.database.uow() as uow:
            was_packed = uow.order(order).packed_at is not None
        self.act(packing.pack, order)
        assert self.stage(order) == stage, "packing moved the stage"
        with self.database.uow() as uow:
            packed = uow.order(order).packed_at is not None
        if packed and not was_packed:
            assert not held, "a held order was packed"
            assert stage in ("confirmed", "ready_to_ship"), f"a {stage} order was packed"

    @invariant()
    def packed_orders_agree_with_their_journal(self) -> None:
        """An order is packed exactly when its last pack was not undone; packing moves no
        stock and no money (the other invariants check those)."""
        with self.database.read() as connection:
            rows = connection.execute(
                text(
                    "SELECT o.id, o.packed_at, (SELECT count(*) FROM journal j WHERE "
                    "j.order_id = o.id AND j.action = 'packed' AND j.undone_by IS NULL) AS live "
                    "FROM orders o"
                )
            ).all()
        for order_id, packed_at, live in rows:
            assert (packed_at is not None) == (live > 0), (order_id, packed_at, live)
            assert live <= 1, order_id

    @rule(order=order_ids)
    def deliver(self, order: int) -> None:
        self.act(fulfilment.deliver, order)

    @rule(
        order=order_ids,
        amount=st.sampled_from(["0.01", "5", "12,50", "25.00", "99.99"]),
        kind=st.sampled_from(["refund", "return"]),
    )
    def request_refund(self, order: int, amount: str, kind: str) -> None:
        self.act(aftersales.request_refund, order, amount, "changed my mind", kind=kind)

    @rule(pick=case_picks)
    def accept_refund(self, pick: int) -> None:
        case = self.case_id(pick, aftersales.REFUND_KINDS)
        if case is not None:
            self.act(aftersales.accept_refund, case)

    @rule(pick=case_picks, reason=st.sampled_from(["", "no photos"]))
    def reject_refund(self, pick: int, reason: str) -> None:
        case = self.case_id(pick, aftersales.REFUND_KINDS)
        if case is not None:
            self.act(aftersales.reject_refund, case, reason)

    @rule(order=order_ids)
    def open_dispute(self, order: int) -> None:
        self.act(aftersales.open_dispute, order, "item not received")

    @rule(pick=case_picks, won=st.booleans())
    def resolve_dispute(self, pick: int, won: bool) -> None:
        case = self.case_id(pick, ("dispute",))
        if case is not None:
            self.act(aftersales.resolve_dispute, case, won=won)

    @rule(order=order_ids, size=st.sampled_from([0, 20, 1500, 1501]))
    def message(self, order: int, size: int) -> None:
        self.act(messages.add_message, order, "ñ" * size)

    @rule()
    def undo(self) -> None:
        self.act(undo.undo)

    # -- issue 14: stock and the exceptions of an order day ---------------------------------
    @rule(sku=st.sampled_from(SKUS), units=st.sampled_from([-1, 0, 2, 5]))
    def receive(self, sku: str, units: int) -> None:
        self.act(stock.receive, sku, units, "supplier")

    @rule(sku=st.sampled_from(SKUS), counted=st.sampled_from([-1, 0, 4, 9]))
    def count(self, sku: str, counted: int) -> None:
        self.act(stock.count, sku, counted)

    @rule(
        sku=st.sampled_from(SKUS),
        delta=st.sampled_from([-20, -1, 0, 3]),
        reason=st.sampled_from(["", "damaged"]),
    )
    def adjust(self, sku: str, delta: int, reason: str) -> None:
        self.act(stock.adjust, sku, delta, reason)

    @rule(
        sku=st.sampled_from(SKUS),
        on_hand=st.sampled_from([None, -2, 0, 7]),
        barcode=st.sampled_from([None, "", "4006381333931", "4006381333932"]),
        title=st.sampled_from([None, "Termo", "x" * 201]),
    )
    def set_product(
        self, sku: str, on_hand: int | None, barcode: str | None, title: str | None
    ) -> None:
        self.act(
            stock.set_product,
            ProductDraft(sku, title=title, on_hand=on_hand, barcode=barcode, low_stock=2),
        )

    @rule(on_hand=st.sampled_from([0, 3, 8]))
    def import_catalogue(self, on_hand: int) -> None:
        drafts = [
            ProductDraft("P2", title="P2", on_hand=on_hand, weight_g=300),
            ProductDraft("P3", title="New", on_hand=on_hand // 2, origin="CN"),
        ]
        self.act(stock.import_catalogue, drafts, "catalogue.xlsx")

    @rule(order=order_ids, edit=st.sampled_from(EDITS))
    def edit(self, order: int, edit: tuple[str, str]) -> None:
        self.act(amendments.edit, order, dict([edit]))

    @rule(order=order_ids, method=st.sampled_from(["", "cash"]))
    def mark_paid(self, order: int, method: str) -> None:
        self.act(amendments.mark_paid, order, method, "R-1")

    @rule(order=order_ids, changes=st.sampled_from(LINE_CHANGES))
    def change_lines(self, order: int, changes: tuple[amendments.LineChange, ...]) -> None:
        self.act(amendments.change_lines, order, list(changes))

    @rule(
        order=order_ids,
        reason=st.sampled_from(["", "restock"]),
        days=st.sampled_from([None, -1, 3]),
    )
    def hold(self, order: int, reason: str, days: int | None) -> None:
        until = None if days is None else self.database.clock() + timedelta(days=days)
        self.act(amendments.hold, order, reason, until)

    @rule(order=order_ids, pick=case_picks)
    def release(self, order: int, pick: int) -> None:
        """Mostly an order on hold (one is rarely picked at random), sometimes any."""
        with self.database.read() as connection:
            held = (
                connection.execute(
                    text("SELECT id FROM orders WHERE hold_reason != '' ORDER BY id")
                )
                .scalars()
                .all()
            )
        if held and pick:
            order = held[pick % len(held)]
        self.act(amendments.release, order)

    # -- issue 16: returns ------------------------------------------------------------------
    @rule(pick=case_picks)
    def receive_return(self, pick: int) -> None:
        """Any case (mostly refused: a refund, an open or rejected return, one received)."""
        case = self.case_id(pick, aftersales.REFUND_KINDS)
        if case is None:
            return
        with self.database.read() as connection:
            was = connection.execute(
                text("SELECT received_at FROM return_authorisations WHERE case_id = :c"),
                {"c": case},
            ).first()
        self.act(returns.receive_return, case)
        if was is not None and was[0] is not None:
            with self.database.read() as connection:
                entries = connection.execute(
                    text(
                        "SELECT count(*) FROM journal WHERE case_id = :c AND "
                        "action = 'return_received' AND undone_by IS NULL"
                    ),
                    {"c": case},
                ).scalar_one()
            assert entries == 1, "a return was received twice"

    @rule(order=order_ids, amount=st.sampled_from(["0.01", "5", "99.99"]))
    def return_comes_back(self, order: int, amount: str) -> None:
        """A whole return in three steps (request, accept, receive), each one checked like
        any action: random picks alone rarely reach a received return."""
        self.act(aftersales.request_refund, order, amount, "does not fit", kind="return")
        with self.database.read() as connection:
            case = connection.execute(
                text(
                    "SELECT id FROM cases WHERE order_id = :o AND kind = 'return' "
                    "AND status = 'open' ORDER BY id DESC"
                ),
                {"o": order},
            ).scalar()
        if case is not None:
            self.act(aftersales.accept_refund, case)
            self.act(returns.receive_return, case)

    @invariant()
    def returns_agree_with_their_cases(self) -> None:
        """An authorisation belongs to an accepted return only, and is received exactly when
        its live journal says so."""
        with self.database.read() as connection:
            rows = connection.execute(
                text(
                    "SELECT c.id, c.kind, c.status, ra.received_at, (SELECT count(*) FROM "
                    "journal j WHERE j.case_id = c.id AND j.action = 'return_received' AND "
                    "j.undone_by IS NULL) FROM return_authorisations ra "
                    "JOIN cases c ON c.id = ra.case_id"
                )
            ).all()
        for case_id, kind, status, received_at, live in rows:
            assert (kind, status) == ("return", "accepted"), case_id
            assert (received_at is not None) == (live == 1) and live <= 1, case_id

    # -- what must always hold -------------------------------------------------------------
    @invariant()
    def stock_is_never_negative_and_adds_up(self) -> None:
        with self.database.read() as connection:
            on_hand = dict(connection.execute(text("SELECT sku, on_hand FROM products")).all())
            held = dict(
                connection.execute(
                    text(
                        "SELECT l.sku, sum(l.quantity) FROM lines l "
                        "JOIN orders o ON o.id = l.order_id WHERE o.stock_taken GROUP BY l.sku"
                    )
                ).all()
            )
            entries = self._entries(connection)
        journal = [entry.stock for entry in entries]
        for sku in set(COUNTED) | set(on_hand):
            counted = COUNTED.get(sku, 0)
            assert on_hand[sku] >= 0
            assert on_hand[sku] == counted + sum(moves.get(sku, 0) for moves in journal)
        for sku in set(COUNTED) - set(on_hand):
            raise AssertionError(f"{sku} is gone")
        # What each order holds (by its journal) is what it took and never more than its
        # units; an order not holding stock holds none. Tracked from the start, P1 and P2 are
        # held in full by the orders holding stock.
        holding: dict[int, dict[str, int]] = {}
        for entry in entries:
            if entry.order_id is not None:
                mine = holding.setdefault(entry.order_id, {})
                for sku, delta in entry.stock.items():
                    mine[sku] = mine.get(sku, 0) - delta
        with self.database.uow() as uow:
            for order_id, skus in holding.items():
                order = uow.order(order_id)
                units = fulfilment.units_by_sku(order)
                for sku, count in skus.items():
                    assert 0 <= count <= (units.get(sku, 0) if order.stock_taken else 0), (
                        order_id,
                        sku,
                        count,
                    )
        for sku in COUNTED:
            assert held.get(sku, 0) == sum(h.get(sku, 0) for h in holding.values())

    @invariant()
    def products_agree_with_their_journal(self) -> None:
        with self.database.read() as connection:
            stored = {row.sku: row for row in connection.execute(text("SELECT * FROM products"))}
            entries = self._entries(connection)
        state: dict[str, dict[str, Any] | None] = {}
        for entry in entries:
            for sku, fields in entry.after.get("products", {}).items():
                if fields is None:
                    state[sku] = None
                else:
                    state[sku] = (state.get(sku) or {}) | fields
        for sku, fields in state.items():
            if fields is None:
                assert sku not in stored or sku in COUNTED
                continue
            for name, value in fields.items():
                assert getattr(stored[sku], name) == value, (sku, name)

    @invariant()
    def orders_agree_with_their_journal(self) -> None:
        with self.database.uow() as uow:
            with self.database.read() as connection:
                entries = self._entries(connection)
            for order_id in range(1, len(ORDERS) + 1):
                order = uow.order(order_id)
                mine = [e for e in entries if e.order_id == order_id]
                assert mine[0].action == "created"
                replayed = replay(mine)
                assert {k: replayed[k] for k in ORDER_FIELDS} == snapshot(order)
                for name, value in replayed.items():
                    assert dump(name, getattr(order, name)) == value, name
                lines = [e.after["lines"] for e in mine if "lines" in e.after]
                if lines:
                    assert lines[-1] == [
                        {n: getattr(li, n) for n in LINE_FIELDS} for li in order.lines
                    ]
                walk = stages_walked(mine)
                assert walk[0] == Stage.PENDING and walk[-1] == order.stage
                assert all(may_move(a, b) for a, b in zip(walk, walk[1:], strict=False)), walk
                self._money(order)
                assert not order.stock_taken or order.stage != Stage.PENDING
                assert not order.stock_taken or order.stage != Stage.CANCELLED
                assert order.stock_taken or order.stage not in (
                    Stage.CONFIRMED,
                    Stage.READY_TO_SHIP,
                )
                for case in order.cases:
                    stored = {name: getattr(case, name) for name in CASE_FIELDS}
                    replayed = {"closed_at": None, "resolution": ""} | replay_case(mine, case.id)
                    assert replayed == {
                        name: stored[name]
                        if name != "closed_at"
                        else (stored[name].isoformat() if stored[name] else None)
                        for name in CASE_FIELDS
                    }

    def _money(self, order: Any) -> None:
        assert 0 <= order.refunded <= order.total
        assert order.subtotal == sum(li.quantity * li.unit_price for li in order.lines)
        goods = order.subtotal + order.shipping + order.tax - order.discount
        assert order.net == order.total - order.fee - order.shipping_cost - order.refunded
        if order.payment == Payment.UNPAID:
            assert order.total == goods
        else:
            assert goods <= order.total  # never worth more than was paid
        if order.payment == Payment.UNPAID:
            assert order.refunded == 0
        elif order.payment == Payment.PAID:
            assert order.refunded == 0
        elif order.payment == Payment.PARTIALLY_REFUNDED:
            assert 0 < order.refunded < order.total
        else:
            assert order.refunded == order.total

    def _entries(self, connection: Any) -> list[Any]:
        from sqlmodel import Session, select

        from orderdesk.domain.models import JournalEntry

        with Session(bind=connection) as session:
            return list(session.exec(select(JournalEntry).order_by(JournalEntry.id)).all())


DeskRules.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDeskRules = DeskRules.TestCase

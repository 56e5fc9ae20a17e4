"""Random sequences of every desk action (and undo) on a real SQLite file, with the rules'
invariants checked after each step.

After every step: tracked stock is never negative and equals the count minus the units of the
orders holding stock (and the count plus the journal's stock moves); nothing is refunded beyond
what was paid; every order's stage walk in its journal uses only edges the desk can move along;
replaying each order's (and case's) journal gives its stored fields. A refused action changes
nothing at all.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import text

from orderdesk.domain import aftersales, fulfilment, messages, undo
from orderdesk.domain.errors import DeskError
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.journal import CASE_FIELDS, replay, replay_case, snapshot, stages_walked
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
ADDRESS = {"ship_line1": "Calle Mayor 5", "ship_city": "Madrid", "ship_postal_code": "28013",
           "ship_country": "ES"}
TRACKING = (("China Post", "LP123456785CN"), ("China Post", "LP123456784CN"),
            ("UPS", "1Z999AA10123456784"), ("UPS", ""), ("Moto Express", "M-1"))
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
            database.perform(create_order, OrderDraft(
                buyer_name="Begoña Sáez", currency="EUR", paid=paid, **ADDRESS,
                lines=[LineDraft(sku, f"Item {sku}", qty, 1250) for sku, qty in lines]))
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
        return [connection.execute(text(f"SELECT * FROM {table} ORDER BY 1")).all()
                for table in ("orders", "lines", "products", "cases", "messages", "journal")]


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
            ids = connection.execute(text(
                f"SELECT id FROM cases WHERE kind IN ({', '.join(repr(k) for k in kinds)}) "
                "ORDER BY id")).scalars().all()
        return ids[pick % len(ids)] if ids else None

    # -- every action ---------------------------------------------------------------------
    @rule(order=order_ids)
    def confirm(self, order: int) -> None:
        self.act(fulfilment.confirm, order)

    @rule(order=order_ids, reason=st.sampled_from(["", "  ", "buyer asked"]))
    def cancel(self, order: int, reason: str) -> None:
        self.act(fulfilment.cancel, order, reason)

    @rule(order=order_ids)
    def label_printed(self, order: int) -> None:
        self.act(fulfilment.label_printed, order, document="label.pdf")

    @rule(order=order_ids, tracking=st.sampled_from(TRACKING))
    def ship(self, order: int, tracking: tuple[str, str]) -> None:
        self.act(fulfilment.ship, order, tracking[0], tracking[1], "https://moto.example/t")

    @rule(order=order_ids)
    def deliver(self, order: int) -> None:
        self.act(fulfilment.deliver, order)

    @rule(order=order_ids, amount=st.sampled_from(["0.01", "5", "12,50", "25.00", "99.99"]),
          kind=st.sampled_from(["refund", "return"]))
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

    # -- what must always hold -------------------------------------------------------------
    @invariant()
    def stock_is_never_negative_and_adds_up(self) -> None:
        with self.database.read() as connection:
            on_hand = dict(connection.execute(text("SELECT sku, on_hand FROM products")).all())
            held = dict(connection.execute(text(
                "SELECT l.sku, sum(l.quantity) FROM lines l JOIN orders o ON o.id = l.order_id "
                "WHERE o.stock_taken GROUP BY l.sku")).all())
            journal = [entry.stock for entry in self._entries(connection)]
        for sku, counted in COUNTED.items():
            assert on_hand[sku] >= 0
            assert on_hand[sku] == counted - held.get(sku, 0)
            assert on_hand[sku] == counted + sum(moves.get(sku, 0) for moves in journal)

    @invariant()
    def orders_agree_with_their_journal(self) -> None:
        with self.database.uow() as uow:
            with self.database.read() as connection:
                entries = self._entries(connection)
            for order_id in range(1, len(ORDERS) + 1):
                order = uow.order(order_id)
                mine = [e for e in entries if e.order_id == order_id]
                assert mine[0].action == "created"
                assert replay(mine) == snapshot(order)
                walk = stages_walked(mine)
                assert walk[0] == Stage.PENDING and walk[-1] == order.stage
                assert all(may_move(a, b) for a, b in zip(walk, walk[1:], strict=False)), walk
                self._money(order)
                assert not order.stock_taken or order.stage != Stage.PENDING
                assert not order.stock_taken or order.stage != Stage.CANCELLED
                assert order.stock_taken or order.stage not in (Stage.CONFIRMED,
                                                                 Stage.READY_TO_SHIP)
                for case in order.cases:
                    stored = {name: getattr(case, name) for name in CASE_FIELDS}
                    replayed = {"closed_at": None, "resolution": ""} | replay_case(mine, case.id)
                    assert replayed == {name: stored[name] if name != "closed_at" else (
                        stored[name].isoformat() if stored[name] else None)
                        for name in CASE_FIELDS}

    def _money(self, order: Any) -> None:
        assert 0 <= order.refunded <= order.total
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
    max_examples=30, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDeskRules = DeskRules.TestCase

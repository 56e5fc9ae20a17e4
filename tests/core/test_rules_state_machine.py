"""Random sequences of every desk action (and undo), with the rules' invariants checked after
each step: one rule set, two shops (tests/core/shops.py). On the dict-backed fake unit of work
(tests/fakes/uow.py) the machine runs at least ``ORDERDESK_SM_STEPS`` steps (10,000 unless set)
and counts them; on a real SQLite file it runs 20 examples, each action also run on a fake
beside the file that must give the same outcome and leave the same rows (tests/core/shops.py,
``TwinShop``): the fake is checked against the store, not assumed to match it. A new rule is
written once, as ``self.act(domain_fn, ...)``, reading the shop through ``self.shop``.

After every step: tracked stock is never negative and equals the count plus the journal's stock
moves, and (with the units of the orders holding stock) the count plus the stock actions'
moves; nothing is refunded beyond what was paid; an order's subtotal is its lines, an unpaid
order's total its lines plus shipping and tax less discount, and a paid order's lines are never
worth more than was paid; every order's stage walk in its journal uses only edges the desk can
move along; replaying each order's (and case's, and product's) journal gives its stored fields,
lines included. A refused action changes nothing at all; a held order is never confirmed or
labelled.

The issue-14 actions are all here: stock set (a new product too), receive, count, adjust, a
catalogue import, edit ship-to and contact, mark paid, change lines, hold and release. Issue 16
adds merge: the orders of a merged shipment are all still to ship or all shipped under one
tracking number, and a ship or undo on one of them moves them all.
"""

from __future__ import annotations

import math
import os
from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from orderdesk.domain import (
    aftersales,
    amendments,
    fulfilment,
    merging,
    messages,
    packing,
    returns,
    stock,
    undo,
)
from orderdesk.domain.catalogue import ProductDraft
from orderdesk.domain.errors import DeskError
from orderdesk.domain.holds import on_hold
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
from orderdesk.domain.stages import Payment, Stage, may_move
from tests.core.shops import COUNTED, ORDERS, MemoryShop, Shop, TwinShop

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
    (amendments.LineChange("swap", "P1", new_sku="P2"),),
    (
        amendments.LineChange("swap", "LOOSE", new_sku="P3"),
        amendments.LineChange("set", "P3", 1, "1"),
    ),
    (amendments.LineChange("set", "P1", 0),),
)
TRACKING = (
    ("China Post", "LP123456785CN"),
    ("China Post", "LP123456784CN"),
    ("UPS", "1Z999AA10123456784"),
    ("UPS", ""),
    ("Moto Express", "M-1"),
)
order_ids = st.integers(min_value=1, max_value=len(ORDERS))
case_picks = st.integers(min_value=0, max_value=5)


class DeskRules(RuleBasedStateMachine):
    """The rules and the invariants; a subclass names the shop they run on."""

    def __init__(self) -> None:
        super().__init__()
        self.shop: Shop = self.open_shop()
        self.done = 0
        self.checked = 0  # invariant rounds: one after setup, then one after each step

    def open_shop(self) -> Shop:
        raise NotImplementedError

    def teardown(self) -> None:
        STEPS[type(self).__name__] = STEPS.get(type(self).__name__, 0) + self.checked - 1
        self.shop.close()

    def act(self, action: Any, *args: Any, **kwargs: Any) -> None:
        before = self.shop.fingerprint()
        try:
            self.shop.perform(action, *args, **kwargs)
        except DeskError as error:
            assert "\n" not in error.message
            assert self.shop.fingerprint() == before, f"refused but changed: {error}"
        else:
            self.done += 1

    def case_id(self, pick: int, kinds: tuple[str, ...]) -> int | None:
        ids = self.shop.case_ids(kinds)
        return ids[pick % len(ids)] if ids else None

    # -- every action ---------------------------------------------------------------------
    def held(self, order: int) -> bool:
        with self.shop.reading() as uow:
            return on_hold(uow.order(order), uow.now())

    def stage(self, order: int) -> str:
        with self.shop.reading() as uow:
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
        with self.shop.reading() as uow:
            was_packed = uow.order(order).packed_at is not None
        self.act(packing.pack, order)
        assert self.stage(order) == stage, "packing moved the stage"
        with self.shop.reading() as uow:
            packed = uow.order(order).packed_at is not None
        if packed and not was_packed:
            assert not held, "a held order was packed"
            assert stage in ("confirmed", "ready_to_ship"), f"a {stage} order was packed"

    @invariant()
    def packed_orders_agree_with_their_journal(self) -> None:
        """An order is packed exactly when its last pack was not undone; packing moves no
        stock and no money (the other invariants check those)."""
        packs: dict[int, int] = {}  # packs not undone, by order
        for entry in self.shop.entries():
            if entry.action == "packed" and entry.undone_by is None and entry.order_id:
                packs[entry.order_id] = packs.get(entry.order_id, 0) + 1
        with self.shop.reading() as uow:
            packed = {n: uow.order(n).packed_at for n in range(1, len(ORDERS) + 1)}
        rows = [(n, packed_at, packs.get(n, 0)) for n, packed_at in packed.items()]
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
        until = None if days is None else self.shop.clock() + timedelta(days=days)
        self.act(amendments.hold, order, reason, until)

    @rule(order=order_ids, pick=case_picks)
    def release(self, order: int, pick: int) -> None:
        """Mostly an order on hold (one is rarely picked at random), sometimes any."""
        held = self.shop.orders_on_hold()
        if held and pick:
            order = held[pick % len(held)]
        self.act(amendments.release, order)

    # -- issue 16: merged shipments -------------------------------------------------------
    @rule(first=order_ids, second=order_ids, third=st.sampled_from([None, *range(1, 9)]))
    def merge(self, first: int, second: int, third: int | None) -> None:
        self.act(merging.merge, [first, second] + ([third] if third else []))

    @invariant()
    def merged_orders_leave_together(self) -> None:
        """The orders of a merged shipment (cancelled ones have left it) are all still to
        ship, or all shipped under one tracking number; each was free to merge (one buyer,
        one address, not from a channel with its own labels)."""
        with self.shop.reading() as uow:
            orders = [uow.order(order_id) for order_id in range(1, len(ORDERS) + 1)]
            rows = [
                (o.merge_group, o.id, o.stage, o.tracking_number, o.channel)
                for o in orders
                if o.merge_group is not None and o.stage != Stage.CANCELLED
            ]
        by_group: dict[int, list[Any]] = {}
        for row in rows:
            by_group.setdefault(row[0], []).append(row)
        for group, members in by_group.items():
            assert all(row[4] not in merging.CHANNEL_LABELS for row in members), group
            if len(members) < 2:
                continue
            shipped = {row[2] in ("confirmed", "ready_to_ship", "pending") for row in members}
            assert len(shipped) == 1, (group, members)
            if shipped == {False}:
                assert len({row[3] for row in members}) == 1, (group, members)

    # -- issue 16: returns ------------------------------------------------------------------
    def _authorisation(self, case_id: int) -> tuple[int | None, datetime | None] | None:
        with self.shop.reading() as uow:
            authorisation = uow.case(case_id).authorisation
            if authorisation is None:
                return None
            return authorisation.id, authorisation.received_at

    @rule(pick=case_picks)
    def receive_return(self, pick: int) -> None:
        """Any case (mostly refused: a refund, an open or rejected return, one received)."""
        case = self.case_id(pick, aftersales.REFUND_KINDS)
        if case is None:
            return
        was = self._authorisation(case)
        self.act(returns.receive_return, case)
        if was is not None and was[1] is not None:
            live = [
                entry
                for entry in self.shop.entries()
                if entry.case_id == case
                and entry.action == "return_received"
                and entry.undone_by is None
            ]
            assert len(live) == 1, "a return was received twice"

    @rule(order=order_ids, amount=st.sampled_from(["0.01", "5", "99.99"]))
    def return_comes_back(self, order: int, amount: str) -> None:
        """A whole return in three steps (request, accept, receive), each one checked like
        any action: random picks alone rarely reach a received return."""
        self.act(aftersales.request_refund, order, amount, "does not fit", kind="return")
        with self.shop.reading() as uow:
            open_returns = [
                case.id
                for case in uow.order(order).cases
                if case.kind == "return" and case.status == "open"
            ]
        if open_returns and open_returns[-1] is not None:
            case = open_returns[-1]
            self.act(aftersales.accept_refund, case)
            self.act(returns.receive_return, case)

    @invariant()
    def returns_agree_with_their_cases(self) -> None:
        """An authorisation belongs to an accepted return only, and is received exactly when
        its live journal says so."""
        entries = self.shop.entries()
        for case_id in self.shop.case_ids(aftersales.REFUND_KINDS):
            with self.shop.reading() as uow:
                case = uow.case(case_id)
                authorisation = case.authorisation
                if authorisation is None:
                    continue
                kind, status, received_at = case.kind, case.status, authorisation.received_at
            live = sum(
                1
                for entry in entries
                if entry.case_id == case_id
                and entry.action == "return_received"
                and entry.undone_by is None
            )
            assert (kind, status) == ("return", "accepted"), case_id
            assert (received_at is not None) == (live == 1) and live <= 1, case_id

    # -- what must always hold -------------------------------------------------------------
    @invariant()
    def stock_is_never_negative_and_adds_up(self) -> None:
        on_hand = {sku: product.on_hand for sku, product in self.shop.products().items()}
        held: dict[str, int] = {}
        with self.shop.reading() as uow:
            for order_id in range(1, len(ORDERS) + 1):
                order = uow.order(order_id)
                if order.stock_taken:
                    for line in order.lines:
                        held[line.sku] = held.get(line.sku, 0) + line.quantity
        entries = self.shop.entries()
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
        with self.shop.reading() as uow:
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
        stored = self.shop.products()
        entries = self.shop.entries()
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
        with self.shop.reading() as uow:
            entries = self.shop.entries()
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
                    replayed = {"closed_at": None, "resolution": ""} | replay_case(
                        mine, case.id or 0
                    )
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

    @invariant()
    def count_the_step(self) -> None:
        self.checked += 1


#: Steps run per machine class (counted in teardown), for the check that enough ran.
STEPS: dict[str, int] = {}
#: At least this many steps on the fake per run (CI's floor; set lower for a quick local run).
FAKE_STEPS = int(os.environ.get("ORDERDESK_SM_STEPS", "10000"))
STEPS_PER_EXAMPLE = int(os.environ.get("ORDERDESK_SM_STEPS_PER_EXAMPLE", "25"))  # longer: deeper


class RealDeskRules(DeskRules):
    """On a real SQLite file, copied from a template for each example, the fake beside it
    doing the same (it must agree with the store, action by action, row by row)."""

    def open_shop(self) -> Shop:
        return TwinShop()

    @invariant()
    def the_kept_tab_counts_are_the_orders_own(self) -> None:
        """``orders_per_tab`` (kept by the store's triggers, derived: the fake has none) is
        the orders' ``GROUP BY tab`` after every action, refused or done, and every undo."""
        assert isinstance(self.shop, TwinShop)
        kept, counted = self.shop.tab_counts()
        assert kept == counted


class FakeDeskRules(DeskRules):
    """On the dict-backed unit of work: the same rules, some hundred times the steps."""

    def open_shop(self) -> Shop:
        return MemoryShop()


RealDeskRules.TestCase.settings = settings(
    max_examples=20,  # each step also runs on the fake beside it, which must agree
    stateful_step_count=STEPS_PER_EXAMPLE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDeskRules = RealDeskRules.TestCase


def test_desk_rules_on_the_fake_unit_of_work() -> None:
    """The machine on the fake runs at least FAKE_STEPS steps, counted: hypothesis ends some
    examples early (its mutations do), so it runs again until the count is reached."""
    STEPS.pop("FakeDeskRules", None)
    for _ in range(5):
        ran = STEPS.get("FakeDeskRules", 0)
        if ran >= FAKE_STEPS:
            break
        examples = math.ceil((FAKE_STEPS - ran) / STEPS_PER_EXAMPLE * 1.1)
        run_state_machine_as_test(  # type: ignore[no-untyped-call]  # hypothesis leaves it bare
            FakeDeskRules,
            settings=settings(
                max_examples=examples,
                stateful_step_count=STEPS_PER_EXAMPLE,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )
    ran = STEPS.get("FakeDeskRules", 0)
    print(f"fake unit of work: {ran} steps")
    assert ran >= FAKE_STEPS, f"only {ran} steps ran on the fake, {FAKE_STEPS} wanted"

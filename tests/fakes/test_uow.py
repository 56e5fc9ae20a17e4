"""The dict-backed unit of work behaves as the store where the rules depend on it.

Each action below runs through :class:`~tests.core.shops.TwinShop`: on a real SQLite file and
on the fake beside it, at the same moment; the twin asserts the same outcome (or refusal) and
the same rows, every column of every table. These reach the parts of the port the state
machine does not: a new order (ids allocated on flush), partial shipments and parcels, the
manifest (``shipments_between``), shipment confirmations (``unconfirmed_shipments``), messages,
a second desk's undo. The rest are the fake's own: rollback of an action that raises after
changing things, references, the version column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import SQLModel

from orderdesk.domain import (
    amendments,
    confirmations,
    fulfilment,
    manifest,
    messages,
    undo,
)
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.intake import LineDraft, OrderDraft, create_order
from orderdesk.domain.models import JournalEntry, Order, Product
from orderdesk.domain.ports import UnitOfWork
from orderdesk.store import open_database
from tests.core.shops import ADDRESS, MemoryShop, TwinShop
from tests.fakes.uow import MODELS, MemoryStore, table_of


@pytest.fixture
def twin() -> Iterator[TwinShop]:
    shop = TwinShop()
    yield shop
    shop.close()


def test_a_new_order_gets_the_next_ids_on_both(twin: TwinShop) -> None:
    draft = OrderDraft(
        buyer_name="Iker Olano",
        currency="EUR",
        paid=True,
        **ADDRESS,
        lines=[LineDraft("P1", "Termo", 1, 900), LineDraft("", "Gift wrap", 1, 100)],
    )
    outcome = twin.perform(create_order, draft)
    assert outcome.order_id == 9 and outcome.message == "Order #9 created"
    with twin.twin.reading() as uow:
        order = uow.order("M-000009")
        assert [line.id for line in order.lines] == [12, 13]  # the template holds 11 lines
        assert order.version == 2  # inserted, then its external id set: one update
    with pytest.raises(BadInput, match="the change conflicts with stored data"):
        twin.twin.perform(create_order, dataclasses.replace(draft, external_id="M-000009"))


def test_partial_shipments_parcels_and_their_undo_agree(twin: TwinShop) -> None:
    twin.perform(fulfilment.confirm, 2)
    part = twin.perform(fulfilment.ship, 2, "UPS", "1Z999AA10123456784", lines=["P2"])
    assert "partly shipped" in part.message and "1 unit left to ship" in part.message
    twin.perform(fulfilment.parcels, 2, 2, [300, 200])
    last = twin.perform(fulfilment.ship, 2, "UPS", "1Z999AA10123456784")
    assert "warning: the same tracking number is on order #2" not in last.message
    with twin.twin.reading() as uow:
        order = uow.order(2)
        assert order.stage == "in_transit"
        assert [len(s.parcels) for s in order.shipments] == [2, 1]
        assert order.shipments[0].parcels[1].shipment_id == order.shipments[0].id
    for _ in range(3):
        twin.perform(undo.undo)
    assert twin.twin.tables["parcels"].keys() == {1, 2}  # the template's two shipments' boxes


def test_the_manifest_and_the_confirmations_find_the_same_shipments(twin: TwinShop) -> None:
    written: list[int] = []
    day = twin.clock().date()
    outcome = twin.perform(manifest.hand_over, "dhl express", day, lambda p: written.append(len(p)))
    assert (
        outcome.message.startswith("Manifest dhl express")
        and "2 parcels handed over" in outcome.message
    )
    assert twin.perform(manifest.hand_over, "DHL Express", day, written.append) is None
    assert twin.perform(manifest.hand_over, "dhl express", day - timedelta(days=1), print) is None
    draft = OrderDraft(
        buyer_name="Iker Olano",
        currency="EUR",
        paid=True,
        channel="amazon",
        external_id="171-1234567-1234567",
        **ADDRESS,
        lines=[LineDraft("P2", "Mate", 1, 900)],
    )
    amazon = twin.perform(create_order, draft).order_id
    for action in (fulfilment.confirm, fulfilment.label_printed):
        twin.perform(action, "171-1234567-1234567")
    twin.perform(fulfilment.ship, amazon, "UPS", "1Z999AA10123456784")
    confirmed = twin.perform(confirmations.confirm_shipments, "amazon", None, written.append)
    assert confirmed.message == "1 shipment of 1 amazon order confirmed (1 item)"
    assert twin.perform(confirmations.confirm_shipments, "amazon", None, print) is None
    twin.perform(undo.undo)
    for _ in range(4):  # the shipment, the label, the confirm, the manifest
        twin.perform(undo.undo)
    assert {row["handed_over_at"] for row in twin.twin.tables["parcels"].values()} == {None}


def test_messages_edits_and_a_tracking_shared_with_another_order(twin: TwinShop) -> None:
    twin.perform(messages.add_message, 3, "¿Cuándo llega?")
    twin.perform(amendments.edit, 3, {"ship_city": "Bilbao"})
    twin.perform(fulfilment.confirm, 3)
    twin.perform(fulfilment.label_printed, 3)
    shared = twin.perform(fulfilment.ship, 3, "DHL", "1234567891")
    assert shared.message.endswith("the same tracking number is on order #7, #8")
    with pytest.raises(Refused, match="order #3: give a reason to cancel"):
        twin.perform(fulfilment.cancel, 3, " ")


def test_undo_takes_only_the_own_desks_last_action(twin: TwinShop) -> None:
    other = open_database(twin.folder / "shop.db", actor="desk-2", clock=twin.clock)
    other.perform(fulfilment.confirm, 1)
    with twin.twin.uow(actor="desk-2") as uow:  # at the same moment
        fulfilment.confirm(uow, 1)
        uow.commit()
    # the template's own undoable actions are the seller's: undo reverses the delivery of #8
    assert "Undid deliver on order #8" == twin.perform(undo.undo).message
    other.close()


def _changes_then_fails(uow: UnitOfWork, ref: str) -> None:
    order = uow.order(ref)
    order.stage = "confirmed"
    order.lines[0].quantity = 9
    product = uow.product("P1")
    assert product is not None
    product.on_hand = 0
    uow.add(Product(sku="NEW", title="New"))
    uow.add(JournalEntry(at=uow.now(), action="confirm", undoable=True))
    uow.flush()
    assert uow.last_undoable() is not None
    raise Refused(f"order {order.ref}: refused after all")


def test_an_action_that_raises_leaves_nothing_changed() -> None:
    shop = MemoryShop()
    before = shop.fingerprint()
    with pytest.raises(Refused, match="order #1: refused after all"):
        shop.perform(_changes_then_fails, "#1")
    assert shop.fingerprint() == before
    assert shop.store.commits == 0


def test_references_resolve_as_the_store_resolves_them() -> None:
    store = MemoryShop().store
    with store.reading() as uow:
        assert uow.order(4) is uow.order("#4") is uow.order(" M-000004 ")
        for ref, said in (
            ("nope", "order nope: no such order"),
            ("#x", "order #x: a desk id is # followed by the digits 0-9"),
            ("#99", "order #99: no such order"),
            ("", "order: give a desk id"),
        ):
            with pytest.raises(BadInput, match=said):
                uow.order(ref)
        with pytest.raises(BadInput, match="case 99: no such case"):
            uow.case("#99")


def test_a_changed_order_bumps_its_version_once_per_flush() -> None:
    store = MemoryStore()
    with store.uow() as uow:
        uow.add(Order(channel="manual", external_id="A-1", created_at=uow.now(), currency="EUR"))
        uow.commit()
    with store.uow() as uow:
        order = uow.order("A-1")
        order.note = "fragile"
        uow.flush()
        order.note = "fragile"  # the same value: no update
        uow.flush()
        uow.commit()
    assert store.rows(Order)[0]["version"] == 2
    assert store.rows(Order)[0]["tab"] == "to-prepare"


def test_the_fake_holds_every_table_the_domain_writes() -> None:
    """A new table in the models is a new entry in MODELS (or the fake would drop its rows)."""
    held = {table_of(model).name for model in MODELS}
    assert set(SQLModel.metadata.tables) - {"meta"} == held

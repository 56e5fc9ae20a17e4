"""Issue 16: the order a scanned label names (a tracking number, any of its shipments', or
``#123``), on the real store of each engine, and the look-up reads only indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from orderdesk.domain.fulfilment import confirm, ship
from orderdesk.domain.merging import merge
from orderdesk.store.packing_queries import BY_TRACKING, order_for_scan, orders_for_scan
from tests.core.conftest import Shop

UPS = "1Z999AA10123456784"
POST = "LP123456785CN"
MERGED = "RR123456785CN"


def scanned(shop: Shop, code: str, *, typed: bool = False) -> int | None:
    with shop.database.reader() as reader:
        return order_for_scan(reader, code, typed=typed)


def test_each_shipments_tracking_number_names_its_order(shop: Shop) -> None:
    a = shop.order(("MATE", 2), ("YERBA", 3))
    other = shop.order(("MATE", 1), buyer="Otra Persona")
    shop.database.perform(confirm, a)
    shop.database.perform(ship, a, "UPS", UPS, lines=["MATE:2"])
    shop.database.perform(ship, a, "China Post", POST, lines=["YERBA:3"])
    assert shop.row(a)["tracking_number"] == POST  # the first shipment's is only a shipment's

    assert scanned(shop, UPS) == a
    assert scanned(shop, f" {POST} ") == a
    assert scanned(shop, f"#{other}") == other
    assert scanned(shop, str(other)) is None  # a bare number is not a label…
    assert scanned(shop, str(other), typed=True) == other  # …but a packer may type it
    assert scanned(shop, "1Z999AA10123456785") is None
    assert scanned(shop, "#999999") is None


def test_a_number_on_merged_orders_names_their_group(shop: Shop) -> None:
    a, b, c = shop.order(("MATE", 1)), shop.order(("YERBA", 1)), shop.order(("BOMBILLA", 1))
    for order in (a, b, c):
        shop.database.perform(confirm, order)
    shop.database.perform(merge, [b, a, c])
    shop.database.perform(ship, b, "China Post", MERGED)
    assert {shop.row(o)["tracking_number"] for o in (a, b, c)} == {MERGED}
    with shop.database.reader() as reader:
        assert orders_for_scan(reader, MERGED, typed=False) == (a, b, c)  # lowest id first
        assert orders_for_scan(reader, f"#{b}", typed=False) == (b,)  # a label before tracking
    assert scanned(shop, MERGED) == a  # the packing screen opens the parcel from its first order
    assert scanned(shop, f"#{b}") == b


def test_a_number_on_orders_not_merged_together_names_none(shop: Shop) -> None:
    a, b = shop.order(("MATE", 1)), shop.order(("YERBA", 1), buyer="Otra Persona")
    shop.database.perform(confirm, a)
    shop.database.perform(confirm, b)
    shop.database.perform(ship, a, "China Post", MERGED)
    shop.database.perform(ship, b, "China Post", MERGED)  # the same number typed twice
    with shop.database.reader() as reader:
        assert orders_for_scan(reader, MERGED, typed=False) == ()


def test_the_tracking_look_up_reads_indexes_only(tmp_path: Path) -> None:
    from orderdesk.store import open_database

    open_database(tmp_path / "shop.db").close()  # the schema as migrated
    with sqlite3.connect(tmp_path / "shop.db") as connection:
        plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {BY_TRACKING}", ("x",))]
    searches = [step for step in plan if step.startswith(("SEARCH", "SCAN"))]
    assert any("ix_orders_tracking_number" in step for step in searches), plan
    assert any("ix_shipments_tracking_number" in step for step in searches), plan
    assert not [step for step in searches if step.startswith("SCAN")], plan

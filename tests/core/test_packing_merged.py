"""A merged shipment is packed as the one parcel it is: its label opens every merged order, their
units are counted together (one line per SKU), and packing records each order as packed, undone
together. Before, the packing screen refused the merged shipment's tracking number and, from the
first order's ``#123`` label, asked only for that order's units while the label listed them all."""

from __future__ import annotations

import pytest

from orderdesk.domain.amendments import hold
from orderdesk.domain.catalogue import ProductDraft
from orderdesk.domain.errors import Refused
from orderdesk.domain.fulfilment import confirm
from orderdesk.domain.merging import merge
from orderdesk.domain.packing import pack
from orderdesk.domain.stock import set_product
from orderdesk.domain.undo import undo
from orderdesk.store.packing_queries import order_for_scan, packing_count
from tests.core.conftest import Shop

CODES = {"MATE": "7790070000002", "YERBA": "7790387000016", "TERMO": "4006381333931"}


def barcoded(shop: Shop) -> None:
    for sku, code in CODES.items():
        shop.database.perform(
            set_product, ProductDraft(sku, title=sku.title(), on_hand=20, barcode=code)
        )


def packed(shop: Shop, *orders: int) -> list[bool]:
    return [shop.row(order)["packed_at"] is not None for order in orders]


def test_a_merged_parcel_is_counted_and_packed_as_one(shop: Shop) -> None:
    barcoded(shop)
    a = shop.order(("MATE", 2), ("YERBA", 1))
    b = shop.order(("MATE", 1), ("TERMO", 1))
    alone = shop.order(("MATE", 1))
    for order in (a, b, alone):
        shop.database.perform(confirm, order)
    shop.database.perform(merge, [b, a])

    with shop.database.reader() as reader:
        assert order_for_scan(reader, f"#{b}", typed=False) == b
    for ref in (a, b):
        count = packing_count(shop.database, ref)
        assert (count.order_id, count.merged) == (a, (b,))
        assert count.words == f"order #{a} (merged with #{b})"
        assert {line.sku: line.wanted for line in count.lines} == {
            "MATE": 3,
            "YERBA": 1,
            "TERMO": 1,
        }
    assert packing_count(shop.database, alone).merged == ()

    done = shop.database.perform(pack, b)
    assert done.message == f"Order #{b} packed with merged order #{a} (every unit scanned)"
    assert packed(shop, a, b, alone) == [True, True, False]
    with pytest.raises(Refused, match="already packed"):
        packing_count(shop.database, a)

    shop.database.perform(undo)  # one undo: the parcel is unpacked again
    assert packed(shop, a, b) == [False, False]


def test_a_member_already_packed_is_not_counted_again(shop: Shop) -> None:
    barcoded(shop)
    a, b = shop.order(("MATE", 2)), shop.order(("TERMO", 1))
    for order in (a, b):
        shop.database.perform(confirm, order)
    shop.database.perform(pack, a)  # packed on its own, then merged with b
    shop.database.perform(merge, [a, b])
    count = packing_count(shop.database, a)
    assert (count.order_id, count.merged) == (b, ())
    assert [(line.sku, line.wanted) for line in count.lines] == [("TERMO", 1)]
    shop.database.perform(pack, a)
    assert packed(shop, a, b) == [True, True]


def test_a_held_member_stops_the_whole_parcel(shop: Shop) -> None:
    barcoded(shop)
    a, b = shop.order(("MATE", 1)), shop.order(("YERBA", 1))
    for order in (a, b):
        shop.database.perform(confirm, order)
    shop.database.perform(merge, [a, b])
    shop.database.perform(hold, b, "buyer may change the address")
    with pytest.raises(Refused, match=f"order #{b}: .*release it before you pack it"):
        shop.database.perform(pack, a)
    assert packed(shop, a, b) == [False, False]

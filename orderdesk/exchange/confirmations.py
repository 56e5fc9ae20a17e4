"""Shipment-confirmation upload files, as each marketplace's seller centre takes them.

Amazon: the shipping-confirmation flat file (feed ``POST_FLAT_FILE_FULFILLMENT_DATA``), tab
separated, one heading row of the 18 columns of Amazon's current template, one row per shipped
item; ``ship-date`` as ``yyyy-mm-dd``; ``carrier-code`` from the US template's list (matched
exactly, case included), any other carrier as ``Other`` with its name in ``carrier-name``.
Sources: docs/research/shipping-uploads-customs-manifests.md §1 and
tests/exchange/genuine/amazon/README.md.

eBay: Seller Hub's "Add order tracking and shipping info" upload (Reports → Uploads), a comma
separated UTF-8 file, a one-cell ``#INFO`` line above the heading row, one row per order line
(eBay's transaction): ``Shipped``, the order number, the item number and transaction id (kept
from the orders report as eBay's ``ItemID-TransactionID``), title, custom label, carrier and
tracking. eBay's own template text could not be read; these 8 columns are the ones independent
working integrations upload (research notes §2.2, tests/fixtures/confirmations/README.md).
eBay takes carrier names, no fixed code list: its older ``ShippingCarrierCodeType`` spellings
are used where the desk's name matches one, else the name as the seller typed it.

Writes files only: the caller marks what was written.
"""

from __future__ import annotations

import csv
from typing import TextIO

from orderdesk.domain.confirmations import ConfirmedItem
from orderdesk.domain.errors import BadInput

AMAZON_HEADER = (
    "order-id",
    "order-item-id",
    "quantity",
    "ship-date",
    "carrier-code",
    "carrier-name",
    "tracking-number",
    "ship-method",
    "transparency_code",
    "ship_from_address_name",
    "ship_from_address_line1",
    "ship_from_address_line2",
    "ship_from_address_line3",
    "ship_from_address_city",
    "ship_from_address_county",
    "ship_from_address_state_or_region",
    "ship_from_address_postalcode",
    "ship_from_address_countrycode",
)

#: Amazon's carrier codes (US template, Seller Central help G641), by the desk's carrier name
#: folded to lower case.
AMAZON_CARRIERS = {
    code.lower(): code
    for code in (
        "4PX", "A-1", "AAA Cooper", "ABF", "Asendia", "Best Buy", "Blue Package", "Canada Post",
        "CEVA", "China Post", "Conway", "DHL", "DHL eCommerce", "Estes", "FedEx",
        "Fedex Freight", "FedEx SmartPost", "First Mile", "Hongkong Post", "Hunter Logistics",
        "India Post", "JCEX", "Lasership", "Newgistics", "Old Dominion", "OnTrac", "OSM",
        "Pilot Freight", "R+L", "Roadrunner", "Royal Mail", "Saia", "SF Express", "SFC",
        "StreamLite", "UPS", "UPS Freight", "UPS Mail Innovations", "Urban Express", "USPS",
        "XPO Freight", "Yanwen", "Yellow Freight", "Yun Express",
    )
}  # fmt: skip


def amazon_carrier(carrier: str) -> tuple[str, str]:
    """``(carrier-code, carrier-name)``: a listed code and no name, or ``Other`` and the name
    (at most 50 characters, as Amazon takes)."""
    code = AMAZON_CARRIERS.get(carrier.strip().lower())
    return (code, "") if code else ("Other", carrier.strip()[:50])


def write_amazon(stream: TextIO, items: list[ConfirmedItem]) -> None:
    out = csv.writer(stream, delimiter="\t", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out.writerow(AMAZON_HEADER)
    for item in items:
        code, name = amazon_carrier(item.carrier)
        method = " ".join(part for part in (item.carrier, item.service) if part)[:50]
        row = [
            item.order_external_id,
            item.item_id,
            str(item.quantity),
            item.ship_date.strftime("%Y-%m-%d"),
            code,
            name,
            item.tracking_number,
            method,
        ]
        out.writerow(row + [""] * (len(AMAZON_HEADER) - len(row)))


EBAY_HEADER = (
    "Shipping Status",
    "Order Number",
    "Item Number",
    "Item Title",
    "Custom Label",
    "Transaction ID",
    "Shipping Carrier Used",
    "Tracking Number",
)

#: eBay's ``ShippingCarrierCodeType`` values, by the carrier name folded (lower case, no
#: spaces or hyphens).
EBAY_CARRIERS = {
    code.lower(): code
    for code in (
        "UPS", "USPS", "FedEx", "DeutschePost", "DHL", "Hermes", "iLoxx", "Nacex", "Seur",
        "Correos", "Chronopost", "ColiposteDomestic", "ColiposteInternational",
    )
}  # fmt: skip


def ebay_carrier(carrier: str) -> str:
    folded = "".join(ch for ch in carrier.lower() if ch not in " -_.")
    return EBAY_CARRIERS.get(folded, carrier.strip())


def ebay_ids(item_id: str) -> tuple[str, str]:
    """``(Item Number, Transaction ID)`` from eBay's ``ItemID-TransactionID``."""
    item, _, transaction = item_id.partition("-")
    return item, transaction


def write_ebay(stream: TextIO, items: list[ConfirmedItem]) -> None:
    out = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out.writerow(["#INFO"])
    out.writerow(EBAY_HEADER)
    for item in items:
        number, transaction = ebay_ids(item.item_id)
        if not number:
            raise BadInput(
                f"order {item.order_external_id}: line {item.sku or item.title!r} has no eBay "
                f"Item Number (import the order from eBay's orders report)"
            )
        out.writerow(
            [
                "Shipped",
                item.order_external_id,
                number,
                item.title,
                item.sku,
                transaction,
                ebay_carrier(item.carrier),
                item.tracking_number,
            ]
        )


WRITERS = {"amazon": write_amazon, "ebay": write_ebay}

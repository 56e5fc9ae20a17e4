"""Shipment-confirmation upload files, as each marketplace's seller centre takes them.

Amazon: the shipping-confirmation flat file (feed ``POST_FLAT_FILE_FULFILLMENT_DATA``), tab
separated, one heading row of the 18 columns of Amazon's current template, one row per shipped
item; ``ship-date`` as ``yyyy-mm-dd``; ``carrier-code`` from the US template's list (matched
exactly, case included), any other carrier as ``Other`` with its name in ``carrier-name``.
Sources: docs/research/shipping-uploads-customs-manifests.md §1 and
tests/exchange/genuine/amazon/SOURCE.md. Writes files only: the caller marks what was written.
"""

from __future__ import annotations

import csv
from typing import TextIO

from orderdesk.domain.confirmations import ConfirmedItem

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


WRITERS = {"amazon": write_amazon}

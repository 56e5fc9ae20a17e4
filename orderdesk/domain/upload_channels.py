"""Which marketplaces take a shipment-confirmation upload the desk writes, and what the desk
shows instead for the others: the line of shipments still to tell them, and the carrier and
tracking number to copy.

Kept apart from :mod:`orderdesk.domain.confirmations` (which needs the models, and so SQLModel)
because the desk draws these lines from plain counts and rows, from its first paint on.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Channels whose seller centre takes a shipment-confirmation upload the desk writes.
UPLOADS = ("amazon", "ebay")
#: Where the desk shows a shipment's carrier and tracking number ready to copy, for the
#: channels it writes no upload for.
COPY_THEM = (
    "the desk shows each order's carrier and tracking number to copy (y on its row in Ready "
    "to ship or In transit, and the Tracking line of its detail)"
)
#: The channels the desk writes no upload for, and why (see
#: docs/research/shipping-uploads-customs-manifests.md §3 and tests/fixtures/confirmations).
#: Wish and AliExpress do take bulk uploads, but no genuine copy of their templates has been
#: found: the desk says so rather than write columns it would have to guess.
NO_UPLOAD = {
    "mercadolibre": "Mercado Libre takes no upload file",
    "shopify": "Shopify's admin takes no tracking upload file (only per order, or an app)",
    "etsy": "Etsy takes no tracking upload file (only per order in Shop Manager)",
    "wish": (
        "OrderDesk has no genuine Wish upload template, so it does not guess one: add the "
        "tracking in Wish's Merchant Dashboard (the orders are marked shipped in OrderDesk)"
    ),
    "aliexpress": (
        "OrderDesk has no genuine AliExpress upload template, so it does not guess one: add the "
        "tracking in AliExpress's Seller Center (the orders are marked shipped in OrderDesk)"
    ),
}


def unconfirmed_line(counts: dict[str, int]) -> str:
    """The desk's line of shipments still to tell each marketplace that takes an upload
    (empty when none): ``amazon 3 · ebay 1``."""
    return " · ".join(f"{name} {counts[name]:,}" for name in UPLOADS if counts.get(name))


def tracking_to_copy(carrier: str, tracking_number: str) -> str:
    """What the seller pastes into a marketplace that takes no upload: ``carrier tracking``."""
    return " ".join(part for part in (carrier.strip(), tracking_number.strip()) if part)


def shipments_to_copy(detail: Mapping[str, object]) -> list[str]:
    """``carrier tracking`` of each of an order's shipments (an order shipped before shipments
    were kept: its own carrier and tracking), as the detail and the copy key show them."""
    shipments = detail.get("shipments") or []
    assert isinstance(shipments, list)
    texts = [
        tracking_to_copy(str(s.get("carrier") or ""), str(s.get("tracking_number") or ""))
        for s in shipments
        if s.get("tracking_number")
    ]
    if not texts and detail.get("tracking_number"):
        texts = [tracking_to_copy(str(detail.get("carrier") or ""), str(detail["tracking_number"]))]
    return texts

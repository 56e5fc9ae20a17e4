"""Typed pieces of an :class:`~orderdesk.domain.intake.OrderDraft` that tests share.

A test that spreads a shared address into a draft (``OrderDraft(..., **ADDRESS)``) names its
fields here, so mypy checks each key against the draft's own field and its type.
"""

from __future__ import annotations

from typing import TypedDict


class DraftFields(TypedDict, total=False):
    """The draft's optional text fields: who the buyer is and where the order goes."""

    buyer_email: str
    buyer_phone: str
    ship_name: str
    ship_line1: str
    ship_line2: str
    ship_city: str
    ship_region: str
    ship_postal_code: str
    ship_country: str


#: A complete Spanish ship-to (labels print, no customs form: the demo seller is in Spain).
MADRID: DraftFields = {
    "ship_line1": "Calle Mayor 5",
    "ship_city": "Madrid",
    "ship_postal_code": "28013",
    "ship_country": "ES",
}

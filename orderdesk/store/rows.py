"""The rows the store's order queries hand to the screens and the commands, declared.

Each is a ``TypedDict``: read as ``row["field"]`` and printed as it is by ``--json`` (the
stable fields of DESIGN §4), while a misspelt field or a wrong type fails mypy. Money is a
decimal string in the order's currency (``"12.50"``), times are ISO 8601 in UTC or None.
The driver's rows (:mod:`orderdesk.store.reader`) are untyped; :mod:`orderdesk.store.queries`
converts them into these once.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


class Hold(TypedDict):
    """An unshipped order's hold (``active`` false once its date has come)."""

    reason: str
    until: str | None
    active: bool


class OrderRow(TypedDict):
    """One row of a tab, a search or ``list --json``: an order, or on the case tabs one of its
    cases (the ``case_*`` fields and ``respond_by`` are there only then)."""

    id: int
    channel: str
    external_id: str
    stage: str
    tab: str
    payment: str
    buyer_name: str
    country: str
    currency: str
    total: str
    ship_by: str | None
    overdue: bool
    due_soon: bool
    carrier: str
    tracking_number: str
    #: as stored: the carrier's page for the number, or the one typed for a carrier the desk
    #: does not know ("" when there is none)
    tracking_url: str
    #: ``SKU ×qty`` of each line
    items: str
    created_at: str | None
    shipped_at: str | None
    #: in transit far longer than its carrier's usual days
    slow: bool
    label_printed_at: str | None
    finalized_at: str | None
    version: int
    hold: Hold | None
    #: pending and short of stock
    short: bool
    case_id: NotRequired[int]
    case_kind: NotRequired[str]
    case_status: NotRequired[str]
    case_reason: NotRequired[str]
    case_amount: NotRequired[str]
    case_rma: NotRequired[str | None]
    case_received: NotRequired[bool]
    respond_by: NotRequired[str | None]
    respond_late: NotRequired[bool]


#: A field of :class:`OrderRow`, for code that picks a field by name (a table's column).
OrderField = Literal[
    "id",
    "channel",
    "external_id",
    "stage",
    "tab",
    "payment",
    "buyer_name",
    "country",
    "currency",
    "total",
    "ship_by",
    "overdue",
    "due_soon",
    "carrier",
    "tracking_number",
    "tracking_url",
    "items",
    "created_at",
    "shipped_at",
    "slow",
    "label_printed_at",
    "finalized_at",
    "version",
    "hold",
    "short",
    "case_id",
    "case_kind",
    "case_status",
    "case_reason",
    "case_amount",
    "case_rma",
    "case_received",
    "respond_by",
    "respond_late",
]


class Parcel(TypedDict):
    number: int
    weight_g: int
    handed_over: bool
    handed_over_at: str | None


class Shipment(TypedDict):
    """Lines that left together under one carrier and tracking number."""

    id: int
    at: str | None
    carrier: str
    tracking_number: str
    tracking_url: str
    #: units per SKU
    lines: dict[str, int]
    merged_with: int | None
    confirmed: bool
    confirmed_at: str | None
    parcels: list[Parcel]


ShipToKey = Literal["name", "line1", "line2", "city", "region", "postal_code", "country"]


class ShipTo(TypedDict):
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str


MoneyKey = Literal[
    "subtotal", "shipping", "tax", "discount", "total", "fee", "shipping_cost", "refunded", "net"
]


class Money(TypedDict):
    """The fee composition, each a decimal string in the order's currency."""

    subtotal: str
    shipping: str
    tax: str
    discount: str
    total: str
    fee: str
    shipping_cost: str
    refunded: str
    net: str


class Times(TypedDict):
    created_at: str | None
    paid_at: str | None
    ship_by: str | None
    confirmed_at: str | None
    label_printed_at: str | None
    packed_at: str | None
    shipped_at: str | None
    delivered_at: str | None
    cancelled_at: str | None


class LineRow(TypedDict):
    sku: str
    title: str
    variant: str
    quantity: int
    unit_price: str


class CaseRow(TypedDict):
    id: int
    kind: str
    status: str
    reason: str
    amount: str
    opened_at: str | None
    respond_by: str | None
    closed_at: str | None
    resolution: str
    #: the return authorisation's number (``RMA-…``), once a return is accepted
    rma: str | None
    received: bool
    received_at: str | None


class MessageRow(TypedDict):
    at: str | None
    direction: str
    author: str
    body: str


class JournalRow(TypedDict):
    id: int
    at: str | None
    actor: str
    action: str
    summary: str
    before: dict[str, object]
    after: dict[str, object]
    #: units moved per SKU
    stock: dict[str, int]
    undone_by: int | None
    undo_of: int | None


class OrderDetail(OrderRow):
    """Everything ``show --json`` and the detail screen display about one order."""

    shipments: list[Shipment]
    #: the orders leaving in one shipment with this one
    merged_with: list[int]
    #: some lines have left, some not (the stage stays)
    partly_shipped: bool
    payout: str
    buyer_email: str
    buyer_phone: str
    ship_to: ShipTo
    money: Money
    service: str
    note: str
    tags: list[str]
    cancel_reason: str
    paid_method: str
    paid_reference: str
    possible_duplicate_of: int | None
    times: Times
    packed: bool
    lines: list[LineRow]
    cases: list[CaseRow]
    messages: list[MessageRow]
    journal: list[JournalRow]

"""A complete desk row, as :func:`orderdesk.store.queries.list_rows` hands one over, for tests
that draw a table or open a dialog without a database: spread it and change what the test is
about (``{**ORDER_ROW, "id": 7, "total": "12.50"}``), and mypy checks each key and its type
against :class:`~orderdesk.store.rows.OrderRow`."""

from __future__ import annotations

from orderdesk.store.rows import OrderRow

ORDER_ROW: OrderRow = {
    "id": 1,
    "channel": "manual",
    "external_id": "",
    "stage": "pending",
    "tab": "to-prepare",
    "payment": "paid",
    "buyer_name": "",
    "country": "",
    "currency": "USD",
    "total": "0.00",
    "ship_by": None,
    "overdue": False,
    "due_soon": False,
    "carrier": "",
    "tracking_number": "",
    "tracking_url": "",
    "items": "",
    "created_at": None,
    "shipped_at": None,
    "slow": False,
    "label_printed_at": None,
    "finalized_at": None,
    "version": 1,
    "hold": None,
    "short": False,
}

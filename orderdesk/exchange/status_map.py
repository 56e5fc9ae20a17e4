r"""How each channel's statuses map onto the desk: stage, payment, payout and cases.

This table is the one place the mapping lives. A channel decides only what happens on its side:
whether the buyer paid, whether it cancelled the order, whether the parcel shipped or arrived,
and refunds. Everything between (review, confirm, label) is the desk's own work, so a channel
status that means "paid, waiting for the seller" maps to ``pending`` and the seller confirms
it in the desk, which takes stock.

=================  ==========================================  ===========  ==========  =======
channel            status in the file                          stage        payment     case
=================  ==========================================  ===========  ==========  =======
shopify            Financial Status: pending, authorized,      —            unpaid      —
                   partially_paid, voided, expired
shopify            Financial Status: paid                      —            paid        —
shopify            Financial Status: partially_refunded        —            part. ref.  refund
shopify            Financial Status: refunded                  —            refunded    refund
shopify            Fulfillment Status: unfulfilled, partial,   pending      —           —
                   restocked (blank too)
shopify            Fulfillment Status: fulfilled               in_transit   —           —
shopify            a "Cancelled at" time                       cancelled    —           —
amazon             order-status: Pending                       pending      unpaid      —
amazon             Unshipped, PartiallyShipped                 pending      paid        —
amazon             Shipped                                     in_transit   paid        —
amazon             Canceled / Cancelled                        cancelled    refunded*   —
amazon             (no status column: paid when payments-date is given)
mercadolibre       Etiqueta lista para imprimir, Lista para    pending      paid        —
                   preparar, Listo para enviar, Acordá la
                   entrega, Pendiente de pago (unpaid)
mercadolibre       En camino, En punto de retiro               in_transit   paid        —
mercadolibre       Entregado, Venta entregada                  delivered    paid        —
mercadolibre       Cancelada por el comprador, Cancelaste la   cancelled    refunded    —
                   venta, Cancelada
mercadolibre       Devolución en camino                        delivered    paid        return
mercadolibre       Devolución finalizada con reembolso al      delivered    refunded    return ✓
                   comprador
mercadolibre       Reclamo abierto, En mediación               delivered    paid        dispute
generic (the       pending | shipped | in_transit | delivered  as named     column      —
template; also     | cancelled, and the AliExpress/Wish words
AliExpress, Wish)  below
=================  ==========================================  ===========  ==========  =======

\* Amazon refunds (or never charges) a cancelled order itself, so a cancelled Amazon order that
was paid counts as refunded; elsewhere a paid order the file shows cancelled with nothing
refunded stays paid and is tagged ``refund-owed``. A refunded order with no refund amount in the
file is refunded its total. A Mercado Libre status not in the table is read by its words
(:data:`MERCADOLIBRE_WORDS`).

A payout becomes ``pending`` when an order is delivered (the desk's rule); "✓" marks a case the
channel already closed in the buyer's favour (status ``accepted``), others open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from orderdesk.domain.stages import Payment, Stage

if TYPE_CHECKING:
    from orderdesk.exchange.reading import Problems


@dataclass(frozen=True)
class ChannelStatus:
    """What one status in a channel's file says. ``None`` leaves the field to other columns."""

    stage: Stage | None
    payment: Payment | None
    case_kind: str = ""
    case_status: str = ""


def _s(
    stage: Stage | None, payment: Payment | None, case_kind: str = "", case_status: str = ""
) -> ChannelStatus:
    return ChannelStatus(stage, payment, case_kind, case_status)


P, C, T, D = Stage.PENDING, Stage.CANCELLED, Stage.IN_TRANSIT, Stage.DELIVERED
UNPAID, PAID = Payment.UNPAID, Payment.PAID
PART, REFUNDED = Payment.PARTIALLY_REFUNDED, Payment.REFUNDED

SHOPIFY_FINANCIAL: dict[str, ChannelStatus] = {
    "pending": _s(None, UNPAID),
    "authorized": _s(None, UNPAID),
    "partially_paid": _s(None, UNPAID),
    "voided": _s(None, UNPAID),
    "expired": _s(None, UNPAID),
    "paid": _s(None, PAID),
    "partially_refunded": _s(None, PART, "refund", "accepted"),
    "refunded": _s(None, REFUNDED, "refund", "accepted"),
}
SHOPIFY_FULFILLMENT: dict[str, ChannelStatus] = {
    "": _s(P, None),
    "unfulfilled": _s(P, None),
    "partial": _s(P, None),
    "restocked": _s(P, None),
    "fulfilled": _s(T, None),
}
AMAZON: dict[str, ChannelStatus] = {
    "pending": _s(P, UNPAID),
    "unshipped": _s(P, PAID),
    "partiallyshipped": _s(P, PAID),
    "shipped": _s(T, PAID),
    "canceled": _s(C, None),
    "cancelled": _s(C, None),
    "shipping": _s(P, PAID),
}
MERCADOLIBRE: dict[str, ChannelStatus] = {
    "etiqueta lista para imprimir": _s(P, PAID),
    "lista para preparar": _s(P, PAID),
    "listo para enviar": _s(P, PAID),
    "acordá la entrega": _s(P, PAID),
    "acorda la entrega": _s(P, PAID),
    "pendiente de pago": _s(P, UNPAID),
    "en camino": _s(T, PAID),
    "en punto de retiro": _s(T, PAID),
    "entregado": _s(D, PAID),
    "venta entregada": _s(D, PAID),
    "cancelada por el comprador": _s(C, REFUNDED),
    "cancelaste la venta": _s(C, REFUNDED),
    "cancelada": _s(C, REFUNDED),
    "devolución en camino": _s(D, PAID, "return", "open"),
    "devolución finalizada con reembolso al comprador": _s(D, REFUNDED, "return", "accepted"),
    "reclamo abierto": _s(D, PAID, "dispute", "open"),
    "en mediación": _s(D, PAID, "dispute", "open"),
}
GENERIC: dict[str, ChannelStatus] = {
    "": _s(P, None),
    "pending": _s(P, None),
    "new": _s(P, None),
    "shipped": _s(T, None),
    "in_transit": _s(T, None),
    "in transit": _s(T, None),
    "delivered": _s(D, None),
    "cancelled": _s(C, None),
    "canceled": _s(C, None),
    # AliExpress order list words
    "awaiting payment": _s(P, UNPAID),
    "awaiting shipment": _s(P, PAID),
    "awaiting delivery": _s(T, PAID),
    "completed": _s(D, PAID),
    "finished": _s(D, PAID),
    "closed": _s(C, None),
    # Wish
    "approved": _s(P, PAID),
    "refunded": _s(C, REFUNDED),
}
GENERIC_PAYMENT: dict[str, Payment] = {
    "unpaid": UNPAID,
    "paid": PAID,
    "partially_refunded": PART,
    "refunded": REFUNDED,
}

TABLES: dict[str, dict[str, ChannelStatus]] = {
    "shopify-financial": SHOPIFY_FINANCIAL,
    "shopify-fulfillment": SHOPIFY_FULFILLMENT,
    "amazon": AMAZON,
    "mercadolibre": MERCADOLIBRE,
    "generic": GENERIC,
}


def lookup(table: str, status: str) -> ChannelStatus | None:
    """The meaning of ``status`` in ``table`` (case and spacing do not matter; a status
    written as the table writes it is found without normalising it, once per order row)."""
    statuses = TABLES[table]
    found = statuses.get(status)
    return found if found is not None else statuses.get(" ".join(status.split()).casefold())


def read(
    table: str, status: str, problems: Problems, row: int, column: str, what: str
) -> ChannelStatus | None:
    """``lookup``, and a status the table does not know is a problem of that row and column
    that lists the statuses it knows."""
    found = lookup(table, status)
    if found is None:
        problems.add(row, column, f"{status!r} is not {what} ({known(table)})")
    return found


#: Mercado Libre writes its statuses as sentences that change over time ("Listo para
#: recolección. Está demorado 1 día pero no afectó tu reputación"); one not in the table is
#: read by its words, in this order (the first that matches decides).
MERCADOLIBRE_WORDS: tuple[tuple[tuple[str, ...], ChannelStatus], ...] = (
    (("cancel",), _s(C, REFUNDED)),
    (("reembolso",), _s(D, REFUNDED, "return", "accepted")),
    (("devoluci",), _s(D, PAID, "return", "open")),
    (("reclamo", "mediaci"), _s(D, PAID, "dispute", "open")),
    (("pendiente de pago", "esperando el pago", "pago pendiente"), _s(P, UNPAID)),
    (
        ("no entregad", "en camino", "punto de retiro", "despachad", "enviado", "en tránsito"),
        _s(T, PAID),
    ),
    (("entregad", "concretada", "recibido"), _s(D, PAID)),
)
#: What every other sentence means: paid and not yet shipped (a label, a pickup, a delay).
MERCADOLIBRE_OTHER = _s(P, PAID)


def mercadolibre_status(status: str) -> tuple[ChannelStatus, bool]:
    """A Mercado Libre status: from the table, else by its words; ``True`` when it was read
    as "paid, not shipped yet" only because no word said otherwise."""
    found = lookup("mercadolibre", status)
    if found is not None:
        return found, False
    words = " ".join(status.split()).casefold()
    for keys, meaning in MERCADOLIBRE_WORDS:
        if any(key in words for key in keys):
            return meaning, False
    return MERCADOLIBRE_OTHER, True


def known(table: str) -> str:
    """The statuses a table knows, for an error message."""
    return ", ".join(repr(s) for s in TABLES[table] if s)

"""New orders: a draft is checked, priced and entered with its journal entry."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from orderdesk.domain.contact import contact_problems
from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import Change, snapshot
from orderdesk.domain.models import Line, Order
from orderdesk.domain.money import currency as check_currency
from orderdesk.domain.new_orders import (
    STATED,
    LineFacts,
    OrderFacts,
    StatedOrder,
    line_fields,
    order_fields,
)
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Payment
from orderdesk.domain.units import LARGEST_UNITS

CHANNELS = ("mercadolibre", "aliexpress", "shopify", "amazon", "wish", "manual")


#: A line as the seller types it: the facts of a new line (no channel's line id).
LineDraft = LineFacts


@dataclass(slots=True, kw_only=True)
class OrderDraft(StatedOrder):
    """An order as the seller types it in: what every new order states (buyer, ship-to,
    charges, currency, note; money in minor units of ``currency``), its lines, and the
    seller's own word on the channel, the payment and the tags."""

    lines: list[LineDraft]
    channel: str = "manual"
    external_id: str = ""
    paid: bool = False
    tags: list[str] = field(default_factory=list)


def check_draft(draft: OrderDraft) -> list[str]:
    """Every problem with a draft, each naming its field (empty when it can be entered)."""
    problems = []
    if not draft.buyer_name.strip():
        problems.append("buyer name: required")
    try:
        check_currency(draft.currency)
    except BadInput as exc:
        problems.append(f"currency: {exc.message}")
    if not draft.channel.strip():
        problems.append("channel: required")
    if not draft.lines:
        problems.append("lines: an order needs at least one line")
    for number, line in enumerate(draft.lines, start=1):
        if not line.title.strip() and not line.sku.strip():
            problems.append(f"line {number}: give a SKU or a title")
        if line.quantity <= 0:
            problems.append(f"line {number} quantity: must be at least 1")
        elif line.quantity > LARGEST_UNITS:
            problems.append(f"line {number} quantity: at most {LARGEST_UNITS:,}")
        if line.unit_price < 0:
            problems.append(f"line {number} unit price: cannot be negative")
    for name in ("shipping", "tax", "discount"):
        if getattr(draft, name) < 0:
            problems.append(f"{name}: cannot be negative")
    if draft.ship_country and len(draft.ship_country.strip()) != 2:
        problems.append("country: use the two-letter code (AR, BR, US, …)")
    problems += contact_problems(draft.buyer_email, draft.buyer_phone)
    return problems


def stripped(line: LineDraft) -> LineFacts:
    """A typed line without the spaces around its text."""
    return replace(
        line, sku=line.sku.strip(), title=line.title.strip(), variant=line.variant.strip()
    )


def create_order(uow: UnitOfWork, draft: OrderDraft, *, handling_days: int = 2) -> Outcome:
    problems = check_draft(draft)
    if problems:
        raise BadInput("new order: " + "; ".join(problems))
    now = uow.now()
    subtotal = sum(line.quantity * line.unit_price for line in draft.lines)
    total = subtotal + draft.shipping + draft.tax - draft.discount
    if total < 0:
        raise BadInput("new order: discount: larger than the order")
    stated = {name: getattr(draft, name) for name in STATED}
    for name, value in stated.items():
        if isinstance(value, str):
            stated[name] = value.strip()
    stated["ship_name"] = (draft.ship_name or draft.buyer_name).strip()
    stated["ship_country"] = stated["ship_country"].upper()
    stated["currency"] = check_currency(draft.currency)
    facts = OrderFacts(
        **stated,
        channel=draft.channel.strip().lower(),
        external_id=draft.external_id.strip(),
        created_at=now,
        payment=(Payment.PAID if draft.paid else Payment.UNPAID).value,
        paid_at=now if draft.paid else None,
        subtotal=subtotal,
        total=total,
        tags=",".join(draft.tags),
    )
    order = Order(
        **order_fields(facts, handling_days=handling_days),
        lines=[
            Line(**line_fields(stripped(line), position=position))
            for position, line in enumerate(draft.lines)
        ],
    )
    if not order.external_id:
        order.external_id = f"pending-{now.timestamp():.6f}"
    uow.add(order)
    uow.flush()
    if order.external_id.startswith("pending-"):
        order.external_id = f"M-{order.id:06d}"
    change = Change(order)
    change.after["order"] = snapshot(order)
    uow.add(
        change.entry(
            "created", uow.actor, now, f"Order {order.ref} entered by hand", undoable=False
        )
    )
    uow.flush()
    return Outcome("created", order.id or 0, f"Order {order.ref} created")

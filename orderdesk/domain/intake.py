"""New orders: a draft is checked, priced and entered with its journal entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from orderdesk.domain.contact import contact_problems
from orderdesk.domain.errors import BadInput
from orderdesk.domain.journal import Change, snapshot
from orderdesk.domain.models import Line, Order
from orderdesk.domain.money import currency as check_currency
from orderdesk.domain.new_orders import OrderFacts, order_fields
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Payment
from orderdesk.domain.units import LARGEST_UNITS

CHANNELS = ("mercadolibre", "aliexpress", "shopify", "amazon", "wish", "manual")


@dataclass
class LineDraft:
    sku: str
    title: str
    quantity: int
    unit_price: int
    variant: str = ""


@dataclass
class OrderDraft:
    """An order as the seller types it in (money in minor units of ``currency``)."""

    buyer_name: str
    currency: str
    lines: list[LineDraft]
    channel: str = "manual"
    external_id: str = ""
    buyer_email: str = ""
    buyer_phone: str = ""
    ship_name: str = ""
    ship_line1: str = ""
    ship_line2: str = ""
    ship_city: str = ""
    ship_region: str = ""
    ship_postal_code: str = ""
    ship_country: str = ""
    shipping: int = 0
    tax: int = 0
    discount: int = 0
    paid: bool = False
    note: str = ""
    channel_ship_by: datetime | None = None
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


def create_order(uow: UnitOfWork, draft: OrderDraft, *, handling_days: int = 2) -> Outcome:
    problems = check_draft(draft)
    if problems:
        raise BadInput("new order: " + "; ".join(problems))
    now = uow.now()
    subtotal = sum(line.quantity * line.unit_price for line in draft.lines)
    total = subtotal + draft.shipping + draft.tax - draft.discount
    if total < 0:
        raise BadInput("new order: discount: larger than the order")
    facts = OrderFacts(
        channel=draft.channel.strip().lower(),
        external_id=draft.external_id.strip(),
        created_at=now,
        currency=check_currency(draft.currency),
        payment=(Payment.PAID if draft.paid else Payment.UNPAID).value,
        paid_at=now if draft.paid else None,
        ship_by=draft.channel_ship_by,
        buyer_name=draft.buyer_name.strip(),
        buyer_email=draft.buyer_email.strip(),
        buyer_phone=draft.buyer_phone.strip(),
        ship_name=(draft.ship_name or draft.buyer_name).strip(),
        ship_line1=draft.ship_line1.strip(),
        ship_line2=draft.ship_line2.strip(),
        ship_city=draft.ship_city.strip(),
        ship_region=draft.ship_region.strip(),
        ship_postal_code=draft.ship_postal_code.strip(),
        ship_country=draft.ship_country.strip().upper(),
        subtotal=subtotal,
        shipping=draft.shipping,
        tax=draft.tax,
        discount=draft.discount,
        total=total,
        note=draft.note.strip(),
        tags=",".join(draft.tags),
    )
    order = Order(
        **order_fields(facts, handling_days=handling_days),
        lines=[
            Line(
                position=i,  # type: ignore[call-arg]  # order_id is set on flush
                sku=line.sku.strip(),
                title=line.title.strip(),
                variant=line.variant.strip(),
                quantity=line.quantity,
                unit_price=line.unit_price,
            )
            for i, line in enumerate(draft.lines)
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

"""The exceptions of an order day: fix the address or contact, mark a direct sale paid, change
the lines before confirming, hold an order and release it.

Each is an action like those of :mod:`orderdesk.domain.fulfilment`: it checks its rule, changes
the order and writes one undoable journal entry (who, when, every field before and after).

Money when lines change: ``subtotal`` follows the lines. On an unpaid order the total is the
lines plus shipping and tax less discount again. On a paid order the total stays what the buyer
paid; lines may not be worth more than was paid (take a new payment as a new order), and what is
taken off is recorded as a partial refund, so net falls by exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from orderdesk.domain import row_rules
from orderdesk.domain.catalogue import check_origin, check_sku
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.fulfilment import load, record, refuse
from orderdesk.domain.holds import hold_words, on_hold
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Line, Order
from orderdesk.domain.money import format_money, parse_in_currency
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.stages import Payment, Stage
from orderdesk.domain.units import whole, within

#: What ``edit`` may change, and how a message names each field.
EDITABLE = {
    "ship_name": "name",
    "ship_line1": "address line 1",
    "ship_line2": "address line 2",
    "ship_city": "city",
    "ship_region": "region",
    "ship_postal_code": "postal code",
    "ship_country": "country",
    "buyer_email": "email",
    "buyer_phone": "phone",
}
#: Channels whose payment the seller records by hand; the marketplaces' imports record theirs.
PAID_BY_HAND = row_rules.PAID_BY_HAND
MAX_FIELD = 200


# -- holds ---------------------------------------------------------------------------------


def hold(
    uow: UnitOfWork,
    ref: str | int,
    reason: str,
    until: datetime | None = None,
    *,
    expected_version: int | None = None,
) -> Outcome:
    order = load(uow, ref, expected_version)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused(f"order {order.ref}: give a reason to hold it (restock, buyer's answer…)")
    if len(reason) > MAX_FIELD:
        raise BadInput(f"order {order.ref}: reason: longer than {MAX_FIELD} characters")
    refuse(order, row_rules.hold(order.stage, order.payment))
    if on_hold(order, uow.now()):
        raise Refused(f"order {order.ref}: already {hold_words(order)}; release it first")
    if until is not None and until <= uow.now():
        raise BadInput(f"order {order.ref}: --until: the date to wait for must be in the future")
    change = Change(order)
    change.set(hold_reason=reason, hold_until=until)
    return record(uow, change, "hold", f"Order {order.ref} {hold_words(order)}")


def release(uow: UnitOfWork, ref: str | int, *, expected_version: int | None = None) -> Outcome:
    order = load(uow, ref, expected_version)
    if not order.hold_reason:
        raise Refused(f"order {order.ref}: not on hold")
    change = Change(order)
    was = order.hold_reason
    change.set(hold_reason="", hold_until=None)
    return record(uow, change, "released", f"Order {order.ref} released from hold ({was})")


# -- ship-to and contact -------------------------------------------------------------------


def edit(
    uow: UnitOfWork, ref: str | int, values: dict[str, str], *, expected_version: int | None = None
) -> Outcome:
    """Change the ship-to address and the buyer's contact, before the order ships."""
    order = load(uow, ref, expected_version)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise BadInput(f"order {order.ref}: cannot edit {', '.join(sorted(unknown))}")
    if not values:
        raise BadInput(f"order {order.ref}: say what to change (--ship-postal-code …)")
    refuse(order, row_rules.edit_contact(order.stage, order.payment))
    clean: dict[str, str] = {}
    for name, value in values.items():
        text = " ".join((value or "").split())
        if len(text) > MAX_FIELD:
            raise BadInput(
                f"order {order.ref}: {EDITABLE[name]}: longer than {MAX_FIELD} characters"
            )
        if name == "ship_country":
            try:
                text = check_origin(text)
            except BadInput as error:
                raise BadInput(f"order {order.ref}: country: {error.message}") from None
        if name == "buyer_email" and text and ("@" not in text or " " in text):
            raise BadInput(f"order {order.ref}: email: {text!r} is not an email address")
        clean[name] = text
    change = Change(order)
    words = [
        f"{EDITABLE[n]} {getattr(order, n)!r} → {v!r}"
        for n, v in clean.items()
        if getattr(order, n) != v
    ]
    change.set(**clean)
    if not change.after["order"]:
        raise Refused(f"order {order.ref}: nothing to change (every field given is as stored)")
    reprint = "; reprint its label" if order.stage == Stage.READY_TO_SHIP else ""
    return record(uow, change, "edited", f"Order {order.ref} edited: {'; '.join(words)}{reprint}")


# -- payment by hand -----------------------------------------------------------------------


def mark_paid(
    uow: UnitOfWork,
    ref: str | int,
    method: str = "",
    reference: str = "",
    *,
    expected_version: int | None = None,
) -> Outcome:
    order = load(uow, ref, expected_version)
    if order.channel not in PAID_BY_HAND:
        raise Refused(
            f"order {order.ref}: a {order.channel} order's payment comes with its "
            f"import; only direct and manual sales are marked paid by hand"
        )
    refuse(order, row_rules.mark_paid(order.stage, order.payment))
    method, reference = " ".join(method.split()), " ".join(reference.split())
    if len(method) > MAX_FIELD or len(reference) > MAX_FIELD:
        raise BadInput(f"order {order.ref}: method and reference: at most {MAX_FIELD} characters")
    change = Change(order)
    change.set(
        payment=Payment.PAID.value, paid_at=uow.now(), paid_method=method, paid_reference=reference
    )
    how = " ".join(p for p in (method, reference) if p)
    return record(
        uow, change, "paid", f"Order {order.ref} marked paid" + (f" ({how})" if how else "")
    )


# -- lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChange:
    """One change of an order's lines: ``set`` SKU to QTY [at PRICE], ``remove`` SKU,
    ``swap`` SKU for NEW (same quantity and price)."""

    kind: str  # set | remove | swap
    sku: str
    quantity: int = 0
    price: str | None = None  # in the order's currency, as typed
    new_sku: str = ""


def parse_line_changes(text: str) -> list[LineChange]:
    """Changes typed in one line, as the desk takes them: ``set SKU QTY [PRICE]``,
    ``remove SKU``, ``swap OLD NEW``, separated by ``;`` or commas."""
    changes = []
    for part in text.replace(",", ";").split(";"):
        words = part.split()
        if not words:
            continue
        verb, rest = words[0].lower(), words[1:]
        if verb == "set" and len(rest) in (2, 3):
            quantity = whole(rest[1], f"set {rest[0]}: quantity")
            changes.append(
                LineChange("set", rest[0], quantity, rest[2] if len(rest) == 3 else None)
            )
        elif verb == "remove" and len(rest) == 1:
            changes.append(LineChange("remove", rest[0]))
        elif verb == "swap" and len(rest) == 2:
            changes.append(LineChange("swap", rest[0], new_sku=rest[1]))
        else:
            raise BadInput(
                f"{part.strip()!r}: write set SKU QTY [PRICE], remove SKU or swap OLD NEW"
            )
    if not changes:
        raise BadInput("say which lines change: set SKU QTY [PRICE], remove SKU, swap OLD NEW")
    return changes


def change_lines(
    uow: UnitOfWork,
    ref: str | int,
    changes: list[LineChange],
    *,
    expected_version: int | None = None,
) -> Outcome:
    order = load(uow, ref, expected_version)
    if not changes:
        raise BadInput(f"order {order.ref}: say which lines change (--set, --remove, --swap)")
    refuse(order, row_rules.change_lines(order.stage, order.payment))
    lines = [
        Line(
            position=0,
            sku=line.sku,
            title=line.title,  # type: ignore[call-arg]
            variant=line.variant,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for line in order.lines
    ]
    words = []
    for step in changes:
        words.append(_apply(uow, order, lines, step))
    if not lines:
        raise Refused(f"order {order.ref}: an order keeps at least one line — cancel it instead")
    for position, line in enumerate(lines):
        line.position = position
    subtotal = sum(line.quantity * line.unit_price for line in lines)
    change = Change(order)
    message = f"Lines of order {order.ref} changed: {'; '.join(words)}"
    if order.payment in (Payment.PAID, Payment.PARTIALLY_REFUNDED):
        taken_off = order.subtotal - subtotal
        if taken_off < 0:
            raise Refused(
                f"order {order.ref}: paid — the lines cannot be worth more than was "
                f"paid (+{format_money(-taken_off, order.currency)}); enter the extra "
                f"as a new order"
            )
        left = order.total - order.refunded
        if taken_off > left:
            raise Refused(
                f"order {order.ref}: {format_money(taken_off, order.currency)} off is "
                f"above what is left to refund ({format_money(left, order.currency)})"
            )
        if taken_off:
            refunded = order.refunded + taken_off
            change.set(
                refunded=refunded,
                payment=(
                    Payment.REFUNDED if refunded >= order.total else Payment.PARTIALLY_REFUNDED
                ).value,
            )
            message += f"; {format_money(taken_off, order.currency)} refunded"
        change.set(subtotal=subtotal)
    else:
        total = subtotal + order.shipping + order.tax - order.discount
        if total < 0:
            raise Refused(f"order {order.ref}: the discount would be larger than the order")
        change.set(subtotal=subtotal, total=total)
    if [(li.sku, li.quantity, li.unit_price) for li in lines] == [
        (li.sku, li.quantity, li.unit_price) for li in order.lines
    ] and [li.title for li in lines] == [li.title for li in order.lines]:
        raise Refused(f"order {order.ref}: nothing to change (the lines are as given)")
    change.set_lines(lines)
    return record(uow, change, "lines_changed", message)


def _find(order: Order, lines: list[Line], sku: str) -> Line:
    for line in lines:
        if line.sku == sku:
            return line
    raise BadInput(f"order {order.ref}: no line with SKU {sku}")


def _apply(uow: UnitOfWork, order: Order, lines: list[Line], step: LineChange) -> str:
    try:
        sku = check_sku(step.sku)
    except BadInput as error:
        raise BadInput(f"order {order.ref}: {error.message}") from None
    price = None
    if step.price is not None:
        price = parse_in_currency(
            step.price, order.currency, field=f"order {order.ref}: price of {sku}"
        )
        if price < 0:
            raise BadInput(f"order {order.ref}: price of {sku}: cannot be negative")
    if step.kind == "remove":
        lines.remove(_find(order, lines, sku))
        return f"{sku} removed"
    if step.kind == "swap":
        line = _find(order, lines, sku)
        try:
            new = check_sku(step.new_sku)
        except BadInput as error:
            raise BadInput(f"order {order.ref}: {error.message}") from None
        if new == sku:
            raise BadInput(f"order {order.ref}: swap {sku} for another SKU, not itself")
        if any(other.sku == new for other in lines):
            raise BadInput(
                f"order {order.ref}: {new} is already on the order; --set its quantity instead"
            )
        product = uow.product(new)
        line.sku, line.title, line.variant = new, product.title if product else new, ""
        return f"{sku} swapped for {new}"
    if step.kind != "set":
        raise BadInput(f"order {order.ref}: {step.kind!r} is not a change of lines")
    if step.quantity <= 0:
        raise BadInput(
            f"order {order.ref}: quantity of {sku}: at least 1 (--remove {sku} takes it off)"
        )
    within(step.quantity, f"order {order.ref}: quantity of {sku}")
    found = next((line for line in lines if line.sku == sku), None)
    if found is None:
        if price is None:
            raise BadInput(f"order {order.ref}: {sku} is a new line; give its price too")
        product = uow.product(sku)
        lines.append(
            Line(
                position=0,
                sku=sku,  # type: ignore[call-arg]
                title=product.title if product else sku,
                quantity=step.quantity,
                unit_price=price,
            )
        )
        return f"{sku} ×{step.quantity} added"
    found.quantity = step.quantity
    if price is not None:
        found.unit_price = price
    return f"{sku} set to ×{step.quantity}"

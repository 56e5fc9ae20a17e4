"""Amazon order reports: tab-separated, one row per order item. Three reports are read:

- the *order report* (``order-id``, ``order-item-id``, ``purchase-date``, prices);
- *Unshipped Orders* (no prices, no currency: ``promise-date`` is the ship-by and
  ``quantity-to-ship`` what is left to send);
- *All Orders* (``amazon-order-id``, ``order-status``, ``fulfillment-channel``; no buyer
  name or address). Orders Amazon fulfils (``fulfillment-channel`` ``Amazon``/``AFN``) are not
  the seller's to ship and are left out.

``item-price`` is the price of the row's whole quantity, so the unit price is ``item-price /
quantity``. In the US and Canada sales tax is added to it; on the other marketplaces ``item-price``
already includes the VAT and ``item-tax`` is the VAT inside it, so the total is what the buyer
paid. A report without a currency takes the marketplace's (from ``sales-channel``, the buyer's
``@marketplace.amazon.<domain>`` address, or the ship-to country). An item listed twice with
the same values is a repeat and skipped; with different values it is a conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from orderdesk.domain.stages import Payment
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, Table, bad
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    currency_code,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "amazon"
LABEL = "Amazon order report"  # how messages and reports name the format
REQUIRED = ("order-id", "purchase-date", "sku")
HEADERS = {"refunded": "item-price", "total": "item-price"}
#: The same facts under the names the All Orders report gives them.
ALIASES = {"amazon-order-id": "order-id", "quantity": "quantity-purchased"}
#: Marketplaces (``sales-channel``, or the domain of a buyer's marketplace address) → currency.
MARKETPLACES = {
    "amazon.com": "USD",
    "amazon.ca": "CAD",
    "amazon.com.mx": "MXN",
    "amazon.com.br": "BRL",
    "amazon.co.uk": "GBP",
    "amazon.de": "EUR",
    "amazon.fr": "EUR",
    "amazon.it": "EUR",
    "amazon.es": "EUR",
    "amazon.nl": "EUR",
    "amazon.com.be": "EUR",
    "amazon.ie": "EUR",
    "amazon.se": "SEK",
    "amazon.pl": "PLN",
    "amazon.com.tr": "TRY",
    "amazon.ae": "AED",
    "amazon.sa": "SAR",
    "amazon.eg": "EGP",
    "amazon.in": "INR",
    "amazon.co.jp": "JPY",
    "amazon.com.au": "AUD",
    "amazon.sg": "SGD",
}
#: Where sales tax is added to the price instead of being inside it (the US and Canada).
TAX_ADDED = frozenset({"amazon.com", "amazon.ca"})
AMAZON_FULFILS = frozenset({"amazon", "afn"})
OPTIONAL = (
    "order-item-id",
    "product-name",
    "quantity-purchased",
    "currency",
    "item-price",
    "quantity-to-ship",
    "sales-channel",
    "fulfillment-channel",
    "item-status",
    "payments-date",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "ship-phone-number",
    "order-status",
    "latest-ship-date",
    "promise-date",
    "carrier",
    "tracking-number",
)
ORDER_LEVEL = ("purchase-date", "currency", "buyer-email", "order-status")


def is_amazon(header: set[str]) -> bool:
    return {"order-id", "order-item-id", "purchase-date"} <= header or {
        "amazon-order-id",
        "purchase-date",
        "order-status",
    } <= header


def _marketplace(get: Callable[[str], Any]) -> str:
    """The marketplace's domain (``amazon.co.uk``), or ``""`` when the row does not say."""
    channel = text(get("sales-channel")).casefold()
    if channel.startswith("amazon."):
        return channel
    email = text(get("buyer-email")).casefold()
    if "@marketplace." in email:
        return email.split("@marketplace.", 1)[1]
    return ""


def _currency(problems: Problems, cols: Columns, number: int, get: Callable[[str], Any]) -> str:
    if text(get("currency")):
        return currency_code(problems, number, cols.label("currency"), get("currency"))
    # no currency (Unshipped Orders; a pending order in All Orders): the marketplace's
    known = MARKETPLACES.get(_marketplace(get))
    if known:
        return known
    code = country(problems, number, cols.label("ship-country"), get("ship-country"))
    from orderdesk.exchange.countries import currency_of

    found = currency_of(code) if code else ""
    if not found:
        problems.add(
            number,
            cols.label("currency"),
            "the report names no currency and the "
            "marketplace cannot be told from sales-channel, buyer-email or "
            "ship-country",
        )
    return found


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, ("purchase-date", "sku"), format_name=LABEL)
    for alias, name in ALIASES.items():
        if cols.index(name) is None and cols.index(alias) is not None:
            cols.positions[name] = cols.positions[alias]
    if cols.index("order-id") is None:
        raise bad(
            table.name,
            table.header_row,
            '"order-id"',
            f"missing from the header (the {LABEL} has order-id, or amazon-order-id in "
            f"the All Orders report)",
        )
    i = {name: cols.index(name) for name in REQUIRED + OPTIONAL}
    priced = i["item-price"] is not None
    amazon_fulfils = 0
    tax_added: set[str] = set()
    orders: dict[str, ImportedOrder] = {}
    heads: dict[str, tuple[int, list[Any]]] = {}
    items: dict[tuple[str, str], tuple[int, list[Any]]] = {}
    for number, record in table.rows:
        tick(number)
        if not any(record):
            continue

        def get(name: str, record: list[Any] = record) -> Any:
            return cell(record, i[name])

        order_id = text(get("order-id"))
        item_id = text(get("order-item-id")) or text(get("sku"))
        if not order_id:
            problems.add(number, cols.label("order-id"), "the order id is required")
            continue
        if text(get("fulfillment-channel")).casefold() in AMAZON_FULFILS:
            amazon_fulfils += 1
            continue
        seen_item = items.get((order_id, item_id))
        if seen_item is not None:
            first_row, first = seen_item
            for index, value in enumerate(record):
                if text(value) != text(cell(first, index)):
                    problems.add(
                        number,
                        table.column_name(index),
                        f"item {item_id} of order {order_id} is listed again with "
                        f"{text(value)!r} (row {first_row} has "
                        f"{text(cell(first, index))!r})",
                    )
                    break
            continue
        items[(order_id, item_id)] = (number, record)
        order = orders.get(order_id)
        if order is None:
            order = _order(cols, get, problems, number, order_id)
            orders[order_id] = order
            if _tax_added(get, order.currency):
                tax_added.add(order_id)
            heads[order_id] = (number, record)
        else:
            head_row, head = heads[order_id]
            for name in ORDER_LEVEL:
                value, was = text(get(name)), text(cell(head, i[name]))
                if i[name] is not None and value != was:
                    problems.add(
                        number,
                        cols.label(name),
                        f"{value!r} conflicts with {was!r} on row {head_row} for order {order_id}",
                    )
        code = order.currency
        # a cancelled item is reported with no price and, in All Orders, no units
        dropped = any(
            text(get(name)).casefold() in ("cancelled", "canceled")
            for name in ("order-status", "item-status")
        )
        if dropped and text(get("quantity-purchased")) in ("", "0"):
            units = 0
        else:
            units = quantity(
                problems, number, cols.label("quantity-purchased"), get("quantity-purchased")
            )
        price = money(
            problems,
            number,
            cols.label("item-price"),
            get("item-price"),
            code,
            mark=".",
            required=priced and i["order-item-id"] is not None and not dropped,
        )
        if units and price % units:
            problems.add(
                number,
                cols.label("item-price"),
                f"{text(get('item-price'))!r} does not divide into {units} equal unit prices",
            )
        order.subtotal += price
        order.tax += money(
            problems, number, cols.label("item-tax"), get("item-tax"), code, mark="."
        )
        order.tax += money(
            problems, number, cols.label("shipping-tax"), get("shipping-tax"), code, mark="."
        )
        order.shipping += money(
            problems, number, cols.label("shipping-price"), get("shipping-price"), code, mark="."
        )
        for name in ("item-promotion-discount", "ship-promotion-discount"):
            order.discount += abs(
                money(
                    problems,
                    number,
                    cols.label(name),
                    get(name),
                    code,
                    mark=".",
                    allow_negative=True,
                )
            )
        order.lines.append(
            ImportedLine(
                text(get("sku")),
                text(get("product-name")),
                units,
                price // units if units else 0,
                item_id=text(get("order-item-id")),
            )
        )
        order.rows.append(number)
    for order in orders.values():
        order.total = order.subtotal + order.shipping - order.discount
        if order.external_id in tax_added:  # US sales tax comes on top of the price
            order.total += order.tax
    if amazon_fulfils:
        problems.warn(
            table.header_row + 1,
            cols.label("fulfillment-channel"),
            f"{amazon_fulfils} row(s) of orders Amazon fulfils (fulfillment-channel "
            f"Amazon) left out: they are not yours to ship",
        )
    return list(orders.values())


def _order(
    cols: Columns, get: Callable[[str], Any], problems: Problems, number: int, order_id: str
) -> ImportedOrder:
    def label(name: str) -> str:
        return cols.label(name)

    code = _currency(problems, cols, number, get)
    created = when(problems, number, label("purchase-date"), get("purchase-date"), required=True)
    paid = when(problems, number, label("payments-date"), get("payments-date"))
    order = ImportedOrder(
        channel=CHANNEL,
        external_id=order_id,
        row=number,
        currency=code,
        created_at=created or EPOCH,
        paid_at=paid,
        payment=(Payment.PAID if paid else Payment.UNPAID).value,
        buyer_email=text(get("buyer-email")),
        buyer_name=text(get("buyer-name")),
        buyer_phone=text(get("buyer-phone-number")) or text(get("ship-phone-number")),
        ship_name=text(get("recipient-name")),
        ship_line1=text(get("ship-address-1")),
        ship_line2=", ".join(
            p for p in (text(get("ship-address-2")), text(get("ship-address-3"))) if p
        ),
        ship_city=text(get("ship-city")),
        ship_region=text(get("ship-state")),
        ship_postal_code=text(get("ship-postal-code")),
        ship_country=country(problems, number, label("ship-country"), get("ship-country")),
        service=text(get("ship-service-level")),
        ship_by=when(problems, number, label("latest-ship-date"), get("latest-ship-date"))
        or when(problems, number, label("promise-date"), get("promise-date")),
        carrier=text(get("carrier")),
        tracking_number=text(get("tracking-number")),
    )
    raw = text(get("order-status"))
    if raw:
        status = status_map.read(
            "amazon", raw, problems, number, label("order-status"), "an Amazon order status"
        )
        if status is not None:
            if status.stage is not None:
                order.stage = status.stage.value
            if status.payment is not None:
                order.payment = status.payment.value
    if order.payment == Payment.PAID and order.paid_at is None:
        order.paid_at = order.created_at
    if order.stage == "cancelled":
        order.cancel_reason = "cancelled on Amazon"
        if order.payment == Payment.PAID:  # Amazon refunds (or never charges) it itself
            order.payment = Payment.REFUNDED.value
    return order


def _tax_added(get: Callable[[str], Any], code: str) -> bool:
    """Whether the marketplace adds sales tax to the price (the US) or has it inside (VAT)."""
    market = _marketplace(get)
    return market in TAX_ADDED or (not market and code in ("USD", "CAD"))

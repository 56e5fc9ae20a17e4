"""Stock actions: make or edit a product, receive, count, adjust, import a catalogue.

Each takes a unit of work, checks its rules, changes the products and writes one journal entry
(no order: ``order_id`` is empty) whose ``stock`` holds every on-hand move, so the journal adds
up to the shelf; each is undone like an order action. Stock never goes below zero.
"""

from __future__ import annotations

from orderdesk.domain.catalogue import ProductDraft, check_sku, checked
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.journal import Change
from orderdesk.domain.models import Product
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork

#: The reasons an adjustment is made for, as the desk offers them (any text is accepted).
ADJUST_REASONS = ("damaged", "lost", "returned to supplier", "found", "sample")

_FIELD_NAMES = {
    "sku": "SKU",
    "title": "title",
    "on_hand": "on hand",
    "low_stock": "low-stock threshold",
    "barcode": "barcode",
    "weight_g": "weight in grams",
    "hs_code": "HS code",
    "origin": "country of origin",
    "customs_description": "customs description",
}


def _record(uow: UnitOfWork, change: Change, action: str, message: str) -> Outcome:
    entry = change.entry(action, uow.actor, uow.now(), message, undoable=True)
    uow.add(entry)
    uow.flush()
    return Outcome(action, 0, message, None, entry.id)


def _product(uow: UnitOfWork, sku: str) -> Product:
    sku = check_sku(sku)
    product = uow.product(sku)
    if product is None:
        raise BadInput(
            f"SKU {sku}: no such product (add it with `orderdesk stock set {sku} --title …`)"
        )
    return product


def apply_draft(uow: UnitOfWork, draft: ProductDraft, change: Change) -> str:
    """Make or update one checked product in ``change``; returns what was done, in words."""
    product = uow.product(draft.sku)
    given = draft.given()
    on_hand = given.pop("on_hand", None)
    if product is None:
        product = Product(
            sku=draft.sku,
            title=given.get("title") or draft.sku,
            **{k: v for k, v in given.items() if k != "title"},
        )
        uow.add(product)
        change.new_product(product)
        if on_hand:
            change.stock_to(product, on_hand)
        return "added"
    before = dict(change.stock)
    change.set_product(product, **given)
    if on_hand is not None:
        change.stock_to(product, on_hand)
    changed = change.after.get("products", {}).get(draft.sku) or change.stock != before
    return "updated" if changed else "unchanged"


def set_product(uow: UnitOfWork, draft: ProductDraft) -> Outcome:
    """``stock set``: make a product, or change the fields given (on hand as a count)."""
    draft, problems = checked(draft)
    if problems:
        name, message = next(iter(problems.items()))
        raise BadInput(f"SKU {draft.sku}: {_FIELD_NAMES[name]}: {message}")
    change = Change()
    done = apply_draft(uow, draft, change)
    if done == "unchanged":
        raise Refused(f"SKU {draft.sku}: nothing to change (every field given is as stored)")
    product = uow.product(draft.sku)
    assert product is not None
    return _record(
        uow,
        change,
        "product_set",
        f"Product {draft.sku} {done}{_stock_words(change, draft.sku, product)}",
    )


def _stock_words(change: Change, sku: str, product: Product) -> str:
    delta = change.stock.get(sku, 0)
    return f"; on hand {product.on_hand} ({delta:+d})" if delta else ""


def receive(uow: UnitOfWork, sku: str, units: int, note: str = "") -> Outcome:
    product = _product(uow, sku)
    if units <= 0:
        raise BadInput(f"SKU {product.sku}: receive at least 1 unit (got {units})")
    change = Change()
    change.stock_to(product, product.on_hand + units)
    why = f": {note.strip()}" if note.strip() else ""
    return _record(
        uow,
        change,
        "stock_received",
        f"Received {units} of {product.sku}; on hand {product.on_hand}{why}",
    )


def count(uow: UnitOfWork, sku: str, counted: int) -> Outcome:
    """A stock count: the shelf holds ``counted``; the difference is journaled."""
    product = _product(uow, sku)
    if counted < 0:
        raise BadInput(f"SKU {product.sku}: a count cannot be negative (got {counted})")
    change = Change()
    was = product.on_hand
    change.stock_to(product, counted)
    return _record(
        uow,
        change,
        "stock_counted",
        f"Counted {counted} of {product.sku} (was {was}, {counted - was:+d})",
    )


def adjust(uow: UnitOfWork, sku: str, delta: int, reason: str) -> Outcome:
    """Damaged, lost, returned to supplier…: on hand moves by ``delta``, never below zero."""
    product = _product(uow, sku)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused(
            f"SKU {product.sku}: give a reason to adjust stock (damaged, lost, "
            f"returned to supplier…)"
        )
    if delta == 0:
        raise BadInput(f"SKU {product.sku}: an adjustment moves at least 1 unit")
    if product.on_hand + delta < 0:
        raise Refused(
            f"SKU {product.sku}: stock never goes below zero ({product.on_hand} on "
            f"hand, adjustment {delta:+d})"
        )
    change = Change()
    change.stock_to(product, product.on_hand + delta)
    return _record(
        uow,
        change,
        "stock_adjusted",
        f"Adjusted {product.sku} by {delta:+d} ({reason}); on hand {product.on_hand}",
    )


def import_catalogue(uow: UnitOfWork, drafts: list[ProductDraft], source: str) -> Outcome:
    """A whole catalogue file as one action (drafts already checked, row by row, by the
    reader): one journal entry, undone at once."""
    change = Change()
    done = {"added": 0, "updated": 0, "unchanged": 0}
    for draft in drafts:
        done[apply_draft(uow, draft, change)] += 1
    message = (
        f"Catalogue {source} imported: {done['added']} added, {done['updated']} "
        f"updated, {done['unchanged']} unchanged"
    )
    if not done["added"] and not done["updated"]:
        return Outcome("catalogue_imported", 0, message)  # the same file again: no entry
    return _record(uow, change, "catalogue_imported", message)

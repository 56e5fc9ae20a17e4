"""Returns: an accepted return's authorisation (RMA) and receiving its goods back.

Accepting a return case (:func:`~orderdesk.domain.aftersales.accept_refund`) calls
:func:`authorise`, which adds a :class:`ReturnAuthorisation` row: the database hands out its id,
the RMA number. :func:`receive_return` puts what the order took back on the shelf once the
parcel arrives, journaled and undoable; it refuses a second time. The journal keeps the
authorisation under ``"returns"`` (``None`` before it existed), so undo removes or restores it.
"""

from __future__ import annotations

from orderdesk.domain import return_rules
from orderdesk.domain.errors import BadInput, Refused
from orderdesk.domain.fulfilment import record, return_stock
from orderdesk.domain.journal import Change, authorisation_dict
from orderdesk.domain.models import Case, Order, ReturnAuthorisation
from orderdesk.domain.outcome import Outcome
from orderdesk.domain.ports import UnitOfWork
from orderdesk.domain.seller_address import Address, return_address_problem


def authorise(uow: UnitOfWork, case: Case, change: Change) -> ReturnAuthorisation:
    """Give the accepted return ``case`` its authorisation; its number comes from the
    database when the row is flushed."""
    authorisation = ReturnAuthorisation(case_id=case.id or 0, authorised_at=uow.now())
    uow.add(authorisation)
    uow.flush()
    assert authorisation.id is not None
    key = str(authorisation.id)
    change.before.setdefault("returns", {})[key] = None
    change.after.setdefault("returns", {})[key] = authorisation_dict(authorisation)
    return authorisation


def _rma(authorisation: ReturnAuthorisation | None) -> str | None:
    if authorisation is None or authorisation.id is None:
        return None
    return return_rules.rma_text(authorisation.id)


def returnable(
    uow: UnitOfWork,
    case_id: str | int,
    seller: Address | None = None,
    where: str = "config.toml",
) -> tuple[Case, Order, ReturnAuthorisation]:
    """The accepted return a return label is printed for; anything else is refused as bad
    input naming the case and why. With ``seller`` (the settings' ``[seller]``, kept in
    ``where``), a seller with no return address to print is refused too."""
    case = uow.case(case_id)
    order = uow.order(case.order_id)
    authorisation = case.authorisation
    why = return_rules.return_label(case.kind, case.status, _rma(authorisation))
    if why is None and seller is not None:
        why = return_address_problem(seller, where)
    if why is not None:
        raise BadInput(f"case {case.id} on order {order.ref}: no return label: {why}")
    assert authorisation is not None
    return case, order, authorisation


def receive_return(uow: UnitOfWork, case_id: str | int) -> Outcome:
    """The returned parcel arrived: what the order took goes back on the shelf (only what
    its journal says it took), once."""
    case = uow.case(case_id)
    order = uow.order(case.order_id)
    authorisation = case.authorisation
    received = authorisation is not None and authorisation.received_at is not None
    why = return_rules.receive(case.kind, case.status, _rma(authorisation), received)
    if why is not None:
        raise Refused(f"case {case.id} on order {order.ref}: cannot receive it: {why}")
    assert authorisation is not None and authorisation.id is not None
    change = Change(order, case)
    key = str(authorisation.id)
    change.before.setdefault("returns", {})[key] = authorisation_dict(authorisation)
    authorisation.received_at = uow.now()
    change.after.setdefault("returns", {})[key] = authorisation_dict(authorisation)
    if order.stock_taken:
        return_stock(uow, order, change)
    units = sum(change.stock.values())
    restocked = (
        f"{units} unit{'s' if units != 1 else ''} back in stock"
        if units
        else "nothing tracked to restock"
    )
    return record(
        uow,
        change,
        "return_received",
        f"Return {return_rules.rma_text(authorisation.id)} (case {case.id}) received on "
        f"order {order.ref}; {restocked}",
    )

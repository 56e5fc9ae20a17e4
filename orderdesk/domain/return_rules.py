"""When an after-sales case is a return whose goods may come back, written once: asked by the
return actions (they refuse with these words) and by the desk (its footer offers the return
keys only when these allow). Plain values only, so the desk asks without loading the ORM."""

from __future__ import annotations

#: The case kind whose goods come back to the seller (a refund keeps them with the buyer).
RETURN_KIND = "return"


def rma_text(number: int) -> str:
    """The return authorisation as the buyer writes it on the parcel: ``RMA000042``."""
    return f"RMA{number:06d}"


def return_label(kind: str, status: str, rma: str | None) -> str | None:
    """Why the case has no return label (None: it has one); ``rma``: its authorisation
    number as text, None when it has none."""
    if kind != RETURN_KIND:
        return f"it is a {kind}, not a return: the buyer keeps the goods"
    if status != "accepted":
        if status == "open":
            return "the return is not accepted yet (accept it first: refund accept)"
        return f"the return was {status}"
    if rma is None:
        return "the return has no authorisation number (it was accepted before shipping)"
    return None


def receive(kind: str, status: str, rma: str | None, received: bool) -> str | None:
    """Why the case's goods cannot be received back on the shelf (None: they can)."""
    why = return_label(kind, status, rma)
    if why is not None:
        return why
    if received:
        return f"return {rma} was already received"
    return None

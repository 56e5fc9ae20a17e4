"""The seller's own address on labels, from the ``[seller]`` settings (plain values here).

A return label is addressed to the seller: without the seller's street, city and country it
cannot reach anyone, so it is refused, naming the settings to fill. A shipping label names the
seller as its sender, where a parcel the carrier cannot deliver comes back: it still prints
without one (the parcel goes to the buyer all the same, and a seller may stamp the sender by
hand), but the seller is told, naming the same settings.
"""

from __future__ import annotations

from typing import Protocol


class Address(Protocol):
    """The ``[seller]`` fields a label's address is made of."""

    @property
    def line1(self) -> str: ...

    @property
    def city(self) -> str: ...

    @property
    def country(self) -> str: ...


#: The ``[seller]`` settings an address cannot do without, as ``config.toml`` names them.
NEEDED = ("line1", "city", "country")


def missing(seller: Address) -> list[str]:
    """The needed ``[seller]`` settings left empty, in :data:`NEEDED` order."""
    return [name for name in NEEDED if not str(getattr(seller, name) or "").strip()]


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def return_address_problem(seller: Address, where: str = "config.toml") -> str | None:
    """Why a return label cannot be printed to the seller (None: it can)."""
    names = missing(seller)
    if not names:
        return None
    return f"the seller's return address is not set: fill [seller] {_listed(names)} in {where}"


def sender_warning(seller: Address, where: str = "config.toml") -> str | None:
    """What the seller is told when shipping labels print with no sender address (None:
    the address is set)."""
    names = missing(seller)
    if not names:
        return None
    return (
        "the labels name no sender address (a parcel the carrier cannot deliver has nowhere "
        f"to come back to): fill [seller] {_listed(names)} in {where}"
    )

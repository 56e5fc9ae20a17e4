"""Which buyer messages wait for an answer: written once, without the ORM, so the desk's
counts (SQL built from these names) and any thread read in Python agree."""

from __future__ import annotations

#: A message from the buyer is answered by a later message to the buyer; a note is no answer.
FROM_BUYER, TO_BUYER = "in", "out"


def unanswered(directions: list[str]) -> int:
    """How many of a thread's messages (their directions, oldest first) came from the buyer
    after the seller's last message to the buyer: not yet answered."""
    waiting = 0
    for direction in directions:
        if direction == TO_BUYER:
            waiting = 0
        elif direction == FROM_BUYER:
            waiting += 1
    return waiting

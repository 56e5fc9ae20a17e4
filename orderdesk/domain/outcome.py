"""What an action returns: plain values for the command line and the desk to show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    action: str
    order_id: int
    message: str
    case_id: int | None = None
    journal_id: int | None = None

"""Recording a batch of printed labels: one label may carry several merged orders.

Each label is recorded for every order it carries, one journal entry each, tied together so
that one undo reverses them all; all its orders are checked first, so one refused order
records none of them. A batch records every label it can in one unit of work and says which
were refused (an order cancelled by another desk since the labels were read, say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from orderdesk.domain.errors import Refused
from orderdesk.domain.fulfilment import check_label, label_printed
from orderdesk.domain.groups import tie
from orderdesk.domain.ports import UnitOfWork


@dataclass(frozen=True)
class PrintedLabel:
    """One label of the batch: the reference the seller gave, the orders it carries."""

    ref: str
    order_ids: tuple[int, ...]


@dataclass
class LabelsRecorded:
    printed: list[int] = field(default_factory=list)  # desk ids recorded, label by label
    refused: list[tuple[str, str]] = field(default_factory=list)  # (ref as given, the rule)


def label_printed_together(uow: UnitOfWork, order_ids: Sequence[int], document: str) -> None:
    """Record one label for every order it carries, undone together."""
    for order_id in order_ids:
        check_label(uow.order(order_id), uow.now())
    outcomes = [label_printed(uow, order_id, document=document) for order_id in order_ids]
    tie(uow, [outcome.journal_id for outcome in outcomes if outcome.action == "label"])


def labels_printed(
    uow: UnitOfWork, labels: Sequence[PrintedLabel], *, document: str
) -> LabelsRecorded:
    """Record every label of a batch that its orders' rules still allow."""
    recorded = LabelsRecorded()
    for label in labels:
        try:
            label_printed_together(uow, label.order_ids, document)
        except Refused as error:  # changed since it was read (e.g. cancelled meanwhile)
            recorded.refused.append((label.ref, error.message))
        else:
            recorded.printed.extend(label.order_ids)
    return recorded

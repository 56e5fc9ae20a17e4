"""A table model's stored columns and their defaults, read from the model itself.

The factories of new rows (:func:`~orderdesk.domain.new_orders.line_fields`,
:func:`~orderdesk.domain.journal.entry_fields`) start every row from its table's
:class:`StoredColumns`, so a row made for a bulk load has exactly the columns, and for the
columns nobody states the very defaults, that the ORM would write for the same model. A column
added to a model is in every such row from then on; no list of names is kept by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticUndefined
from sqlmodel import SQLModel


@dataclass(frozen=True, slots=True)
class StoredColumns:
    """The columns a new row of one table states: every column but the id the database
    hands out and the ones it computes (``orders.tab``), in the table's order."""

    table: str
    names: tuple[str, ...]
    #: Each column's value when nobody states it (None for a required one: its factory sets it).
    template: dict[str, Any]
    #: Columns whose default is made afresh for every row (a JSON mapping or list).
    fresh: tuple[tuple[str, Callable[[], Any]], ...]
    #: Columns the model has no default for: every factory of the table states them.
    required: frozenset[str]

    def row(self) -> dict[str, Any]:
        """A new row of defaults, every column present, in the table's order."""
        row = self.template.copy()
        for name, make in self.fresh:
            row[name] = make()
        return row


def stored_columns(model: type[SQLModel], *, with_id: bool = False) -> StoredColumns:
    """The :class:`StoredColumns` of a table model (``with_id``: its id too, for the tables
    whose new rows are given their ids before they are written)."""
    table: Any = model.__table__  # type: ignore[attr-defined]
    fields = model.model_fields
    names: list[str] = []
    template: dict[str, Any] = {}
    fresh: list[tuple[str, Callable[[], Any]]] = []
    required: set[str] = set()
    for column in table.columns:
        if column.computed is not None or (column.name == "id" and not with_id):
            continue
        name = column.name
        names.append(name)
        info = fields[name]
        template[name] = None
        if info.default_factory is not None:
            fresh.append((name, info.default_factory))  # type: ignore[arg-type]
        elif info.default is PydanticUndefined:
            required.add(name)
        else:
            template[name] = info.default
    return StoredColumns(table.name, tuple(names), template, tuple(fresh), frozenset(required))

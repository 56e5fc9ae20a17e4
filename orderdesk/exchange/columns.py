"""Finding a format's columns in a header by name (repeated names by occurrence)."""

from __future__ import annotations

from collections.abc import Sequence

from orderdesk.exchange.reading import Table, bad, column_letter


def normal(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


class Columns:
    """Positions of named columns; a required column missing from the header is refused."""

    def __init__(self, table: Table, required: Sequence[str], *, format_name: str) -> None:
        self.table = table
        self.positions: dict[str, list[int]] = {}
        for index, name in enumerate(table.header):
            if name:
                self.positions.setdefault(normal(name), []).append(index)
        for name in required:
            if normal(name) not in self.positions:
                after = len(table.header)
                raise bad(
                    table.name,
                    table.header_row,
                    f'"{name}"',
                    f"missing from the header (the {format_name} has this column; the "
                    f"header here has {after} columns, A to {column_letter(after - 1)})",
                )
        self._labels: dict[tuple[str, int], str] = {}

    def index(self, name: str, occurrence: int = 0) -> int | None:
        found = self.positions.get(normal(name))
        if not found or occurrence >= len(found):
            return None
        return found[occurrence]

    def need(self, name: str, occurrence: int = 0) -> int:
        found = self.index(name, occurrence)
        assert found is not None, name  # checked in __init__
        return found

    def label(self, name: str, occurrence: int = 0) -> str:
        """How a problem names the column: ``"Total" (K)``."""
        known = self._labels.get((name, occurrence))
        if known is None:
            found = self.index(name, occurrence)
            known = f'"{name}"' if found is None else self.table.column_name(found)
            self._labels[(name, occurrence)] = known
        return known

    def starting(self, prefix: str) -> list[tuple[str, int]]:
        """Columns whose name starts with ``prefix`` (as written in the header)."""
        key = normal(prefix)
        return [
            (self.table.header[i], i)
            for name, places in self.positions.items()
            if name.startswith(key)
            for i in places
        ]


def cell(record: list[object], index: int | None) -> object:
    if index is None or index >= len(record):
        return None
    return record[index]

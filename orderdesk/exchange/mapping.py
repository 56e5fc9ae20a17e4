"""Saved column mappings: any other CSV/XLSX read as the desk's template.

A mapping is a plain TOML file in the config folder's ``mappings/`` (``NAME.toml``), made in
the desk's mapping screen or written by hand::

    channel = "wish"            # the channel its orders come from
    currency = "USD"            # when the file has no currency column
    date_order = "mdy"          # how slash dates are written: dmy, mdy or ymd
    decimal_mark = "."          # "." (12.50) or "," (12,50)

    [columns]                   # template field = the file's own header
    order_id = "Order Id"
    created_at = "Order Date"
    buyer_name = "Customer"
    quantity = "Qty"
    unit_price = "Price"

``orderdesk import FILE --map NAME`` reads the file through it; the template's fields are
listed by ``orderdesk import --template``.
"""

from __future__ import annotations

import json
import re
import tomllib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orderdesk.domain.errors import BadInput
from orderdesk.domain.money import EXPONENTS
from orderdesk.exchange.columns import normal
from orderdesk.exchange.generic import NAMES
from orderdesk.exchange.reading import Table
from orderdesk.exchange.records import DATE_ORDERS

#: The template fields a mapping must take from the file (channel and currency may be fixed).
NEEDED = ("order_id", "created_at", "buyer_name", "quantity", "unit_price")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def folder() -> Path:
    from orderdesk.config import config_dir

    return config_dir() / "mappings"


def path_of(name: str) -> Path:
    if not _NAME.match(name):
        raise BadInput(f"--map: {name!r} is not a mapping name (letters, digits, - _ .)")
    return folder() / f"{name}.toml"


@dataclass
class Mapping:
    """How one layout's columns become the template's fields."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)  # template field → file header
    channel: str = ""
    currency: str = ""
    date_order: str = ""
    decimal_mark: str = ""

    def check(self, where: str) -> None:
        for key in self.columns:
            if key not in NAMES:
                raise BadInput(
                    f"{where}: [columns] {key!r} is not a field of the template "
                    f"({', '.join(NAMES)})"
                )
        if self.date_order and self.date_order not in DATE_ORDERS:
            raise BadInput(
                f"{where}: date_order {self.date_order!r} is not one of {', '.join(DATE_ORDERS)}"
            )
        if self.decimal_mark not in ("", ".", ","):
            raise BadInput(f"{where}: decimal_mark {self.decimal_mark!r} is not '.' or ','")
        if self.currency and self.currency.upper() not in EXPONENTS:
            raise BadInput(f"{where}: currency {self.currency!r} is not an ISO 4217 code")
        if not self.channel and "channel" not in self.columns:
            raise BadInput(f'{where}: give channel = "NAME" or a [columns] channel')
        if not self.currency and "currency" not in self.columns:
            raise BadInput(f'{where}: give currency = "USD" (or the like) or a [columns] currency')
        missing = [key for key in NEEDED if key not in self.columns]
        if missing:
            raise BadInput(
                f"{where}: [columns] needs {', '.join(missing)} (the file's columns that hold them)"
            )
        if "sku" not in self.columns and "title" not in self.columns:
            raise BadInput(f"{where}: [columns] needs sku or title")

    def apply(self, table: Table) -> Table:
        """The table as the template: mapped headers renamed, constants added as columns."""
        at = {normal(h): n for n, h in enumerate(table.header) if h}
        header = [""] * len(table.header)
        for key, source in self.columns.items():
            index = at.get(normal(source))
            if index is None:
                raise BadInput(
                    f'{table.name}: row {table.header_row}, column "{source}": '
                    f"missing from the header (mapping {self.name!r} reads "
                    f"{key} from it)"
                )
            header[index] = key
        extra: list[str] = []
        if "channel" not in self.columns:
            header.append("channel")
            extra.append(self.channel.lower())
        if "currency" not in self.columns:
            header.append("currency")
            extra.append(self.currency.upper())
        width = len(table.header)
        rows = table.rows

        def widened() -> Iterator[tuple[int, list[Any]]]:
            for number, record in rows:
                if any(v is not None and str(v).strip() for v in record):
                    yield number, (list(record) + [None] * width)[:width] + extra
                else:
                    yield number, list(record)

        mapped = Table(
            table.name, table.kind, table.header_row, header, widened(), table.estimated_rows
        )
        mapped.date_order = self.date_order or None
        mapped.decimal_mark = self.decimal_mark or None
        mapped.labels = {
            key: table.column_name(at[normal(source)]) for key, source in self.columns.items()
        }
        return mapped

    def toml(self) -> str:
        out = [
            f"# OrderDesk column mapping {self.name!r} (orderdesk import FILE --map {self.name})"
        ]
        for key in ("channel", "currency", "date_order", "decimal_mark"):
            value = getattr(self, key)
            if value:
                out.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        out += ["", "[columns]"]
        out += [
            f"{key} = {json.dumps(value, ensure_ascii=False)}"
            for key, value in self.columns.items()
        ]
        return "\n".join(out) + "\n"


def load(name: str) -> Mapping:
    """The saved mapping ``name``; :class:`BadInput` naming the file and field if wrong."""
    path = path_of(name)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        saved = sorted(p.stem for p in folder().glob("*.toml")) if folder().is_dir() else []
        raise BadInput(
            f"--map: no mapping {name!r} in {folder()}"
            + (f" (saved: {', '.join(saved)})" if saved else "")
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: not a readable TOML file ({exc})") from None
    columns = raw.get("columns", {})
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise BadInput(f"{path}: [columns] must map template fields to the file's headers")
    mapping = Mapping(name, dict(columns))
    for key in ("channel", "currency", "date_order", "decimal_mark"):
        value = raw.get(key, "")
        if not isinstance(value, str):
            raise BadInput(f"{path}: {key} must be text")
        setattr(mapping, key, value)
    mapping.check(str(path))
    return mapping


def save(mapping: Mapping) -> Path:
    """Write ``mapping`` to the config folder (replacing one of the same name)."""
    mapping.check(f"mapping {mapping.name!r}")
    path = path_of(mapping.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".toml.part")
    partial.write_text(mapping.toml(), encoding="utf-8")
    partial.replace(path)
    return path


@dataclass
class Layout:
    """A file whose header no format knows: its columns and a few values of each."""

    path: Path
    header: list[str]
    samples: list[list[str]]  # per column, up to three values from the first rows


def unknown_layout(path: Path, markers: frozenset[str] = frozenset()) -> Layout | None:
    """The file's layout when no format reads its header, else ``None`` (no database)."""
    from orderdesk.exchange.imports import MARKERS, detect
    from orderdesk.exchange.reading import open_table
    from orderdesk.exchange.records import text

    with warnings.catch_warnings():  # openpyxl's warnings never reach the terminal
        warnings.simplefilter("ignore")
        table = open_table(Path(path), markers=markers or MARKERS)
        try:
            detect(table)
        except BadInput:
            pass
        else:
            return None
        samples: list[list[str]] = [[] for _ in table.header]
        for count, (_, record) in enumerate(table.rows):
            for index, value in enumerate(record[: len(samples)]):
                if text(value) and len(samples[index]) < 3:
                    samples[index].append(text(value))
            if count >= 20:
                break
    return Layout(Path(path), list(table.header), samples)


def saved_for(header: list[str]) -> Mapping | None:
    """A saved mapping whose columns are all in ``header`` (the best fit), if any."""
    if not folder().is_dir():
        return None
    names = {normal(h) for h in header if h}
    best: tuple[int, Mapping] | None = None
    for path in sorted(folder().glob("*.toml")):
        try:
            mapping = load(path.stem)
        except BadInput:
            continue
        if all(normal(source) in names for source in mapping.columns.values()):
            if best is None or len(mapping.columns) > best[0]:
                best = (len(mapping.columns), mapping)
    return best[1] if best else None

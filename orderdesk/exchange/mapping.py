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
                raise BadInput(f"{where}: [columns] {key!r} is not a field of the template "
                               f"({', '.join(NAMES)})")
        if self.date_order and self.date_order not in DATE_ORDERS:
            raise BadInput(f"{where}: date_order {self.date_order!r} is not one of "
                           f"{', '.join(DATE_ORDERS)}")
        if self.decimal_mark not in ("", ".", ","):
            raise BadInput(f"{where}: decimal_mark {self.decimal_mark!r} is not '.' or ','")
        if self.currency and self.currency.upper() not in EXPONENTS:
            raise BadInput(f"{where}: currency {self.currency!r} is not an ISO 4217 code")
        if not self.channel and "channel" not in self.columns:
            raise BadInput(f"{where}: give channel = \"NAME\" or a [columns] channel")
        if not self.currency and "currency" not in self.columns:
            raise BadInput(f"{where}: give currency = \"USD\" (or the like) or a [columns] "
                           f"currency")

    def apply(self, table: Table) -> Table:
        """The table as the template: mapped headers renamed, constants added as columns."""
        at = {normal(h): n for n, h in enumerate(table.header) if h}
        header = [""] * len(table.header)
        for key, source in self.columns.items():
            index = at.get(normal(source))
            if index is None:
                raise BadInput(f"{table.name}: row {table.header_row}, column \"{source}\": "
                               f"missing from the header (mapping {self.name!r} reads "
                               f"{key} from it)")
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

        mapped = Table(table.name, table.kind, table.header_row, header, widened(),
                       table.estimated_rows)
        mapped.date_order = self.date_order or None
        mapped.decimal_mark = self.decimal_mark or None
        mapped.labels = {key: table.column_name(at[normal(source)])
                         for key, source in self.columns.items()}
        return mapped

    def toml(self) -> str:
        out = [f"# OrderDesk column mapping {self.name!r} (orderdesk import FILE --map "
               f"{self.name})"]
        for key in ("channel", "currency", "date_order", "decimal_mark"):
            value = getattr(self, key)
            if value:
                out.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        out += ["", "[columns]"]
        out += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
                for key, value in self.columns.items()]
        return "\n".join(out) + "\n"


def load(name: str) -> Mapping:
    """The saved mapping ``name``; :class:`BadInput` naming the file and field if wrong."""
    path = path_of(name)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        saved = sorted(p.stem for p in folder().glob("*.toml")) if folder().is_dir() else []
        raise BadInput(f"--map: no mapping {name!r} in {folder()}"
                       + (f" (saved: {', '.join(saved)})" if saved else "")) from None
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

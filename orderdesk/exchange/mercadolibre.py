"""Mercado Libre "Ventas" workbook (.xlsx): one row per sale.

Title rows sit above the header (on row 6); about 60 columns; names repeat (the first
``Estado`` is the sale's status, the second the buyer's region; the returns block repeats the
shipping names, so the first occurrence is the sale's). The currency is in the headers'
parentheses (``Ingresos por productos (ARS)``). Amounts use a decimal comma (``1.234,56``) when
they are text; charges are negative in the file and stored as positive fee and cost. Sale
numbers are long digit strings and stay text. Dates read ``15 de junio de 2024 14:32 hs.``
(local time).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from orderdesk.domain.money import EXPONENTS
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns, cell
from orderdesk.exchange.reading import Problems, Table, bad
from orderdesk.exchange.records import (
    EPOCH,
    ImportedLine,
    ImportedOrder,
    country,
    local_to_utc,
    money,
    quantity,
    text,
    when,
)

CHANNEL = "mercadolibre"
LABEL = "Mercado Libre Ventas workbook"  # how messages and reports name the format
MARKER = "# de venta"
REQUIRED = ("# de venta", "Fecha de venta", "Estado", "Unidades", "Comprador")
OPTIONAL = ("SKU", "Título de la publicación", "Variante", "Domicilio", "Municipio/Comuna",
            "Código postal", "País", "Forma de entrega", "Transportista",
            "Número de seguimiento", "URL de seguimiento", "Fecha en camino", "Fecha entregado",
            "Teléfono")
#: Money columns, by the start of their name (the currency follows in parentheses).
MONEY = {
    "subtotal": "Ingresos por productos", "fee": "Cargo por venta e impuestos",
    "shipping": "Ingresos por envío", "shipping_cost": "Costos de envío",
    "refunded": "Anulaciones y reembolsos", "unit_price": "Precio unitario de venta",
}
MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
}
COUNTRIES = {
    "argentina": "AR", "méxico": "MX", "mexico": "MX", "chile": "CL", "brasil": "BR",
    "colombia": "CO", "uruguay": "UY", "perú": "PE", "peru": "PE", "venezuela": "VE",
    "ecuador": "EC", "bolivia": "BO", "paraguay": "PY", "costa rica": "CR",
    "república dominicana": "DO", "panamá": "PA", "guatemala": "GT",
}
_SPANISH_DATE = re.compile(r"^(\d{1,2}) de ([a-záéíóú]+) de (\d{4})"
                           r"(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:hs\.?)?)?$")
_CURRENCY = re.compile(r"\(([A-Z]{3})\)\s*$")


def is_mercadolibre(header: set[str]) -> bool:
    return MARKER in header


def spanish_date(problems: Problems, row: int, column: str, value: Any, *,
                 required: bool = False) -> datetime | None:
    """``15 de junio de 2024 14:32 hs.`` (local time), or a workbook date cell."""
    if isinstance(value, datetime) or value is None or not str(value).strip():
        return when(problems, row, column, value, required=required)
    raw = " ".join(str(value).split()).casefold()
    match = _SPANISH_DATE.match(raw)
    if match is None or match.group(2) not in MONTHS:
        problems.add(row, column, f"{str(value).strip()!r} is not a date like "
                                  f"'15 de junio de 2024 14:32 hs.'")
        return None
    try:
        moment = datetime(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)),
                          int(match.group(4) or 0), int(match.group(5) or 0),
                          int(match.group(6) or 0))
    except ValueError:
        problems.add(row, column, f"{str(value).strip()!r} is not a real date")
        return None
    return local_to_utc(moment)


def _currency(table: Table, cols: Columns) -> tuple[str, dict[str, int | None]]:
    codes: dict[str, int] = {}
    positions: dict[str, int | None] = {}
    for key, prefix in MONEY.items():
        found = cols.starting(prefix)
        positions[key] = found[0][1] if found else None
        for name, index in found[:1]:
            match = _CURRENCY.search(name)
            if match:
                codes.setdefault(match.group(1), index)
    if positions["subtotal"] is None:
        raise bad(table.name, table.header_row, '"Ingresos por productos (…)"',
                  "missing from the header; a Mercado Libre Ventas workbook has this column")
    if not codes:
        raise bad(table.name, table.header_row, table.column_name(positions["subtotal"] or 0),
                  "no currency in the header's parentheses, e.g. 'Ingresos por productos (ARS)'")
    if len(codes) > 1:
        (first, _), (second, index) = list(codes.items())[:2]
        raise bad(table.name, table.header_row, table.column_name(index),
                  f"the header names two currencies ({first} and {second})")
    code = next(iter(codes))
    if code not in EXPONENTS:
        raise bad(table.name, table.header_row, table.column_name(codes[code]),
                  f"{code!r} is not an ISO 4217 currency code")
    return code, positions


def parse(table: Table, problems: Problems,
          tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, format_name=LABEL)
    code, places = _currency(table, cols)
    i: dict[str, int | None] = {name: cols.index(name) for name in REQUIRED + OPTIONAL}
    i["region"] = cols.index("Estado", 1)
    orders: dict[str, ImportedOrder] = {}
    firsts: dict[str, tuple[int, list[Any]]] = {}
    for number, record in table.rows:
        tick(number)
        if not any(v is not None and str(v).strip() for v in record):
            continue
        sale = text(cell(record, i["# de venta"]))
        if not sale:
            problems.add(number, cols.label(MARKER), "the sale number is required")
            continue
        if sale in firsts:
            first_row, first = firsts[sale]
            for index, value in enumerate(record):
                if text(value) != text(cell(first, index)):
                    problems.add(number, table.column_name(index),
                                 f"sale {sale} is listed again with {text(value)!r} "
                                 f"(row {first_row} has {text(cell(first, index))!r})")
                    break
            continue
        firsts[sale] = (number, record)
        orders[sale] = _order(table, cols, i, places, code, problems, number, record, sale)
    return list(orders.values())


def _order(table: Table, cols: Columns, i: dict[str, int | None],
           places: dict[str, int | None], code: str, problems: Problems, number: int,
           record: list[Any], sale: str) -> ImportedOrder:
    def get(name: str) -> Any:
        return cell(record, i[name])

    def amount(key: str) -> int:
        index = places[key]
        label = table.column_name(index) if index is not None else MONEY[key]
        value = abs(money(problems, number, label, cell(record, index), code, mark=",",
                          allow_negative=True))
        return value

    created = spanish_date(problems, number, cols.label("Fecha de venta"),
                           get("Fecha de venta"), required=True)
    units = quantity(problems, number, cols.label("Unidades"), get("Unidades"))
    subtotal = amount("subtotal")
    unit_price = amount("unit_price") if places["unit_price"] is not None else (
        subtotal // units if units else 0)
    if places["unit_price"] is None and units and subtotal % units:
        problems.add(number, table.column_name(places["subtotal"] or 0),
                     f"{subtotal} does not divide into {units} equal unit prices")
    shipping = amount("shipping")
    order = ImportedOrder(
        channel=CHANNEL, external_id=sale, row=number, currency=code,
        created_at=created or EPOCH,
        buyer_name=text(get("Comprador")), buyer_phone=text(get("Teléfono")),
        ship_name=text(get("Comprador")), ship_line1=text(get("Domicilio")),
        ship_city=text(get("Municipio/Comuna")), ship_region=text(get("region")),
        ship_postal_code=text(get("Código postal")),
        ship_country=country(problems, number, cols.label("País"), get("País"), COUNTRIES),
        subtotal=subtotal, shipping=shipping, total=subtotal + shipping,
        fee=amount("fee"), shipping_cost=amount("shipping_cost"),
        refunded=amount("refunded"), service=text(get("Forma de entrega")),
        carrier=text(get("Transportista")), tracking_number=text(get("Número de seguimiento")),
        tracking_url=text(get("URL de seguimiento")),
        shipped_at=spanish_date(problems, number, cols.label("Fecha en camino"),
                                get("Fecha en camino")),
        delivered_at=spanish_date(problems, number, cols.label("Fecha entregado"),
                                  get("Fecha entregado")),
        lines=[ImportedLine(text(get("SKU")), text(get("Título de la publicación")), units,
                            unit_price, text(get("Variante")))],
    )
    raw = text(get("Estado"))
    if not raw:
        problems.add(number, cols.label("Estado"), "the status is required")
        return order
    status = status_map.read("mercadolibre", raw, problems, number, cols.label("Estado"),
                             "a Mercado Libre sale status")
    if status is None:
        return order
    if status.stage is not None:
        order.stage = status.stage.value
    if status.payment is not None:
        order.payment = status.payment.value
    order.case_kind, order.case_status = status.case_kind, status.case_status
    if order.payment != "unpaid":
        order.paid_at = order.created_at  # Mercado Libre sales are paid when made
    if order.stage == "cancelled":
        order.cancel_reason = raw
    return order

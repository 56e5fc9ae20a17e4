"""Mercado Libre "Ventas" workbook (.xlsx): one row per sale.

Title rows sit above the header (on row 6, or 7 in the current layout); about 60 columns;
names repeat (the first
``Estado`` is the sale's status, the second the buyer's region; the returns block repeats the
shipping names, so the first occurrence is the sale's). The currency is in the headers'
parentheses (``Ingresos por productos (ARS)``). Amounts use a decimal comma (``1.234,56``) when
they are text; charges are negative in the file and stored as positive fee and cost. Sale
numbers are long digit strings and stay text. Dates read ``15 de junio de 2024 14:32 hs.``
(local time); the current layout gives shipping dates without a year (``7 de abril | 00:56``:
the sale's year, or the next one when that would come before the sale).

The current layout splits the fee (``Cargo por venta``, ``Costo fijo``, ``Costo por ofrecer
cuotas``, ``Impuestos``, ``Descuentos y bonificaciones``), names the city ``Ciudad``, and
writes a multi-item pack as a row ``Paquete de N productos`` carrying the money and the buyer,
followed by its N item rows (each with its own sale number, units, SKU and status): one order,
one parcel, several lines. The seller's net is the file's ``Total``: whatever the charges are
called, the desk's fee is what makes its net equal it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from orderdesk.domain.money import EXPONENTS, decimal_string
from orderdesk.exchange import status_map
from orderdesk.exchange.columns import Columns, cell, normal
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
REQUIRED = ("# de venta", "Fecha de venta", "Estado", "Unidades")
#: Older layouts' names for the same columns.
ALIASES = {"Comprador": ("Nombre del comprador",)}
#: Older layouts' money columns, by the start of their name, when the current name is absent.
OLD_MONEY = {"subtotal": "Ingresos ("}
OPTIONAL = (
    "SKU",
    "Título de la publicación",
    "Variante",
    "Domicilio",
    "Municipio/Comuna",
    "Código postal",
    "País",
    "Forma de entrega",
    "Transportista",
    "Número de seguimiento",
    "URL de seguimiento",
    "Fecha en camino",
    "Fecha entregado",
    "Teléfono",
    "Ciudad",
)
HEADERS = {
    "refunded": "Anulaciones y reembolsos",
    "total": "Total",
    "tracking_url": "URL de seguimiento",
}
#: Money columns, by the start of their name (the currency follows in parentheses).
MONEY = {
    "subtotal": "Ingresos por productos",
    "fee": "Cargo por venta",
    "shipping": "Ingresos por envío",
    "shipping_cost": "Costos de envío",
    "refunded": "Anulaciones y reembolsos",
    "unit_price": "Precio unitario de venta",
    "fixed_fee": "Costo fijo",
    "installments": "Costo por ofrecer cuotas",
    "taxes": "Impuestos",
    "bonus": "Descuentos y bonificaciones",
    "net": "Total",
}
#: The charges the seller pays, as the file names them (negative in the file).
CHARGES = ("fee", "fixed_fee", "installments", "taxes")
_PACK = re.compile(r"^paquete de (\d+) productos?$")
_SHORT_DATE = re.compile(r"^(\d{1,2}) de ([a-záéíóú]+)(?:\s*\|\s*(\d{1,2}):(\d{2}))?$")
MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
COUNTRIES = {
    "argentina": "AR",
    "méxico": "MX",
    "mexico": "MX",
    "chile": "CL",
    "brasil": "BR",
    "colombia": "CO",
    "uruguay": "UY",
    "perú": "PE",
    "peru": "PE",
    "venezuela": "VE",
    "ecuador": "EC",
    "bolivia": "BO",
    "paraguay": "PY",
    "costa rica": "CR",
    "república dominicana": "DO",
    "panamá": "PA",
    "guatemala": "GT",
}
_SPANISH_DATE = re.compile(
    r"^(\d{1,2}) de ([a-záéíóú]+) de (\d{4})"
    r"(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:hs\.?)?)?$"
)
_CURRENCY = re.compile(r"\(([A-Z]{3})\)\s*$")


def is_mercadolibre(header: set[str]) -> bool:
    return MARKER in header


def spanish_date(
    problems: Problems,
    row: int,
    column: str,
    value: Any,
    *,
    required: bool = False,
    after: datetime | None = None,
) -> datetime | None:
    """``15 de junio de 2024 14:32 hs.`` (local time), or a workbook date cell; with ``after``
    (the sale's time) also ``7 de abril | 00:56``, in the first year that is not before it."""
    if isinstance(value, datetime) or value is None or not str(value).strip():
        return when(problems, row, column, value, required=required)
    raw = " ".join(str(value).split()).casefold()
    short = _SHORT_DATE.match(raw) if after is not None else None
    if short is not None and after is not None and short.group(2) in MONTHS:
        local = after.astimezone()
        for year in (local.year, local.year + 1):
            try:
                moment = local_to_utc(
                    datetime(
                        year,
                        MONTHS[short.group(2)],
                        int(short.group(1)),
                        int(short.group(3) or 0),
                        int(short.group(4) or 0),
                    )
                )
            except ValueError:
                continue
            if moment.date() >= after.date():
                return moment
        problems.add(row, column, f"{str(value).strip()!r} is not a real date")
        return None
    match = _SPANISH_DATE.match(raw)
    if match is None or match.group(2) not in MONTHS:
        problems.add(
            row,
            column,
            f"{str(value).strip()!r} is not a date like '15 de junio de 2024 14:32 hs.'",
        )
        return None
    try:
        moment = datetime(
            int(match.group(3)),
            MONTHS[match.group(2)],
            int(match.group(1)),
            int(match.group(4) or 0),
            int(match.group(5) or 0),
            int(match.group(6) or 0),
        )
    except ValueError:
        problems.add(row, column, f"{str(value).strip()!r} is not a real date")
        return None
    return local_to_utc(moment)


def _currency(table: Table, cols: Columns) -> tuple[str, dict[str, int | None]]:
    codes: dict[str, int] = {}
    positions: dict[str, int | None] = {}
    for key, prefix in MONEY.items():
        found = cols.starting(prefix) or (cols.starting(OLD_MONEY[key]) if key in OLD_MONEY else [])
        positions[key] = found[0][1] if found else None
        for name, index in found[:1]:
            match = _CURRENCY.search(name)
            if match:
                codes.setdefault(match.group(1), index)
    if positions["subtotal"] is None:
        raise bad(
            table.name,
            table.header_row,
            '"Ingresos por productos (…)"',
            "missing from the header; a Mercado Libre Ventas workbook has this column",
        )
    if not codes:
        raise bad(
            table.name,
            table.header_row,
            table.column_name(positions["subtotal"] or 0),
            "no currency in the header's parentheses, e.g. 'Ingresos por productos (ARS)'",
        )
    if len(codes) > 1:
        (first, _), (second, index) = list(codes.items())[:2]
        raise bad(
            table.name,
            table.header_row,
            table.column_name(index),
            f"the header names two currencies ({first} and {second})",
        )
    code = next(iter(codes))
    if code not in EXPONENTS:
        raise bad(
            table.name,
            table.header_row,
            table.column_name(codes[code]),
            f"{code!r} is not an ISO 4217 currency code",
        )
    return code, positions


def parse(table: Table, problems: Problems, tick: Callable[[int], None]) -> list[ImportedOrder]:
    cols = Columns(table, REQUIRED, format_name=LABEL)
    for name, olds in ALIASES.items():
        for old in olds:
            if cols.index(name) is None and cols.index(old) is not None:
                cols.positions[normal(name)] = cols.positions[normal(old)]
    if cols.index("Comprador") is None:
        raise bad(
            table.name,
            table.header_row,
            '"Comprador"',
            f"missing from the header (the {LABEL} has Comprador, or Nombre del "
            f"comprador in older layouts)",
        )
    code, places = _currency(table, cols)
    i: dict[str, int | None] = {
        name: cols.index(name) for name in (*REQUIRED, "Comprador", *OPTIONAL)
    }
    i["region"] = cols.index("Estado", 1)
    if i["Municipio/Comuna"] is None:
        i["Municipio/Comuna"] = i["Ciudad"]
    orders: dict[str, ImportedOrder] = {}
    firsts: dict[str, tuple[int, list[Any]]] = {}
    pack: ImportedOrder | None = None  # the pack whose item rows follow
    pack_left = 0
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
                    problems.add(
                        number,
                        table.column_name(index),
                        f"sale {sale} is listed again with {text(value)!r} "
                        f"(row {first_row} has {text(cell(first, index))!r})",
                    )
                    break
            continue
        firsts[sale] = (number, record)
        if pack is not None and pack_left:
            _pack_item(table, cols, i, places, code, problems, number, record, pack)
            pack_left -= 1
            if not pack_left:
                _close_pack(table, places, problems, pack)
                pack = None
            continue
        status = " ".join(text(cell(record, i["Estado"])).split()).casefold()
        packed = _PACK.match(status)
        order = _order(
            table, cols, i, places, code, problems, number, record, sale, pack=packed is not None
        )
        orders[sale] = order
        if packed is not None:
            pack, pack_left = order, int(packed.group(1))
    if pack is not None:
        problems.add(
            pack.row,
            cols.label("Estado"),
            f"sale {pack.external_id} is a pack of {len(pack.lines) + pack_left} "
            f"products but the file ends after {len(pack.lines)} of its item rows",
        )
    return list(orders.values())


def _amount(
    table: Table,
    places: dict[str, int | None],
    problems: Problems,
    number: int,
    record: list[Any],
    code: str,
    key: str,
) -> int:
    """A money column as the file signs it (charges are negative); 0 when absent."""
    index = places[key]
    if index is None:
        return 0
    return money(
        problems,
        number,
        table.column_name(index),
        cell(record, index),
        code,
        mark=",",
        allow_negative=True,
    )


def _pack_item(
    table: Table,
    cols: Columns,
    i: dict[str, int | None],
    places: dict[str, int | None],
    code: str,
    problems: Problems,
    number: int,
    record: list[Any],
    pack: ImportedOrder,
) -> None:
    """An item row of a pack: a line of the pack's order, and the status it has reached."""
    units = quantity(problems, number, cols.label("Unidades"), cell(record, i["Unidades"]))
    unit_price = abs(_amount(table, places, problems, number, record, code, "unit_price"))
    if not unit_price:
        revenue = abs(_amount(table, places, problems, number, record, code, "subtotal"))
        unit_price = revenue // units if units else 0
    pack.lines.append(
        ImportedLine(
            text(cell(record, i["SKU"])),
            text(cell(record, i["Título de la publicación"])),
            units,
            unit_price,
            text(cell(record, i["Variante"])),
        )
    )
    pack.rows.append(number)
    if len(pack.lines) == 1:  # the pack's stage is its items' (they travel in one parcel)
        _status(cols, i, problems, number, record, pack)
        for key, name in (
            ("carrier", "Transportista"),
            ("tracking_number", "Número de seguimiento"),
            ("tracking_url", "URL de seguimiento"),
            ("service", "Forma de entrega"),
        ):
            if not getattr(pack, key):
                setattr(pack, key, text(cell(record, i[name])))
        pack.shipped_at = pack.shipped_at or spanish_date(
            problems,
            number,
            cols.label("Fecha en camino"),
            cell(record, i["Fecha en camino"]),
            after=pack.created_at,
        )
        pack.delivered_at = pack.delivered_at or spanish_date(
            problems,
            number,
            cols.label("Fecha entregado"),
            cell(record, i["Fecha entregado"]),
            after=pack.created_at,
        )


def _close_pack(
    table: Table, places: dict[str, int | None], problems: Problems, pack: ImportedOrder
) -> None:
    """The pack's lines add up to its products' income: a difference is a discount.

    Item rows without a price (some layouts give only units and SKU) share the pack's income
    equally per unit, rounded up; the few cents of rounding are a discount."""
    units = sum(line.quantity for line in pack.lines)
    if units and any(not line.unit_price for line in pack.lines):
        each = -(-pack.subtotal // units)
        for line in pack.lines:
            line.unit_price = each
        problems.warn(
            pack.row,
            table.column_name(places["subtotal"] or 0),
            f"sale {pack.external_id}: its item rows carry no price; the pack's "
            f"{decimal_string(pack.subtotal, pack.currency)} {pack.currency} is "
            f"shared over its {units} units",
        )
    lines = sum(line.quantity * line.unit_price for line in pack.lines)
    if lines > pack.subtotal:
        pack.discount = lines - pack.subtotal
        pack.subtotal = lines
    elif lines < pack.subtotal:
        problems.add(
            pack.row,
            table.column_name(places["subtotal"] or 0),
            f"sale {pack.external_id}: its items' unit prices add up to "
            f"{decimal_string(lines, pack.currency)} {pack.currency}, less than the "
            f"pack's products income "
            f"{decimal_string(pack.subtotal, pack.currency)} {pack.currency}",
        )


def _status(
    cols: Columns,
    i: dict[str, int | None],
    problems: Problems,
    number: int,
    record: list[Any],
    order: ImportedOrder,
) -> None:
    raw = text(cell(record, i["Estado"]))
    if not raw:
        problems.add(number, cols.label("Estado"), "the status is required")
        return
    status, guessed = status_map.mercadolibre_status(raw)
    if guessed:
        problems.warn(
            number,
            cols.label("Estado"),
            f"sale {order.external_id}: status {raw!r} read as paid and not shipped yet",
        )
    if status.stage is not None:
        order.stage = status.stage.value
    if status.payment is not None:
        order.payment = status.payment.value
    order.case_kind, order.case_status = status.case_kind, status.case_status
    if order.payment != "unpaid":
        order.paid_at = order.created_at  # Mercado Libre sales are paid when made
    if order.stage == "cancelled":
        order.cancel_reason = raw


def _order(
    table: Table,
    cols: Columns,
    i: dict[str, int | None],
    places: dict[str, int | None],
    code: str,
    problems: Problems,
    number: int,
    record: list[Any],
    sale: str,
    *,
    pack: bool = False,
) -> ImportedOrder:
    def get(name: str) -> Any:
        return cell(record, i[name])

    def amount(key: str) -> int:
        return _amount(table, places, problems, number, record, code, key)

    created = spanish_date(
        problems, number, cols.label("Fecha de venta"), get("Fecha de venta"), required=True
    )
    subtotal = abs(amount("subtotal"))
    shipping = abs(amount("shipping"))
    shipping_cost = abs(amount("shipping_cost"))
    refunded = abs(amount("refunded"))
    fee = sum(-amount(key) for key in CHARGES) - amount("bonus")
    if places["net"] is not None and cell(record, places["net"]) not in (None, ""):
        # the file's Total is the seller's net; the fee is what makes the desk's net equal it
        fee = subtotal + shipping - shipping_cost - refunded - amount("net")
    lines: list[ImportedLine] = []
    if not pack:
        units = quantity(problems, number, cols.label("Unidades"), get("Unidades"))
        unit_price = abs(amount("unit_price")) if places["unit_price"] is not None else 0
        if not unit_price:
            unit_price = subtotal // units if units else 0
            if units and subtotal % units:
                problems.add(
                    number,
                    table.column_name(places["subtotal"] or 0),
                    f"{decimal_string(subtotal, code)} {code} does not divide into "
                    f"{units} equal unit prices",
                )
        lines = [
            ImportedLine(
                text(get("SKU")),
                text(get("Título de la publicación")),
                units,
                unit_price,
                text(get("Variante")),
            )
        ]
    discount = 0
    listed = sum(line.quantity * line.unit_price for line in lines)
    if listed > subtotal:  # sold below the listing's price
        discount, subtotal = listed - subtotal, listed
    order = ImportedOrder(
        channel=CHANNEL,
        external_id=sale,
        row=number,
        currency=code,
        created_at=created or EPOCH,
        buyer_name=text(get("Comprador")),
        buyer_phone=text(get("Teléfono")),
        ship_name=text(get("Comprador")),
        ship_line1=text(get("Domicilio")),
        ship_city=text(get("Municipio/Comuna")),
        ship_region=text(get("region")),
        ship_postal_code=text(get("Código postal")),
        ship_country=country(problems, number, cols.label("País"), get("País"), COUNTRIES),
        subtotal=subtotal,
        shipping=shipping,
        discount=discount,
        total=subtotal - discount + shipping,
        fee=fee,
        shipping_cost=shipping_cost,
        refunded=refunded,
        service=text(get("Forma de entrega")),
        carrier=text(get("Transportista")),
        tracking_number=text(get("Número de seguimiento")),
        tracking_url=text(get("URL de seguimiento")),
        lines=lines,
        rows=[number],
    )
    order.shipped_at = spanish_date(
        problems, number, cols.label("Fecha en camino"), get("Fecha en camino"), after=created
    )
    order.delivered_at = spanish_date(
        problems, number, cols.label("Fecha entregado"), get("Fecha entregado"), after=created
    )
    if pack:
        order.paid_at = order.created_at
        order.payment = "paid"
    else:
        _status(cols, i, problems, number, record, order)
    return order

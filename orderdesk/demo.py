"""Realistic demo data: orders across channels, currencies, scripts and every stage.

Deterministic for a seed (and a day: times are laid out back from today's midnight UTC, so
overdue and due-soon orders exist whenever the desk is opened that day). Rows are bulk-loaded
through the store; every order gets its journal entry, so the journal replays to the data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from orderdesk.domain.aftersales import RESPOND_DAYS
from orderdesk.domain.journal import dump, entry_fields, fields_snapshot
from orderdesk.domain.money import EXPONENTS
from orderdesk.domain.new_orders import (
    LineFacts,
    OrderFacts,
    line_fields,
    new_order_entry,
    order_fields,
)
from orderdesk.domain.search_key import SEARCHED, order_search_key
from orderdesk.domain.stages import UNSHIPPED, Payment, Payout, Stage
from orderdesk.domain.tracking import CARRIERS, s10_check_digit

if TYPE_CHECKING:
    from orderdesk.store import Database


@dataclass(frozen=True)
class Market:
    country: str
    currency: str
    channels: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str, str], ...]  # city, region, postal code pattern (# = digit)
    carriers: tuple[str, ...]
    family_first: bool = False


MARKETS: tuple[tuple[Market, int], ...] = (
    (
        Market(
            "AR",
            "ARS",
            ("mercadolibre", "manual"),
            ("José", "María", "Martín", "Lucía", "Agustín", "Sofía", "Ramón", "Inés"),
            ("González", "Pérez", "Fernández", "Núñez", "Gómez", "Rodríguez", "Peña"),
            ("Av. Corrientes", "Calle Florida", "Av. Santa Fe", "Güemes", "Av. Rivadavia"),
            (
                ("Buenos Aires", "CABA", "C1###AAA"),
                ("Córdoba", "Córdoba", "X5###"),
                ("Rosario", "Santa Fe", "S2###"),
            ),
            ("mercado-envios", "andreani", "oca", "correo-argentino"),
        ),
        18,
    ),
    (
        Market(
            "BR",
            "BRL",
            ("mercadolibre",),
            ("João", "Ana", "Conceição", "Luís", "Mariana", "Gonçalo"),
            ("Silva", "Araújo", "Gonçalves", "Conceição", "Guimarães", "Brandão"),
            ("Rua Augusta", "Av. Paulista", "Rua da Consolação", "Praça da Sé"),
            (("São Paulo", "SP", "0####-###"), ("Belo Horizonte", "MG", "3####-###")),
            ("correios",),
        ),
        8,
    ),
    (
        Market(
            "MX",
            "MXN",
            ("mercadolibre", "amazon"),
            ("Alejandro", "Ximena", "Andrés", "Valentína", "Héctor"),
            ("Hernández", "López", "Martínez", "Ramírez", "Ibáñez"),
            ("Av. Reforma", "Calle Madero", "Av. Insurgentes Sur"),
            (("Ciudad de México", "CDMX", "0####"), ("Guadalajara", "Jalisco", "44###")),
            ("estafeta", "mercado-envios", "correos-mexico"),
        ),
        7,
    ),
    (
        Market(
            "CL",
            "CLP",
            ("mercadolibre",),
            ("Matías", "Constanza", "Benjamín", "Begoña"),
            ("Muñoz", "Rojas", "Díaz", "Soto"),
            ("Av. Providencia", "Calle Huérfanos", "Av. Apoquindo"),
            (
                ("Santiago", "Región Metropolitana", "75#####"),
                ("Valparaíso", "Valparaíso", "23#####"),
            ),
            ("mercado-envios",),
        ),
        5,
    ),
    (
        Market(
            "US",
            "USD",
            ("shopify", "amazon", "wish", "aliexpress"),
            ("James", "Emily", "Michael", "Olivia", "Daniel", "Chloé"),
            ("Smith", "Johnson", "O'Brien", "Williams", "Brown", "García"),
            ("Main St", "Oak Avenue", "Maple Drive", "Sunset Blvd"),
            (("Austin", "TX", "787##"), ("Portland", "OR", "972##"), ("Brooklyn", "NY", "112##")),
            ("usps", "ups", "fedex"),
        ),
        22,
    ),
    (
        Market(
            "ES",
            "EUR",
            ("aliexpress", "shopify", "amazon"),
            ("Begoña", "Íñigo", "Nuria", "Álvaro", "Montserrat"),
            ("Muñoz", "Sáez", "Ordóñez", "Castaño", "Llorente"),
            ("Calle Mayor", "Gran Vía", "Passeig de Gràcia", "Calle Alcalá"),
            (("Madrid", "Madrid", "28###"), ("Barcelona", "Barcelona", "08###")),
            ("correos", "dhl"),
        ),
        9,
    ),
    (
        Market(
            "DE",
            "EUR",
            ("amazon", "shopify"),
            ("Jürgen", "Sören", "Lena", "Björn", "Käthe"),
            ("Müller", "Schröder", "Weiß", "Groß", "Köhler"),
            ("Hauptstraße", "Königsallee", "Schloßstraße"),
            (("München", "Bayern", "80###"), ("Köln", "Nordrhein-Westfalen", "50###")),
            ("dhl",),
        ),
        6,
    ),
    (
        Market(
            "FR",
            "EUR",
            ("aliexpress", "shopify", "wish"),
            ("Hélène", "François", "Zoé", "Jérôme", "Anaïs"),
            ("Lefèvre", "Gauthier", "Bérenger", "Dupré", "Mercier"),
            ("Rue de la Paix", "Boulevard Saint-Germain", "Rue Lecourbe"),
            (("Paris", "Île-de-France", "750##"), ("Lyon", "Auvergne-Rhône-Alpes", "6900#")),
            ("dhl",),
        ),
        5,
    ),
    (
        Market(
            "RU",
            "USD",
            ("aliexpress", "wish"),
            ("Иван", "Ольга", "Дмитрий", "Наталья", "Сергей"),
            ("Петров", "Смирнова", "Кузнецов", "Иванова", "Соколов"),
            ("ул. Тверская", "Невский проспект", "ул. Арбат"),
            (("Москва", "Москва", "101###"), ("Санкт-Петербург", "Санкт-Петербург", "190###")),
            ("cainiao", "china-post"),
        ),
        6,
    ),
    (
        Market(
            "CN",
            "CNY",
            ("manual", "aliexpress"),
            ("伟", "娜", "静", "磊", "芳"),
            ("王", "李", "张", "刘", "陈"),
            ("人民路", "中山路", "解放大道", "南京东路"),
            (
                ("上海", "上海市", "200###"),
                ("北京", "北京市", "100###"),
                ("深圳", "广东省", "518###"),
            ),
            ("china-post",),
            family_first=True,
        ),
        5,
    ),
    (
        Market(
            "JP",
            "JPY",
            ("amazon", "shopify"),
            ("花子", "太郎", "さくら", "健太", "美咲"),
            ("佐藤", "鈴木", "高橋", "田中", "渡辺"),
            ("銀座", "道玄坂", "梅田", "栄"),
            (("東京都中央区", "東京都", "104-####"), ("大阪市北区", "大阪府", "530-####")),
            ("japan-post",),
            family_first=True,
        ),
        6,
    ),
    (
        Market(
            "KR",
            "USD",
            ("aliexpress",),
            ("민준", "서연", "지호", "하은"),
            ("김", "이", "박", "최"),
            ("세종대로", "테헤란로", "올림픽로"),
            (("서울", "서울특별시", "0####"), ("부산", "부산광역시", "4####")),
            ("cainiao",),
            family_first=True,
        ),
        3,
    ),
)

#: sku, title, variant options, price in US cents, stock (None: not tracked)
CATALOG: tuple[tuple[str, str, tuple[str, ...], int, int | None], ...] = (
    ("MATE-CLASSIC", "Mate de calabaza clásico", ("",), 1599, 120),
    ("MATE-IMPERIAL", "Mate imperial con virola de alpaca", ("Negro", "Marrón"), 4599, 35),
    ("BOMB-ALP", "Bombilla de alpaca", ("",), 1299, 200),
    ("YERBA-1KG", "Yerba mate 1 kg", ("Suave", "Intensa"), 899, 300),
    ("TERMO-1L", "Termo acero 1 L", ("Verde", "Negro", "Rojo"), 3499, 60),
    ("LED-STRIP-5M", "LED strip 5 m RGB", ("",), 1899, 150),
    ("PHONE-CASE-13", 'Phone case for 13" models', ("Clear", "Black"), 999, 400),
    ("USB-C-2M", "USB-C cable 2 m braided", ("",), 799, 500),
    ("EARBUDS-X1", "Wireless earbuds X1", ("White", "Black"), 2999, 80),
    ("WATCH-BAND", "Silicone watch band", ("S", "M", "L"), 699, 250),
    ("CERAMIC-MUG", "Ceramic mug 350 ml", ("Blue", "Sand"), 1499, 90),
    ("TEA-SET", "茶具套装 (tea set)", ("",), 5999, 12),
    ("SILK-SCARF", "シルクスカーフ silk scarf", ("Sakura", "Indigo"), 3999, 25),
    ("LEATHER-WALLET", "Leather wallet", ("Brown", "Black"), 2499, 70),
    ("YOGA-MAT", "Yoga mat 6 mm", ("Purple", "Grey"), 2799, 40),
    ("BACKPACK-20L", "Backpack 20 L", ("",), 4499, 30),
    ("SUNGLASSES", "Polarised sunglasses", ("",), 1999, 110),
    ("KNIFE-SET", "Cuchillos asado set", ("",), 5499, 2),
    ("PONCHO", "Poncho de lana", ("Natural", "Gris"), 8999, 1),
    ("STICKER-PACK", "Sticker pack", ("",), 399, None),
    ("GIFT-WRAP", "Gift wrap", ("",), 299, None),
)

#: Customs and packing facts per SKU: HS code, country of origin, weight in grams, the customs
#: description, and the low-stock threshold the seller keeps.
CUSTOMS: dict[str, tuple[str, str, int, str, int]] = {
    "MATE-CLASSIC": ("1404900090", "AR", 180, "Gourd drinking vessel", 20),
    "MATE-IMPERIAL": ("1404900090", "AR", 320, "Gourd drinking vessel, metal rim", 8),
    "BOMB-ALP": ("821599", "AR", 40, "Metal drinking straw", 25),
    "YERBA-1KG": ("090300", "AR", 1030, "Mate (yerba mate) leaves", 40),
    "TERMO-1L": ("961700", "CN", 610, "Stainless steel vacuum flask", 10),
    "LED-STRIP-5M": ("940542", "CN", 210, "LED light strip", 20),
    "PHONE-CASE-13": ("392690", "CN", 35, "Plastic phone case", 50),
    "USB-C-2M": ("854442", "CN", 60, "Insulated electric cable with connectors", 50),
    "EARBUDS-X1": ("851830", "CN", 90, "Wireless earphones", 10),
    "WATCH-BAND": ("911390", "CN", 25, "Silicone watch strap", 30),
    "CERAMIC-MUG": ("691200", "PT", 380, "Ceramic mug", 12),
    "TEA-SET": ("691110", "CN", 1450, "Porcelain tea set", 15),
    "SILK-SCARF": ("621410", "JP", 60, "Silk scarf", 5),
    "LEATHER-WALLET": ("420232", "AR", 120, "Leather wallet", 8),
    "YOGA-MAT": ("392690", "CN", 1100, "Plastic exercise mat", 6),
    "BACKPACK-20L": ("420292", "VN", 540, "Textile backpack", 5),
    "SUNGLASSES": ("900410", "CN", 45, "Sunglasses", 15),
    "KNIFE-SET": ("821191", "AR", 890, "Table knives with fixed blades", 3),
    "PONCHO": ("611020", "AR", 700, "Wool poncho, knitted", 2),
}

_RATES = {
    "ARS": 1000.0,
    "BRL": 5.5,
    "MXN": 18.0,
    "CLP": 950.0,
    "USD": 1.0,
    "EUR": 0.92,
    "CNY": 7.2,
    "JPY": 150.0,
}
#: Who the demo's journal says did what it made.
_ACTOR = "demo"
_FEES = {
    "mercadolibre": 0.145,
    "aliexpress": 0.08,
    "shopify": 0.029,
    "amazon": 0.15,
    "wish": 0.15,
    "manual": 0.0,
}
_MESSAGES_IN = (
    "¿Cuándo llega mi pedido?",
    "Is it possible to change the colour?",
    "Когда будет отправка?",
    "请问什么时候发货？",
    "いつ発送されますか？",
    "Can you add a gift note please?",
)
_MESSAGES_OUT = (
    "Hola! Sale mañana por la mañana.",
    "Shipped today, tracking to follow.",
    "Thanks for your order!",
    "Отправим завтра.",
    "明天发货。",
)


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n)


def _pattern(rng: random.Random, pattern: str) -> str:
    return "".join(rng.choice("0123456789") if c == "#" else c for c in pattern)


def tracking_number(rng: random.Random, carrier: str, country: str) -> str:
    """A number that passes the carrier's own check."""
    if carrier in (
        "china-post",
        "correos",
        "correios",
        "correo-argentino",
        "correos-mexico",
        "japan-post",
        "cainiao",
    ):
        serial = _digits(rng, 8)
        origin = {
            "correos": "ES",
            "correios": "BR",
            "correo-argentino": "AR",
            "correos-mexico": "MX",
            "japan-post": "JP",
        }.get(carrier, "CN")
        return f"{rng.choice(('LP', 'RR', 'LX', 'UA'))}{serial}{s10_check_digit(serial)}{origin}"
    if carrier == "ups":
        body = "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(15))
        values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body[2:]]
        check = (10 - (sum(values[0::2]) + 2 * sum(values[1::2])) % 10) % 10
        return f"{body}{check}"
    if carrier == "dhl":
        serial = _digits(rng, 9)
        return f"{serial}{int(serial) % 7}"
    if carrier == "usps":
        return "94" + _digits(rng, 20)
    if carrier == "fedex":
        return _digits(rng, 12)
    if carrier == "estafeta":
        return _digits(rng, 22)
    return _digits(rng, 11)


def _external_id(rng: random.Random, channel: str, serial: int) -> str:
    if channel == "mercadolibre":
        return f"2000{_digits(rng, 12)}"
    if channel == "aliexpress":
        return f"81{_digits(rng, 14)}"
    if channel == "shopify":
        return f"#{1000 + serial}"
    if channel == "amazon":
        return f"{rng.choice(('111', '113', '114', '702'))}-{_digits(rng, 7)}-{_digits(rng, 7)}"
    if channel == "wish":
        return "".join(rng.choice("0123456789abcdef") for _ in range(24))
    return f"M-{serial:06d}"


def _price(usd_cents: int, currency: str) -> int:
    places = EXPONENTS[currency]
    value = usd_cents / 100 * _RATES[currency]
    if places == 0:
        return int(round(value / 10) * 10) if value > 100 else int(round(value))
    minor = int(round(value * 10**places))
    return minor if currency in ("USD", "EUR") else int(round(minor, -places))


def _stage_for(rng: random.Random, age_days: float) -> Stage:
    roll = rng.random()
    table: tuple[tuple[float, Stage], ...]
    if age_days < 2:
        table = (
            (0.55, Stage.PENDING),
            (0.8, Stage.CONFIRMED),
            (0.95, Stage.READY_TO_SHIP),
            (1.0, Stage.CANCELLED),
        )
    elif age_days < 5:
        table = (
            (0.05, Stage.PENDING),
            (0.15, Stage.CONFIRMED),
            (0.3, Stage.READY_TO_SHIP),
            (0.9, Stage.IN_TRANSIT),
            (1.0, Stage.CANCELLED),
        )
    elif age_days < 15:
        table = ((0.35, Stage.IN_TRANSIT), (0.9, Stage.DELIVERED), (1.0, Stage.CANCELLED))
    else:
        table = ((0.01, Stage.IN_TRANSIT), (0.93, Stage.DELIVERED), (1.0, Stage.CANCELLED))
    return next(stage for limit, stage in table if roll < limit)


class Buyer(TypedDict):
    """A demo buyer and where their parcels go (a returning buyer's is reused whole)."""

    buyer_name: str
    buyer_email: str
    buyer_phone: str
    ship_name: str
    ship_line1: str
    ship_line2: str
    ship_city: str
    ship_region: str
    ship_postal_code: str


class DemoBuilder:
    """Builds the rows of ``count`` demo orders in memory, ready for a bulk load."""

    def __init__(self, count: int, seed: int, today: datetime, handling_days: int = 2) -> None:
        self.rng = random.Random(seed)
        self.count = count
        self.anchor = today.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=UTC)
        self.handling_days = handling_days
        self.span_days = max(60, min(1095, count // 30))
        self.markets = [m for m, _ in MARKETS]
        self.weights = [w for _, w in MARKETS]
        self.orders: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.cases: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.journal: list[dict[str, Any]] = []
        self.products: list[dict[str, Any]] = []
        self.buyers: dict[str, list[Buyer]] = {}

    def build(self, first_id: int = 1) -> DemoBuilder:
        rng = self.rng
        self._products()
        ages = sorted(
            (rng.random() ** 1.3 * self.span_days for _ in range(self.count)), reverse=True
        )
        forced = [
            Stage.PENDING,
            Stage.CONFIRMED,
            Stage.READY_TO_SHIP,
            Stage.IN_TRANSIT,
            Stage.DELIVERED,
            Stage.CANCELLED,
        ]
        for index, age in enumerate(ages):
            newest = self.count - 1 - index
            stage = forced[newest] if newest < len(forced) else _stage_for(rng, age)
            if newest < len(forced) and stage in (Stage.IN_TRANSIT, Stage.DELIVERED):
                age = max(age, 3.0 if stage is Stage.IN_TRANSIT else 8.0)
            self._order(
                first_id + index, age, stage, force_case=newest in (3, 4), no_postcode=newest == 1
            )
        return self

    def _past(self, moment: datetime) -> datetime:
        """Demo times end at today's midnight UTC: the same seed gives the same orders all day."""
        return min(moment, self.anchor - timedelta(seconds=30))

    def _buyer(self, market: Market, order_id: int) -> Buyer:
        """A new buyer of the market, or (one order in seven) one who bought before."""
        rng = self.rng
        known = self.buyers.setdefault(market.country, [])
        if known and rng.random() < 0.15:
            return rng.choice(known)
        first, last = rng.choice(market.first_names), rng.choice(market.last_names)
        name = (
            f"{last}{first}"
            if market.family_first and market.country == "CN"
            else (f"{last} {first}" if market.family_first else f"{first} {last}")
        )
        city, region, postal = rng.choice(market.cities)
        buyer: Buyer = {
            "buyer_name": name,
            "buyer_email": f"buyer{order_id}@example.com",
            "buyer_phone": f"+{rng.randint(1, 99)} {_digits(rng, 9)}",
            "ship_name": name,
            "ship_line1": f"{rng.choice(market.streets)} {rng.randint(1, 4000)}",
            "ship_line2": rng.choice(("", "", f"Depto {rng.randint(1, 30)}")),
            "ship_city": city,
            "ship_region": region,
            "ship_postal_code": _pattern(rng, postal),
        }
        known.append(buyer)
        return buyer

    def _products(self) -> None:
        from orderdesk.domain.catalogue import gs1_check_digit

        for number, (sku, title, _variants, _price_usd, stock) in enumerate(CATALOG):
            if stock is None:
                continue
            hs_code, origin, grams, customs, low = CUSTOMS[sku]
            body = f"779{7000000 + number * 7919:09d}"  # an Argentine GS1 prefix, EAN-13
            self.products.append(
                {
                    "sku": sku,
                    "title": title,
                    "on_hand": stock,
                    "low_stock": low,
                    "barcode": body + str(gs1_check_digit(body)),
                    "weight_g": grams,
                    "hs_code": hs_code,
                    "origin": origin,
                    "customs_description": customs,
                    "version": 1,
                }
            )
            self.journal.append(
                self._entry(
                    None,
                    self.anchor,
                    "stock_counted",
                    f"Stock of {sku} counted: {stock}",
                    {},
                    {sku: stock},
                )
            )

    def _entry(
        self,
        order_id: int | None,
        at: datetime,
        action: str,
        summary: str,
        after: dict[str, Any],
        stock: dict[str, int] | None = None,
        case_id: int | None = None,
    ) -> dict[str, Any]:
        return entry_fields(
            action,
            _ACTOR,
            at,
            summary,
            order_id=order_id,
            case_id=case_id,
            after=after,
            stock=stock,
        )

    def _order(
        self, order_id: int, age: float, stage: Stage, force_case: bool, no_postcode: bool = False
    ) -> None:
        rng = self.rng
        market = rng.choices(self.markets, self.weights)[0]
        channel = rng.choice(market.channels)
        currency = market.currency
        created = self.anchor - timedelta(days=age, hours=rng.uniform(0.1, 10))
        unpaid = stage is Stage.PENDING and rng.random() < 0.25
        paid_at = None if unpaid else self._past(created + timedelta(minutes=rng.uniform(1, 360)))
        buyer = self._buyer(market, order_id)
        items: list[LineFacts] = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            sku, title, variants, usd, _stock = rng.choice(CATALOG)
            quantity = rng.choice((1, 1, 1, 2, 3))
            items.append(
                LineFacts(sku, title, quantity, _price(usd, currency), variant=rng.choice(variants))
            )
        subtotal = sum(line.quantity * line.unit_price for line in items)
        shipping = _price(rng.choice((0, 0, 499, 799)), currency)
        tax = int(round(subtotal * 0.08)) if market.country == "US" and channel == "shopify" else 0
        discount = int(round(subtotal * 0.1)) if rng.random() < 0.08 else 0
        total = subtotal + shipping + tax - discount
        fee = int(round(total * _FEES[channel]))
        channel_deadline = None
        if channel == "mercadolibre" and stage in UNSHIPPED and age < 3:
            # Mercado Libre sets its own "dispatch before" deadline: spread over the next two
            # days, so some are due within 24 h at whatever hour the desk is opened today.
            channel_deadline = self.anchor + timedelta(hours=rng.uniform(2, 46))
        external_id = _external_id(rng, channel, order_id)
        facts = OrderFacts(
            channel=channel,
            external_id=external_id,
            created_at=created,
            currency=currency,
            stage=stage.value,
            payment=(Payment.UNPAID if unpaid else Payment.PAID).value,
            paid_at=paid_at,
            ship_by=channel_deadline,
            **buyer,
            ship_country=market.country,
            subtotal=subtotal,
            shipping=shipping,
            tax=tax,
            discount=discount,
            total=total,
            fee=fee,
            shipping_cost=_price(rng.choice((0, 350, 650, 900)), currency),
        )
        order = order_fields(facts, handling_days=self.handling_days, zone=UTC)
        order["id"] = order_id
        self._advance(order, stage, market)
        unlabelled = stage in (Stage.PENDING, Stage.CONFIRMED)
        if no_postcode or unlabelled and order_id % 97 == 0:  # an address to complete
            order["ship_postal_code"] = ""
        order["search_key"] = order_search_key(*(order[name] for name in SEARCHED))
        self.orders.append(order)
        self.lines.extend(
            line_fields(line, position=position, order_id=order_id)
            for position, line in enumerate(items)
        )
        self._cases(order, force_case)
        self._messages(order)
        self.journal.append(
            new_order_entry(
                order_id,
                fields_snapshot(order),
                action="created",
                actor=_ACTOR,
                at=created,
                summary=f"Order #{order_id} arrived from {channel}",
            )
        )

    def _advance(self, order: dict[str, Any], stage: Stage, market: Market) -> None:
        rng = self.rng
        start = order["paid_at"] or order["created_at"]
        if stage is Stage.CANCELLED:
            order["cancelled_at"] = self._past(start + timedelta(hours=rng.uniform(1, 30)))
            order["cancel_reason"] = rng.choice(
                ("buyer asked to cancel", "out of stock", "address could not be served")
            )
            order["refunded"] = order["total"]
            order["payment"] = Payment.REFUNDED.value
            return
        if stage is Stage.PENDING:
            return
        order["confirmed_at"] = self._past(start + timedelta(hours=rng.uniform(0.2, 6)))
        order["stock_taken"] = True
        if stage is Stage.CONFIRMED:
            return
        order["label_printed_at"] = self._past(
            order["confirmed_at"] + timedelta(hours=rng.uniform(0.2, 4))
        )
        if stage is Stage.READY_TO_SHIP:
            return
        carrier = rng.choice(market.carriers)
        number = tracking_number(rng, carrier, market.country)
        order["carrier"] = CARRIERS[carrier].name
        order["tracking_number"] = number
        order["tracking_url"] = CARRIERS[carrier].url(number)
        order["service"] = rng.choice(("Standard", "Express", "Economy"))
        late = timedelta(days=rng.uniform(1, 3)) if rng.random() < 0.08 else timedelta(0)
        order["shipped_at"] = self._past(
            order["label_printed_at"] + timedelta(hours=rng.uniform(2, 30)) + late
        )
        if stage is Stage.IN_TRANSIT:
            return
        order["delivered_at"] = self._past(
            order["shipped_at"] + timedelta(days=rng.uniform(1.5, 9))
        )
        order["payout"] = (
            Payout.RELEASED
            if order["delivered_at"] < self.anchor - timedelta(days=10)
            else Payout.PENDING
        ).value

    def _cases(self, order: dict[str, Any], force: bool) -> None:
        rng = self.rng
        stage = order["stage"]
        if stage == Stage.CANCELLED.value or order["payment"] == Payment.UNPAID.value:
            return
        roll = rng.random()
        shipped = stage in (Stage.IN_TRANSIT.value, Stage.DELIVERED.value)
        if force and stage == Stage.IN_TRANSIT.value or shipped and roll < 0.015:
            self._case(order, "dispute", rng.choice(("item not received", "item not as described")))
        elif force or roll < (0.05 if stage == Stage.DELIVERED.value else 0.01):
            kind = "return" if stage == Stage.DELIVERED.value and rng.random() < 0.3 else "refund"
            self._case(
                order,
                kind,
                rng.choice(
                    (
                        "arrived damaged",
                        "wrong size",
                        "changed my mind",
                        "llegó roto",
                        "不想要了",
                        "サイズが違う",
                    )
                ),
                force=force,
            )

    def _case(self, order: dict[str, Any], kind: str, reason: str, force: bool = False) -> None:
        rng = self.rng
        case_id = len(self.cases) + 1
        base = order["delivered_at"] or order["shipped_at"] or order["paid_at"]
        opened = min(
            base + timedelta(days=rng.uniform(0.5, 6)),
            self.anchor - timedelta(hours=rng.uniform(1, 40)),
        )
        opened = self._past(max(opened, order["created_at"] + timedelta(hours=1)))
        recent = opened > self.anchor - timedelta(days=RESPOND_DAYS[kind])
        amount = (
            order["total"]
            if kind == "dispute" or rng.random() < 0.5
            else max(1, order["total"] // rng.choice((2, 3, 4)))
        )
        status, closed = "open", None
        if not (recent or force):
            closed = opened + timedelta(days=rng.uniform(0.2, RESPOND_DAYS[kind]))
            if kind == "dispute":
                status = rng.choice(("won", "won", "lost"))
            else:
                status = rng.choice(("accepted", "accepted", "accepted", "rejected"))
        if status in ("accepted", "lost"):
            order["refunded"] += amount
            order["payment"] = (
                Payment.REFUNDED
                if order["refunded"] >= order["total"]
                else Payment.PARTIALLY_REFUNDED
            ).value
        self.cases.append(
            {
                "id": case_id,
                "order_id": order["id"],
                "kind": kind,
                "reason": reason,
                "status": status,
                "amount": amount,
                "opened_at": opened,
                "respond_by": opened + timedelta(days=RESPOND_DAYS[kind]),
                "closed_at": closed,
                "resolution": "buyer's claim not supported by the photos"
                if status == "rejected"
                else "",
            }
        )
        self.journal.append(
            self._entry(
                order["id"],
                opened,
                f"{kind}_requested" if kind != "dispute" else "dispute_opened",
                f"{kind.capitalize()} case {case_id} on order #{order['id']}: {reason}",
                {
                    "case": {
                        "status": status,
                        "amount": amount,
                        "closed_at": dump("closed_at", closed),
                    }
                },
                case_id=case_id,
            )
        )

    def _messages(self, order: dict[str, Any]) -> None:
        rng = self.rng
        if rng.random() >= 0.12:
            return
        at = order["created_at"]
        for turn in range(rng.randint(1, 3)):
            at = at + timedelta(hours=rng.uniform(1, 20))
            incoming = turn % 2 == 0
            self.messages.append(
                {
                    "order_id": order["id"],
                    "at": self._past(at),
                    "direction": "in" if incoming else "out",
                    "author": order["buyer_name"] if incoming else "seller",
                    "body": rng.choice(_MESSAGES_IN if incoming else _MESSAGES_OUT),
                }
            )


def load_demo(database: Database, count: int, seed: int, handling_days: int = 2) -> int:
    """Fill ``database`` with ``count`` demo orders made from ``seed`` (earlier demo rows are
    replaced); how many went in."""
    from orderdesk.store.demo_load import load_demo_rows

    shop = DemoBuilder(count, seed, database.clock(), handling_days).build()
    return load_demo_rows(database, shop, seed)

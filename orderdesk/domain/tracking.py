"""Carriers, tracking-number checks and tracking-URL templates.

UPU S10 numbers (``LP123456785CN``: two letters, eight digits, a check digit, a country code)
are validated with the S10 check digit; UPS 1Z numbers and DHL Express waybills with their own
check digits; other known carriers by pattern. Unknown carriers take any number and a URL typed
by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from orderdesk.domain.errors import Refused
from orderdesk.domain.search_key import fold

_S10 = re.compile(r"^[A-Z]{2}(\d{8})(\d)([A-Z]{2})$", re.ASCII)
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an eight-digit serial number."""
    total = sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def s10_problem(number: str) -> str | None:
    match = _S10.match(number)
    if not match:
        return "is not a UPU S10 number (2 letters, 9 digits, 2-letter country, e.g. LP123456785CN)"
    serial, check, _country = match.groups()
    if s10_check_digit(serial) != int(check):
        return f"fails the S10 check digit (expected {s10_check_digit(serial)}, found {check})"
    return None


def _ups_problem(number: str) -> str | None:
    if not re.fullmatch(r"1Z[0-9A-Z]{16}", number):
        return "is not a UPS number (1Z followed by 16 letters or digits)"
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in number[2:17]]
    odd, even = sum(values[0::2]), sum(values[1::2])
    check = (10 - (odd + 2 * even) % 10) % 10
    if not number[17].isdigit() or check != int(number[17]):
        return f"fails the UPS check digit (expected {check})"
    return None


def _dhl_problem(number: str) -> str | None:
    if not re.fullmatch(r"\d{10}", number, re.ASCII):
        return "is not a DHL Express waybill (10 digits)"
    if int(number[:9]) % 7 != int(number[9]):
        return f"fails the DHL check digit (expected {int(number[:9]) % 7})"
    return None


def _pattern(regex: str, what: str) -> Callable[[str], str | None]:
    compiled = re.compile(regex, re.ASCII)  # ３ or ٣ are not a carrier's digits

    def check(number: str) -> str | None:
        return None if compiled.fullmatch(number) else f"is not {what}"

    return check


def _either(*checks: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def check(number: str) -> str | None:
        problems = [check(number) for check in checks]
        return None if None in problems else problems[0]

    return check


#: Days in transit assumed for a carrier the desk does not know.
USUAL_TRANSIT_DEFAULT = 10


@dataclass(frozen=True)
class Carrier:
    key: str
    name: str
    url_template: str
    check: Callable[[str], str | None] | None = None
    #: Days a parcel usually takes with this carrier, door to door (a seller's rule of
    #: thumb): In transit flags a parcel at more than twice this.
    usual_days: int = USUAL_TRANSIT_DEFAULT

    def problem(self, number: str) -> str | None:
        return self.check(number) if self.check else None

    def url(self, number: str) -> str:
        return self.url_template.format(number=quote(number, safe=""))


CARRIERS: dict[str, Carrier] = {
    c.key: c
    for c in (
        Carrier(
            "china-post",
            "China Post",
            "https://track.chinapost.com.cn/#/result?mailNo={number}",
            s10_problem,
            usual_days=20,
        ),
        Carrier(
            "cainiao",
            "Cainiao",
            "https://global.cainiao.com/newDetail.htm?mailNoList={number}",
            _either(
                s10_problem, _pattern(r"(LP|CN|YT)\d{14,16}", "a Cainiao number (LP + 14 digits)")
            ),
            usual_days=15,
        ),
        Carrier(
            "correos",
            "Correos (España)",
            "https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={number}",
            _either(s10_problem, _pattern(r"P[A-Z0-9]{15,22}", "a Correos number")),
            usual_days=5,
        ),
        Carrier(
            "correios",
            "Correios (Brasil)",
            "https://rastreamento.correios.com.br/app/index.php?objeto={number}",
            s10_problem,
            usual_days=12,
        ),
        Carrier(
            "correo-argentino",
            "Correo Argentino",
            "https://www.correoargentino.com.ar/formularios/e-commerce?id={number}",
            s10_problem,
            usual_days=10,
        ),
        Carrier(
            "correos-mexico",
            "Correos de México",
            "https://www.correosdemexico.gob.mx/SSLServicios/ConsultaCP/Rastreo.aspx?guia={number}",
            s10_problem,
            usual_days=12,
        ),
        Carrier(
            "japan-post",
            "Japan Post",
            "https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={number}",
            _either(s10_problem, _pattern(r"\d{11,12}", "a Japan Post number")),
            usual_days=7,
        ),
        Carrier(
            "usps",
            "USPS",
            "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
            _either(_pattern(r"9[2-5]\d{18,20}", "a USPS number (20-22 digits)"), s10_problem),
            usual_days=7,
        ),
        Carrier(
            "ups", "UPS", "https://www.ups.com/track?tracknum={number}", _ups_problem, usual_days=5
        ),
        Carrier(
            "fedex",
            "FedEx",
            "https://www.fedex.com/fedextrack/?trknbr={number}",
            _pattern(r"\d{12}|\d{15}|\d{20}|\d{22}", "a FedEx number (12, 15, 20 or 22 digits)"),
            usual_days=5,
        ),
        Carrier(
            "dhl",
            "DHL Express",
            "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
            _dhl_problem,
            usual_days=6,
        ),
        Carrier(
            "mercado-envios",
            "Mercado Envíos",
            "https://www.mercadolibre.com.ar/envios/seguimiento?id={number}",
            _pattern(r"\d{10,12}", "a Mercado Envíos shipment number (10-12 digits)"),
            usual_days=5,
        ),
        Carrier(
            "andreani",
            "Andreani",
            "https://www.andreani.com/#!/informacionEnvio/{number}",
            _pattern(r"\d{10,16}", "an Andreani number (10-16 digits)"),
            usual_days=5,
        ),
        Carrier(
            "oca",
            "OCA",
            "https://www.oca.com.ar/Busquedas/Envios?numero={number}",
            _pattern(r"\d{10,20}", "an OCA number (10-20 digits)"),
            usual_days=7,
        ),
        Carrier(
            "estafeta",
            "Estafeta",
            "https://www.estafeta.com/Herramientas/Rastreo?wayBill={number}",
            _pattern(r"\d{10}|\d{22}|[0-9A-Z]{22}", "an Estafeta number (10 or 22 characters)"),
            usual_days=6,
        ),
    )
}


def _alias(name: str) -> str:
    """A carrier name as looked up: folded (case, accents) without spaces or punctuation.
    The listed names and what the seller types go through this same function, so every
    name the desk lists resolves to its own carrier."""
    return re.sub(r"[\s_().-]", "", fold(name or ""))


_ALIASES = (
    {_alias(key): key for key in CARRIERS}
    | {_alias(c.name): c.key for c in CARRIERS.values()}
    | {
        _alias(name): key
        for name, key in (
            ("Mercado Envios", "mercado-envios"),
            ("ME", "mercado-envios"),
            ("China Post", "china-post"),
            ("DHL Express", "dhl"),
            ("Correos España", "correos"),
            ("Correos de Mexico", "correos-mexico"),
            ("Correo Argentino", "correo-argentino"),
            ("Japan Post", "japan-post"),
            ("Correios", "correios"),
        )
    }
)


def find_carrier(name: str) -> Carrier | None:
    """The known carrier a name refers to (``UPS``, ``china post``, ``mercado-envios``,
    ``Correios (Brasil)``)."""
    found = _ALIASES.get(_alias(name))
    return CARRIERS[found] if found else None


def carriers_matching(typed: str) -> list[Carrier]:
    """The known carriers a partly typed name may be heading for, in the desk's list order:
    each whose name or one of its other names holds what is typed, folded as looked up
    (``cor`` gives the four Correo(s) posts, ``brasil`` only Correios, ``mexico`` Correos
    de México); nothing typed gives them all."""
    wanted = _alias(typed)
    if not wanted:
        return list(CARRIERS.values())
    keys = {key for alias, key in _ALIASES.items() if wanted in alias}
    return [carrier for carrier in CARRIERS.values() if carrier.key in keys]


def normalise_number(number: str) -> str:
    return re.sub(r"\s+", "", number or "").upper()


@dataclass(frozen=True)
class Tracking:
    carrier: str
    number: str
    url: str


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a tracking link (None: it can): a web address, nothing else
    (a ``javascript:`` or ``file:`` link in an order would run or open something)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "is not a web address (give one starting with https:// or http://)"
    if any(not ch.isprintable() or ch.isspace() for ch in url):
        return "has spaces or control characters"
    return None


def check_tracking(carrier: str, number: str, url: str | None = None) -> Tracking:
    """Validate a tracking number for a carrier and work out its URL.

    Raises :class:`Refused` naming the rule when the number is empty or fails the carrier's
    pattern or check digit.
    """
    name = (carrier or "").strip()
    if not name:
        raise Refused("carrier: give the carrier's name (e.g. UPS, China Post, Correios)")
    clean = normalise_number(number)
    if not clean:
        raise Refused("tracking number is empty")
    url = (url or "").strip()
    problem = url_problem(url) if url else None
    if problem:
        raise Refused(f"tracking URL {url[:60]!r} {problem}")
    known = find_carrier(name)
    if known is None:
        return Tracking(name, clean, (url or "").strip())
    problem = known.problem(clean)
    if problem:
        carrier = "" if known.name.split()[0] in problem else f" for {known.name}"
        raise Refused(f"tracking number {clean} {problem}{carrier}")
    return Tracking(known.name, clean, (url or "").strip() or known.url(clean))

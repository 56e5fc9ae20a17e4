"""Country names in the languages marketplace files use → ISO 3166 codes, and a country's
currency. The names are CLDR's, through babel (kept by the Unicode consortium, every
territory in every language), not a table of our own.

Names are matched without case or accents ("Mexico" = "México"), after the languages the
marketplaces a small seller uses write in; the index is built once, on first use.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: The languages whose country names are recognised (marketplace and buyer languages).
LANGUAGES = (
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "cs",
    "tr",
    "ru",
    "uk",
    "ja",
    "zh",
    "zh_Hant",
    "ko",
    "ar",
    "he",
    "el",
    "hu",
    "ro",
)


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    from babel import Locale

    names: dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO"):
                names.setdefault(_key(name), code)
    return names


def country_code(name: str) -> str | None:
    """``"España"`` → ``"ES"``; a two-letter code stays as it is; ``None`` when unknown."""
    raw = name.strip()
    if len(raw) == 2 and raw.isascii() and raw.isalpha():
        return raw.upper()
    return _index().get(_key(raw))


def currency_of(code: str) -> str:
    """The currency a country uses today (``"GB"`` → ``"GBP"``), or ``""``."""
    from babel.numbers import get_territory_currencies

    try:
        found = get_territory_currencies(code)
    except Exception:  # noqa: BLE001 - babel raises on territories it does not know
        return ""
    return found[0] if found else ""

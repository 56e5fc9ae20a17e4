"""The text a search matches an order by, folded so that case and accents do not matter in
any script the desk serves.

SQLite's LIKE folds ASCII letters only (``/Álvaro`` missed Álvaro, ``munoz`` missed Muñoz,
``/Наталья`` missed Наталья) and PostgreSQL's LIKE folds nothing, so the folding is done here,
once, for the order (kept in ``orders.search_key`` by whoever writes the order) and for the
term typed; the database then compares plain folded text with a plain LIKE on either engine.

Folding: Unicode compatibility decomposition (full-width forms become plain ones), accents and
other combining marks dropped (é→e, ñ→n, й→и, ά→α), full case folding (ß→ss, final ς→σ),
and the letters that do not decompose mapped by hand (ø→o, ł→l, đ→d, æ→ae, œ→oe, þ→th,
ı→i). CJK text has no case and passes as it is.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ı": "i",
        "ŀ": "l",
    }
)

#: A term longer than any field an order is searched by cannot match anything; it is refused
#: rather than sent (a 100 KB term made SQLite give up: "LIKE pattern too complex").
LONGEST_TERM = 256


def term_problem(text: str) -> str | None:
    """Why ``text`` cannot be searched for (None: it can)."""
    length = len(text.strip())
    if length > LONGEST_TERM:
        return (
            f"{length:,} characters is longer than anything an order is searched by "
            f"(at most {LONGEST_TERM}: a name, email, city, postal code, SKU, order or "
            f"tracking number)"
        )
    return None


#: Between the fields of a key: a term (one stripped line) never matches across two fields.
SEPARATOR = "\n"


@lru_cache(maxsize=65_536)  # names and cities repeat across a shop's orders
def fold(text: str) -> str:
    if text.isascii():  # nothing to decompose, no accent, no letter of _LETTERS
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold().translate(_LETTERS))


def order_search_key(
    buyer_name: str, ship_name: str, buyer_email: str, ship_city: str, ship_postal_code: str
) -> str:
    """The folded buyer and ship-to name, email, city and postal code of an order."""
    fields = [buyer_name, buyer_email, ship_city, ship_postal_code]
    if ship_name and ship_name != buyer_name:
        fields.insert(1, ship_name)
    return SEPARATOR.join(fold(field.strip()) for field in fields if field and field.strip())


def key_of(order: object) -> str:
    """:func:`order_search_key` of anything with the order's fields (an Order, an import's
    order)."""
    return order_search_key(*(str(getattr(order, name, "") or "") for name in SEARCHED))


#: The order fields the key is made of, in :func:`order_search_key`'s order.
SEARCHED = ("buyer_name", "ship_name", "buyer_email", "ship_city", "ship_postal_code")

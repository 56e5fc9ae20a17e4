"""What an order reference may be: the desk id (``12``, ``#12``) or the channel's order id.

The rule is the store's and every other unit of work's (the in-memory one of the tests too):
each looks the parsed reference up in its own rows.
"""

from __future__ import annotations

from collections.abc import Callable

from orderdesk.domain.errors import BadInput


def resolve(
    ref: str | int, has_id: Callable[[int], bool], with_channel_id: Callable[[str], list[int]]
) -> int:
    """The desk id ``ref`` names, looked up with the store's two questions: is there an order
    with this desk id, and which orders (up to two) carry this channel order id."""
    desk_id, text = parse_ref(ref)
    if desk_id is not None and has_id(desk_id):
        return desk_id
    text = channel_text(ref, text)
    ids = with_channel_id(text)
    if not ids:
        raise BadInput(f"order {text}: no such order")
    if len(ids) > 1:
        raise BadInput(f"order {text}: more than one channel uses this id; give the desk id")
    return ids[0]


def parse_ref(ref: str | int) -> tuple[int | None, str]:
    """``12`` / ``#12`` → (12, "12"); a channel order id → (None or its number, the text)."""
    if isinstance(ref, int):
        return ref, str(ref)
    text = ref.strip()
    if text.startswith("#"):
        digits = text[1:]
        if not desk_digits(digits):
            raise BadInput(f"order {text}: a desk id is # followed by the digits 0-9")
        if len(digits) > 18:
            raise BadInput(f"order {text}: no such order")
        return int(digits), digits
    if not text:
        raise BadInput("order: give a desk id (#12) or the channel's order id")
    return (int(text) if desk_digits(text) and len(text) < 12 else None), text


def channel_text(ref: str | int, parsed: str) -> str:
    """The text to look for among channel order ids: ``#1001`` stays whole (Shopify names its
    orders so), anything else as parsed."""
    return str(ref).strip() if str(ref).strip().startswith("#") else parsed


def desk_digits(text: str) -> bool:
    """Only 0-9 make a desk id: ``²``, Arabic-Indic or full-width digits name no desk id."""
    return text.isascii() and text.isdigit()

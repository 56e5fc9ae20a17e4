"""A buyer's email and phone, checked lightly: enough to catch a slip of the keyboard (a
missing ``@``, a letter in a phone number), never a judgement on what a real address is."""

from __future__ import annotations

import re

_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/]+$")
#: E.164 numbers have at most 15 digits; fewer than 6 is no phone number anywhere.
_FEWEST_DIGITS, _MOST_DIGITS = 6, 15


def email_problem(email: str) -> str | None:
    """Why ``email`` cannot be an email address (None: it can, or it is empty)."""
    text = (email or "").strip()
    if not text:
        return None
    if any(ch.isspace() for ch in text):
        return f"{text!r} has a space in it"
    if text.count("@") != 1:
        return f"{text!r} needs exactly one @"
    local, domain = text.split("@")
    if not local:
        return f"{text!r} has nothing before the @"
    if "." not in domain.strip(".") or domain.startswith(".") or domain.endswith("."):
        return f"{text!r} needs a domain after the @ (like example.com)"
    return None


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` cannot be a phone number (None: it can, or it is empty)."""
    text = (phone or "").strip()
    if not text:
        return None
    if not _PHONE_CHARS.match(text):
        return f"{text!r}: only digits, spaces, + ( ) - . / (a + only at the start)"
    digits = sum(ch.isdigit() for ch in text)
    if digits < _FEWEST_DIGITS:
        return f"{text!r} is too short for a phone number ({digits} digits)"
    if digits > _MOST_DIGITS:
        return f"{text!r} is too long for a phone number ({digits} digits, at most 15)"
    return None


def contact_problems(email: str, phone: str) -> list[str]:
    """Each problem with the buyer's contact, naming its field."""
    problems = []
    if (why := email_problem(email)) is not None:
        problems.append(f"email: {why}")
    if (why := phone_problem(phone)) is not None:
        problems.append(f"phone: {why}")
    return problems

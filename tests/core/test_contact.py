"""A hand-typed order's email and phone are checked lightly, naming the field (before, any
text was stored)."""

from __future__ import annotations

from orderdesk.domain.contact import email_problem, phone_problem
from orderdesk.domain.intake import LineDraft, OrderDraft, check_draft


def test_slips_of_the_keyboard_are_caught_and_real_contacts_pass() -> None:
    for good in ("ana@example.com", "jose.gomez+shop@correo.com.ar", ""):
        assert email_problem(good) is None, good
    for bad in ("ana", "ana@", "@example.com", "ana@example", "ana @example.com", "a@b@c.com"):
        assert email_problem(bad) is not None, bad
    for good in ("+54 11 4012-3456", "(11) 98765-4321", "030 1234567", ""):
        assert phone_problem(good) is None, good
    for bad in ("12345", "+54 11 4O12 3456", "11+4012345", "1234567890123456"):
        assert phone_problem(bad) is not None, bad


def test_the_draft_names_the_field() -> None:
    draft = OrderDraft(
        buyer_name="Ana",
        currency="ARS",
        lines=[LineDraft(sku="", title="Mate", quantity=1, unit_price=100)],
        buyer_email="ana@",
        buyer_phone="call me",
    )
    problems = check_draft(draft)
    assert [p.split(":")[0] for p in problems] == ["email", "phone"]

"""One money format everywhere, in each currency's own convention (before, the desk showed
``124960.00 ARS``, the command line ``11,612,529.00`` and the dialogs ``US$ 112.96``; the
detail showed ``−0.00`` for nothing taken off)."""

from __future__ import annotations

import pytest

from orderdesk.domain.money import format_amount_text, format_money, grouped
from tests.conftest import CliRunner
from tests.core.conftest import Shop


@pytest.mark.parametrize(
    ("minor", "code", "shown"),
    [
        (12496000, "ARS", "$ 124.960,00"),
        (123456, "BRL", "R$ 1.234,56"),
        (123456, "USD", "US$ 1,234.56"),
        (123456, "EUR", "1.234,56 €"),
        (150000, "JPY", "¥ 150,000"),
        (1234567, "KWD", "KWD 1,234.567"),
        (-1200, "USD", "−US$ 12.00"),
        (-1200, "EUR", "−12,00 €"),
        (0, "EUR", "0,00 €"),
    ],
)
def test_each_currency_is_written_its_own_way(minor: int, code: str, shown: str) -> None:
    assert format_money(minor, code) == shown


def test_zero_is_never_signed() -> None:
    assert format_amount_text("-0.00", "USD") == "US$ 0.00"
    assert grouped(-0, "BRL") == "0,00"
    assert "−0" not in format_money(0, "ARS") and "-0" not in format_money(0, "ARS")


def test_the_query_strings_read_the_same_way() -> None:
    assert format_amount_text("11612529.00", "ARS") == "$ 11.612.529,00"
    assert format_amount_text(None, "ARS") == ""


def test_list_and_show_print_the_one_format(cli: CliRunner, shop: Shop) -> None:
    order = shop.order(("SKU-1", 2), currency="ARS", price=6248000)
    listed = cli("list", "--tab", "all", db=shop.path)
    assert listed.code == 0, listed.err
    assert "$ 124.960,00" in listed.out and "ARS" not in listed.out.split("$ 124.960,00")[0][-6:]
    shown = cli("show", str(order), db=shop.path)
    assert shown.code == 0, shown.err
    assert "$ 124.960,00" in shown.out
    assert "−0" not in shown.out and "-0.00" not in shown.out

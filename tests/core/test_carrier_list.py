"""Every carrier the desk lists resolves to itself: picked by its listed name (as the
tracking dialog offers it) it checks numbers with its own rule and fills its own tracking
URL. Before, "Correios (Brasil)" from the list was not recognised: a wrong check digit was
accepted and the URL dropped."""

from __future__ import annotations

from typing import Any

import pytest

from orderdesk.domain.errors import Refused
from orderdesk.domain.tracking import CARRIERS, carriers_matching, check_tracking, find_carrier


@pytest.mark.parametrize("key", list(CARRIERS))
def test_each_listed_carrier_resolves_to_itself(key: str) -> None:
    carrier = CARRIERS[key]
    for typed in (carrier.name, carrier.name.upper(), f"  {carrier.name.lower()} ", key):
        assert find_carrier(typed) is carrier, typed


def test_correios_picked_from_the_list_checks_the_s10_digit_and_keeps_the_url() -> None:
    good = check_tracking("Correios (Brasil)", "LP123456785BR")
    assert good.url == "https://rastreamento.correios.com.br/app/index.php?objeto=LP123456785BR"
    with pytest.raises(Refused):
        check_tracking("Correios (Brasil)", "LP123456786BR")


def test_the_same_tracking_number_on_two_orders_is_accepted_with_a_warning(
    cli: Any, shop: Any
) -> None:
    first, second = shop.order(), shop.order()
    for order in (first, second):
        assert cli("confirm", str(order), db=shop.path).code == 0
    done = cli(
        "ship", str(first), "--carrier", "China Post", "--tracking", "LP123456785CN", db=shop.path
    )
    assert done.code == 0 and "warning" not in done.out
    again = cli(
        "ship", str(second), "--carrier", "China Post", "--tracking", "LP123456785CN", db=shop.path
    )
    assert again.code == 0, again.err
    assert f"the same tracking number is on order #{first}" in again.out


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("", [carrier.name for carrier in CARRIERS.values()]),
        ("cor", ["Correos (España)", "Correios (Brasil)", "Correo Argentino", "Correos de México"]),
        ("Correi", ["Correios (Brasil)"]),
        ("brasil", ["Correios (Brasil)"]),
        ("MEXICO", ["Correos de México"]),
        ("envíos", ["Mercado Envíos"]),
        ("post", ["China Post", "Japan Post"]),
        ("Hermes", []),
    ],
)
def test_the_carrier_list_narrows_to_what_is_being_typed(typed: str, offered: list[str]) -> None:
    assert [carrier.name for carrier in carriers_matching(typed)] == offered

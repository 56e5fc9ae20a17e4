"""Every carrier the desk lists resolves to itself: picked by its listed name (as the
tracking dialog offers it) it checks numbers with its own rule and fills its own tracking
URL. Before, "Correios (Brasil)" from the list was not recognised: a wrong check digit was
accepted and the URL dropped."""

from __future__ import annotations

import pytest

from orderdesk.domain.errors import Refused
from orderdesk.domain.tracking import CARRIERS, check_tracking, find_carrier


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

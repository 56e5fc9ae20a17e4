"""Whole numbers as the desk reads them: the digits 0-9, bounded, nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orderdesk.domain.errors import BadInput
from orderdesk.domain.units import LARGEST_UNITS, whole


@given(st.integers(min_value=-LARGEST_UNITS, max_value=LARGEST_UNITS))
def test_a_number_in_range_reads_as_itself(number: int) -> None:
    assert whole(f"{number:+d}", "units", signed=True) == number
    assert whole(f"  {abs(number)} ", "units") == abs(number)


@given(st.integers(min_value=LARGEST_UNITS + 1))
def test_a_number_past_the_bound_names_the_field_and_the_bound(number: int) -> None:
    with pytest.raises(BadInput, match=r"^units: .*\(at most 10,000,000\)$"):
        whole(str(number), "units")


@pytest.mark.parametrize("text", ["٣", "３", "²", "1٣", "१२", "1.5", "1e3", "", "+", "--1", "0x10"])
def test_digits_of_other_scripts_and_non_integers_are_refused(text: str) -> None:
    """Python's int() reads "٣", "３" and "१२" as numbers; the desk does not."""
    with pytest.raises(BadInput, match="not a whole number"):
        whole(text, "units", signed=True)

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.formatting import format_number


@pytest.mark.parametrize(
    ("value", "decimals", "written"),
    [
        (0, 0, "0"),
        (999, 0, "999"),
        (1240, 0, "1\u00a0240"),
        (-1234567, 0, "-1\u00a0234\u00a0567"),
        (Decimal("30000.00"), 0, "30\u00a0000"),
        (1234567.891, 2, "1\u00a0234\u00a0567,89"),
        (2.5, 0, "3"),  # half up, as people round, not to even
        (Decimal("1500.5"), 2, "1\u00a0500,50"),
        (-0.4, 0, "0"),
    ],
)
def test_it_groups_thousands_with_a_no_break_space_and_writes_decimals_after_a_comma(value, decimals, written):
    assert format_number(value, decimals) == written


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_the_digits_read_back_as_the_same_number_and_the_groups_are_of_three(number):
    written = format_number(number)
    assert int(written.replace("\u00a0", "")) == number
    groups = written.lstrip("-").split("\u00a0")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])


def test_negative_decimals_are_refused():
    with pytest.raises(ValueError, match="negative"):
        format_number(1, -1)

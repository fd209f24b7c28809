from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.budget import BudgetError, parse_budget
from core.errors import UserError


@pytest.mark.parametrize(
    ("typed", "budget"),
    [
        ("30000", "30000.00"),
        ("30 000 ₽", "30000.00"),
        ("30\u00a0000", "30000.00"),
        ("1500,50", "1500.50"),
        ("20000 руб.", "20000.00"),
        ("0.01", "0.01"),
    ],
)
def test_it_reads_rubles_as_people_type_them(typed, budget):
    assert parse_budget(typed) == Decimal(budget)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "positive"),
        ("0", "positive"),
        ("0.00", "positive"),
        ("много", "number"),
        ("NaN", "number"),
        ("Infinity", "number"),
        ("0.004", "two digits after the decimal point"),
        ("1500.505", "two digits after the decimal point"),
        ("1000000000", "too large"),
    ],
)
def test_it_rejects_what_is_not_an_amount_of_rubles_and_kopecks(typed, reason):
    with translation.override("en"), pytest.raises(BudgetError, match=reason):
        parse_budget(typed)


def test_the_message_is_a_user_error_written_in_russian_by_default():
    with translation.override("ru"), pytest.raises(UserError) as caught:
        parse_budget("0.004")
    assert str(caught.value) == "В бюджете не больше двух знаков после запятой (копейки), например 1500,50."


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999"), places=2))
def test_any_positive_amount_survives_a_round_trip(amount):
    assert parse_budget(str(amount)) == amount

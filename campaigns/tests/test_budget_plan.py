from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from campaigns.budget import plan_budget


def test_groups_get_the_budget_by_their_share_of_searches_and_the_weekly_figure_is_monthly_over_4_3():
    plan = plan_budget(Decimal("30000"), [(1, "Диваны", 9000), (2, "Угловые", 3000), (3, "Кровати", 0)])

    assert [group.monthly for group in plan.groups] == [Decimal(22500), Decimal(7500), Decimal(0)]
    assert [group.share for group in plan.groups] == [0.75, 0.25, 0.0]
    assert plan.weekly == Decimal(6977)


def test_without_frequencies_every_group_gets_the_same_share():
    plan = plan_budget(Decimal("1000"), [(1, "a", 0), (2, "b", 0), (3, "c", 0)])

    assert sorted(group.monthly for group in plan.groups) == [Decimal(333), Decimal(333), Decimal(334)]


@given(
    monthly=st.decimals(min_value=1, max_value=10_000_000, places=0),
    frequencies=st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=40),
)
def test_the_groups_always_add_up_to_the_whole_rubles_of_the_budget(monthly, frequencies):
    plan = plan_budget(monthly, [(number, str(number), f) for number, f in enumerate(frequencies, start=1)])

    assert sum(group.monthly for group in plan.groups) == monthly
    assert all(group.monthly >= 0 for group in plan.groups)

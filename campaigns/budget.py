"""The user's monthly budget as a PPC specialist would set it in Direct: per group, and as a weekly limit.

Direct's strategies take a weekly budget, not a monthly one, so the plan gives the weekly figure to type in
(monthly / 4.3, the weeks in an average month). Groups get the budget in proportion to their searches (summed
monthly frequency): a first plan that the specialist then moves by conversion once statistics come in. Without
frequencies (a manual list), every group gets the same share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

WEEKS_PER_MONTH = Decimal("4.3")
RUBLE = Decimal("1")


@dataclass(frozen=True)
class GroupBudget:
    number: int
    name: str
    share: float  # of the campaign's searches, 0–1
    monthly: Decimal


@dataclass(frozen=True)
class BudgetPlan:
    monthly: Decimal
    weekly: Decimal
    groups: list[GroupBudget]

    @staticmethod
    def assumptions() -> str:
        return _(
            "Split by each group's share of the monthly searches (Wordstat frequency); the weekly budget for Direct's "
            "strategy is the monthly budget divided by 4.3 weeks. Move money to the groups that convert once the "
            "campaign has statistics."
        )

    def as_dict(self) -> dict:
        return {
            "monthly": str(self.monthly),
            "weekly": str(self.weekly),
            "groups": [
                {"number": g.number, "name": g.name, "share": round(g.share, 4), "monthly": str(g.monthly)}
                for g in self.groups
            ],
            "assumptions": self.assumptions(),
        }


def plan_budget(monthly: Decimal, groups: list[tuple[int, str, int]]) -> BudgetPlan:
    """`groups` are (number, name, summed frequency). Whole rubles per group; the rubles rounding leaves go to the
    groups with the largest remainders, so the groups add up to the monthly budget."""
    total = sum(frequency for _number, _name, frequency in groups)
    weights = [Decimal(frequency) if total else Decimal(1) for _number, _name, frequency in groups]
    weight_sum = sum(weights) or Decimal(1)
    exact = [monthly * weight / weight_sum for weight in weights]
    rubles = [amount.quantize(RUBLE, rounding=ROUND_DOWN) for amount in exact]
    left = int(monthly.quantize(RUBLE, rounding=ROUND_DOWN) - sum(rubles))
    by_remainder = sorted(range(len(groups)), key=lambda index: (rubles[index] - exact[index], index))
    for index in by_remainder[:left]:
        rubles[index] += 1
    return BudgetPlan(
        monthly=monthly,
        weekly=(monthly / WEEKS_PER_MONTH).quantize(RUBLE),
        groups=[
            GroupBudget(number, name, float(weight / weight_sum), amount)
            for (number, name, _frequency), weight, amount in zip(groups, weights, rubles, strict=True)
        ],
    )

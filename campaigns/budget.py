"""The user's monthly budget as a PPC specialist would set it in Direct: per group, and as a weekly limit.

Direct's strategies take a weekly budget, not a monthly one, so the plan gives the weekly figure to type in
(monthly / 4.3, the weeks in an average month). Groups get the budget in proportion to their searches, each query
counted once (`semantic.head_terms.counted_frequencies`: a longer phrase's searches are inside a shorter one's base
frequency, and a one-word head term in quotes takes only its own wording): a first plan that the specialist then
moves by conversion once statistics come in. Only known frequencies count: a group whose phrases have none gets the
median known group's share, and the plan says how many such groups there are. Without any frequency (a manual
list), every group gets the same share.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from semantic.head_terms import counted_frequencies
from semantic.types import Phrase

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
    unknown_groups: int = 0  # groups whose phrases had no frequency: they got the median known group's share

    def assumptions(self) -> str:
        text = _(
            "Split by each group's share of the monthly searches (Wordstat frequency), each search counted once: a "
            "longer phrase's searches are taken out of a shorter one's, and a one-word key in quotes counts only "
            "its own wording. The weekly budget for Direct's strategy is the monthly budget divided by 4.3 weeks. "
            "Move money to the groups that convert once the campaign has statistics."
        )
        if self.unknown_groups == len(self.groups) and self.groups:
            return text + " " + _("No group had a known frequency: every group got the same share.")
        if self.unknown_groups:
            return (
                text
                + " "
                + _("%(count)d groups had no known frequency: each got the median group's share.")
                % {"count": self.unknown_groups}
            )
        return text

    def as_dict(self) -> dict:
        return {
            "monthly": str(self.monthly),
            "weekly": str(self.weekly),
            "groups": [
                {"number": g.number, "name": g.name, "share": round(g.share, 4), "monthly": str(g.monthly)}
                for g in self.groups
            ],
            "unknown_groups": self.unknown_groups,
            "assumptions": self.assumptions(),
        }


def group_searches(groups: Sequence[Sequence[Phrase]]) -> list[int | None]:
    """Each group's monthly searches, each query counted once across the campaign; None when none is known."""
    counted = counted_frequencies([phrase for group in groups for phrase in group])
    result: list[int | None] = []
    start = 0
    for group in groups:
        known = [value for value in counted[start : start + len(group)] if value is not None]
        result.append(sum(known) if known else None)
        start += len(group)
    return result


def plan_budget(monthly: Decimal, groups: list[tuple[int, str, int | None]]) -> BudgetPlan:
    """`groups` are (number, name, monthly searches or None when unknown; see `group_searches`). Whole rubles per
    group; the rubles rounding leaves go to the groups with the largest remainders, so the groups add up to the
    monthly budget."""
    known = [frequency for _number, _name, frequency in groups if frequency is not None]
    if sum(known):
        fill = Decimal(statistics.median(known))
        weights = [fill if frequency is None else Decimal(frequency) for _number, _name, frequency in groups]
    else:
        weights = [Decimal(1)] * len(groups)
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
        unknown_groups=len(groups) - len(known),
    )

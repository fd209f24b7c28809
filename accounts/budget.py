"""Reading a budget as people type it, for every place that asks for one (the bot's campaign and settings steps,
the CLI): one set of rules, one set of messages.

The budget lives on a user (their default) and on a campaign, so it is read here, below both.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.errors import UserError

# Rubles; the model fields hold 12 digits with 2 after the point, and no campaign budget comes near this.
MAX_BUDGET = Decimal("1000000000")
KOPECK = Decimal("0.01")
RUBLE_SUFFIXES = ("руб.", "руб", "₽", "rub", "р.", "р")


class BudgetError(UserError):
    """A budget that is not a positive amount of rubles and kopecks; the message says what to send instead."""


def parse_budget(text: str) -> Decimal:
    """`text` ("30 000 ₽", "1500,50", "20000 руб.") as rubles with two decimals; raises `BudgetError` otherwise."""
    cleaned = text.strip().lower().replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(",", ".")
    for suffix in RUBLE_SUFFIXES:
        cleaned = cleaned.removesuffix(suffix)
    try:
        budget = Decimal(cleaned)
    except InvalidOperation:
        raise BudgetError(_("Send the budget as a number of rubles, e.g. 30000.")) from None
    if not budget.is_finite():
        raise BudgetError(_("Send the budget as a number of rubles, e.g. 30000."))
    if budget <= 0:
        raise BudgetError(_("The budget must be a positive number of rubles."))
    if budget != budget.quantize(KOPECK):
        raise BudgetError(_("A budget has at most two digits after the decimal point (kopecks), e.g. 1500.50."))
    if budget >= MAX_BUDGET:
        raise BudgetError(_("The budget is too large; send it in rubles, e.g. 30000."))
    return budget.quantize(KOPECK)

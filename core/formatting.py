"""The one way numbers are written for people: Russian digit grouping, whatever the language of the text around.

Thousands are separated by a no-break space (U+00A0), so "12 400" never breaks across lines in a chat, a progress
bar or a spreadsheet cell; the narrow no-break space (U+202F) is typographically finer but falls back to a gap or a
box in some Telegram clients and in Excel's default fonts. Decimals follow a comma, as Russian writes them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS_SEPARATOR = "\u00a0"
DECIMAL_SEPARATOR = ","


def format_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """`value` rounded half up to `decimals` places, e.g. `format_number(1234567.891, 2)` → "1 234 567,89"."""
    if decimals < 0:
        raise ValueError("decimals cannot be negative")
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) + 0  # no "-0"
    grouped = f"{rounded:,.{decimals}f}"
    return grouped.replace(",", THOUSANDS_SEPARATOR).replace(".", DECIMAL_SEPARATOR)


def format_seconds(seconds: float) -> str:
    """A duration as people read it, to a tenth of a second: "12.3 s" (the CLI, the admin, the bot's statistics)."""
    return f"{seconds:.1f} s"

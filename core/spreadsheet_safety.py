"""Text cells that a spreadsheet would run as a formula are written so it shows them as text.

Excel, LibreOffice and Google Sheets treat a CSV/TSV cell starting with `=`, `+`, `-` or `@` as a formula
(`=HYPERLINK(…)` leaks data when clicked, `=1+1` computes, `+7 495…` becomes a number), and a leading TAB or CR
is how a formula hides from a glance (OWASP, "CSV Injection"). Such a cell gets a leading apostrophe, which
spreadsheets read as "this is text" and do not display. XLSX cells are typed as text and Google Sheets is written
RAW, so only the CSV/TSV writers call this.

Direct's own syntax is the one exception: in the phrase column `+на` fixes a stop word and ` -word` is a minus
word, and the negatives columns are `-phrase -phrase`; those columns pass `operators=True` and keep `+`/`-`.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DIRECT_OPERATORS = ("+", "-")


def neutralise_formula(value: str, *, operators: bool = False) -> str:
    """`value`, with an apostrophe in front when a spreadsheet would take it for a formula (or when it already
    starts like a neutralised value, so that `restore_formula` gives every value back exactly)."""
    if _looks_neutralised(value):
        return "'" + value
    if not value.startswith(FORMULA_STARTS) or (operators and value.startswith(DIRECT_OPERATORS)):
        return value
    return "'" + value


def restore_formula(value: str) -> str:
    """The value `neutralise_formula` was given: what reading our own CSV/TSV files back needs."""
    return value[1:] if _looks_neutralised(value) else value


def _looks_neutralised(value: str) -> bool:
    while value.startswith("'"):
        value = value[1:]
        if value.startswith(FORMULA_STARTS):
            return True
    return False

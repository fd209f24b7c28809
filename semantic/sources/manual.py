"""Keywords typed by hand, and the phrase multiplier (перемножение) that builds a core offline from word lists.

`[купить, заказать] × [диван, софа] × [, недорого]` gives every combination; an empty item means "nothing here",
which is how practitioners make a part optional.
"""

from __future__ import annotations

import itertools
import re

from django.utils.translation import gettext

from semantic.errors import SemanticError

MAX_COMBINATIONS = 10_000
LIST_SEPARATORS = re.compile(r"[,;\n\r]+")
BULLET = re.compile(r"^\s*(?:[-•*·–—]|\d+[.)])\s+")
BRACKETED_LIST = re.compile(r"\[([^\]]*)\]")


def _item(text: str) -> str:
    return " ".join(BULLET.sub("", text).split())


def parse_keyword_text(text: str) -> list[str]:
    """Phrases from a comma-, semicolon- or newline-separated list; bullets and numbering removed, order kept."""
    phrases: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        for part in LIST_SEPARATORS.split(BULLET.sub("", line)):
            phrase = _item(part)
            if phrase and phrase.lower() not in seen:
                seen.add(phrase.lower())
                phrases.append(phrase)
    return phrases


def parse_multiplier_text(text: str) -> list[list[str]]:
    """Word lists for `multiply`: `[a, b] × [c, d]` groups, or else one comma-separated list per line.

    Empty items are kept (`[, недорого]` makes `недорого` optional).
    """
    groups = BRACKETED_LIST.findall(text)
    if not groups:
        groups = [line for line in text.splitlines() if line.strip()]
    return [[_item(part) for part in group.split(",")] for group in groups]


def multiply(lists: list[list[str]]) -> list[str]:
    """Every combination of one item from each list, joined with spaces, duplicates dropped, order kept.

    Raises SemanticError when the product would exceed MAX_COMBINATIONS (a typo in a list should not produce a
    million phrases and a Wordstat bill).
    """
    cleaned = [[_item(item) for item in items] or [""] for items in lists]
    total = 1
    for items in cleaned:
        total *= len(items)
    if total > MAX_COMBINATIONS:
        raise SemanticError(
            gettext("The word lists give %(total)d combinations; at most %(limit)d are allowed.")
            % {"total": total, "limit": MAX_COMBINATIONS}
        )
    phrases: list[str] = []
    seen: set[str] = set()
    for combination in itertools.product(*cleaned):
        phrase = " ".join(part for part in combination if part)
        if phrase and phrase not in seen:
            seen.add(phrase)
            phrases.append(phrase)
    return phrases

"""The long tail folded the way a specialist folds it, and groups that say the same thing made one.

A Wordstat export of a broad product (`скуд`) is mostly the product plus one word nobody else uses (`скуд гейм`,
`скуд 2017`, `скуд горный университет`). Each such phrase is worth too little to have an ad group of its own, so a
specialist keeps it in the product's broadest group, the one whose ad speaks of the product itself. Junk among them
is the relevance step's to remove; grouping must not give it a group.

* `fold_tail`: a phrase still in a tiny group after linking and attaching joins its product's broadest group (the
  one whose phrases name the fewest other words); when its own product has no group of size (`горный университет
  скуд` read as a university), the broadest group of another of its words that is a product with a group of size.
* `merge_same_words`: groups headed by phrases with the same content lemmas (after the lexicon has made Latin and
  Cyrillic spellings of a brand and split compounds one word) become one group, within Direct's size limit.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np

from core.direct_limits import KEYWORDS_PER_GROUP_MAX
from semantic.lexicon import PhraseWords


def _homes(groups: list[list[int]], words: list[PhraseWords], small: int) -> tuple[list[str], dict[str, int]]:
    """Each group's product, and each product's broadest group of more than `small` phrases."""
    products = [Counter(words[index].product for index in group).most_common(1)[0][0] for group in groups]
    home: dict[str, int] = {}
    breadth: dict[str, tuple[float, int]] = {}
    for number, group in enumerate(groups):
        if len(group) <= small:
            continue
        # fewer words besides the product first, then the larger group
        mean_words = float(np.mean([len(set(words[index].content)) for index in group]))
        key = (mean_words, -len(group))
        if products[number] not in breadth or key < breadth[products[number]]:
            breadth[products[number]] = key
            home[products[number]] = number
    return products, home


def product_homes(groups: list[list[int]], words: list[PhraseWords], *, small: int) -> list[int | None]:
    """For each group, its product's broadest other group (None when it is that group or there is none)."""
    products, home = _homes(groups, words, small)
    return [home.get(product) if home.get(product) != number else None for number, product in enumerate(products)]


def fold_tail(groups: list[list[int]], words: list[PhraseWords], *, small: int) -> list[list[int]]:
    """Phrases of groups of at most `small` phrases moved into their product's broadest group (see the module)."""
    _products, home = _homes(groups, words, small)
    phrase_counts = Counter(word for item in words for word in set(item.content))
    moves: dict[int, int] = {}
    for group in groups:
        if len(group) > small:
            continue
        for index in group:
            item = words[index]
            if any(phrase_counts[word] > 1 for word in item.content if word != item.product):
                continue  # a word others use too: its own group may be what a specialist wants
            candidates = [item.product] + [word for word in item.content if word != item.product]
            target = next((home[word] for word in candidates if word in home), None)
            if target is not None:
                moves[index] = target
    result = [[index for index in group if index not in moves] for group in groups]
    for index, target in moves.items():
        result[target].append(index)
    return [sorted(group) for group in result if group]


def merge_same_words(
    groups: list[list[int]], words: list[PhraseWords], head_of: Callable[[list[int]], int]
) -> list[list[int]]:
    """Groups whose head phrases (`head_of`) have the same content lemmas merged, largest first, up to
    KEYWORDS_PER_GROUP_MAX phrases: `Sigur скуд` and `Сигур скуд` are one ad group."""
    by_words: dict[frozenset[str], list[int]] = defaultdict(list)
    for number, group in enumerate(groups):
        by_words[frozenset(words[head_of(group)].content)].append(number)
    merged: list[list[int]] = []
    for numbers in by_words.values():
        parts: list[list[int]] = []
        for number in sorted(numbers, key=lambda n: -len(groups[n])):
            target = next((part for part in parts if len(part) + len(groups[number]) <= KEYWORDS_PER_GROUP_MAX), None)
            if target is None:
                parts.append(list(groups[number]))
            else:
                target.extend(groups[number])
        merged.extend(sorted(part) for part in parts)
    return merged

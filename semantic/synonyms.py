"""Variants of one word inside one phrase list, so they do not split one product into several groups.

Learned from the input itself (no list of a market's words):
* `adjective_variants`: adjectives from one stem with different derivational suffixes mean the same thing in a
  search query (`шлифовочный` / `шлифовальный`, `кварцевый` / `кварцованный`);
* `code_variants`: model codes typed with Latin or look-alike Cyrillic letters (`3d` / `3д`, `4k` / `4к`).
Plus `CURATED_SYNONYMS`, a few pairs the language itself makes equivalent and no derivation rule finds (spelling
variants, clipped forms); it names no market's products.
Each variant maps to the set's most frequent member (alphabetically first among equals), so results do not depend
on the input order.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

ADJECTIVE_ENDING = re.compile(r"(ый|ий|ой)$")
# Derivational suffixes of relative adjectives, longest first: the part before them is the shared stem.
ADJECTIVE_SUFFIXES = (
    "овочн", "овальн", "ировочн", "ировальн", "ическ", "еческ", "ональн", "альн", "ельн", "очн", "ечн", "ичн",
    "еск", "ск", "енн", "онн", "ан", "ян", "ин", "ов", "ев", "н",
)  # fmt: skip
MIN_STEM_LETTERS = 4
LATIN_TO_CYRILLIC = str.maketrans("abcdehkmoptxy", "абсдехкмортху")
# Spelling variants and clipped forms the language treats as one word.
CURATED_SYNONYMS = {
    "интернетмагазин": "интернет-магазин",
    "онлайн-магазин": "интернет-магазин",
    "фотка": "фото",
    "авто": "автомобиль",
    "комп": "компьютер",
    "ноут": "ноутбук",
    "телек": "телевизор",
    "холодос": "холодильник",
    "велик": "велосипед",
}


def adjective_stem(lemma: str) -> str | None:
    """The stem an adjective shares with its derivational variants, or None when too short to be telling."""
    if not ADJECTIVE_ENDING.search(lemma):
        return None
    base = ADJECTIVE_ENDING.sub("", lemma)
    for suffix in ADJECTIVE_SUFFIXES:
        if base.endswith(suffix) and len(base) - len(suffix) >= MIN_STEM_LETTERS:
            return base[: -len(suffix)]
    return base if len(base) >= MIN_STEM_LETTERS else None


def _to_most_frequent(families: Iterable[list[str]], counts: Counter[str]) -> dict[str, str]:
    mapping = {}
    for family in families:
        if len(family) < 2:
            continue
        target = min(family, key=lambda word: (-counts[word], word))
        mapping.update({word: target for word in family if word != target})
    return mapping


def adjective_variants(adjectives: Iterable[str], counts: Counter[str]) -> dict[str, str]:
    """Adjective lemma → the most frequent adjective of the list with the same derivational stem."""
    families: dict[str, list[str]] = defaultdict(list)
    for adjective in sorted(adjectives):
        stem = adjective_stem(adjective)
        if stem:
            families[stem].append(adjective)
    return _to_most_frequent(families.values(), counts)


def code_variants(counts: Counter[str]) -> dict[str, str]:
    """A code with digits and Latin letters → its look-alike Cyrillic spelling, when the list has both (and back)."""
    families: dict[str, list[str]] = defaultdict(list)
    for word in sorted(counts):
        if any(character.isdigit() for character in word) and any(character.isalpha() for character in word):
            families[word.translate(LATIN_TO_CYRILLIC)].append(word)
    return _to_most_frequent(families.values(), counts)

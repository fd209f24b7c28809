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
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations

import numpy as np

ADJECTIVE_ENDING = re.compile(r"(ый|ий|ой)$")
# Derivational suffixes of relative adjectives, longest first: the part before them is the shared stem.
ADJECTIVE_SUFFIXES = (
    "овочн", "овальн", "ировочн", "ировальн", "ическ", "еческ", "ональн", "альн", "ельн", "очн", "ечн", "ичн",
    "еск", "ск", "енн", "онн", "ан", "ян", "ин", "ов", "ев", "н",
)  # fmt: skip
MIN_STEM_LETTERS = 4
# Context synonyms: two words must fill the same slot (the rest of the phrase identical) this many times, the slot
# may hold at most SLOT_MAX_FILLERS words (a slot with many fillers lists kinds, not synonyms: `коммутатор … портов`),
# and the encoder must read the words at least this alike.
MIN_SHARED_SLOTS = 2
SLOT_MAX_FILLERS = 6
MIN_WORD_SIMILARITY = 0.8
WordEncoder = Callable[[list[str]], np.ndarray]
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


def context_synonyms(contents: Sequence[Sequence[str]], encode: WordEncoder) -> dict[str, str]:
    """Words that stand in the same slots across the list (`средство для мытья посуды` / `… для мытья тарелок`) and
    that the sentence encoder reads as near-synonyms → the most frequent of them.

    The slots find candidates from the list itself; the encoder confirms them, so neither decides alone: `кольца`
    and `серьги` share many slots but the encoder keeps them apart, and two synonyms the encoder likes but the list
    never uses alike stay two words. Words that occur together in one phrase are never synonyms.
    """
    fillers: dict[frozenset[str], set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    together: set[tuple[str, str]] = set()
    for content in contents:
        words = set(content)
        counts.update(words)
        together.update(combinations(sorted(words), 2))
        for word in words:
            if len(word) > 2 and not any(character.isdigit() for character in word) and len(words) > 1:
                fillers[frozenset(words - {word})].add(word)
    shared: Counter[tuple[str, str]] = Counter()
    for slot in fillers.values():
        if 1 < len(slot) <= SLOT_MAX_FILLERS:
            shared.update(pair for pair in combinations(sorted(slot), 2) if pair not in together)
    pairs = sorted(pair for pair, count in shared.items() if count >= MIN_SHARED_SLOTS)
    if not pairs:
        return {}
    vocabulary = sorted({word for pair in pairs for word in pair})
    vectors = dict(zip(vocabulary, encode(vocabulary), strict=True))
    parent = {word: word for word in vocabulary}

    def root(word: str) -> str:
        while parent[word] != word:
            word = parent[word]
        return word

    for first, second in pairs:
        if float(vectors[first] @ vectors[second]) >= MIN_WORD_SIMILARITY:
            parent[root(first)] = root(second)
    families: dict[str, list[str]] = defaultdict(list)
    for word in vocabulary:
        families[root(word)].append(word)
    return _to_most_frequent(families.values(), counts)

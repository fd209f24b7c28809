"""Variants of one word inside one phrase list, so they do not split one product into several groups.

Learned from the input itself (no list of a market's words):
* `adjective_variants`: adjectives from one stem with different derivational suffixes mean the same thing in a
  search query (`шлифовочный` / `шлифовальный`, `кварцевый` / `кварцованный`);
* `code_variants`: model codes typed with Latin or look-alike Cyrillic letters (`3d` / `3д`, `4k` / `4к`).
Plus `CURATED_SYNONYMS`, a few pairs the language itself makes equivalent and no derivation rule finds (spelling
variants, clipped forms, the nouns of one service action: `монтаж` / `инсталляция` / `установка` of equipment); it
names no market's products.
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
# Spelling variants, clipped forms and service-action nouns the language treats as one word. `монтаж` and
# `установка` of one object are one service and one ad (the encoder reads them 0.75 alike, under the context
# synonyms' 0.8), so «Скуд монтаж» and «Скуд установка» are one group.
CURATED_SYNONYMS = {
    "монтаж": "установка",
    "инсталляция": "установка",
    "установить": "установка",
    "смонтировать": "установка",
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



def curated(lemma: str) -> str:
    """The word a curated synonym stands for (`монтаж` → `установка`), else the lemma itself."""
    return CURATED_SYNONYMS.get(lemma, lemma)


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


# Latin spellings of Russian-market brands read aloud (`sigur` → `сигур`, `perco` → `перко`): digraphs first.
LATIN_DIGRAPHS = (
    ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ya", "я"), ("yu", "ю"),
    ("yo", "е"), ("ck", "к"), ("ph", "ф"), ("th", "т"), ("oo", "у"), ("ee", "и"), ("qu", "кв"),
)  # fmt: skip
LATIN_LETTERS = dict(zip("abcdefghiklmnopqrstuvwyz", "абкдефгхиклмнопкрстуввиз", strict=True), j="дж", x="кс")
MIN_TRANSLITERATED_LETTERS = 4
LATIN_WORD = re.compile(r"^[a-z]+$")
SILENT_U = re.compile(r"gu(?=[aeio])")  # guard → гард


def transliterated(word: str) -> str:
    """A Latin word as a Russian speaker would write it in Cyrillic, roughly (`rusguard` → `русгард`)."""
    word = SILENT_U.sub("g", word)
    for latin, cyrillic in LATIN_DIGRAPHS:
        word = word.replace(latin, cyrillic)
    return "".join(LATIN_LETTERS.get(character, character) for character in word)


def _close(first: str, second: str) -> bool:
    """At most one edit apart (two for words of eight letters or more): transliteration is rough."""
    allowed = 2 if min(len(first), len(second)) >= 8 else 1
    if abs(len(first) - len(second)) > allowed:
        return False
    previous = list(range(len(second) + 1))
    for row, left in enumerate(first, start=1):
        current = [row]
        for column, right in enumerate(second, start=1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (left != right)))
        if min(current) > allowed:
            return False
        previous = current
    return previous[-1] <= allowed


def _deletions(word: str) -> set[str]:
    """The word and every form with one letter deleted: two words one edit apart share one of these (symmetric
    deletion), so candidates are found by lookup instead of comparing every pair."""
    return {word} | {word[:index] + word[index + 1 :] for index in range(len(word))}


def latin_spellings(
    latin_words: Iterable[str], unknown_cyrillic: Iterable[str], known_cyrillic: Iterable[str] = ()
) -> dict[str, str]:
    """Latin word → the Cyrillic word of the list it spells (`sigur` → `сигур`, `rusguard` → `русгард`).

    Cyrillic words the dictionary does not know (brands, names) may be an edit or two away; a dictionary word only
    when the Latin word spells it letter for letter (`bolid` → `болид`), so a Latin word never becomes an ordinary
    Russian word that merely looks alike. Words shorter than MIN_TRANSLITERATED_LETTERS are left alone.
    """
    exact = {word for word in known_cyrillic if len(word) >= MIN_TRANSLITERATED_LETTERS}
    by_deletion: dict[str, set[str]] = defaultdict(set)  # every word under itself and its one-letter deletions
    for word in unknown_cyrillic:
        if len(word) >= MIN_TRANSLITERATED_LETTERS:
            for variant in _deletions(word):
                by_deletion[variant].add(word)
    mapping = {}
    for word in sorted(latin_words):
        if len(word) < MIN_TRANSLITERATED_LETTERS or not LATIN_WORD.match(word):
            continue
        spelled = transliterated(word)
        if spelled in exact:
            mapping[word] = spelled
            continue
        candidates = {other for variant in _deletions(spelled) for other in by_deletion.get(variant, ())}
        matches = sorted(other for other in candidates if _close(spelled, other))
        if matches:
            mapping[word] = min(matches, key=lambda other: (abs(len(other) - len(spelled)), other))
    return mapping


def context_synonyms(contents: Sequence[Sequence[str]], encode: WordEncoder) -> dict[str, str]:
    """Words that stand in the same slots across the list (`средство для мытья посуды` / `… для мытья тарелок`) and
    that the sentence encoder reads as near-synonyms → the most frequent of them.

    The slots find candidates from the list itself; the encoder confirms them, so neither decides alone: `кольца`
    and `серьги` share many slots but the encoder keeps them apart, and two synonyms the encoder likes but the list
    never uses alike stay two words. Words that occur together in one phrase are never synonyms.
    """
    fillers: dict[frozenset[str], set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    phrases_of: dict[str, set[int]] = defaultdict(set)
    word_sets = [set(content) for content in contents]
    for number, words in enumerate(word_sets):
        counts.update(words)
        for word in words:
            phrases_of[word].add(number)
    # judged once per distinct word, not at each of its occurrences
    may_fill = {word for word in counts if len(word) > 2 and not any(character.isdigit() for character in word)}
    for words in word_sets:
        if len(words) > 1:
            # the slot is the phrase's other words, as a sorted tuple: cut from one sorting of the phrase, it hashes
            # faster than a new set per word (25,000 phrases: 0.80 → 0.34 s)
            ordered = tuple(sorted(words))
            for position, word in enumerate(ordered):
                if word in may_fill:
                    fillers[ordered[:position] + ordered[position + 1 :]].add(word)
    shared: Counter[tuple[str, str]] = Counter()
    for slot in fillers.values():
        if 1 < len(slot) <= SLOT_MAX_FILLERS:
            shared.update(combinations(sorted(slot), 2))
    # whether two words share a phrase is asked of the candidates only, not of every pair of every phrase
    pairs = sorted(
        (first, second)
        for (first, second), count in shared.items()
        if count >= MIN_SHARED_SLOTS and not phrases_of[first] & phrases_of[second]
    )
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


# Nouns derived from another noun of the list that name the same product in a search query: the verbal noun of the
# work (`проект` → `проектирование`) and the diminutive (`карта` → `карточка`). Used to tell which groups are one.
VERBAL_NOUN_SUFFIXES = ("ирование", "ование")
DIMINUTIVE_SUFFIXES = ("очка", "ечка")
# A relative adjective begins with its noun's stem less one letter, at least this long (`relative_adjectives`).
RELATIVE_STEM_LETTERS = 5
# Abbreviations spelt out by the list's own phrases (`система контроля и управления доступом` → `скуд`) have from
# this many to ABBREVIATION_MAX_LETTERS letters.
ABBREVIATION_MIN_LETTERS = 3
ABBREVIATION_MAX_LETTERS = 6


def derived_nouns(lemmas: Iterable[str]) -> dict[str, str]:
    """Each verbal noun or diminutive of `lemmas` mapped to the noun of `lemmas` it derives from: `проектирование`
    → `проект`, `карточка` → `карта`. «Проект скуд» and «Проектирование скуд» are bought by one client."""
    known = set(lemmas)
    result: dict[str, str] = {}
    for lemma in known:
        for suffix in VERBAL_NOUN_SUFFIXES:
            if not lemma.endswith(suffix):
                continue
            stem = lemma[: -len(suffix)]
            if len(stem) >= MIN_STEM_LETTERS and stem in known:
                result[lemma] = stem
                break
        for suffix in DIMINUTIVE_SUFFIXES:
            if not lemma.endswith(suffix) or lemma in result:
                continue
            stem = lemma[: -len(suffix)]
            base = next((stem + end for end in ("а", "") if stem + end in known), None) if len(stem) >= 3 else None
            if base:
                result[lemma] = base
    return result


def relative_adjectives(nouns: Iterable[str], lemmas: Iterable[str]) -> dict[str, str]:
    """Each adjective of `lemmas` made from one of `nouns` mapped to it: `керамический` → `керамика`, `полировочный`
    → `полировка`. The noun's stem less its last letter (which alternates: `керамик` / `керамич`), of at least
    RELATIVE_STEM_LETTERS letters, must begin the adjective. «Керамическое покрытие авто» orders the brief's
    «керамика»."""
    adjectives = [lemma for lemma in set(lemmas) if ADJECTIVE_ENDING.search(lemma)]
    result: dict[str, str] = {}
    for noun in sorted(set(nouns)):
        stem = noun.rstrip("аяоеиыьй")[:-1]
        if len(stem) < RELATIVE_STEM_LETTERS:
            continue
        for adjective in adjectives:
            if adjective.startswith(stem) and adjective != noun:
                result.setdefault(adjective, noun)
    return result


def abbreviation_expansions(phrases: Sequence[Sequence[str]], abbreviations: Iterable[str]) -> dict[str, str]:
    """The words that spell out an abbreviation of the list, mapped to it: a run of a phrase's words (stop words
    left out) whose first letters are an abbreviation the list holds (`система контроля управления доступом` →
    `скуд`). `phrases` are the words of each phrase (lemmas), `abbreviations` the list's abbreviations (words no
    dictionary knows, as written). «Система скуд», «Контроль доступа скуд» and «Скуд» name one product."""
    wanted = {word for word in abbreviations if ABBREVIATION_MIN_LETTERS <= len(word) <= ABBREVIATION_MAX_LETTERS}
    result: dict[str, str] = {}
    for words in phrases:
        letters = "".join(word[0] for word in words)  # each run's initials are a slice of the phrase's
        for length in range(ABBREVIATION_MIN_LETTERS, ABBREVIATION_MAX_LETTERS + 1):
            for start in range(len(words) - length + 1):
                initials = letters[start : start + length]
                if initials in wanted and initials not in words[start : start + length]:
                    result.update({word: initials for word in words[start : start + length]})
    return result

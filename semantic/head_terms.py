"""Head terms and queries counted once: what a budget split may read from Wordstat's base frequencies.

A one-word broad key (`скуд`, `диван`) matches almost any query holding its word, so in broad match it competes
with every longer phrase of the campaign and its base frequency (104,736 for `скуд`) holds theirs. The rule, the
same on every market: a phrase of one word (stop words and operators aside) whose word appears in at least
HEAD_MIN_PHRASES other phrases of the list is a head term; the campaign runs it as phrase match in quotes
(`"скуд"`: the word alone, in any form), so it takes only the queries no longer phrase answers.

Wordstat's base frequency of a phrase counts every query containing its words, so the longer phrases of a list are
inside the shorter ones' counts. `counted_frequencies` gives each phrase the queries only it answers: its base
frequency less what the longer phrases of the list containing its words already answer (longest first, so a query
is counted once), and for a head term in quotes its exact frequency when Wordstat gave one.

Frequencies need not nest: a sample's illustrative numbers, exact counts typed in the base column, or Wordstat's own
overlaps (`скуд` 104,736 against 128,831 counted in its longer phrases) leave a shorter phrase's base frequency
below what its longer phrases already count. Subtracting would leave it nothing (`диван` 90,000 against 243,808:
the sofa demo's head group got 1.3 % of the budget), so such a phrase's own searches are unknown, not zero: it is
not counted, and a group left with no counted phrase gets the median group's share (`campaigns.budget`), which the
plan says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from semantic.features import words_of
from semantic.lexicon import PhraseWords
from semantic.morph import word_info
from semantic.operators import STOP_WORDS, bare_text
from semantic.types import Phrase

HEAD_MIN_PHRASES = 10


def _words(text: str) -> list[str]:
    return [word for word in words_of(bare_text(text) or text) if word not in STOP_WORDS]


def head_terms(texts: Sequence[str], words: Sequence[PhraseWords]) -> list[int]:
    """Indices of one-word phrases whose word is in at least HEAD_MIN_PHRASES other phrases' content lemmas."""
    single = [index for index, text in enumerate(texts) if len(_words(text)) == 1]
    if not single:
        return []
    counts: dict[str, int] = defaultdict(int)
    for item in words:
        for word in set(item.content):
            counts[word] += 1
    return [index for index in single if any(counts[word] > HEAD_MIN_PHRASES for word in set(words[index].content))]


def quoted(text: str) -> str:
    """The head term as phrase match: `"скуд"`."""
    return f'"{bare_text(text) or text}"'


def is_quoted_head(text: str) -> bool:
    """A one-word phrase in quotes (`"скуд"`), as `quoted` writes a head term."""
    stripped = text.strip()
    return len(stripped) > 2 and stripped[0] == stripped[-1] == '"' and len(_words(stripped)) == 1


def _lemma_set(text: str) -> frozenset[str]:
    return frozenset(word_info(word)[0] for word in _words(text))


def counted_frequencies(phrases: Sequence[Phrase]) -> list[int | None]:
    """Each phrase's monthly queries counted once across the list (see the module); None where unknown."""
    return count_once(phrases)[0]


def count_once(phrases: Sequence[Phrase]) -> tuple[list[int | None], list[int]]:
    """Each phrase's monthly queries counted once across the list, None where unknown, and the phrases (indices)
    whose base frequency was below what their longer phrases count (frequencies that do not nest: left unknown, see
    the module).

    A quoted phrase (`"скуд"`) answers only its own wording: its exact frequency when known, else what is left of
    its base frequency. O(Σ supersets): each phrase's supersets are found through the posting list of its rarest
    lemma.
    """
    lemma_sets = [_lemma_set(phrase.text) for phrase in phrases]
    postings: dict[str, set[int]] = defaultdict(set)
    for index, lemmas in enumerate(lemma_sets):
        for lemma in lemmas:
            postings[lemma].add(index)
    own: list[int | None] = [None] * len(phrases)
    not_nested: list[int] = []
    for index in sorted(range(len(phrases)), key=lambda i: -len(lemma_sets[i])):
        phrase = phrases[index]
        if phrase.frequency is None:
            continue
        lemmas = lemma_sets[index]
        if not lemmas:
            own[index] = phrase.frequency
            continue
        rarest = min(lemmas, key=lambda lemma: len(postings[lemma]))
        longer = sum(
            own[other] or 0
            for other in postings[rarest]
            if len(lemma_sets[other]) > len(lemmas) and lemmas <= lemma_sets[other]
        )
        quoted_exact = is_quoted_head(phrase.text) and phrase.exact_frequency is not None
        if longer > phrase.frequency and not quoted_exact:
            not_nested.append(index)  # its own searches are unknown, not zero
            continue
        remaining = max(0, phrase.frequency - longer)
        if quoted_exact:
            remaining = min(remaining, phrase.exact_frequency)
        own[index] = remaining
    return own, sorted(not_nested)

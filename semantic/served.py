"""Broad match as Direct applies it, by lemmas: which queries a campaign's keywords still serve past its negatives.

Taking a phrase off the keyword list does not stop Direct from showing the ad on it: a kept broad keyword
`система скуд` serves the query «система скуд что это такое» unless a negative blocks it. This module answers
"served or blocked?" the way Direct does, close enough to measure it:

- a keyword serves a query when all the keyword's words are in the query in any form (unfixed stop words are
  ignored; `!word` needs that form, `+word` that stop word); a query's word stands for every lemma it can be a form
  of, since Direct's matching does not pick one parse: «персональных данных» holds «данные» though pymorphy3's
  likeliest reading of «данные» alone is «дать»;
- a negative blocks a query when all its words are in it (`!word` or `+word` in that form; a plain stop word in a
  negative is ignored by Direct, so it blocks nothing by itself).

`removed_but_served` is the figure on the summary sheet: phrases removed for a reason that the exported keywords
would still show the ad on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from semantic.morph import CYRILLIC_WORD, readings, word_info
from semantic.operators import STOP_WORDS, parse_phrase
from semantic.types import Removal, RemovedPhrase

# Removals with a reason: what the searcher wants is not the user's market. Duplicates, rare phrases and what
# Direct rejects are served on purpose (or cannot be a keyword), and the user's minus words are negatives already.
REMOVED_FOR_A_REASON = frozenset(
    {
        Removal.STOP_WORD,
        Removal.OFF_MARKET,
        Removal.LOOK_ALIKE,
        Removal.SELLER_TYPE,
        Removal.NAVIGATION,
        Removal.INFORMATIONAL,
        Removal.OTHER_CITY,
        Removal.USED,
        Removal.MARKETPLACE,
        Removal.COMPETITOR_BRAND,
    }
)


@dataclass(frozen=True)
class Query:
    """A search query's words: lemmas and forms of every word, stop words included."""

    lemmas: frozenset[str]
    forms: frozenset[str]


@dataclass(frozen=True)
class Pattern:
    """A keyword or a negative: lemmas that must be in the query in any form, forms that must be there as written."""

    lemmas: frozenset[str]
    forms: frozenset[str]

    def matches(self, query: Query) -> bool:
        return bool(self.lemmas or self.forms) and self.lemmas <= query.lemmas and self.forms <= query.forms


@lru_cache(maxsize=200_000)
def query(text: str) -> Query:
    words = [word.text for word in parse_phrase(text).words]
    return Query(frozenset(lemma for word in words for lemma in _readings(word)), frozenset(words))


def _readings(word: str) -> frozenset[str]:
    """Every lemma a query's word can be a form of, the one keywords and negatives are read as (`word_info`)
    among them; a Latin word, a code or a number is itself."""
    if not CYRILLIC_WORD.match(word):
        return frozenset({word})
    return frozenset({word_info(word)[0], *readings(word)})


@lru_cache(maxsize=200_000)
def pattern(text: str) -> Pattern:
    """`!что !такое` → forms {что, такое}; `диван угловой` → lemmas {диван, угловой}; `в москве` → lemmas {москва}."""
    lemmas, forms = set(), set()
    for word in parse_phrase(text.lstrip("-")).words:
        if word.fixed_form or word.fixed_stop:
            forms.add(word.text)
        elif word.text not in STOP_WORDS:
            lemmas.add(word_info(word.text)[0])
    return Pattern(frozenset(lemmas), frozenset(forms))


def blocked(text: str, negatives: Iterable[Pattern]) -> bool:
    found = query(text)
    return any(negative.matches(found) for negative in negatives)


class BroadMatch:
    """The exported keywords with their negatives (campaign-wide, and per keyword for its group's)."""

    def __init__(
        self,
        keywords: Sequence[str],
        campaign_negatives: Iterable[str],
        group_negatives: Sequence[Iterable[str]] | None = None,
    ):
        self.campaign = [pattern(text) for text in campaign_negatives]
        groups = group_negatives or [()] * len(keywords)
        self.keywords = [
            (pattern(text), [pattern(negative) for negative in own]) for text, own in zip(keywords, groups, strict=True)
        ]
        self._by_lemma: dict[str, list[int]] = {}
        for index, (keyword, _) in enumerate(self.keywords):
            first = min(keyword.lemmas, default=None) or min(keyword.forms, default=None)
            if first is not None:
                self._by_lemma.setdefault(first, []).append(index)

    def serves(self, text: str) -> bool:
        """Whether any keyword shows the ad on this query, past the campaign's and its group's negatives."""
        found = query(text)
        if any(negative.matches(found) for negative in self.campaign):
            return False
        for word in found.lemmas | found.forms:
            for index in self._by_lemma.get(word, ()):
                keyword, own = self.keywords[index]
                if keyword.matches(found) and not any(negative.matches(found) for negative in own):
                    return True
        return False


@dataclass(frozen=True)
class ServedFigures:
    """Of the removals meant to be negated (certain and confirmed), how many the campaign still serves."""

    served: int
    removed: int
    examples: tuple[str, ...] = ()

    @property
    def share(self) -> float:
        return self.served / self.removed if self.removed else 0.0


def removed_but_served(removed: Iterable[RemovedPhrase], match: BroadMatch, examples: int = 5) -> ServedFigures:
    """Removals for a reason, certain or confirmed, that the campaign would still show the ad on (judged ones wait
    for the user and are not counted), with the most searched examples."""
    negated = [item for item in removed if item.code in REMOVED_FOR_A_REASON and item.negated]
    served = sorted(
        (item for item in negated if match.serves(item.text)), key=lambda item: (-item.frequency, item.text)
    )
    return ServedFigures(len(served), len(negated), tuple(item.text for item in served[:examples]))

"""Phrases over Direct's 7-word limit shortened the way a specialist does, instead of dropped.

«комплект скуд с электромагнитным замком и картами доступа на 1 дверь» is a buyer of the user's product; Direct
rejects it only for its eight counted words (stop words do not count). A specialist drops the least telling words:
first the trailing details a preposition adds («на 1 дверь», «в пластиковом корпусе без блока питания»), then
qualifying adjectives («автономный»), never the brief's words, a model's code («z 5r», «acs 102») or a word of an
intent dictionary («инструкция», «для чего»: relevance must still see why a phrase is not a buyer's). A phrase that
cannot be brought to the limit that way, or only by leaving fewer than `MIN_WORDS_LEFT` words (a long specific
phrase must not turn into a broad one), stays rejected.
"""

from __future__ import annotations

from core.direct_limits import KEYWORD_WORDS_MAX
from semantic.morph import word_info
from semantic.operators import PREPOSITIONS, STOP_WORDS, ParsedPhrase, Word
from semantic.stoplists import intent_lemmas

ATTRIBUTE_TAGS = frozenset({"ADJF", "PRTF"})
# «один», «первый», «этот»: a count or a pointer, not a quality that can go
NOT_A_QUALITY_TAGS = frozenset({"Anum", "Apro"})
MIN_WORDS_LEFT = 5


def _counted(words: list[Word]) -> int:
    return sum(1 for word in words if word.counts_toward_limit)


def _is_code(word: str) -> bool:
    """A model's code or a brand written in Latin: `5r`, `acs`, `102` beside them. A lone number is a detail."""
    return any("a" <= char <= "z" for char in word) or (any(c.isdigit() for c in word) and not word.isdigit())


def _telling(word: str, keep: frozenset[str]) -> bool:
    found = word_info(word)[0]
    return _is_code(word) or found in keep or found in intent_lemmas()


def _trailing_group(words: list[Word], keep: frozenset[str]) -> tuple[int, int] | None:
    """The last prepositional group (`на 1 дверь`) that holds no telling word, as [start, end)."""
    end = len(words)
    for start in range(len(words) - 1, 0, -1):
        if words[start].text in PREPOSITIONS:
            if not any(_telling(word.text, keep) for word in words[start:end]):
                return start, end
            end = start
    return None


def _last_attribute(words: list[Word], keep: frozenset[str]) -> int | None:
    for index in range(len(words) - 1, -1, -1):
        text = words[index].text
        grammemes = word_info(text)[1]
        if not _telling(text, keep) and ATTRIBUTE_TAGS & grammemes and not NOT_A_QUALITY_TAGS & grammemes:
            return index
    return None


def _trimmed(words: list[Word]) -> list[Word]:
    """Without stop words left dangling at the end (`… замком и`)."""
    while words and words[-1].text in STOP_WORDS:
        words = words[:-1]
    return words


def shortened(parsed: ParsedPhrase, keep: frozenset[str]) -> ParsedPhrase | None:
    """The phrase within Direct's word limit keeping `keep` (the brief's lemmas) and model codes, or None.

    Phrases with operators are the user's exact wording and are not rewritten."""
    if parsed.has_operators or parsed.minus_words:
        return None
    words = list(parsed.words)
    while _counted(words) > KEYWORD_WORDS_MAX and (group := _trailing_group(words, keep)):
        words = _trimmed(words[: group[0]] + words[group[1] :])
    while _counted(words) > KEYWORD_WORDS_MAX and (index := _last_attribute(words, keep)) is not None:
        words = _trimmed(words[:index] + words[index + 1 :])
    if not MIN_WORDS_LEFT <= _counted(words) <= KEYWORD_WORDS_MAX:
        return None
    return ParsedPhrase(tuple(words))

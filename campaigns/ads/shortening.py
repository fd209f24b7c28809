"""Ways to make ad copy shorter without changing what it says, tried from the gentlest to the boldest.

1. Drop filler words ("очень", "самый", "просто") that add emphasis but no facts.
2. Use the short forms every Russian ad reader knows ("рублей" → "₽", "минут" → "мин", "Санкт-Петербург" → "СПб").
3. For body text only: drop whole trailing sentences, keeping the first; a sentence is never cut in the middle.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FILLER_WORDS = frozenset(
    {
        "очень", "самый", "самая", "самое", "самые", "самых", "самым", "просто", "действительно", "именно", "также",
        "еще", "ещё", "абсолютно", "совершенно", "максимально", "буквально", "вообще", "ведь", "же", "вот",
        "реально", "исключительно", "невероятно", "поистине", "крайне", "весьма",
        "very", "really", "just", "truly", "simply", "actually", "absolutely", "totally", "extremely", "incredibly",
        "quite",
    }
)  # fmt: skip

# Whole words or phrases (lowercase) and the short form that replaces them, longest phrases first.
SHORT_FORMS: dict[str, str] = {
    "московская область": "МО",
    "московской области": "МО",
    "ленинградская область": "ЛО",
    "ленинградской области": "ЛО",
    "санкт-петербург": "СПб",
    "санкт-петербурге": "СПб",
    "квадратных метров": "кв. м",
    "квадратный метр": "кв. м",
    "в том числе": "в т. ч.",
    "и так далее": "и т. д.",
    "круглосуточно": "24/7",
    "рублей": "₽",
    "рубля": "₽",
    "рубль": "₽",
    "руб.": "₽",
    "тысяч": "тыс.",
    "тысячи": "тыс.",
    "миллионов": "млн",
    "миллиона": "млн",
    "процентов": "%",
    "процента": "%",
    "минут": "мин",
    "минуты": "мин",
    "часов": "ч",
    "телефону": "тел.",
    "телефон": "тел.",
    "килограммов": "кг",
    "сантиметров": "см",
    "метров": "м",
    "minutes": "min",
    "hours": "hrs",
    "percent": "%",
    "thousand": "k",
    "dollars": "$",
}

# Over-long words (Direct allows 22 letters) and a shorter word with the same meaning, matched on the stem.
LONG_WORD_STEMS: dict[str, str] = {
    "высококвалифицированн": "квалифицированн",
    "высокопрофессиональн": "профессиональн",
    "индивидуализированн": "индивидуальн",
    "многофункциональн": "универсальн",
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TRAILING_FUNCTION_WORDS = frozenset(
    {"в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "для", "из", "за", "у", "и", "а", "но", "или",
     "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "with", "at", "by"}
)  # fmt: skip


def drop_fillers(text: str) -> str:
    kept = [word for word in text.split(" ") if word.lower().strip(".,!?:;") not in FILLER_WORDS or _has_mark(word)]
    return _recapitalise(text, " ".join(kept))


def _has_mark(word: str) -> bool:
    """A filler that carries the sentence's punctuation stays, so sentences are not glued together."""
    return word[-1:] in ".,!?:;"


_SHORT_FORM_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(phrase) for phrase in SHORT_FORMS) + r")(?![\w-])", re.IGNORECASE
)
_LONG_WORD_PATTERN = re.compile(r"\b(" + "|".join(LONG_WORD_STEMS) + ")", re.IGNORECASE)


def apply_short_forms(text: str) -> str:
    text = _SHORT_FORM_PATTERN.sub(lambda match: SHORT_FORMS[match[1].lower()], text)
    return shorten_long_words(text)


def shorten_long_words(text: str) -> str:
    return _LONG_WORD_PATTERN.sub(lambda match: _same_initial(match[0], LONG_WORD_STEMS[match[1].lower()]), text)


def _same_initial(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def _recapitalise(before: str, after: str) -> str:
    if before[:1].isupper() and after[:1].islower():
        return after[:1].upper() + after[1:]
    return after


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part]


def shorten(text: str, fits: Callable[[str], bool], *, may_drop_sentences: bool) -> str:
    """The gentlest shortening that fits, or the shortest attempt when nothing does (the caller re-validates)."""
    if fits(text):
        return text
    for step in (drop_fillers, apply_short_forms):
        text = step(text)
        if fits(text):
            return text
    if may_drop_sentences:
        parts = sentences(text)
        while len(parts) > 1 and not fits(" ".join(parts)):
            parts.pop()
        text = " ".join(parts)
    return text


def split_title(
    title: str, head_fits: Callable[[str], bool], tail_fits: Callable[[str], bool]
) -> tuple[str, str] | None:
    """Title 1 split in two: the head stays Title 1, the tail becomes Title 2. A split at punctuation (a comma,
    a dash) is preferred, then the latest word boundary that fits; never right after a preposition or
    conjunction, which would leave the head dangling.
    """
    words = title.split(" ")
    cuts = range(len(words) - 1, 0, -1)
    at_punctuation = [cut for cut in cuts if words[cut - 1][-1:] in ",.:;!" or words[cut] in ("—", "–", "-")]
    for cut in [*at_punctuation, *cuts]:
        head_words, tail_words = words[:cut], words[cut:]
        if head_words[-1].lower().strip(".,:;—–-") in _TRAILING_FUNCTION_WORDS:
            continue
        head = " ".join(head_words).rstrip(" ,:;—–-")
        tail = " ".join(tail_words).lstrip(" ,:;—–-")
        tail = tail[:1].upper() + tail[1:]
        if head and tail and head_fits(head) and tail_fits(tail):
            return head, tail
    return None


def trim_to_words(text: str, fits: Callable[[str], bool]) -> str:
    """The longest run of leading words that fits, without a dangling preposition at the end. For the writers'
    own source material (a long product description), not for repairing copy someone wrote on purpose.
    """
    words = text.split(" ")
    for end in range(len(words), 0, -1):
        candidate_words = words[:end]
        while candidate_words and candidate_words[-1].lower().strip(".,!?:;—–-") in _TRAILING_FUNCTION_WORDS:
            candidate_words = candidate_words[:-1]
        candidate = " ".join(candidate_words).rstrip(" ,:;—–-")
        if candidate and fits(candidate):
            return candidate
    return ""

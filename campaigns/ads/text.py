"""Character-level facts about ad copy: what Direct counts, what it refuses, and how to tidy text it would refuse.

Shared by the validator (to judge), the repairer and the writers (to produce copy that passes by construction).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from core import direct_limits as limits

_SCRIPTS = ("LATIN", "CYRILLIC")
_SPACE_RUN = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+([.,!?:;])")
_MARK_RUN = re.compile(r"([.,!?:;\-–—])(?:\s*\1)+")
_MARK_THEN_MARK = re.compile(r"[,:;]\s*([.!?])")
_LEADING_JUNK = re.compile(r"^[\s.,!?:;\-–—/\\|]+")
_TRAILING_JUNK = re.compile(r"[\s,:;\-–—/\\|]+$")


@cache
def is_allowed_char(char: str) -> bool:
    """Letters of the Latin and Cyrillic alphabets, ASCII digits, the plain space and Direct's punctuation."""
    if char == " " or char in limits.ALLOWED_MARKS or char in "0123456789":
        return True
    if not char.isalpha():
        return False
    return unicodedata.name(char, "").startswith(_SCRIPTS)


def forbidden_chars(text: str) -> list[str]:
    return sorted(char for char in set(text) if not is_allowed_char(char))


def narrow_count(text: str) -> int:
    return sum(text.count(char) for char in limits.NARROW_CHARS)


def counted_length(text: str) -> int:
    """Length as Direct counts Title 2 and Text: narrow marks (`. , ! : ; "`) are free."""
    return len(text) - narrow_count(text)


def words(text: str) -> list[str]:
    return text.split()


def bare_word(word: str) -> str:
    """The word without the punctuation around it, as Direct measures word length."""
    return word.strip(".,!?:;\"'«»„“”()[]")


def is_shouting(word: str) -> bool:
    """An ALL-CAPS word too long to be an abbreviation (ВНИМАНИЕ, but not МКАД or SEO)."""
    letters = [char for char in word if char.isalpha()]
    return len(letters) > limits.ABBREVIATION_MAX and all(char.isupper() for char in letters)


def collapse_spaces(text: str) -> str:
    text = _SPACE_RUN.sub(" ", text).strip()
    return _SPACE_BEFORE_MARK.sub(r"\1", text)


def soften_shouting(text: str) -> str:
    """ВНИМАНИЕ → Внимание at the start of a sentence, внимание elsewhere; abbreviations stay."""
    result = []
    for position, word in enumerate(text.split(" ")):
        if is_shouting(word):
            sentence_start = position == 0 or result[-1].endswith((".", "!", "?"))
            word = word.capitalize() if sentence_start else word.lower()
        result.append(word)
    return " ".join(result)


def clean_copy(text: str) -> str:
    """Copy Direct accepts character by character: no emoji or control characters, single spaces, no runs of
    punctuation, no shouting. Length is not touched: that is the writers' and the repairer's business.
    """
    text = unicodedata.normalize("NFC", text)
    for char in forbidden_chars(text):
        text = text.replace(char, " ")
    text = collapse_spaces(text)
    text = _MARK_RUN.sub(r"\1", text)
    text = _MARK_THEN_MARK.sub(r"\1", text)
    text = _LEADING_JUNK.sub("", text)
    text = _TRAILING_JUNK.sub("", text)
    return soften_shouting(collapse_spaces(text))


def capitalize_first(text: str) -> str:
    """The first letter in capitals, unless that would make the first word shout (a brand typed «aAAAAA»)."""
    capitalized = text[:1].upper() + text[1:]
    return text if is_shouting(capitalized.split(" ", 1)[0]) else capitalized


PHONE = re.compile(r"(?:\+7|\b8)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}")
ADDRESS = re.compile(
    r"\bул\.|\bулиц[аеы]\b|\bпр-т\b|\bпроспект\w*\s+\w|\bпер\.|\bшоссе\s+\w|\bд\.\s*\d|\bдом\s+\d|\bстр\.\s*\d|"
    r"\bкорп\.\s*\d|\bофис\s+\d|\bм\.\s+[А-ЯЁ]",
    re.IGNORECASE,
)


def holds_contact(text: str) -> bool:
    """A phone number or a street address in the text: a sitelink's description never holds one (they belong in
    the ad's contact details)."""
    return bool(PHONE.search(text) or ADDRESS.search(text))

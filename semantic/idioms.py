"""Fixed expressions whose nouns name no product: `под ключ` is turnkey, not a key.

`скуд под ключ цена` is a turnkey offer of an access-control system; read word by word its noun `ключ` makes it a
phrase about keys, and it lands beside `скуд электронный ключ`. A specialist reads such an expression as a modifier
of the offer, like `купить` or `недорого`: it never chooses the product nor links phrases by its noun. The
expressions are language, not a market's words, matched as whole word sequences in any case form of the noun.
"""

from __future__ import annotations

from functools import cache

from semantic.features import words_of
from semantic.morph import word_info

# (preposition, noun lemma): the noun of these expressions names the kind of offer or the place of service.
FIXED_EXPRESSIONS = (
    ("под", "ключ"),  # turnkey
    ("с", "нуль"),  # from scratch
)


@cache
def _noun_lemma(word: str) -> str:
    return word_info(word)[0]


def split_idioms(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its fixed expressions, and the expressions found (`под ключ`), in order."""
    words = words_of(text)
    kept: list[str] = []
    found: list[str] = []
    position = 0
    while position < len(words):
        pair = (words[position], _noun_lemma(words[position + 1])) if position + 1 < len(words) else None
        if pair in FIXED_EXPRESSIONS:
            found.append(" ".join(pair))
            position += 2
            continue
        kept.append(words[position])
        position += 1
    return (" ".join(kept) if found else text), tuple(found)

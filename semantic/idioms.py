"""Fixed expressions whose nouns name no product: `под ключ` is turnkey, not a key.

`скуд под ключ цена` is a turnkey offer of an access-control system; read word by word its noun `ключ` makes it a
phrase about keys, and it lands beside `скуд электронный ключ`. A specialist reads such an expression as a modifier
of the offer, like `купить` or `недорого`: it never chooses the product nor links phrases by its noun. The
expressions are language, not a market's words, matched as whole word sequences in any case form of the noun.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

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


@lru_cache(maxsize=200_000)
def split_idioms(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its fixed expressions, and the expressions found (`под ключ`), in order. Cached: the
    clusterer reads each phrase's expressions and, to tell which groups are one, its words without them."""
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


def expression_nouns(text: str) -> frozenset[str]:
    """The nouns the text uses inside a fixed expression (`скуд под ключ цена` → {ключ})."""
    return frozenset(found.split()[-1] for found in split_idioms(text)[1])


def idiom_negatives(groups: list[list[str]]) -> list[list[str]]:
    """For each group about the noun of a fixed expression (`!под ключ` for «Ключ для скуд»: most of its phrases use
    `ключ` as a product) while other groups' phrases use the expression.

    Direct ignores prepositions, so the keyword `ключ для скуд` also takes the query «скуд под ключ»: a turnkey
    buyer would see the keys' ad. The expression as a negative phrase, its preposition fixed with `!`, sends those
    queries to the group of the offer. A group that names the noun in a phrase or two («Система скуд» with «система
    скуд ключ») keeps the queries: its ad fits a turnkey buyer, and the negative left «система скуд под ключ» to no
    keyword at all.
    """
    readings = [[split_idioms(text) for text in texts] for texts in groups]
    used = {found for group in readings for _, expressions in group for found in expressions}
    result = []
    for group in readings:
        own = {found for _, expressions in group for found in expressions}
        uses = Counter(noun for reading, _ in group for noun in {_noun_lemma(word) for word in words_of(reading)})
        result.append(
            [
                f"!{preposition} {noun}"
                for preposition, noun in FIXED_EXPRESSIONS
                if f"{preposition} {noun}" in used - own and uses[noun] * 2 >= len(group)
            ]
        )
    return result

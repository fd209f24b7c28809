"""One pymorphy3 analyzer per process: loading its dictionaries takes about a second and tens of megabytes."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a word (`диваны` → `диван`); words pymorphy3 does not know come back as they are."""
    return analyzer().parse(word)[0].normal_form


CYRILLIC_WORD = re.compile(r"^[а-яё]+(?:-[а-яё]+)*$")


@lru_cache(maxsize=200_000)
def word_info(word: str) -> tuple[str, frozenset[str]]:
    """Lemma and grammemes of a word's most likely parse, cached: clustering asks for both, for every word.

    Latin words, codes and numbers come back as they are: pymorphy3 only guesses at them, slowly (a big export
    has tens of thousands of article numbers and model codes).
    """
    if not CYRILLIC_WORD.match(word):
        return word, frozenset()
    parse = analyzer().parse(word)[0]
    return parse.normal_form, frozenset(parse.tag.grammemes)

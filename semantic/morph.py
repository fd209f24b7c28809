"""One pymorphy3 analyzer per process: loading its dictionaries takes about a second and tens of megabytes."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


def _best_parse(word: str):
    """pymorphy3's likeliest parse, except that an abbreviation stays itself: its likeliest reading of «см» is
    «смотреть» (see, imperative), which made «диван 120 см» an entertainment query and «см» a negative."""
    parses = analyzer().parse(word)
    best = parses[0]
    if "Abbr" in best.tag and best.normal_form != word:
        return next((parse for parse in parses if parse.normal_form == word), None) or best
    return best


def _normal_form(parse, word: str) -> str:
    return word if "Abbr" in parse.tag and parse.normal_form != word else parse.normal_form


CYRILLIC_WORD = re.compile(r"^[а-яё]+(?:-[а-яё]+)*$")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a word (`диваны` → `диван`); words pymorphy3 does not know come back as they are.

    A Russian word is parsed once per process for both this and `word_info` (cleaning asks for the lemma, clustering
    for both); other words keep pymorphy3's reading."""
    if CYRILLIC_WORD.match(word):
        return word_info(word)[0]
    return _normal_form(_best_parse(word), word)


@lru_cache(maxsize=200_000)
def word_info(word: str) -> tuple[str, frozenset[str]]:
    """Lemma and grammemes of a word's most likely parse, cached: clustering asks for both, for every word.

    Latin words, codes and numbers come back as they are: pymorphy3 only guesses at them, slowly (a big export
    has tens of thousands of article numbers and model codes).
    """
    if not CYRILLIC_WORD.match(word):
        return word, frozenset()
    parse = _best_parse(word)
    return _normal_form(parse, word), frozenset(parse.tag.grammemes)


@lru_cache(maxsize=200_000)
def readings(word: str) -> frozenset[str]:
    """Every dictionary form a word may be read as, not only the likeliest: «керамику» is «керамика» as well as
    «керамик», «данных» is «данные» as well as «данный». Direct matches a word in any of its forms, and a claim
    names a work in any of them."""
    return frozenset(parse.normal_form for parse in analyzer().parse(word))

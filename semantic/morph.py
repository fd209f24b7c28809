"""One pymorphy3 analyzer per process: loading its dictionaries takes about a second and tens of megabytes."""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a word (`диваны` → `диван`); words pymorphy3 does not know come back as they are."""
    return analyzer().parse(word)[0].normal_form

"""Stop lists matched by lemma, so `бесплатно` also catches `бесплатный`, `бесплатные` and `бесплатной`.

The built-in list holds the negative words PPC specialists add to nearly every commercial search campaign:
people who want something free, a download, a DIY guide, a job, homework or adult content are not buyers. Its
words live in `data/intents.json` (categories free, diy, jobs, study, adult), the one home of every intent
dictionary: cleaning removes phrases with them, and the same entries become campaign negatives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from semantic.morph import lemma
from semantic.operators import PREPOSITIONS, clean_characters

INTENTS_FILE = Path(__file__).with_name("data") / "intents.json"
# The intents no buyer has, whatever the market: cleaning removes them before relevance is judged.
UNIVERSAL_CATEGORIES = ("free", "diy", "jobs", "study", "adult")


@cache
def _dictionaries() -> dict:
    with INTENTS_FILE.open(encoding="utf-8") as file:
        return json.load(file)


def intent_entries(category: str, kind: str) -> tuple[str, ...]:
    """The raw entries of one intent list, e.g. `intent_entries("used", "removes")`."""
    return tuple(_dictionaries().get(category, {}).get(kind, ()))


@cache
def intent_lemmas() -> frozenset[str]:
    """Every word of the intent dictionaries but the aspects' (`комплект`, `система`) and prepositions: the words
    that tell why a phrase is junk or a buyer's («инструкция», «для чего», «купить»)."""
    entries = (
        entry
        for category, kinds in _dictionaries().items()
        if isinstance(kinds, dict) and category != "aspects"
        for kind, items in kinds.items()
        if isinstance(items, list)
        for entry in items
    )
    return frozenset(word for entry in entries for word in lemmas_of(entry)) - PREPOSITIONS


def lemmas_of(text: str) -> tuple[str, ...]:
    """Lemmas of the bare words of a text, operators and minus words ignored."""
    words = clean_characters(text).replace('"', " ").replace("[", " ").replace("]", " ").split()
    return tuple(lemma(word.lstrip("!+")) for word in words if not word.startswith("-") and word.strip("!+"))


@dataclass(frozen=True)
class StopEntry:
    text: str
    lemmas: frozenset[str]
    # a negative holds the entry only in the form the phrase writes (`!размеры`): its other forms buy («диван по
    # индивидуальным размерам»), so `-размеры`, which Direct matches in every form, would turn buyers away
    exact_form: bool = False


class StopList:
    """A phrase matches an entry when it contains every lemma of that entry (`своими руками` needs both)."""

    def __init__(self, entries: Iterable[str], exact_form: bool = False):
        self._entries = []
        seen: set[frozenset[str]] = set()
        for text in entries:
            lemmas = frozenset(lemmas_of(text))
            if lemmas and lemmas not in seen:
                seen.add(lemmas)
                text = " ".join(clean_characters(text).split()).lstrip("-!+")
                self._entries.append(StopEntry(text, lemmas, exact_form))

    @cached_property
    def _by_lemma(self) -> dict[str, list[StopEntry]]:
        index: dict[str, list[StopEntry]] = {}
        for entry in self._entries:
            index.setdefault(min(entry.lemmas), []).append(entry)
        return index

    @property
    def entries(self) -> list[StopEntry]:
        return list(self._entries)

    def match(self, phrase_lemmas: Iterable[str]) -> StopEntry | None:
        present = set(phrase_lemmas)
        for word in sorted(present):
            for entry in self._by_lemma.get(word, ()):
                if entry.lemmas <= present:
                    return entry
        return None


@cache
def universal_stop_list(protected: frozenset[str] = frozenset()) -> StopList:
    """The built-in list without the entries that share a word with `protected` (the brief's lemmas): a shop that
    sells `учебники` or `дипломы` keeps its own market."""
    entries = (entry for category in UNIVERSAL_CATEGORIES for entry in intent_entries(category, "negatives"))
    return StopList(entry for entry in entries if not set(lemmas_of(entry)) & protected)


@cache
def ordering_words() -> StopList:
    """The words of buying or ordering (`купить`, `цена`, `установка`, `под ключ`: the commercial intent entries): a
    rare phrase with one is a buyer, and a search with one is worth more to the budget."""
    return StopList(intent_entries("purchase", "commercial"))

"""Stop lists matched by lemma, so `бесплатно` also catches `бесплатный`, `бесплатные` and `бесплатной`.

The built-in list holds the negative words PPC specialists add to nearly every commercial search campaign:
people who want something free, a download, a DIY guide, a job or homework are not buyers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from semantic.morph import lemma
from semantic.operators import clean_characters

UNIVERSAL_NEGATIVES: tuple[str, ...] = (
    "бесплатно",
    "бесплатный",
    "даром",
    "скачать",
    "торрент",
    "torrent",
    "своими руками",
    "самостоятельно",
    "вакансия",
    "резюме",
    "зарплата",
    "стажировка",
    "реферат",
    "курсовая",
    "диплом",
    "доклад",
    "сочинение",
    "презентация",
    "гдз",
    "википедия",
    "wiki",
    "форум",
    "кроссворд",
    "порно",
    "секс",
    "mp3",
    "crack",
    "кряк",
    "ютуб",
    "youtube",
)


def lemmas_of(text: str) -> tuple[str, ...]:
    """Lemmas of the bare words of a text, operators and minus words ignored."""
    words = clean_characters(text).replace('"', " ").replace("[", " ").replace("]", " ").split()
    return tuple(lemma(word.lstrip("!+")) for word in words if not word.startswith("-") and word.strip("!+"))


@dataclass(frozen=True)
class StopEntry:
    text: str
    lemmas: frozenset[str]


class StopList:
    """A phrase matches an entry when it contains every lemma of that entry (`своими руками` needs both)."""

    def __init__(self, entries: Iterable[str]):
        self._entries = []
        seen: set[frozenset[str]] = set()
        for text in entries:
            lemmas = frozenset(lemmas_of(text))
            if lemmas and lemmas not in seen:
                seen.add(lemmas)
                self._entries.append(StopEntry(" ".join(clean_characters(text).split()).lstrip("-!+"), lemmas))

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


def universal_stop_list() -> StopList:
    return StopList(UNIVERSAL_NEGATIVES)

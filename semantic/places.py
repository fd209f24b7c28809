"""Places named in search phrases, and whether they lie inside the campaign's regions.

`data/places.json` lists Russian and CIS cities (and the Moscow and Leningrad oblasts' towns) with the Yandex
region ids that contain each; names are matched as pymorphy3 lemma sequences, so `в Сургуте`, `сургут` and
`Санкт-Петербурге` are found in any case form. A town the list does not know is still caught in the form a
searcher writes a place in (`в Пятигорске`: a geographic name after `в`), when the campaign is narrower than a
country. Countries and large areas are never "another city": `диван Италия` names an origin, not a place to buy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from semantic.morph import word_info
from semantic.regions import served_regions

PLACES_FILE = Path(__file__).with_name("data") / "places.json"
LOCATIVE_PREPOSITIONS = frozenset({"в", "во"})


@dataclass(frozen=True)
class Place:
    name: str
    inside: frozenset[int]  # region ids that contain the place
    spellings: tuple[tuple[str, ...], ...]  # lemma sequences of the name and its aliases, for matching
    written: tuple[str, ...]  # the name and its aliases as people write them, for negative keywords


def _written(text: str) -> str:
    """Lower case, `ё`→`е`, a hyphen as a space: `наро фоминск`. Direct matches every form of a negative's words, so
    the written name is what a negative needs; a lemma of each word would break it (`Королёв` → `королева`)."""
    return " ".join(text.lower().replace("ё", "е").replace("-", " ").split())


def _lemma_sequence(text: str) -> tuple[str, ...]:
    return tuple(word_info(word)[0] for word in _written(text).split())


@cache
def _data() -> tuple[tuple[Place, ...], frozenset[int], frozenset[str]]:
    with PLACES_FILE.open(encoding="utf-8") as file:
        raw = json.load(file)
    places = tuple(
        Place(
            name=item["name"],
            inside=frozenset(item["in"]),
            spellings=tuple(_lemma_sequence(text) for text in [item["name"], *item["aliases"]]),
            written=tuple(_written(text) for text in [item["name"], *item["aliases"]]),
        )
        for item in raw["places"]
    )
    return places, frozenset(raw["countries"]), frozenset(word_info(word)[0] for word in raw["not_a_city"])


@cache
def _by_first_lemma() -> dict[str, list[tuple[tuple[str, ...], Place]]]:
    index: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
    for place in _data()[0]:
        for spelling in place.spellings:
            index.setdefault(spelling[0], []).append((spelling, place))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))  # `нижний новгород` before a bare `новгород`
    return index


def place_lemmas() -> frozenset[str]:
    """Every lemma of every known place name: words that say where, never what."""
    return frozenset(lemma for place in _data()[0] for spelling in place.spellings for lemma in spelling)


def _known_at(lemmas: Sequence[str], start: int) -> tuple[tuple[str, ...], Place] | None:
    """The longest known place spelled from position `start`, or None."""
    for spelling, place in _by_first_lemma().get(lemmas[start], ()):
        if tuple(lemmas[start : start + len(spelling)]) == spelling:
            return spelling, place
    return None


def _town_after_preposition(words: Sequence[str], lemmas: Sequence[str]) -> list[str]:
    """Geographic names written the way a place is (`в Урюпинске`) that the list does not know."""
    return [
        lemma
        for previous, word, lemma in zip(["", *words], words, lemmas, strict=False)
        if previous in LOCATIVE_PREPOSITIONS
        and "Geox" in word_info(word)[1]
        and lemma not in _data()[2]
        and lemma not in _by_first_lemma()
    ]


def named_places(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Lemma sequences of the places a phrase names (`в нижнем новгороде` → `(нижний, новгород)`), for negatives
    that block a whole city and nothing else."""
    lemmas = [word_info(word)[0] for word in words]
    known = [found[0] for start in range(len(lemmas)) if (found := _known_at(lemmas, start))]
    return known + [(lemma,) for lemma in _town_after_preposition(words, lemmas)]


class PlaceMatcher:
    """Finds a place outside the regions the business serves: the campaign's regions with their cities'
    agglomerations (`served_regions`). No regions given: no place is outside."""

    def __init__(self, geo_ids: Iterable[int], protected: frozenset[str] = frozenset()):
        self.regions = frozenset(geo_id for geo_id in served_regions(geo_ids) if geo_id > 0)
        self.excluded = frozenset(-geo_id for geo_id in geo_ids if geo_id < 0)
        self.protected = protected
        self._country_wide = bool(self.regions & _data()[1])

    def _outside(self, place: Place) -> bool:
        return bool(place.inside & self.excluded) or not (place.inside & self.regions)

    def outside_places(self) -> list[str]:
        """Every known place outside the regions, each spelling as people write it, for campaign negatives; none
        when no regions are set or a region is a whole country."""
        if not self.regions or self._country_wide:
            return []
        return [
            written
            for place in _data()[0]
            if self._outside(place)
            for spelling, written in zip(place.spellings, place.written, strict=True)
            if not set(spelling) & self.protected
        ]

    def other_place(self, words: Sequence[str]) -> str | None:
        """The display name of the first place in `words` (lower-case word forms) outside the regions, or None."""
        if not self.regions:
            return None
        lemmas = [word_info(word)[0] for word in words]
        for start in range(len(lemmas)):
            found = _known_at(lemmas, start)
            if found and not set(found[0]) & self.protected and self._outside(found[1]):
                return found[1].name
        if self._country_wide:
            return None
        town = next((lemma for lemma in _town_after_preposition(words, lemmas) if lemma not in self.protected), None)
        return town.capitalize() if town else None

"""Growing a semantic core from a few base phrases, in waves, within a limit of calls and time.

Wave 1 asks `topRequests` for each base phrase; each next wave asks only for found phrases that still contain a
product word of the base phrases, so the core does not drift (`диван` → `диван кровать` → `кровать` would).
`associations` ("people also searched") are kept apart: candidates for negative words and for the user's review,
never mixed into the groups. Then the exact frequency (`"!word !word"`) of the most frequent phrases is asked,
so cleaning can drop dead phrases whose broad frequency only comes from longer queries.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext

from core.formatting import format_number
from semantic.control import StageControl
from semantic.features import marker_lemma
from semantic.morph import word_info
from semantic.operators import STOP_WORDS, clean_characters
from semantic.sources.base import KeywordSource
from semantic.types import Phrase

EXPANSION_SHARE = 70  # percent of the stage's progress bar; the exact check gets the rest


@dataclass(frozen=True)
class CallLimits:
    """How far one collection may go in Wordstat: depth, calls, seconds, phrases per call, exact-frequency calls."""

    max_depth: int
    max_calls: int
    max_seconds: float
    num_phrases: int
    exact_calls: int


@dataclass
class Expansion:
    phrases: dict[str, Phrase]
    associations: dict[str, Phrase]


def _lemmas(text: str) -> set[str]:
    return {word_info(word)[0] for word in clean_characters(text).split() if word not in STOP_WORDS}


def expand(
    source: KeywordSource,
    base_phrases: list[str],
    *,
    regions: list[int],
    limits: CallLimits,
    control: StageControl,
    clock: Callable[[], float] = time.monotonic,
) -> Expansion:
    deadline = clock() + limits.max_seconds
    product_words = {marker_lemma(phrase) for phrase in base_phrases}
    found: dict[str, Phrase] = {}
    associations: dict[str, Phrase] = {}
    asked: set[str] = set()
    requests = 0  # cached answers count too, so a repeated run walks exactly the same path
    wave = list(dict.fromkeys(base_phrases))
    for depth in range(1, limits.max_depth + 1):
        next_wave: list[Phrase] = []
        for phrase in wave:
            control.check()
            if requests >= limits.max_calls or clock() > deadline:
                return Expansion(found, _without(associations, found))
            asked.add(phrase)
            requests += 1
            result = source.top_requests(phrase, regions=regions, num_phrases=limits.num_phrases)
            if phrase not in found and depth == 1:
                found[phrase] = Phrase(phrase, result.total_count)
            for item in result.top:
                if item.frequency > found.get(item.text, Phrase("", -1)).frequency:
                    found[item.text] = Phrase(item.text, item.frequency)
                if item.text not in asked and _lemmas(item.text) & product_words:
                    next_wave.append(item)
            for item in result.associations:
                associations.setdefault(item.text, Phrase(item.text, item.frequency))
            control.report(
                EXPANSION_SHARE * min(1.0, requests / limits.max_calls),
                gettext("Collected %(count)s phrases") % {"count": format_number(len(found))},
            )
        next_wave.sort(key=lambda p: (-p.frequency, p.text))
        wave = list(dict.fromkeys(p.text for p in next_wave if p.text not in asked))
        if not wave:
            break
    return Expansion(found, _without(associations, found))


def _without(associations: dict[str, Phrase], found: dict[str, Phrase]) -> dict[str, Phrase]:
    return {text: phrase for text, phrase in associations.items() if text not in found}


def exact_query(text: str) -> str:
    """`купить диван` → `"!купить !диван"`: this word set, these forms, nothing added."""
    words = clean_characters(text).replace('"', " ").replace("[", " ").replace("]", " ").split()
    return '"' + " ".join("!" + word.lstrip("!+") for word in words if not word.startswith("-")) + '"'


def check_exact_frequencies(
    source: KeywordSource,
    phrases: list[Phrase],
    *,
    regions: list[int],
    limits: CallLimits,
    control: StageControl,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Fill `exact_frequency` for the most frequent phrases, within the call limits; returns how many got one.

    Phrases left unchecked keep None (unknown), and cleaning keeps them: no data is not a reason to drop.
    """
    deadline = clock() + limits.max_seconds
    ordered = sorted(phrases, key=lambda p: (-p.frequency, p.text))
    checked = 0
    for phrase in ordered:
        control.check()
        if checked >= limits.exact_calls or clock() > deadline:
            break
        phrase.exact_frequency = source.top_requests(
            exact_query(phrase.text), regions=regions, num_phrases=1
        ).total_count
        checked += 1
        control.report(
            EXPANSION_SHARE + (100 - EXPANSION_SHARE) * checked / max(1, min(len(ordered), limits.exact_calls)),
            gettext("Checked the exact frequency of %(count)s phrases") % {"count": format_number(checked)},
        )
    return checked

"""Negative keywords: cross-negatives between groups (кросс-минусовка) and the campaign-level list.

Cross-negatives make each query land in its most specific group: when `диван` is in group A and `диван кровать`
in group B, A gets `-кровать`, so the query "диван кровать" shows B's ad. A negative is never added where it
would block one of the group's own phrases (Direct matches a plain negative in every word form, `!word` in that
form only), and lists are packed within Direct's limits; whatever does not fit is reported, not dropped silently.
Items are returned without the leading minus (`кровать`, `!диваны`, `кровать угловой`); the export adds it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

from semantic.morph import word_info
from semantic.operators import STOP_WORDS, parse_phrase
from semantic.stoplists import UNIVERSAL_NEGATIVES
from semantic.types import Cluster, NegativesResult, Phrase

GROUP_LIMIT = 4096  # characters of a group's negative list, spaces not counted
CAMPAIGN_LIMIT = 20_000
MAX_NEGATIVE_WORDS = 7
MIN_ASSOCIATION_WORD_LENGTH = 3


@dataclass(frozen=True)
class _Words:
    """A phrase as Direct matches it: lemmas of its significant words, and their exact forms."""

    lemmas: frozenset[str]
    forms: frozenset[str]
    form_of: tuple[tuple[str, str], ...]  # (lemma, form) in phrase order


def _words(text: str) -> _Words:
    parsed = parse_phrase(text)
    pairs = [(word_info(w.text)[0], w.text) for w in parsed.words if w.counts_toward_limit]
    return _Words(frozenset(lemma for lemma, _ in pairs), frozenset(form for _, form in pairs), tuple(pairs))


def negative_lemmas(negative: str) -> tuple[bool, frozenset[str]]:
    """(exact form?, words): `!диваны` → (True, {диваны}); `кровать угловая` → (False, {кровать, угловой})."""
    words = negative.split()
    if len(words) == 1 and words[0].startswith("!"):
        return True, frozenset({words[0][1:]})
    return False, frozenset(word_info(word.lstrip("!+"))[0] for word in words)


def blocks(negative: str, phrase: str) -> bool:
    """Whether a negative keyword (or negative phrase: all its words present) would stop this phrase showing."""
    return _blocks(negative_lemmas(negative), _words(phrase))


def _blocks(negative: tuple[bool, frozenset[str]], words: _Words) -> bool:
    exact, wanted = negative
    return bool(wanted) and wanted <= (words.forms if exact else words.lemmas)


def _weight(item: str) -> int:
    return len(item.replace(" ", "")) + 1  # +1 for the minus Direct puts in front


@dataclass(frozen=True)
class _Candidate:
    negative: str
    frequency: int  # of the narrower phrase that needs it; higher goes first when space is short


def build_negatives(
    clusters: list[Cluster], *, stop_words: Iterable[str] = (), associations: Iterable[Phrase] = ()
) -> NegativesResult:
    """Group negatives (same order as clusters), the campaign list, and what could not be placed, with reasons."""
    unplaced: list[str] = []
    all_phrases = [phrase.text for group in clusters for phrase in group.phrases]
    # Campaign negatives never block a kept phrase, and cross-negatives are words of kept phrases, so the two
    # lists cannot overlap.
    campaign = _campaign_negatives(stop_words, associations, all_phrases, unplaced)
    candidates = _cross_candidates(clusters)
    group_negatives = []
    for index, group in enumerate(clusters):
        own = [_words(phrase.text) for phrase in group.phrases]
        safe = [c for c in candidates[index].values() if not any(_blocks(negative_lemmas(c.negative), w) for w in own)]
        chosen: list[str] = []
        used = 0
        for candidate in sorted(_without_redundant(safe), key=lambda c: (-c.frequency, c.negative)):
            if used + _weight(candidate.negative) > GROUP_LIMIT:
                unplaced.append(
                    gettext("«%(negative)s» (group «%(group)s»): does not fit the %(limit)d-character group limit")
                    % {"negative": candidate.negative, "group": group.name, "limit": GROUP_LIMIT}
                )
                continue
            chosen.append(candidate.negative)
            used += _weight(candidate.negative)
        group_negatives.append(chosen)
    return NegativesResult(group_negatives=group_negatives, campaign_negatives=campaign, unplaced=unplaced)


def _cross_candidates(clusters: list[Cluster]) -> list[dict[str, _Candidate]]:
    """For each group, negatives that send narrower queries to the group that holds them.

    Phrases are indexed by their lemma set; every proper subset of a phrase's lemmas is looked up (at most 2^7,
    Direct's word limit), so the work is O(n·2^7) rather than comparing every pair of phrases.
    """
    by_lemmas: dict[frozenset[str], list[tuple[int, _Words]]] = {}
    parsed: list[list[tuple[Phrase, _Words]]] = []
    for index, group in enumerate(clusters):
        items = [(phrase, _words(phrase.text)) for phrase in group.phrases]
        parsed.append(items)
        for _, words in items:
            if words.lemmas:
                by_lemmas.setdefault(words.lemmas, []).append((index, words))
    candidates: list[dict[str, _Candidate]] = [{} for _ in clusters]
    for narrow_group, items in enumerate(parsed):
        for phrase, narrow in items:
            lemmas = sorted(narrow.lemmas)
            if len(lemmas) > MAX_NEGATIVE_WORDS + 1:
                continue
            for size in range(1, len(lemmas) + 1):
                for subset in itertools.combinations(lemmas, size):
                    for broad_group, broad in by_lemmas.get(frozenset(subset), ()):
                        if broad_group == narrow_group:
                            continue
                        negative = _distinguishing(broad, narrow)
                        if negative:
                            _offer(candidates[broad_group], negative, phrase.frequency)
    return candidates


def _without_redundant(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a negative phrase when a shorter one already blocks every query it would (`купить кровать` vs `кровать`)."""
    keys = [negative_lemmas(c.negative) for c in candidates]
    return [
        candidate
        for candidate, (exact, words) in zip(candidates, keys, strict=True)
        if exact or not any(not other_exact and other < words for other_exact, other in keys)
    ]


def _distinguishing(broad: _Words, narrow: _Words) -> str | None:
    """The words that set the narrower phrase apart, or `!form` when only a word form differs."""
    extra = [form for lemma, form in narrow.form_of if lemma not in broad.lemmas]
    if extra:
        lemma_words = list(dict.fromkeys(word_info(form)[0] for form in extra))
        return " ".join(lemma_words[:MAX_NEGATIVE_WORDS])
    different_form = next((form for _, form in narrow.form_of if form not in broad.forms), None)
    return "!" + different_form if different_form else None


def _offer(bucket: dict[str, _Candidate], negative: str, frequency: int) -> None:
    current = bucket.get(negative)
    if current is None or frequency > current.frequency:
        bucket[negative] = _Candidate(negative, frequency)


def _campaign_negatives(
    stop_words: Iterable[str], associations: Iterable[Phrase], kept: list[str], unplaced: list[str]
) -> list[str]:
    """Stop-list words first (the user's, then the universal list), then association words the core never uses."""
    kept_words = [_words(text) for text in kept]
    kept_lemmas = set().union(*(words.lemmas for words in kept_words)) if kept_words else set()
    chosen: list[str] = []
    seen: set[frozenset[str]] = set()
    used = 0

    def offer(negative: str, *, report_conflicts: bool) -> None:
        nonlocal used
        negative = " ".join(negative.lower().replace("ё", "е").lstrip("-").split())
        key = negative_lemmas(negative)[1]
        if not key or key in seen:
            return
        seen.add(key)
        blocked = next((text for text, words in zip(kept, kept_words, strict=True) if key <= words.lemmas), None)
        if blocked is not None:
            if report_conflicts:
                unplaced.append(
                    gettext("«%(negative)s»: not added, it would block the phrase «%(phrase)s»")
                    % {"negative": negative, "phrase": blocked}
                )
            return
        if used + _weight(negative) > CAMPAIGN_LIMIT:
            unplaced.append(
                gettext("«%(negative)s»: does not fit the %(limit)d-character campaign limit")
                % {"negative": negative, "limit": CAMPAIGN_LIMIT}
            )
            return
        chosen.append(negative)
        used += _weight(negative)

    for word in [*stop_words, *UNIVERSAL_NEGATIVES]:
        offer(word, report_conflicts=True)
    for phrase in sorted(associations, key=lambda p: (-p.frequency, p.text)):
        for lemma, form in _words(phrase.text).form_of:
            useful = len(form) >= MIN_ASSOCIATION_WORD_LENGTH and not form.isdigit() and form not in STOP_WORDS
            if useful and lemma not in kept_lemmas:
                offer(lemma, report_conflicts=False)
    return chosen

"""Negative keywords: cross-negatives between groups (кросс-минусовка) and the campaign-level list.

Cross-negatives make each query land in its most specific group: when `диван` is in group A and `диван кровать`
in group B, A gets `-кровать`, so the query "диван кровать" shows B's ad. A group using the noun of a fixed
expression as a product gets the expression (`!под ключ` in «Ключ для скуд», `semantic.idioms`). A negative is
never added where it would block one of the group's own phrases (Direct matches a plain negative in every word
form, `!word` in that form only), nor where it would turn away from any of the group's keywords a query that no
keyword of another group takes (`_taken_elsewhere`): a group negative applies to all of the group's keywords.

Campaign negatives come from the intent dictionaries (free, DIY, jobs, study, adult, used goods, marketplaces,
navigation, entertainment, informational), from the cities outside the regions the business serves, and from what
sets apart each certain (or user-confirmed) removal that a kept keyword would still serve by broad match
(`semantic.served`): taking a phrase off the list does not stop Direct from showing the ad on it, only a negative
does. Judged removals (another market, seller type, look-alikes) are negated only once the user confirms them. A
single-word campaign negative is never a word of the brief or of any kept phrase (Direct matches every form of the
word, so it would block part of the user's market); a negative phrase may hold such words when no kept phrase
holds them all. Only cross-negatives use the user's own words alone, by design, and only between the user's groups.

A campaign negative never blocks a phrase that would be kept: a kept one, or one removed only as rare, a duplicate
or too long that no certain rule removes (`сро монтаж скуд` under the exact-frequency threshold). Paperwork words
(`регламент`, `сро`) remove a phrase only without a buying word or a service the brief offers, so the list's
`регламент обслуживания скуд` stays for an installer and its words are never negated.

Lists are packed within Direct's limits by priority — the summed frequency of the removed phrases a negative
blocks — and whatever is left out is returned in `dropped` with its reason, never lost silently.
Items are returned without the leading minus (`кровать`, `!диваны`, `кровать угловой`); the export adds it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext

from core.direct_limits import NEGATIVE_WORDS_MAX
from semantic.idioms import expression_nouns, idiom_negatives
from semantic.intents import IntentMatcher, brief_lemmas, common_noun_names, order_spec_lemmas
from semantic.morph import analyzer, word_info
from semantic.operators import STOP_WORDS, parse_phrase
from semantic.places import PlaceMatcher, named_places
from semantic.relevance import CertainRules
from semantic.served import REMOVED_FOR_A_REASON, BroadMatch, Pattern, Query, blocked, pattern, query
from semantic.stoplists import intent_entries
from semantic.types import (
    Brief,
    Cluster,
    DroppedNegative,
    NegativeOptions,
    NegativesResult,
    Phrase,
    Removal,
    RemovedPhrase,
)

# Removals whose distinguishing words become campaign negatives, when certain or confirmed by the user: what
# they name is not the user's market. Duplicates and rare phrases are the user's market; minus words are already in.
NEGATED_REMOVALS = REMOVED_FOR_A_REASON
# Removals relevance never judged: rare phrases, duplicates and what Direct rejects are the user's market unless a
# certain rule says otherwise.
UNJUDGED = frozenset({Removal.LOW_FREQUENCY, Removal.LOW_EXACT_FREQUENCY, Removal.DUPLICATE, Removal.UNACCEPTABLE})


@dataclass(frozen=True)
class _Words:
    """A phrase as Direct matches it: lemmas of its significant words, and their exact forms."""

    lemmas: frozenset[str]
    forms: frozenset[str]
    form_of: tuple[tuple[str, str], ...]  # (lemma, form) in phrase order
    stops: tuple[str, ...] = ()  # unfixed stop words, which a negative must fix with `!` to match
    quoted: bool = False  # a keyword in quotes, which takes no longer query


def _words(text: str) -> _Words:
    parsed = parse_phrase(text)
    pairs = [(word_info(w.text)[0], w.text) for w in parsed.words if w.counts_toward_limit]
    stops = tuple(dict.fromkeys(w.text for w in parsed.words if not w.counts_toward_limit))
    lemmas, forms = frozenset(lemma for lemma, _ in pairs), frozenset(form for _, form in pairs)
    return _Words(lemmas, forms, tuple(pairs), stops, parsed.quoted)


def negative_lemmas(negative: str) -> tuple[bool, frozenset[str]]:
    """(exact form?, words): `!диваны` → (True, {диваны}); `кровать угловая` → (False, {кровать, угловой})."""
    words = negative.split()
    if len(words) == 1 and words[0].startswith("!"):
        return True, frozenset({words[0][1:]})
    return False, frozenset(word_info(word.lstrip("!+"))[0] for word in words)


def blocks(negative: str, phrase: str) -> bool:
    """Whether a negative keyword (or negative phrase: all its words present) would stop this phrase showing."""
    return pattern(negative).matches(query(phrase))


def _blocks(negative: tuple[bool, frozenset[str]], words: _Words) -> bool:
    exact, wanted = negative
    return bool(wanted) and wanted <= (words.forms if exact else words.lemmas)


@cache
def _offer_attributes() -> frozenset[str]:
    """Free-intent adjectives (`бесплатный`): besides the freeloader's «бесплатные диваны» they qualify what the seller
    offers («с бесплатной доставкой», «бесплатный замер», «бесплатная консультация»), always a singular noun."""
    entries = (entry for entry in intent_entries("free", "negatives") if " " not in entry)
    return frozenset(lemma for lemma, grammemes in map(word_info, entries) if "ADJF" in grammemes)


def _dictionary_negatives(entry: str) -> list[str]:
    """A dictionary entry as Direct should get it: a common noun's name in its own form (`!озон`), an offer's possible
    attribute only in the plural forms that agree with goods (`!бесплатные`, `!бесплатных`), else as it is."""
    if entry in common_noun_names():
        return ["!" + entry]
    if entry in _offer_attributes():
        parses = analyzer().parse(entry)[0]
        forms = (parses.inflect({"plur", case}) for case in ("nomn", "gent"))
        return ["!" + form.word for form in forms if form]
    return [entry]


def _spoils_common_use(negative: Pattern) -> bool:
    """Whether a negative would block an offer (`бесплатная доставка`) or a common noun (`озоном`): a free-intent
    adjective in any form or a singular one, a common noun's name in any form, with no other word beside it (a
    negative phrase `бесплатный софт` names what is given away, not the seller's offer). A fixed stop word counts
    as a word beside an exact form only (`!бесплатное !по`, free software; `бесплатная доставка по москве` passes)."""
    significant = negative.lemmas | (negative.forms - STOP_WORDS)
    if len(significant) > 1 or (len(negative.forms) > 1 and not negative.lemmas):
        return False
    if negative.lemmas & (_offer_attributes() | common_noun_names()):
        return True
    return any(
        lemma in _offer_attributes() and "plur" not in grammemes for lemma, grammemes in map(word_info, negative.forms)
    )


def _weight(item: str) -> int:
    return len(item.replace(" ", "")) + 1  # +1 for the minus Direct puts in front


@dataclass(frozen=True)
class _Candidate:
    negative: str
    frequency: int  # of what it blocks; higher goes first when space is short


def build_negatives(
    clusters: list[Cluster],
    *,
    brief: Brief | None = None,
    removed: Iterable[RemovedPhrase] = (),
    stop_words: Iterable[str] = (),
    options: NegativeOptions | None = None,
) -> NegativesResult:
    """Group negatives (same order as clusters), the campaign list, and what was left out, with reasons.

    `removed` are the phrases cleaning and relevance removed (with their `Removal` codes); `stop_words` are the
    user's own minus words, placed first and kept even when they share a word with the brief, unless they would
    block a kept phrase.
    """
    options = options or NegativeOptions()
    dropped: list[DroppedNegative] = []
    kept = [_words(phrase.text) for group in clusters for phrase in group.phrases]
    # a made-to-order brief's customers order «по фото»: `-фото` would block them
    brief_words = brief_lemmas(brief) | order_spec_lemmas(brief) if brief else frozenset()
    protected = brief_words | frozenset().union(*(words.lemmas for words in kept))
    places = PlaceMatcher(brief.geo_ids if brief else (), brief_words)
    rules = CertainRules(brief) if brief else None
    wanted = kept + _wanted_removals(list(removed), rules)
    campaign = _campaign_negatives(
        list(stop_words), list(removed), kept, wanted, protected, brief_words, places, rules, options, dropped
    )
    parsed = [[(phrase, _words(phrase.text)) for phrase in group.phrases] for group in clusters]
    candidates, takers = _cross_candidates(parsed)
    expressions = idiom_negatives([[phrase.text for phrase in group.phrases] for group in clusters])
    group_negatives = []
    for index, group in enumerate(clusters):
        own = [words for _, words in parsed[index]]
        safe = [
            candidate
            for key, candidate in candidates[index].items()
            if not any(_blocks(key, words) for words in own) and _taken_elsewhere(key, own, takers[index][key])
        ]
        ordered = sorted(_without_redundant(safe), key=lambda c: (-c.frequency, c.negative))
        # a fixed expression whose noun the group uses as a product (`!под ключ` in «Ключ для скуд») goes first
        ordered = [_Candidate(negative, 0) for negative in expressions[index]] + ordered
        group_negatives.append(_pack(ordered, options.group_limit, options, dropped, group=group.name))
    return NegativesResult(group_negatives=group_negatives, campaign_negatives=campaign, dropped=dropped)


def _pack(
    ordered: list[_Candidate], limit: int, options: NegativeOptions, dropped: list[DroppedNegative], group: str | None
) -> list[str]:
    """The candidates, best first, that fit Direct's character limit; the rest go to `dropped`."""
    chosen: list[str] = []
    used = 0
    for candidate in ordered:
        words = candidate.negative.split()
        if len(words) > options.max_words or any(len(word.lstrip("!+")) > options.max_word_length for word in words):
            message = gettext("«%(negative)s»: Direct takes at most %(words)d words of up to %(length)d characters") % {
                "negative": candidate.negative,
                "words": options.max_words,
                "length": options.max_word_length,
            }
            dropped.append(DroppedNegative(candidate.negative, "too_long", message, group, candidate.frequency))
            continue
        if used + _weight(candidate.negative) > limit:
            if group is None:
                message = gettext("«%(negative)s»: does not fit the %(limit)d-character campaign limit") % {
                    "negative": candidate.negative,
                    "limit": limit,
                }
                code = "campaign_limit"
            else:
                message = gettext(
                    "«%(negative)s» (group «%(group)s»): does not fit the %(limit)d-character group limit"
                ) % {"negative": candidate.negative, "group": group, "limit": limit}
                code = "group_limit"
            dropped.append(DroppedNegative(candidate.negative, code, message, group, candidate.frequency))
            continue
        chosen.append(candidate.negative)
        used += _weight(candidate.negative)
    return chosen


_Key = tuple[bool, frozenset[str]]


def _cross_candidates(
    parsed: list[list[tuple[Phrase, _Words]]],
) -> tuple[list[dict[_Key, _Candidate]], list[dict[_Key, list]]]:
    """For each group (its phrases with their `_words`), negatives that send narrower queries to the group that
    holds them, and for each negative the lemma sets of the narrower phrases (of other groups) that take those
    queries instead.

    Phrases are indexed by their lemma set; every proper subset of a phrase's lemmas is looked up (at most 2^7,
    Direct's word limit), so the work is O(n·2^7) rather than comparing every pair of phrases. A phrase using a
    fixed expression is not narrower than one using its noun as a product: `скуд под ключ цена` is a turnkey
    offer, not a price of `ключ для скуд`, whose group would otherwise get `-цена` and send the keys' prices to it.
    """
    in_expressions = [[expression_nouns(phrase.text) for phrase, _ in items] for items in parsed]
    by_lemmas: dict[frozenset[str], list[tuple[int, _Words, frozenset[str]]]] = {}
    for index, items in enumerate(parsed):
        for (_, words), nouns in zip(items, in_expressions[index], strict=True):
            if words.lemmas:
                by_lemmas.setdefault(words.lemmas, []).append((index, words, nouns))
    candidates: list[dict[_Key, _Candidate]] = [{} for _ in parsed]
    takers: list[dict[_Key, list]] = [{} for _ in parsed]
    for narrow_group, items in enumerate(parsed):
        for (phrase, narrow), narrow_expressions in zip(items, in_expressions[narrow_group], strict=True):
            lemmas = sorted(narrow.lemmas)
            if len(lemmas) > NEGATIVE_WORDS_MAX + 1:
                continue
            for size in range(1, len(lemmas) + 1):
                for subset in itertools.combinations(lemmas, size):
                    for broad_group, broad, broad_expressions in by_lemmas.get(frozenset(subset), ()):
                        if broad_group == narrow_group or (narrow_expressions - broad_expressions) & broad.lemmas:
                            continue
                        negative = _distinguishing(broad, narrow)
                        if negative:
                            _offer(candidates[broad_group], negative, phrase.frequency)
                            takers[broad_group].setdefault(negative_lemmas(negative), []).append(narrow.lemmas)
    return candidates, takers


def _taken_elsewhere(key: _Key, own: list[_Words], takers: list[frozenset[str]]) -> bool:
    """Whether every query the negative would turn away from this group still finds a keyword of another group.

    A group negative applies to every keyword of the group, not only to the broad phrase it was found for: «Полировка
    кузова» got `-керамика` for `полировка кузова автомобиля керамика цена`, which turned away «полировка кузова
    керамика» as well, a query no other keyword takes (it lacks «цена»). Each keyword's narrowest blocked query —
    its words and the negative's — must hold every word of one of the phrases the negative sends queries to.
    A keyword in quotes takes no longer query, so nothing is turned away from it.
    """
    exact, words = key
    if exact:  # only a word form differs: the query is the narrower phrase itself
        return True
    return all(any(taker <= words | item.lemmas for taker in takers) for item in own if item.lemmas and not item.quoted)


def _without_redundant(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop a negative phrase when a shorter one already blocks every query it would (`купить кровать` vs `кровать`)."""
    keys = [negative_lemmas(c.negative) for c in candidates]
    return [
        candidate
        for candidate, (exact, words) in zip(candidates, keys, strict=True)
        if exact or not any(not other_exact and other < words for other_exact, other in keys)
    ]


def _distinguishing(broad: _Words, narrow: _Words) -> str | None:
    """The words that set the narrower phrase apart, or `!form` when only a word form differs.

    Words are written as the phrase writes them, not as pymorphy3 lemmas: Direct matches every form of the word
    it is given, and a guessed lemma of a brand or slang word (`авито` → `авить`) would match none of them.
    """
    extra = {lemma: form for lemma, form in reversed(narrow.form_of) if lemma not in broad.lemmas}
    if extra:
        words = [extra[lemma] for lemma, _ in narrow.form_of if lemma in extra]
        return " ".join(list(dict.fromkeys(words))[:NEGATIVE_WORDS_MAX])
    different_form = next((form for _, form in narrow.form_of if form not in broad.forms), None)
    return "!" + different_form if different_form else None


def _offer(bucket: dict[tuple[bool, frozenset[str]], _Candidate], negative: str, frequency: int) -> None:
    """One candidate per set of words (`кровать`, `кровати` are one), with the highest frequency it serves."""
    key = negative_lemmas(negative)
    current = bucket.get(key)
    if current is None or frequency > current.frequency:
        bucket[key] = _Candidate(negative if current is None else current.negative, frequency)


def _normalized(negative: str) -> str:
    return " ".join(negative.lower().replace("ё", "е").lstrip("-").split())


class _KeptPhrases:
    """The kept phrases as Direct matches queries, indexed by word: which one a negative would block."""

    def __init__(self, kept: list[_Words]):
        self.queries = [query(" ".join([*(form for _, form in words.form_of), *words.stops])) for words in kept]
        self._by_word: dict[str, list[Query]] = {}
        for found in self.queries:
            for word in found.lemmas | found.forms:
                self._by_word.setdefault(word, []).append(found)

    def blocked_by(self, negative: Pattern) -> Query | None:
        words = negative.lemmas | negative.forms
        if not words:
            return None
        rarest = min(words, key=lambda word: len(self._by_word.get(word, ())))
        return next((found for found in self._by_word.get(rarest, ()) if negative.matches(found)), None)


def _wanted_removals(removed: list[RemovedPhrase], rules: CertainRules | None) -> list[_Words]:
    """Phrases removed for no reason of their own (rare, duplicates, too long) that no certain rule would remove:
    the user's market all the same (`сро монтаж скуд` below the exact-frequency threshold), so no negative may
    block them."""
    if rules is None:
        return []
    return [_words(item.text) for item in removed if item.code in UNJUDGED and rules.verdict(item.text) is None]


def _campaign_negatives(
    stop_words: list[str],
    removed: list[RemovedPhrase],
    kept: list[_Words],
    wanted: list[_Words],
    protected: frozenset[str],
    brief_words: frozenset[str],
    places: PlaceMatcher,
    rules: CertainRules | None,
    options: NegativeOptions,
    dropped: list[DroppedNegative],
) -> list[str]:
    """The user's minus words first, then dictionary, other-city and removed-phrase negatives by the frequency they
    block (the dictionary order among those that block nothing collected). Only certain and confirmed removals
    are negated; a judged one waits for the user.

    A single word is never a campaign negative when a kept phrase, a base keyword or the brief uses it (any form);
    a negative phrase (`личный кабинет`, `новый уренгой`) may hold such words when no kept phrase holds them all
    and they are not all the brief's. No negative blocks a `wanted` phrase (kept, or removed only as rare or a
    duplicate while no certain rule removes it)."""
    negated = [item for item in removed if item.negated and item.code in NEGATED_REMOVALS]
    removed_words = [(_words(item.text), item) for item in negated]
    kept_phrases = _KeptPhrases(kept)
    wanted_phrases = _KeptPhrases(wanted)
    seen: set[frozenset[str]] = set()
    users: list[_Candidate] = []
    for word in stop_words:
        negative = _normalized(word)
        key = negative_lemmas(negative)
        if not key[1] or key[1] in seen:
            continue
        seen.add(key[1])
        blocked = next((words for words in kept if _blocks(key, words)), None)
        if blocked is not None:
            message = gettext("«%(negative)s»: not added, it would block the phrase «%(phrase)s»") % {
                "negative": negative,
                "phrase": " ".join(form for _, form in blocked.form_of),
            }
            dropped.append(DroppedNegative(negative, "blocks_kept", message))
            continue
        users.append(_Candidate(negative, _blocked_frequency(key, removed_words)))

    def safe(negative: str) -> bool:
        found = pattern(negative)
        words = found.lemmas | {word_info(form)[0] for form in found.forms}
        if wanted_phrases.blocked_by(found) is not None or _spoils_common_use(found):
            return False
        if len(words) == 1 and found.forms and not found.lemmas:
            # `!типы`: one form of a word, blocking no kept phrase (checked above) while `-типы` would block «скуд
            # гостиничного типа»; never a form of the brief's own words
            return not words & brief_words
        if len(words) == 1:
            return not words & protected  # a word the user's own market uses: never a campaign negative
        return not words <= brief_words and kept_phrases.blocked_by(found) is None

    automatic: dict[str, _Candidate] = {}

    def offer(negative: str) -> None:
        negative = _normalized(negative)
        key = negative_lemmas(negative)
        if not key[1] or key[1] in seen:
            return
        seen.add(key[1])
        if safe(negative):
            automatic[negative] = _Candidate(negative, _blocked_frequency(key, removed_words))

    for match in IntentMatcher(brief_words).campaign_negatives():
        for negative in _dictionary_negatives(match.entry):
            offer(negative)
    for words, item in sorted(removed_words, key=lambda pair: (-pair[1].frequency, pair[1].text)):
        if item.code == Removal.OTHER_CITY:
            # the place alone: `нижний` or `дон` by themselves would block far more than a city
            for place in named_places([form for _, form in words.form_of]):
                offer(" ".join(lemma for lemma in place if lemma not in STOP_WORDS))
    for place in places.outside_places():
        offer(" ".join(word for word in place.split() if word not in STOP_WORDS))
    chosen = [pattern(candidate.negative) for candidate in [*users, *automatic.values()]]
    for candidate in _removal_negatives(negated, kept, protected, brief_words, safe, chosen, rules):
        automatic.setdefault(candidate.negative, candidate)
    ordered = users + sorted(automatic.values(), key=lambda c: -c.frequency)
    return _pack(ordered, options.campaign_limit, options, dropped, group=None)


def _removal_negatives(
    removed: list[RemovedPhrase],
    kept: list[_Words],
    protected: frozenset[str],
    brief_words: frozenset[str],
    safe: Callable[[str], bool],
    chosen: list[Pattern],
    rules: CertainRules | None,
) -> list[_Candidate]:
    """For each removed phrase the kept keywords would still serve, what sets it apart: the dictionary entry that
    removed it (`бюджетный учет`, `скачать`) when that is `safe` and not stop words alone; otherwise the phrase's
    words other than the brief's as a negative phrase (stop words and single letters fixed with `!`: `!как
    организовать`, `!б !у`); otherwise the entry in the phrase's own forms (`!типы`, when `скуд гостиничного типа`
    is kept); the first that is `safe`. A phrase no entry removed (a place's code) gives its `safe` word no kept
    phrase, base keyword or brief uses, the one that blocks the most removed phrases.

    Never another single word of a phrase the dictionary removed: `-организовать` for «как организовать скуд»
    and `-бюджетный` for «бюджетный учет скуд» blocked buyers («организовать скуд», «бюджетный скуд»); the marker
    is what the rule is certain of, the rest of the phrase may be the user's market.

    Greedy set cover over the phrases, highest frequency first: `скачать` blocks every `… скачать` at once.
    """
    match = BroadMatch([" ".join(form for _, form in words.form_of) for words in kept], [])
    pending = [item for item in removed if match.serves(item.text) and not blocked(item.text, chosen)]
    pending.sort(key=lambda item: (-item.frequency, item.text))
    coverage: dict[str, int] = {}
    for item in pending:
        for lemma in query(item.text).lemmas:
            coverage[lemma] = coverage.get(lemma, 0) + item.frequency
    found: list[_Candidate] = []
    negatives: list[Pattern] = []
    for item in pending:
        if blocked(item.text, negatives):
            continue
        marker = rules.marker(item.text) if rules else None
        if marker is not None:
            # the marker; else the phrase without the brief's words; else either in the phrase's own forms
            # (`!типы`, `!бесплатное !по`); only the own forms for a marker whose other forms buy (`!размеры`)
            loose = [_marker_negative(item.text, marker.lemmas), _negative_phrase(item.text, brief_words)]
            fixed = [
                _marker_negative(item.text, marker.lemmas, exact=True),
                _negative_phrase(item.text, brief_words, exact=True),
            ]
            written = fixed if marker.exact_form else loose + fixed
            negative = next((found for found in written if found and safe(found)), None)
        else:
            words = _words(item.text)
            free = [(lemma, form) for lemma, form in words.form_of if lemma not in protected and len(form) > 1]
            ranked = sorted(free, key=lambda pair: (-coverage.get(pair[0], 0), len(pair[1])))
            negative = next((form for _, form in ranked if safe(form)), None)
            negative = negative or _negative_phrase(item.text, brief_words)
        if not negative or not safe(negative):
            continue
        candidate = pattern(negative)
        negatives.append(candidate)
        found.append(_Candidate(negative, sum(i.frequency for i in pending if candidate.matches(query(i.text)))))
    return found


def _marker_negative(text: str, marker: frozenset[str], exact: bool = False) -> str:
    """The marker's words as the phrase writes them (`бюджетный учет`, `положение !о`), stop words fixed with `!`,
    every word when `exact` (`!типы`: the plural that asks for kinds, not `типа` in «скуд гостиничного типа»);
    empty when the marker is stop words alone (`!как` would block «как заказать»), or the phrase does not hold it."""
    written = {}
    for word in parse_phrase(text).words:
        found = word_info(word.text)[0]
        if found in marker or word.text in marker:
            written.setdefault(found if found in marker else word.text, word.text)
    if set(written) != set(marker) or all(word in STOP_WORDS for word in written.values()):
        return ""
    return " ".join(
        ("!" + word) if exact or word in STOP_WORDS or len(word) == 1 else word for word in written.values()
    )


def _negative_phrase(text: str, brief_words: frozenset[str], exact: bool = False) -> str:
    """The phrase's words other than the brief's, as a negative phrase Direct matches: stop words and single
    letters fixed with `!` (Direct ignores them otherwise), every word when `exact`, at most Direct's seven words."""
    words = [word.text for word in parse_phrase(text).words if word_info(word.text)[0] not in brief_words]
    written = [("!" + word) if exact or word in STOP_WORDS or len(word) == 1 else word for word in dict.fromkeys(words)]
    return " ".join(written) if len(written) <= NEGATIVE_WORDS_MAX else ""


def _blocked_frequency(key: tuple[bool, frozenset[str]], removed_words: list[tuple[_Words, RemovedPhrase]]) -> int:
    return sum(item.frequency for words, item in removed_words if _blocks(key, words))


def blocked_phrases(negatives: Iterable[str], phrases: Iterable[str]) -> dict[str, list[str]]:
    """For each negative, the phrases it would stop (in the order given): each phrase is parsed once, so a review
    page can show what a campaign's whole negative list blocks among thousands of phrases."""
    parsed = [(phrase, _words(phrase)) for phrase in phrases]
    keys = {negative: negative_lemmas(negative) for negative in negatives}
    return {negative: [phrase for phrase, words in parsed if _blocks(key, words)] for negative, key in keys.items()}

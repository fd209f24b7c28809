"""Cleaning: the phrases Direct would reject, stop words, dead and duplicate phrases go, each with its reason.

Every removal is reported (`RemovedPhrase`), because a marketer who loses a phrase silently stops trusting the
tool; every kept phrase is rewritten into valid Direct syntax.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext

from core import direct_limits
from semantic.control import ProgressCallback, StageControl, StopCheck
from semantic.errors import NothingToAdvertise
from semantic.intents import brief_lemmas
from semantic.morph import lemma
from semantic.operators import ParsedPhrase, parse_phrase
from semantic.shortening import shortened
from semantic.stoplists import StopList, lemmas_of, ordering_words, universal_stop_list
from semantic.types import Brief, CleaningOptions, CleanResult, Phrase, Removal, RemovedPhrase


def normalize_text(text: str) -> str:
    """Lower case, `ё`→`е`, characters Direct rejects stripped, spaces collapsed, operators kept and repaired."""
    return parse_phrase(text).render()


# Stop words that change what the searcher wants: a negation (`не работает скуд` is a broken system to repair,
# `как работает скуд` a question), question words and the definition's «это» (`скуд это` asks what it is).
# Two phrases differing in one of them are not duplicates.
INTENT_STOP_WORDS = frozenset({"не", "нет", "ни", "без", "как", "где", "когда", "кто", "что", "чей", "это"})


def _key(parsed: ParsedPhrase) -> str:
    """Sorted lemmas of the words that matter: word order, word forms and unfixed stop words do not, except the
    stop words that change the intent (`INTENT_STOP_WORDS`).

    Words fixed with `!` keep their form and quoted phrases stay apart, since Direct matches them differently.
    """
    parts = sorted(
        ("!" + word.text) if word.fixed_form else lemma(word.text)
        for word in parsed.words
        if word.counts_toward_limit or lemma(word.text) in INTENT_STOP_WORDS
    )
    if not parts:  # a phrase of stop words only still needs a key of its own
        parts = sorted(lemma(word.text) for word in parsed.words)
    key = " ".join(parts)
    return f'"{key}"' if parsed.quoted else key


def lemma_key(text: str) -> str:
    """The lemma-bag key that finds duplicates (`купить диваны` = `диван купить`); stored as Keyword.normalized."""
    return _key(parse_phrase(text))


def frequency_tier(frequency: int, options: CleaningOptions | None = None) -> str:
    """`low`, `mid` or `high`: the НЧ/СЧ/ВЧ tiers practitioners use, thresholds from the options."""
    options = options or CleaningOptions()
    if frequency >= options.high_frequency:
        return "high"
    if frequency >= options.mid_frequency:
        return "mid"
    return "low"


def _rejection(parsed: ParsedPhrase) -> tuple[str, Removal] | None:
    """Why Direct would reject a phrase that cleaning cannot repair, or why it names nothing to advertise."""
    if not parsed.words:
        return gettext("no words left after removing characters Direct does not accept"), Removal.UNACCEPTABLE
    long_word = next(
        (word.text for word in parsed.words if len(word.text) > direct_limits.KEYWORD_WORD_LENGTH_MAX), None
    )
    if long_word:
        return gettext("word longer than %(limit)d characters «%(word)s»") % {
            "limit": direct_limits.KEYWORD_WORD_LENGTH_MAX,
            "word": long_word,
        }, Removal.UNACCEPTABLE
    if parsed.counted_words > direct_limits.KEYWORD_WORDS_MAX:
        reason = gettext("more than %(limit)d words (%(count)d)") % {
            "limit": direct_limits.KEYWORD_WORDS_MAX,
            "count": parsed.counted_words,
        }
        return reason, Removal.UNACCEPTABLE
    # `в`, `и`, `1`, `2024`: a phrase without one word that is not a stop word or a number names no product.
    if not any(word.counts_toward_limit and not word.text.isdigit() for word in parsed.words):
        return gettext("only stop words or numbers"), Removal.NO_WORDS
    return None


def clean(
    phrases: list[Phrase],
    options: CleaningOptions | None = None,
    *,
    minus_words: Iterable[str] = (),
    brief: Brief | None = None,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> CleanResult:
    """Normalize, drop what Direct rejects, stop-listed, rare, dead (exact frequency) and duplicate phrases.

    The built-in stop list skips the words of the `brief`, so a shop selling `дипломы` keeps its phrases.

    Duplicates keep their highest-frequency form. The result lists kept phrases by frequency, highest first.
    Raises NothingToAdvertise when no phrase is left, naming the reason that removed the most.
    """
    options = options or CleaningOptions()
    control = StageControl(progress, should_stop)
    protected = brief_lemmas(brief) if brief else frozenset()
    universal = universal_stop_list(protected)
    users = StopList(minus_words)
    offer = _offer_words(phrases, brief) if options.min_exact else frozenset()
    removed: list[RemovedPhrase] = []
    candidates: list[tuple[Phrase, str]] = []
    step = max(1, len(phrases) // 20)
    for index, phrase in enumerate(phrases):
        if index % step == 0:
            control.check()
            control.report(
                90 * index / max(1, len(phrases)),
                gettext("Cleaning phrases: %(done)d of %(total)d")
                % {
                    "done": index,
                    "total": len(phrases),
                },
            )
        why, parsed = _why_removed(phrase, universal, users, options, offer, protected)
        if why:
            removed.append(RemovedPhrase(phrase.text, phrase.frequency, *why))
        else:
            text = parsed.render()
            candidates.append((Phrase(text, phrase.frequency, phrase.exact_frequency), _key(parsed)))

    candidates.sort(key=lambda item: (-_known(item[0].frequency), -(item[0].exact_frequency or 0), item[0].text))
    kept: list[Phrase] = []
    first_by_key: dict[str, Phrase] = {}
    for phrase, key in candidates:
        original = first_by_key.get(key)
        if original is None:
            first_by_key[key] = phrase
            kept.append(phrase)
        else:
            reason = gettext("duplicate of «%(phrase)s»") % {"phrase": original.text}
            removed.append(RemovedPhrase(phrase.text, phrase.frequency, reason, Removal.DUPLICATE))
    if not kept:
        raise NothingToAdvertise(_nothing_left_message(removed))
    control.report(
        100,
        gettext("Kept %(kept)d phrases, removed %(removed)d")
        % {
            "kept": len(kept),
            "removed": len(removed),
        },
    )
    return CleanResult(kept=kept, removed=removed)


def _nothing_left_message(removed: list[RemovedPhrase]) -> str:
    if not removed:
        return gettext("There are no phrases to clean. Add base keywords or upload a keyword file.")
    code, count = Counter(item.code for item in removed).most_common(1)[0]
    if code in (Removal.NO_WORDS, Removal.STOP_WORD, Removal.UNACCEPTABLE) and count == len(removed):
        return gettext(
            "Every phrase is made of stop words, numbers or characters Direct does not accept (for example "
            "«%(phrase)s»), so there is nothing to advertise on. Check that the file holds search phrases."
        ) % {"phrase": removed[0].text}
    example = next(item for item in removed if item.code == code)
    return gettext(
        "Cleaning removed every phrase (%(total)d); most of them (%(count)d) because of: %(reason)s. "
        "Check your minus words and filters or add more keywords."
    ) % {"total": len(removed), "count": count, "reason": example.reason}


# A brief word held by this share of the phrases is the product the whole list names, not what sets a phrase apart.
PRODUCT_SHARE = 0.2
# The shortest brief word whose derivatives count as the word (`офис` → `офисный`, `монтаж` → `монтажные`).
DERIVED_MIN_LENGTH = 4


def _offer_words(phrases: list[Phrase], brief: Brief | None) -> frozenset[str]:
    """The brief's own words besides the product every phrase names (`монтаж`, `офис`, `предприятие` for «Продажа
    и монтаж СКУД для офисов и предприятий»): a phrase holding one matches what the user sells, and the exact
    frequency filter does not drop it (`офисный скуд`, `стоимость монтажа системы скуд` at 1 exact search a month)."""
    if brief is None:
        return frozenset()
    words = brief_lemmas(brief)
    counts = Counter(word for phrase in phrases for word in set(lemmas_of(phrase.text)) if word in words)
    return frozenset(word for word in words if counts[word] < PRODUCT_SHARE * len(phrases))


def _names_offer(lemmas: list[str], offer: frozenset[str]) -> bool:
    """Whether the phrase names what the user sells (a brief word, or a word derived from one) or orders it: the
    exact-frequency filter drops dead phrases, never a buyer's (`требуется установка скуд` at 1 a month)."""
    return ordering_words().match(lemmas) is not None or any(
        word in offer or any(len(base) >= DERIVED_MIN_LENGTH and word.startswith(base) for base in offer)
        for word in lemmas
    )


def _why_removed(
    phrase: Phrase,
    universal: StopList,
    users: StopList,
    options: CleaningOptions,
    offer: frozenset[str],
    keep: frozenset[str],
) -> tuple[tuple[str, Removal] | None, ParsedPhrase]:
    """Why a phrase goes, or None and the phrase as it is kept: over Direct's word limit it is shortened first.

    `keep` are the brief's lemmas, which shortening never drops."""
    parsed = parse_phrase(phrase.text)
    lemmas = [lemma(word.text) for word in parsed.words]  # of the whole phrase: a stop word is not shortened away
    if parsed.counted_words > direct_limits.KEYWORD_WORDS_MAX:
        parsed = shortened(parsed, keep) or parsed
    rejection = _rejection(parsed)
    if rejection:
        return rejection, parsed
    entry = users.match(lemmas)
    if entry:
        return (gettext("minus word «%(word)s»") % {"word": entry.text}, Removal.MINUS_WORD), parsed
    entry = universal.match(lemmas)
    if entry:
        return (gettext("stop word «%(word)s»") % {"word": entry.text}, Removal.STOP_WORD), parsed
    if phrase.frequency is not None and phrase.frequency < options.min_frequency:  # unknown is not rare
        limit = options.min_frequency
        reason = gettext("frequency %(value)d < %(limit)d") % {"value": phrase.frequency, "limit": limit}
        return (reason, Removal.LOW_FREQUENCY), parsed
    if (
        options.min_exact
        and phrase.exact_frequency is not None
        and phrase.exact_frequency < options.min_exact
        and not _names_offer(lemmas, offer)
    ):
        reason = gettext("exact frequency %(value)d < %(limit)d") % {
            "value": phrase.exact_frequency,
            "limit": options.min_exact,
        }
        return (reason, Removal.LOW_EXACT_FREQUENCY), parsed
    return None, parsed


def _known(frequency: int | None) -> int:
    """Duplicates keep a form with a known frequency (even 0) over one without."""
    return -1 if frequency is None else frequency

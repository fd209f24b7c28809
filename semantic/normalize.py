"""Cleaning: the phrases Direct would reject, stop words, dead and duplicate phrases go, each with its reason.

Every removal is reported (`RemovedPhrase`), because a marketer who loses a phrase silently stops trusting the
tool; every kept phrase is rewritten into valid Direct syntax.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext

from semantic.control import ProgressCallback, StageControl, StopCheck
from semantic.morph import lemma
from semantic.operators import ParsedPhrase, parse_phrase
from semantic.stoplists import StopList, universal_stop_list
from semantic.types import CleanResult, Phrase, RemovedPhrase

MAX_WORDS = 7
MAX_WORD_LENGTH = 35


def normalize_text(text: str) -> str:
    """Lower case, `ё`→`е`, characters Direct rejects stripped, spaces collapsed, operators kept and repaired."""
    return parse_phrase(text).render()


def _key(parsed: ParsedPhrase) -> str:
    """Sorted lemmas of the words that matter: word order, word forms and unfixed stop words do not.

    Words fixed with `!` keep their form and quoted phrases stay apart, since Direct matches them differently.
    """
    parts = sorted(
        ("!" + word.text) if word.fixed_form else lemma(word.text) for word in parsed.words if word.counts_toward_limit
    )
    if not parts:  # a phrase of stop words only still needs a key of its own
        parts = sorted(lemma(word.text) for word in parsed.words)
    key = " ".join(parts)
    return f'"{key}"' if parsed.quoted else key


def lemma_key(text: str) -> str:
    """The lemma-bag key that finds duplicates (`купить диваны` = `диван купить`); stored as Keyword.normalized."""
    return _key(parse_phrase(text))


def frequency_tier(frequency: int) -> str:
    """`low`, `mid` or `high`: the НЧ/СЧ/ВЧ tiers practitioners use, thresholds from settings."""
    if frequency >= settings.SEMANTIC_HIGH_FREQUENCY:
        return "high"
    if frequency >= settings.SEMANTIC_MID_FREQUENCY:
        return "mid"
    return "low"


def _rejection(parsed: ParsedPhrase) -> str | None:
    """Why Direct would reject a phrase that cleaning cannot repair, or None."""
    if not parsed.words:
        return gettext("no words left after removing characters Direct does not accept")
    long_word = next((word.text for word in parsed.words if len(word.text) > MAX_WORD_LENGTH), None)
    if long_word:
        return gettext("word longer than %(limit)d characters «%(word)s»") % {
            "limit": MAX_WORD_LENGTH,
            "word": long_word,
        }
    if parsed.counted_words > MAX_WORDS:
        return gettext("more than %(limit)d words (%(count)d)") % {"limit": MAX_WORDS, "count": parsed.counted_words}
    return None


def clean(
    phrases: list[Phrase],
    *,
    minus_words: Iterable[str] = (),
    min_frequency: int = 0,
    progress: ProgressCallback | None = None,
    should_stop: StopCheck | None = None,
) -> CleanResult:
    """Normalize, drop what Direct rejects, stop-listed, rare, dead (exact frequency) and duplicate phrases.

    Duplicates keep their highest-frequency form. The result lists kept phrases by frequency, highest first.
    """
    control = StageControl(progress, should_stop)
    universal = universal_stop_list()
    users = StopList(minus_words)
    min_exact = settings.SEMANTIC_MIN_EXACT_FREQUENCY
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
        reason, parsed = _why_removed(phrase, universal, users, min_frequency, min_exact)
        if reason:
            removed.append(RemovedPhrase(phrase.text, phrase.frequency, reason))
        else:
            text = parsed.render()
            candidates.append((Phrase(text, phrase.frequency, phrase.exact_frequency), _key(parsed)))

    candidates.sort(key=lambda item: (-item[0].frequency, -(item[0].exact_frequency or 0), item[0].text))
    kept: list[Phrase] = []
    first_by_key: dict[str, Phrase] = {}
    for phrase, key in candidates:
        original = first_by_key.get(key)
        if original is None:
            first_by_key[key] = phrase
            kept.append(phrase)
        else:
            removed.append(
                RemovedPhrase(
                    phrase.text, phrase.frequency, gettext("duplicate of «%(phrase)s»") % {"phrase": original.text}
                )
            )
    control.report(
        100,
        gettext("Kept %(kept)d phrases, removed %(removed)d")
        % {
            "kept": len(kept),
            "removed": len(removed),
        },
    )
    return CleanResult(kept=kept, removed=removed)


def _why_removed(
    phrase: Phrase, universal: StopList, users: StopList, min_frequency: int, min_exact: int
) -> tuple[str | None, ParsedPhrase]:
    parsed = parse_phrase(phrase.text)
    rejection = _rejection(parsed)
    if rejection:
        return rejection, parsed
    lemmas = [lemma(word.text) for word in parsed.words]
    entry = users.match(lemmas)
    if entry:
        return gettext("minus word «%(word)s»") % {"word": entry.text}, parsed
    entry = universal.match(lemmas)
    if entry:
        return gettext("stop word «%(word)s»") % {"word": entry.text}, parsed
    if phrase.frequency < min_frequency:
        return gettext("frequency %(value)d < %(limit)d") % {"value": phrase.frequency, "limit": min_frequency}, parsed
    if phrase.exact_frequency is not None and phrase.exact_frequency < min_exact:
        return gettext("exact frequency %(value)d < %(limit)d") % {
            "value": phrase.exact_frequency,
            "limit": min_exact,
        }, parsed
    return None, parsed

"""The data the semantic core takes and returns: plain dataclasses, so the pipeline, the CLI and tests share them
without a database. Option dataclasses carry defaults; the caller builds them from settings, the algorithms never
read settings themselves."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from django.utils.translation import gettext_lazy

from core import direct_limits


@dataclass
class Phrase:
    text: str
    frequency: int = 0
    exact_frequency: int | None = None


class Removal(StrEnum):
    """Why a phrase left the core, for machines (counts per reason, filters); `RemovedPhrase.reason` is for people."""

    # cleaning
    UNACCEPTABLE = "unacceptable"  # Direct would reject it: too long, too many words, no characters left
    NO_WORDS = "no_words"  # stop words or numbers only: nothing to advertise on
    MINUS_WORD = "minus_word"  # one of the user's minus words
    STOP_WORD = "stop_word"  # the built-in stop list (free, download, jobs, homework…)
    LOW_FREQUENCY = "low_frequency"
    LOW_EXACT_FREQUENCY = "low_exact_frequency"
    DUPLICATE = "duplicate"
    # relevance to the brief
    OFF_MARKET = "off_market"  # another product or service sharing a word with the user's goods
    LOOK_ALIKE = "look_alike"  # the user's product noun for another object (`шампунь для собак` for car care)
    SELLER_TYPE = "seller_type"  # buying goods for a pure service, a service on goods for a pure shop
    NAVIGATION = "navigation"  # a vendor's site, login, support, passwords, manuals
    INFORMATIONAL = "informational"  # how to choose, photos, what is it, do it yourself
    OTHER_CITY = "other_city"  # a place outside the campaign's regions
    USED = "used"  # second-hand goods and classifieds
    MARKETPLACE = "marketplace"
    COMPETITOR_BRAND = "competitor_brand"

    @property
    def label(self) -> str:
        """The reason as a heading for counts (the summary sheet, the bot): «другой город», not one city."""
        return str(REMOVAL_LABELS[self])


REMOVAL_LABELS = {
    Removal.UNACCEPTABLE: gettext_lazy("rejected by Direct"),
    Removal.NO_WORDS: gettext_lazy("no words to advertise on"),
    Removal.MINUS_WORD: gettext_lazy("your minus words"),
    Removal.STOP_WORD: gettext_lazy("stop words"),
    Removal.LOW_FREQUENCY: gettext_lazy("too rare"),
    Removal.LOW_EXACT_FREQUENCY: gettext_lazy("low exact frequency"),
    Removal.DUPLICATE: gettext_lazy("duplicates"),
    Removal.OFF_MARKET: gettext_lazy("another market"),
    Removal.LOOK_ALIKE: gettext_lazy("look-alikes: another object"),
    Removal.SELLER_TYPE: gettext_lazy("another kind of seller"),
    Removal.NAVIGATION: gettext_lazy("vendor sites, logins and support"),
    Removal.INFORMATIONAL: gettext_lazy("informational queries"),
    Removal.OTHER_CITY: gettext_lazy("other cities"),
    Removal.USED: gettext_lazy("used goods and classifieds"),
    Removal.MARKETPLACE: gettext_lazy("marketplaces"),
    Removal.COMPETITOR_BRAND: gettext_lazy("competitor brands"),
}


class Confidence(StrEnum):
    """How sure a removal is, which decides whether it becomes a negative keyword.

    A wrongly removed buying phrase loses sales, and through a negative it blocks the query for good; a wrongly
    kept junk phrase costs a few clicks and shows in the search-query report. So only `certain` removals (intent
    dictionaries, other cities, duplicates, Direct's rules) are negated at once; `judged` ones (another market,
    seller type, look-alikes) are listed for the user and negated only once the user `confirmed` them.
    """

    CERTAIN = "certain"
    JUDGED = "judged"
    CONFIRMED = "confirmed"

    @property
    def negated(self) -> bool:
        return self is not Confidence.JUDGED


JUDGED_REMOVALS = frozenset({Removal.OFF_MARKET, Removal.LOOK_ALIKE, Removal.SELLER_TYPE})


def confidence_of(code: str) -> Confidence:
    """The confidence a rule's removals carry before the user says anything."""
    return Confidence.JUDGED if code in JUDGED_REMOVALS else Confidence.CERTAIN


def removal_label(code: str) -> str:
    """A code's heading; codes of older builds (or none) read as «other»."""
    return Removal(code).label if code in Removal._value2member_map_ else str(gettext_lazy("other"))


@dataclass
class RemovedPhrase:
    """A phrase cleaning or relevance dropped; `reason` is short Russian text shown to the marketer as it is,
    `code` is the `Removal` value for counting and filtering."""

    text: str
    frequency: int
    reason: str
    code: str = ""
    confidence: str = ""  # a `Confidence`; empty: the one the code's rule carries (`confidence_of`)

    @property
    def negated(self) -> bool:
        """Whether the campaign's negatives should block this phrase: certain and confirmed removals only."""
        return (Confidence(self.confidence) if self.confidence else confidence_of(self.code)).negated


@dataclass
class CleanResult:
    kept: list[Phrase]
    removed: list[RemovedPhrase]


@dataclass(frozen=True)
class CleaningOptions:
    """What `normalize.clean` drops besides what Direct rejects, and the НЧ/СЧ/ВЧ tier thresholds.

    `min_exact` is off (0) by default: on a real Wordstat export (bench/bench_relevance.py, СКУД) a threshold of 5
    removes two thirds of the phrases, among them phrases with a base frequency in the hundreds.
    """

    min_frequency: int = 0
    min_exact: int = 0  # 0 = off; phrases with an unknown exact frequency always pass
    mid_frequency: int = 100
    high_frequency: int = 1000


@dataclass(frozen=True)
class Brief:
    """What the user sells, in the user's own words: relevance is judged against it and its words are never
    removed or made negative. `geo_ids` are Yandex region ids (negative ids exclude a region)."""

    name: str
    description: str = ""
    base_keywords: tuple[str, ...] = ()
    selling_points: tuple[str, ...] = ()
    geo_ids: tuple[int, ...] = ()
    landing_text: str = ""
    competitors: tuple[str, ...] = ()  # brand names the user calls competitors, besides the built-in list


@dataclass(frozen=True)
class RelevanceOptions:
    """`competitor_brands`: "remove" drops phrases naming a competitor; "group" keeps them apart in
    `RelevanceResult.competitor_phrases` for a group of their own.

    A word the brief does not name is a kind of the user's goods when it is used next to two different words of
    the market, or next to one in at least `min_support` phrases and `min_support_share` of the list (a main kind
    such as `диван книжка`): the user's market dominates a collected list, while a homonym (`крючок скуд`) sits
    next to the one word it shares with it. Words in `dominant_share` of the list are the market from the start.
    """

    competitor_brands: Literal["remove", "group"] = "remove"
    min_support: int = 3
    min_support_share: float = 0.01
    dominant_share: float = 0.1  # a word in this share of the list is the list's own market, named or not
    # A noun beside the user's product must be a word of the market, the page, or of this many phrases of the list:
    # a lone `шампунь для собак` in a car-care list is a look-alike, `автошампунь для грузовиков` twice is not.
    object_min_phrases: int = 2


@dataclass
class RelevanceResult:
    kept: list[Phrase]
    removed: list[RemovedPhrase]
    competitor_phrases: list[Phrase] = field(default_factory=list)  # kept, for their own group ("group" mode)
    restored: list[Phrase] = field(default_factory=list)  # kept only because the user put them back
    # Kept, yet a judged rule doubts them: they name the user's product with a buying word, which no judged rule
    # removes. Listed for the user ("remove these too"), with the rule's code and reason.
    doubtful: list[RemovedPhrase] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Removed phrases per `Removal` code, for the summary and the bot's final message."""
        counts: dict[str, int] = {}
        for item in self.removed:
            counts[item.code] = counts.get(item.code, 0) + 1
        return counts


@dataclass
class Cluster:
    name: str
    phrases: list[Phrase]
    total_frequency: int


@dataclass
class ClusterResult:
    clusters: list[Cluster]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NegativeOptions:
    """Direct's limits (../shared/reference/yandex-direct.md §2.1–2.2): characters without spaces per list, words
    per negative phrase and characters per word."""

    group_limit: int = direct_limits.GROUP_NEGATIVES_CHARS_MAX
    campaign_limit: int = direct_limits.CAMPAIGN_NEGATIVES_CHARS_MAX
    max_words: int = direct_limits.NEGATIVE_WORDS_MAX
    max_word_length: int = direct_limits.KEYWORD_WORD_LENGTH_MAX


@dataclass
class DroppedNegative:
    """A negative that was wanted but is not in the campaign: `code` is `too_long`, `group_limit`,
    `campaign_limit`, `protected` (a word the user's own market uses) or `blocks_kept`; `message` is for people."""

    negative: str
    code: str
    message: str
    group: str | None = None  # the group's name for group negatives; None for the campaign list
    frequency: int = 0  # of what it would have blocked: the packing priority


@dataclass
class NegativesResult:
    group_negatives: list[list[str]]
    campaign_negatives: list[str]
    dropped: list[DroppedNegative] = field(default_factory=list)

    @property
    def unplaced(self) -> list[str]:
        """The dropped negatives as sentences, as the summary sheet and the bot show them."""
        return [item.message for item in self.dropped]


@dataclass
class CollectResult:
    phrases: list[Phrase]
    associations: list[Phrase]
    api_calls: int
    source: str

"""The search-query report turned into suggestions: negative keywords for the money spent on someone else's market,
and new phrases for the queries that brought clicks no keyword holds.

Only queries that were clicked are judged: a query shown and never clicked cost nothing (Direct charges per click),
so negating it saves nothing, and without a click it proves no demand. They are judged by the build's relevance
step (`judge_queries`, the one call into it) against the campaign's brief, together with the campaign's own
keywords, which anchor the market's vocabulary and are never judged away.

A negative is one word of the queries judged off-market, the other seller type (a service for a seller of goods or
goods for a service), informational, used goods, a marketplace, a competitor or another city — judged or certain
alike, since the user confirms each suggestion: the word that distinguishes them from the keyword they matched.
Words are chosen greedily by the money of the queries they stop (a query counts once), and a word is never suggested
when it would block a kept phrase: checked by lemma against every keyword of the campaign (campaign level) or, when
another group's keyword uses it, every keyword of the group the queries landed in (group level); nor when it would
stop a query judged relevant that brought a conversion. Removing a buying phrase loses sales for good; a missed
negative costs a few clicks, so doubt keeps the word out.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from campaigns.direct.client import DirectClient
from campaigns.direct.reports import SEARCH_QUERY_REPORT, ReportSpec, fetch_report
from campaigns.models import (
    Campaign,
    Keyword,
    QuerySuggestion,
    SuggestionKind,
    SuggestionStatus,
)
from campaigns.pipeline.options import brief_of
from campaigns.services.stats import Period, direct_campaign_id, direct_group_ids
from semantic.intents import brief_lemmas
from semantic.morph import word_info
from semantic.operators import STOP_WORDS, parse_phrase
from semantic.relevance import judge_relevance
from semantic.types import Brief, Phrase, Removal

NEGATIVE_CODES = frozenset(
    {Removal.OFF_MARKET, Removal.SELLER_TYPE, Removal.INFORMATIONAL, Removal.USED, Removal.MARKETPLACE,
     Removal.COMPETITOR_BRAND, Removal.OTHER_CITY}
)
MAX_SUGGESTIONS = 50  # of each kind: the chat shows the top ones, the command all of these
MIN_PHRASE_CLICKS = 2  # a new phrase needs this many clicks, or one conversion
MAX_PHRASE_WORDS = 7  # Direct's limit for a keyword
EXAMPLES = 5
WORD = re.compile(r"[\w-]+")


@dataclass
class QueryFigures:
    """One search query in one group, summed over the report's period."""

    query: str
    direct_group_id: int
    group_name: str
    clicks: int = 0
    cost: Decimal = Decimal(0)
    conversions: int = 0
    lemmas: frozenset[str] = field(default_factory=frozenset)


def fetch_search_queries(
    campaign: Campaign, client: DirectClient, period: Period, goal_id: int | None = None
) -> list[QueryFigures]:
    """The campaign's search-query report for the period: one row per query and group."""
    fields = ("AdGroupId", "AdGroupName", "Query", "Impressions", "Clicks", "Cost") + (("Conversions",) if goal_id
                                                                                        else ())
    spec = ReportSpec(SEARCH_QUERY_REPORT, fields, period.first, period.last, (direct_campaign_id(campaign),),
                      (goal_id,) if goal_id else ())
    summed: dict[tuple[int, str], QueryFigures] = {}
    for row in fetch_report(client, spec):
        key = (row["AdGroupId"], row["Query"])
        item = summed.get(key)
        if item is None:
            item = summed[key] = QueryFigures(row["Query"], row["AdGroupId"], row.get("AdGroupName") or "")
        item.clicks += row.get("Clicks") or 0
        item.cost += row.get("Cost") or Decimal(0)
        item.conversions += row.get("Conversions") or 0
    return list(summed.values())


def judge_queries(queries: list[str], brief: Brief, keywords: list[str]) -> dict[str, str]:
    """Query → `Removal` code for the queries the relevance step removes (the campaign's keywords ride along to
    anchor the market and are kept by construction). The one place that calls the relevance step."""
    result = judge_relevance([Phrase(text) for text in [*keywords, *queries]], brief, keep=keywords)
    return {item.text: str(item.code) for item in result.removed}


def suggest(campaign: Campaign, queries: list[QueryFigures], days: int) -> list[QuerySuggestion]:
    """Unsaved suggestions, each kind by money (negatives) or results (phrases), at most `MAX_SUGGESTIONS` each."""
    keywords = list(Keyword.objects.filter(campaign=campaign, group__isnull=False).select_related("group"))
    group_ids = direct_group_ids(campaign)
    kept = _KeptWords(keywords, group_ids)
    clicked = [item for item in queries if item.clicks > 0]
    for item in clicked:
        item.lemmas = _lemmas(item.query)
    brief = brief_of(campaign)
    verdicts = judge_queries(sorted({item.query for item in clicked}), brief, [keyword.phrase for keyword in keywords])
    wasted = [item for item in clicked if verdicts.get(item.query) in NEGATIVE_CODES]
    relevant = [item for item in clicked if item.query not in verdicts]
    negatives = _negatives(campaign, wasted, relevant, kept, brief_lemmas(brief), days)
    phrases = _phrases(campaign, relevant, keywords, days)
    return negatives + phrases


def store_suggestions(campaign: Campaign, suggestions: Iterable[QuerySuggestion]) -> list[QuerySuggestion]:
    """Replaces the campaign's pending suggestions; one the user dismissed is not suggested again."""
    dismissed = set(
        QuerySuggestion.objects.filter(campaign=campaign, status=SuggestionStatus.DISMISSED).values_list(
            "kind", "text", "direct_group_id"
        )
    )
    fresh = [item for item in suggestions if (item.kind, item.text, item.direct_group_id) not in dismissed]
    for item in fresh:
        item.campaign = campaign
    with transaction.atomic():
        QuerySuggestion.objects.filter(campaign=campaign, status=SuggestionStatus.PENDING).delete()
        return QuerySuggestion.objects.bulk_create(fresh)


# --- negatives ------------------------------------------------------------------------------------------------------


class _KeptWords:
    """The lemmas of the campaign's keywords, all together and per Direct group id."""

    def __init__(self, keywords: list[Keyword], group_ids: dict[int, int]):
        self.campaign: set[str] = set()
        self.group: dict[int, set[str]] = defaultdict(set)
        for keyword in keywords:
            lemmas = _keyword_lemmas(keyword.phrase)
            self.campaign |= lemmas
            direct_id = group_ids.get(keyword.group_id)
            if direct_id is not None:
                self.group[direct_id] |= lemmas


def _negatives(
    campaign: Campaign,
    wasted: list[QueryFigures],
    relevant: list[QueryFigures],
    kept: _KeptWords,
    protected: frozenset[str],
    days: int,
) -> list[QuerySuggestion]:
    existing = {word_info(word.lstrip("!"))[0] for word in campaign.negative_keywords or [] if " " not in word}
    converting = set().union(*(item.lemmas for item in relevant if item.conversions))
    by_lemma: dict[str, list[int]] = defaultdict(list)
    forms: dict[str, Counter] = defaultdict(Counter)
    for index, item in enumerate(wasted):
        for word in _words(item.query):
            lemma = word_info(word)[0]
            if (len(word) > 1 and not word.isdigit() and lemma not in protected | existing | converting
                    and (not by_lemma[lemma] or by_lemma[lemma][-1] != index)):
                by_lemma[lemma].append(index)
                forms[lemma][word] += 1
    # Lazy greedy: a word's money only shrinks as others cover its queries, so a stale top is re-scored and pushed
    # back instead of re-scoring every word each round.
    heap = [(-sum((wasted[i].cost for i in indexes), Decimal(0)), lemma) for lemma, indexes in by_lemma.items()]
    heapq.heapify(heap)
    covered: set[int] = set()
    suggestions: list[QuerySuggestion] = []
    while heap and len(suggestions) < MAX_SUGGESTIONS:
        stale_cost, lemma = heapq.heappop(heap)
        indexes = [i for i in by_lemma[lemma] if i not in covered]
        cost = sum((wasted[i].cost for i in indexes), Decimal(0))
        if cost <= 0:
            continue
        if cost < -stale_cost:
            heapq.heappush(heap, (-cost, lemma))
            continue
        # The form people typed (`авито`, `руками`): Direct stops every form of it, and a guessed dictionary form
        # of a brand or slang word (`авить`) would stop nothing.
        word = forms[lemma].most_common(1)[0][0]
        suggestions += _negative_for(lemma, word, [wasted[i] for i in indexes], kept, days)
        covered.update(indexes)
    return sorted(suggestions, key=lambda item: -item.cost)


def _negative_for(
    lemma: str, word: str, queries: list[QueryFigures], kept: _KeptWords, days: int
) -> list[QuerySuggestion]:
    """The word at campaign level when no keyword uses it, else at group level where the group's keywords do not;
    nothing where it would block a kept phrase."""
    if lemma not in kept.campaign:
        return [_suggestion(SuggestionKind.NEGATIVE, word, None, "", queries, days)]
    by_group: dict[int, list[QueryFigures]] = defaultdict(list)
    for item in queries:
        if lemma not in kept.group.get(item.direct_group_id, set()):
            by_group[item.direct_group_id].append(item)
    return [
        _suggestion(SuggestionKind.NEGATIVE, word, group_id, items[0].group_name, items, days)
        for group_id, items in by_group.items()
    ]


# --- new phrases ----------------------------------------------------------------------------------------------------


def _phrases(
    campaign: Campaign, relevant: list[QueryFigures], keywords: list[Keyword], days: int
) -> list[QuerySuggestion]:
    held = {_keyword_lemmas(keyword.phrase) for keyword in keywords}
    chosen: dict[frozenset[str], QueryFigures] = {}
    for item in relevant:
        if item.conversions < 1 and item.clicks < MIN_PHRASE_CLICKS:
            continue
        if not 1 <= len(item.lemmas) <= MAX_PHRASE_WORDS or item.lemmas in held:
            continue
        best = chosen.get(item.lemmas)
        if best is None or (item.conversions, item.clicks) > (best.conversions, best.clicks):
            chosen[item.lemmas] = item
    ranked = sorted(chosen.values(), key=lambda item: (-item.conversions, -item.clicks, item.query))
    return [
        _suggestion(SuggestionKind.PHRASE, item.query, item.direct_group_id, item.group_name, [item], days)
        for item in ranked[:MAX_SUGGESTIONS]
    ]


# --- helpers --------------------------------------------------------------------------------------------------------


def _suggestion(
    kind: str, text: str, group_id: int | None, group_name: str, queries: list[QueryFigures], days: int
) -> QuerySuggestion:
    ranked = sorted(queries, key=lambda item: -item.cost)
    return QuerySuggestion(
        kind=kind,
        text=text,
        direct_group_id=group_id,
        group_name=group_name[:255],
        cost=sum((item.cost for item in queries), Decimal(0)).quantize(Decimal("0.01")),
        clicks=sum(item.clicks for item in queries),
        conversions=sum(item.conversions for item in queries),
        days=days,
        queries=[item.query for item in ranked[:EXAMPLES]],
    )


def _words(text: str) -> list[str]:
    """The words of a search query that Direct counts (a query is plain text: no operators to parse)."""
    return [word for word in WORD.findall(text.lower().replace("ё", "е")) if word not in STOP_WORDS]


def _lemmas(text: str) -> frozenset[str]:
    """A query's counted words as lemmas."""
    return frozenset(word_info(word)[0] for word in _words(text))


def _keyword_lemmas(phrase: str) -> frozenset[str]:
    """A keyword's counted words as lemmas, its operators and minus words aside: the same lemmas as a query's
    means the keyword already holds that query."""
    return _lemmas(parse_phrase(phrase).bare_text)

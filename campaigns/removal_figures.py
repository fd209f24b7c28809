"""What a build's removals come to, read from the campaign's rows: the doubtful phrases per judged reason, and how
many certain removals its keywords still serve. The run's summary records both when a build ends, and the chat and
the review page show them, so they live beside the models rather than in a service above the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from campaigns.models import Campaign, Keyword, RemovalConfidence
from semantic.served import BroadMatch, ServedFigures, removed_but_served
from semantic.types import RemovedPhrase, removal_label


@dataclass(frozen=True)
class DoubtfulCount:
    code: str
    label: str
    removed: int  # judged removals, not negated yet: "put back" or "confirm"
    kept: int  # kept phrases the rule doubts: "remove these too"


def doubtful_counts(campaign: Campaign) -> list[DoubtfulCount]:
    """Doubtful phrases per judged reason, removed and kept, the largest first."""
    removed = dict(
        campaign.removed_phrases.doubtful()
        .order_by()
        .values_list("code")
        .annotate(count=Count("pk"))
        .values_list("code", "count")
    )
    kept = dict(
        Keyword.objects.filter(campaign=campaign)
        .doubtful()
        .order_by()
        .values_list("doubt_code")
        .annotate(count=Count("pk"))
        .values_list("doubt_code", "count")
    )
    codes = sorted(set(removed) | set(kept), key=lambda code: -(removed.get(code, 0) + kept.get(code, 0)))
    return [DoubtfulCount(code, removal_label(code), removed.get(code, 0), kept.get(code, 0)) for code in codes]



def served_figures(campaign: Campaign) -> ServedFigures:
    """Of the campaign's certain and confirmed removals, how many its keywords still serve past its negatives."""
    keywords = list(campaign.keywords.select_related("group").values_list("phrase", "group__negative_keywords"))
    match = BroadMatch(
        [phrase for phrase, _ in keywords],
        campaign.negative_keywords,
        [negatives or [] for _, negatives in keywords],
    )
    removed = [
        RemovedPhrase(*row)
        for row in campaign.removed_phrases.exclude(confidence=RemovalConfidence.JUDGED).values_list(
            "phrase", "frequency", "reason", "code", "confidence"
        )
    ]
    return removed_but_served(removed, match)

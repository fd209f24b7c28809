"""Phrases the pipeline removed, per reason, and putting one reason's phrases back for the next build; the doubtful
phrases (judged removals, and kept phrases a judged rule doubts) and removing those too; how many removals the
campaign still serves.

Only reasons the user can overrule are offered: relevance verdicts (another market, other cities, informational,
used goods, marketplaces, competitor brands) come back through `Campaign.kept_phrases`, which relevance honours;
the exact-frequency filter comes back by turning it off for the campaign. Stop words, duplicates, the user's own
minus words and what Direct would reject are not the user's to overrule, so they are counted but not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from campaigns.models import Campaign, Keyword, RemovalConfidence
from semantic.served import REMOVED_FOR_A_REASON, BroadMatch, ServedFigures, removed_but_served
from semantic.types import Removal, RemovedPhrase, removal_label

# Relevance verdicts the user may overrule: every removal for a reason but the built-in stop list (see above).
RESTORED_BY_KEEPING = REMOVED_FOR_A_REASON - {Removal.STOP_WORD}
RESTORABLE = RESTORED_BY_KEEPING | {Removal.LOW_EXACT_FREQUENCY}


@dataclass(frozen=True)
class RemovalCount:
    code: str
    label: str
    count: int
    restorable: bool


def removal_counts(campaign_id: int) -> list[RemovalCount]:
    """Counts per reason code, the largest first."""
    rows = (
        Campaign.objects.get(pk=campaign_id)
        .removed_phrases.values("code")
        .annotate(count=Count("pk"))
        .order_by("-count", "code")
    )
    return [
        RemovalCount(row["code"], removal_label(row["code"]), row["count"], row["code"] in RESTORABLE) for row in rows
    ]


def put_back(campaign: Campaign, code: str) -> int:
    """Make the campaign's next build keep the phrases removed for `code`; returns how many phrases that is.

    The caller holds the campaign row (it queues the rebuild in the same transaction). Raises ValueError for a
    reason that cannot be overruled.
    """
    if code not in RESTORABLE:
        raise ValueError(f"phrases removed as {code!r} cannot be put back")
    removed = campaign.removed_phrases.filter(code=code)
    count = removed.count()
    if code == Removal.LOW_EXACT_FREQUENCY:
        campaign.min_exact_frequency = 0
        campaign.save(update_fields=["min_exact_frequency", "updated_at"])
        return count
    kept = list(campaign.kept_phrases)
    known = set(kept)
    kept += [phrase for phrase in removed.values_list("phrase", flat=True) if phrase not in known]
    campaign.kept_phrases = list(dict.fromkeys(kept))
    campaign.confirmed_removals = [phrase for phrase in campaign.confirmed_removals if phrase not in set(kept)]
    campaign.save(update_fields=["kept_phrases", "confirmed_removals", "updated_at"])
    return count


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


def remove_doubtful(campaign: Campaign, code: str) -> int:
    """Make the next build remove (and negate) the phrases a judged rule doubted for `code`, kept or removed;
    returns how many phrases that is. The caller holds the campaign row and queues the rebuild."""
    phrases = list(campaign.removed_phrases.doubtful().filter(code=code).values_list("phrase", flat=True))
    phrases += list(Keyword.objects.filter(campaign=campaign, doubt_code=code).values_list("phrase", flat=True))
    if not phrases:
        raise ValueError(f"no doubtful phrases for {code!r}")
    campaign.confirmed_removals = list(dict.fromkeys([*campaign.confirmed_removals, *phrases]))
    campaign.kept_phrases = [phrase for phrase in campaign.kept_phrases if phrase not in set(phrases)]
    campaign.save(update_fields=["confirmed_removals", "kept_phrases", "updated_at"])
    return len(phrases)


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

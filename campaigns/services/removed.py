"""Phrases the pipeline removed, per reason, and putting one reason's phrases back for the next build; removing the
doubtful phrases (judged removals, and kept phrases a judged rule doubts) too. Their counts and how many removals the
campaign still serves are `campaigns.removal_figures`.

Only reasons the user can overrule are offered: relevance verdicts (another market, other cities, informational,
used goods, marketplaces, competitor brands) come back through `Campaign.kept_phrases`, which relevance honours;
the exact-frequency filter comes back by turning it off for the campaign. Stop words, duplicates, the user's own
minus words and what Direct would reject are not the user's to overrule, so they are counted but not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from campaigns.models import Campaign, Keyword
from semantic.served import REMOVED_FOR_A_REASON
from semantic.types import Removal, removal_label

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

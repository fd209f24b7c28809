"""What the chat shows about an uploaded campaign (the «Statistics» button and the weekly digest): the period's
figures per day and group, the groups that spent most for the least, and the negatives the search queries
suggest with the money they would save a week. Fetching (`prepare_digest`) talks to Direct; `read_digest` only
reads what was stored, so a button pressed later redraws without another report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from campaigns.direct.client import DirectClient
from campaigns.models import (
    Campaign,
    DirectObjectKind,
    QuerySuggestion,
    SuggestionKind,
    SuggestionStatus,
)
from campaigns.services.query_suggestions import fetch_search_queries, store_suggestions, suggest
from campaigns.services.stats import (
    Figures,
    Period,
    campaign_figures,
    daily_totals,
    group_figures,
    refresh_stats,
    worst_groups,
)

DIGEST_DAYS = 7
WORST_GROUPS = 5


@dataclass
class CampaignDigest:
    campaign_id: int
    name: str
    period: Period
    total: Figures | None
    worst: list[Figures]
    negatives: list[QuerySuggestion]  # pending, the most money first
    days: list[tuple[date, Decimal, int]]

    @property
    def weekly_saving(self) -> Decimal:
        return sum((item.weekly_saving for item in self.negatives), Decimal(0)).quantize(Decimal(1))


def prepare_digest(campaign: Campaign, client: DirectClient, *, days: int = DIGEST_DAYS,
                   today: date | None = None) -> CampaignDigest:
    """Fetches the period's figures and search queries from Direct, stores them and the suggestions, and reads
    the digest back."""
    period = Period.last_days(days, today)
    refresh_stats(campaign, client, period)
    store_suggestions(campaign, suggest(campaign, fetch_search_queries(campaign, client, period), period.days))
    return read_digest(campaign, period)


def read_digest(campaign: Campaign, period: Period) -> CampaignDigest:
    return CampaignDigest(
        campaign_id=campaign.pk,
        name=campaign.name,
        period=period,
        total=campaign_figures(campaign, period),
        worst=worst_groups(group_figures(campaign, period), WORST_GROUPS),
        negatives=list(pending_negatives(campaign)),
        days=daily_totals(campaign, period),
    )


def pending_negatives(campaign: Campaign) -> QuerySet[QuerySuggestion]:
    return QuerySuggestion.objects.filter(
        campaign=campaign, kind=SuggestionKind.NEGATIVE, status=SuggestionStatus.PENDING
    ).order_by("-cost", "id")


def campaigns_for_digest() -> QuerySet[Campaign]:
    """Campaigns in Direct whose owner keeps the weekly digest on and still talks to the bot."""
    return (
        Campaign.objects.filter(
            owner__weekly_digest=True,
            owner__is_blocked=False,
            direct_objects__kind=DirectObjectKind.CAMPAIGN,
        )
        .select_related("owner")
        .distinct()
        .order_by("owner_id", "pk")
    )

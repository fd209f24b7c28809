"""The chat's side of statistics and search-query suggestions: ownership checks and the calls into
`campaigns.services` (sync, run in a thread by the handlers)."""

from __future__ import annotations

from accounts.models import TelegramUser
from campaigns.services.apply_suggestions import ApplyReport, apply_suggestions, dismiss_suggestions
from campaigns.services.digest import CampaignDigest, pending_negatives, prepare_digest
from campaigns.services.stats import direct_client_for
from telegram_bot.services.campaigns import owned_campaign


def fresh_digest(owner_id: int, campaign_id: int) -> CampaignDigest:
    """The last week's figures and suggestions, fetched from Direct now."""
    campaign = owned_campaign(owner_id, campaign_id)
    with direct_client_for(campaign) as client:
        return prepare_digest(campaign, client)


def apply_negatives(owner_id: int, campaign_id: int, suggestion_id: int | None = None) -> ApplyReport:
    """Every pending negative of the campaign, or the one picked."""
    campaign = owned_campaign(owner_id, campaign_id)
    chosen = pending_negatives(campaign)
    if suggestion_id is not None:
        chosen = chosen.filter(pk=suggestion_id)
    with direct_client_for(campaign) as client:
        return apply_suggestions(campaign, list(chosen), client)


def negatives_to_pick(owner_id: int, campaign_id: int, limit: int) -> list:
    return list(pending_negatives(owned_campaign(owner_id, campaign_id))[:limit])


def dismiss_negatives(owner_id: int, campaign_id: int) -> None:
    dismiss_suggestions(list(pending_negatives(owned_campaign(owner_id, campaign_id))))


def set_weekly_digest(owner_id: int, enabled: bool) -> None:
    TelegramUser.objects.filter(pk=owner_id).update(weekly_digest=enabled)

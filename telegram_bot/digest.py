"""The weekly digest: for every campaign in Direct whose owner keeps it on, the last week's chart (a photo with
the totals as its caption), then the groups that spent most for the least and the suggested negatives with their
buttons — the same texts as the «Statistics in Direct» button (stats_texts.py). Sent from a worker on beat.

A campaign Direct cannot report on right now (token gone, Direct down) is skipped and logged; the others go out.
A user who blocked the bot is not written to again until they come back (`is_blocked`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils import translation

from campaigns.services.digest import campaigns_for_digest, prepare_digest
from campaigns.services.stats import direct_client_for
from core.errors import UserError
from semantic.errors import SourceUnavailable
from telegram_bot import stats_texts
from telegram_bot.botapi import BotApiError, call

logger = logging.getLogger(__name__)


@dataclass
class DigestCounts:
    sent: int = 0
    skipped: int = 0
    failed: int = 0


def send_weekly_digests() -> DigestCounts:
    counts = DigestCounts()
    for campaign in campaigns_for_digest():
        owner = campaign.owner
        try:
            with direct_client_for(campaign) as client:
                digest = prepare_digest(campaign, client)
        except (UserError, SourceUnavailable) as error:
            logger.warning("weekly digest of campaign %s skipped: %s", campaign.pk, error)
            counts.skipped += 1
            continue
        with translation.override(owner.language):
            caption = stats_texts.summary(digest)[:1024]
            text = stats_texts.details(digest) or caption
            markup = stats_texts.keyboard(digest, in_digest=True).to_dict()
            chart = stats_texts.chart(digest)
        try:
            call("sendPhoto", {"chat_id": owner.telegram_id, "caption": caption}, files={"photo": ("week.png", chart)})
            call("sendMessage", {"chat_id": owner.telegram_id, "text": text, "reply_markup": markup})
        except BotApiError as error:
            logger.warning("weekly digest to %s not delivered: %s", owner.telegram_id, error)
            counts.failed += 1
            continue
        counts.sent += 1
    return counts

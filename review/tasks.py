"""Celery tasks of the review page: thin, each calls one `campaigns` service."""

from __future__ import annotations

import logging

from celery import shared_task

from campaigns.services import review_edits

logger = logging.getLogger(__name__)


@shared_task
def rewrite_group_ads(campaign_id: int, group_id: int, user_id: int | None, staff_name: str = "") -> int:
    """One group's ads written anew by the campaign's writer (an LLM call may take a while: never in a request).

    Safe to run twice: each run replaces the group's ads with a fresh set. A refusal (a run started meanwhile, the
    group merged away, no valid ad) leaves the old ads and is logged; the page shows whichever ads the group has.
    """
    try:
        return review_edits.rewrite_group_ads(campaign_id, review_edits.Actor(user_id, staff_name), group_id)
    except review_edits.EditRefused as refusal:
        logger.warning("campaign %s group %s: ads not rewritten: %s", campaign_id, group_id, refusal)
        return 0

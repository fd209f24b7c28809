"""Campaign actions the chat asks for, with the ownership rule: a user acts only on their own campaigns.

Callback data carries ids a client can forge, so every lookup here filters by owner; an id that belongs to
someone else raises `ForeignCampaign` and is written to the audit log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.activity import Action, record
from campaigns.models import Campaign, CampaignStatus, DirectObjectKind, PipelineRun, RunKind, RunStatus
from campaigns.removal_figures import DoubtfulCount, doubtful_counts
from campaigns.services.removed import RemovalCount, put_back, removal_counts, remove_doubtful
from campaigns.services.runs import ACTIVE_RUN_STATUSES, archive_campaign, cancel_run, queue_campaign_run, retry_run
from campaigns.services.upload import queue_upload
from core.errors import UserError
from telegram_bot.models import RunMessage

PAGE_SIZE = 5
HISTORY_FILTERS = {
    "all": ~Q(status__in=[CampaignStatus.ARCHIVED, CampaignStatus.DRAFT]),
    "completed": Q(status=CampaignStatus.COMPLETED),
    "processing": Q(status__in=[CampaignStatus.QUEUED, CampaignStatus.PROCESSING]),
    "failed": Q(status__in=[CampaignStatus.FAILED, CampaignStatus.CANCELLED]),
}


class ForeignCampaign(UserError):
    """The id names a campaign (or run) of another user, or none at all; the user reads only that it is not
    available (the id goes to the audit log)."""

    def __init__(self, object_id: int):
        super().__init__(object_id)
        self.object_id = object_id

    def __str__(self) -> str:
        return _("This campaign is not available.")


def owned_campaign(owner_id: int, campaign_id: int) -> Campaign:
    campaign = Campaign.objects.filter(pk=campaign_id, owner_id=owner_id).exclude(status=CampaignStatus.ARCHIVED)
    found = campaign.first()
    if found is None:
        record(owner_id, Action.FOREIGN_CAMPAIGN_REFUSED, campaign_id=campaign_id)
        raise ForeignCampaign(campaign_id)
    return found


def owned_run(owner_id: int, run_id: int) -> PipelineRun:
    run = PipelineRun.objects.filter(Q(user_id=owner_id) | Q(campaign__owner_id=owner_id), pk=run_id).first()
    if run is None:
        record(owner_id, Action.FOREIGN_CAMPAIGN_REFUSED, run_id=run_id)
        raise ForeignCampaign(run_id)
    return run


def queue_from_chat(campaign_id: int, owner_id: int, chat_id: int, message_id: int) -> PipelineRun:
    """Queue the draft and point its progress at the message that showed the confirmation.

    The message is stored before the run is handed to a worker (on commit), so even an eager run edits it.
    """
    owned_campaign(owner_id, campaign_id)
    with transaction.atomic():
        run = queue_campaign_run(campaign_id, user_id=owner_id)
        RunMessage.objects.create(run=run, chat_id=chat_id, message_id=message_id)
        record(owner_id, Action.CAMPAIGN_QUEUED, campaign_id=campaign_id, run_id=run.pk)
    return run


def still_queued(run_id: int) -> bool:
    """No worker has taken the run yet (one that has shows its own progress in the run's message)."""
    return PipelineRun.objects.filter(pk=run_id, status=RunStatus.PENDING).exists()


def upload_from_chat(
    campaign_id: int, owner_id: int, chat_id: int, message_id: int, delete_removed: bool = False
) -> PipelineRun:
    """Queue the upload to Yandex Direct with the owner's token; its progress and result go to `message_id`.
    `delete_removed`: the user agreed to remove from Direct what the campaign no longer has."""
    owned_campaign(owner_id, campaign_id)
    with transaction.atomic():
        run = queue_upload(campaign_id, owner_id, delete_removed=delete_removed)
        RunMessage.objects.create(run=run, chat_id=chat_id, message_id=message_id)
        record(owner_id, Action.CAMPAIGN_QUEUED, campaign_id=campaign_id, run_id=run.pk, upload=True)
    return run


def removed_phrases(owner_id: int, campaign_id: int) -> list[RemovalCount]:
    owned_campaign(owner_id, campaign_id)
    return removal_counts(campaign_id)


def _change_and_rebuild(owner_id: int, campaign_id: int, chat_id: int, message_id: int, change, **audit) -> int:
    """Queue a build of the owned campaign, apply `change(campaign)` to what it keeps, and show the build's progress
    in `message_id`, in one transaction: queued first, so a refusal (limits, a build already running) changes
    nothing. Returns what `change` returns (how many phrases it moved)."""
    campaign = owned_campaign(owner_id, campaign_id)
    with transaction.atomic():
        run = queue_campaign_run(campaign_id, user_id=owner_id)
        count = change(campaign)
        RunMessage.objects.create(run=run, chat_id=chat_id, message_id=message_id)
        record(owner_id, Action.CAMPAIGN_QUEUED, campaign_id=campaign_id, run_id=run.pk, **audit)
    return count


def put_back_and_rebuild(owner_id: int, campaign_id: int, code: str, chat_id: int, message_id: int) -> int:
    """Keep the phrases removed for `code` and build the campaign again; returns how many phrases come back."""
    return _change_and_rebuild(
        owner_id, campaign_id, chat_id, message_id, lambda campaign: put_back(campaign, code), put_back=code
    )


def doubtful_phrases(owner_id: int, campaign_id: int) -> list[DoubtfulCount]:
    return doubtful_counts(owned_campaign(owner_id, campaign_id))


def remove_doubtful_and_rebuild(owner_id: int, campaign_id: int, code: str, chat_id: int, message_id: int) -> int:
    """Remove (and negate) the phrases a judged rule doubted for `code` and build again; returns how many phrases
    go. Raises ValueError when the reason has no doubtful phrases."""
    return _change_and_rebuild(
        owner_id,
        campaign_id,
        chat_id,
        message_id,
        lambda campaign: remove_doubtful(campaign, code),
        removed_doubtful=code,
    )


CANCELLING, NOT_RETRIED, ALREADY_FINISHED = "cancelling", "not_retried", "finished"


def cancel_own_run(owner_id: int, run_id: int) -> str:
    """What Cancel under a run did: CANCELLING a pending or running one; NOT_RETRIED under a failed one (nothing runs,
    the user declines the retry offered beside it); ALREADY_FINISHED otherwise."""
    run = owned_run(owner_id, run_id)
    if run.status == RunStatus.FAILED:
        return NOT_RETRIED
    if not cancel_run(run_id):
        return ALREADY_FINISHED
    record(owner_id, Action.CAMPAIGN_CANCELLED, run_id=run_id)
    return CANCELLING


def cancel_campaign_runs(owner_id: int, campaign_id: int) -> str:
    """The Cancel button under a freshly queued campaign: stops whatever run it has (CANCELLING), if any."""
    campaign = owned_campaign(owner_id, campaign_id)
    run_ids = list(campaign.runs.filter(status__in=ACTIVE_RUN_STATUSES).values_list("pk", flat=True))
    cancelled = [cancel_run(run_id) for run_id in run_ids]
    if any(cancelled):
        record(owner_id, Action.CAMPAIGN_CANCELLED, campaign_id=campaign_id)
    return CANCELLING if any(cancelled) else ALREADY_FINISHED


def retry_own_run(owner_id: int, run_id: int, chat_id: int, message_id: int) -> PipelineRun:
    owned_run(owner_id, run_id)
    with transaction.atomic():
        run = retry_run(run_id)
        RunMessage.objects.update_or_create(run=run, defaults={"chat_id": chat_id, "message_id": message_id})
    return run


def delete_own_campaign(owner_id: int, campaign_id: int) -> bool:
    owned_campaign(owner_id, campaign_id)
    archived = archive_campaign(campaign_id)
    if archived:
        record(owner_id, Action.CAMPAIGN_DELETED, campaign_id=campaign_id)
    return archived


@dataclass(frozen=True)
class HistoryRow:
    id: int
    name: str
    status: str
    created_at: datetime


HISTORY_PERIODS = (7, 30, 0)  # days; 0 is all time


@dataclass(frozen=True)
class HistoryTotals:
    """What the user made in the period: campaigns, builds run and phrases in their campaigns."""

    campaigns: int
    builds: int
    phrases: int


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]
    page: int
    pages: int
    total: int
    status_filter: str
    days: int
    totals: HistoryTotals


def history_page(owner_id: int, page: int, status_filter: str = "all", days: int = 0) -> HistoryPage:
    """One page of the user's campaigns, filtered by status and by creation within the last `days` (0: all)."""
    days = days if days in HISTORY_PERIODS else 0
    since = timezone.now() - timedelta(days=days) if days else None
    condition = HISTORY_FILTERS.get(status_filter, HISTORY_FILTERS["all"])
    campaigns = Campaign.objects.filter(condition, owner_id=owner_id).order_by("-created_at", "-pk")
    if since:
        campaigns = campaigns.filter(created_at__gte=since)
    total = campaigns.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    rows = [
        HistoryRow(campaign.pk, campaign.name, campaign.status, campaign.created_at)
        for campaign in campaigns[start : start + PAGE_SIZE]
    ]
    status_filter = status_filter if status_filter in HISTORY_FILTERS else "all"
    return HistoryPage(rows, page, pages, total, status_filter, days, history_totals(owner_id, since))


def history_totals(owner_id: int, since: datetime | None = None) -> HistoryTotals:
    campaigns = Campaign.objects.filter(HISTORY_FILTERS["all"], owner_id=owner_id)
    builds = PipelineRun.objects.filter(Q(user_id=owner_id) | Q(campaign__owner_id=owner_id), kind=RunKind.BUILD)
    if since:
        campaigns = campaigns.filter(created_at__gte=since)
        builds = builds.filter(created_at__gte=since)
    return HistoryTotals(
        campaigns=campaigns.count(),
        builds=builds.count(),
        phrases=campaigns.aggregate(phrases=Sum("keyword_count"))["phrases"] or 0,
    )


@dataclass(frozen=True)
class CampaignDetails:
    id: int
    name: str
    status: str
    status_label: str
    created_at: datetime
    completed_at: datetime | None
    keyword_count: int
    group_count: int
    ad_count: int
    negative_count: int
    region_name: str
    target_url: str
    spreadsheet_url: str
    has_file: bool
    runs: int
    last_run_seconds: float | None
    stage_timings: dict
    removed_count: int
    can_upload: bool
    in_direct: bool = False  # uploaded: its statistics can be read from Direct


def campaign_details(owner_id: int, campaign_id: int) -> CampaignDetails:
    campaign = owned_campaign(owner_id, campaign_id)
    runs = list(campaign.runs.order_by("-created_at"))
    finished = next((run for run in runs if run.status == RunStatus.COMPLETED), None)
    return CampaignDetails(
        id=campaign.pk,
        name=campaign.name,
        status=campaign.status,
        status_label=str(campaign.get_status_display()),
        created_at=campaign.created_at,
        completed_at=campaign.completed_at,
        keyword_count=campaign.keyword_count,
        group_count=campaign.group_count,
        ad_count=campaign.ad_count,
        negative_count=len(campaign.negative_keywords),
        region_name=campaign.region_name,
        target_url=campaign.target_url,
        spreadsheet_url=campaign.spreadsheet_url,
        has_file=bool(campaign.export_file),
        runs=len(runs),
        last_run_seconds=finished.duration_seconds if finished else None,
        stage_timings=finished.stage_seconds() if finished else {},
        removed_count=campaign.removed_phrases.count(),
        can_upload=campaign.can_upload,
        in_direct=campaign.direct_objects.filter(kind=DirectObjectKind.CAMPAIGN).exists(),
    )


def export_file(owner_id: int, campaign_id: int) -> tuple[str, bytes] | None:
    """The campaign's XLSX as (file name, bytes), or None when it was never exported or has expired."""
    campaign = owned_campaign(owner_id, campaign_id)
    if not campaign.export_file:
        return None
    try:
        with campaign.export_file.open("rb") as file:
            return campaign.export_file.name.rsplit("/", 1)[-1], file.read()
    except FileNotFoundError:
        return None

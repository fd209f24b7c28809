"""Queueing, cancelling and retrying pipeline runs: the one place that enforces a user's limits.

The bot, the admin and the CLI all call these, so the rules (campaign limit, one running campaign per user,
a run is enqueued only after its row is committed) hold whoever starts the work.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import TelegramUser
from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunKind, RunStatus
from core.errors import UserError

ACTIVE_RUN_STATUSES = (RunStatus.PENDING, RunStatus.RUNNING)


class QueueRefused(UserError):
    """A run was not queued; the message is for the user, in their language."""


def _check_limits(campaign: Campaign) -> None:
    owner = campaign.owner
    if owner is None:
        return
    live_campaigns = Campaign.objects.live_count_for(owner.pk, including=campaign.pk)
    if live_campaigns > owner.campaign_limit:
        raise _over_campaign_limit(owner.campaign_limit)
    if _active_runs(owner.pk, excluding=campaign.pk) >= settings.MAX_RUNNING_CAMPAIGNS_PER_USER:
        raise _still_building()


def check_can_start(user_id: int) -> None:
    """Would a new campaign of this user be queued? Asked when the conversation starts, so nobody answers six
    questions to be refused at Create; queueing checks again for itself."""
    owner = TelegramUser.objects.get(pk=user_id)
    if Campaign.objects.live_count_for(owner.pk) >= owner.campaign_limit:
        raise _over_campaign_limit(owner.campaign_limit)
    if _active_runs(owner.pk) >= settings.MAX_RUNNING_CAMPAIGNS_PER_USER:
        raise _still_building()


def _active_runs(owner_id: int, excluding: int | None = None) -> int:
    runs = PipelineRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).filter(
        Q(user_id=owner_id) | Q(campaign__owner_id=owner_id)
    )
    return runs.exclude(campaign_id=excluding).count() if excluding else runs.count()


def _over_campaign_limit(limit: int) -> QueueRefused:
    return QueueRefused(
        ngettext(
            "You have reached your limit of %(limit)d campaign. Delete an old one or ask an admin to raise it.",
            "You have reached your limit of %(limit)d campaigns. Delete an old one or ask an admin to raise it.",
            limit,
        )
        % {"limit": limit}
    )


def _still_building() -> QueueRefused:
    return QueueRefused(_("Another campaign of yours is still being built. Wait until it finishes or cancel it first."))


def _enqueue(run: PipelineRun) -> None:
    from campaigns.tasks import run_campaign

    run_campaign.apply_async_on_commit(args=[run.pk], task_id=run.task_id)


def queue_campaign_run(campaign_id: int, *, user_id: int | None = None, kind: str = RunKind.BUILD) -> PipelineRun:
    """Create a pending run for the campaign and hand it to a worker once the transaction commits."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update(of=("self",)).select_related("owner").get(pk=campaign_id)
        if campaign.status == CampaignStatus.ARCHIVED:
            raise QueueRefused(_("This campaign was deleted."))
        if campaign.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists():
            raise QueueRefused(_("This campaign is already being built."))
        _check_limits(campaign)
        run = PipelineRun.objects.create(
            campaign=campaign,
            user_id=user_id if user_id is not None else campaign.owner_id,
            kind=kind,
            task_id=str(uuid.uuid4()),
        )
        campaign.status = CampaignStatus.QUEUED
        campaign.save(update_fields=["status", "updated_at"])
        _enqueue(run)
    return run


def cancel_run(run_id: int) -> bool:
    """Cancel a run: a pending one at once, a running one at the pipeline's next check (within seconds).

    Returns False when the run had already finished, so callers can say so instead of pretending.
    """
    with transaction.atomic():
        run = PipelineRun.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=run_id)
        if run.status == RunStatus.PENDING:
            run.status = RunStatus.CANCELLED
            run.cancel_requested = True
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "cancel_requested", "finished_at"])
            # a cancelled upload leaves the campaign's build as complete as it was
            status = CampaignStatus.COMPLETED if run.kind == RunKind.UPLOAD else CampaignStatus.CANCELLED
            Campaign.objects.filter(pk=run.campaign_id).update(status=status, updated_at=timezone.now())
            return True
        if run.status == RunStatus.RUNNING:
            run.cancel_requested = True
            run.save(update_fields=["cancel_requested"])
            return True
    return False


def retry_run(run_id: int) -> PipelineRun:
    """Put a failed or cancelled run back in the queue; it resumes after its last finished stage."""
    with transaction.atomic():
        run = PipelineRun.objects.select_for_update(of=("self",)).select_related("campaign__owner").get(pk=run_id)
        if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
            raise QueueRefused(_("Only a failed or cancelled run can be retried."))
        if run.campaign.status == CampaignStatus.ARCHIVED:
            raise QueueRefused(_("This campaign was deleted."))
        _check_limits(run.campaign)
        run.status = RunStatus.PENDING
        run.cancel_requested = False
        run.error_message = ""
        run.finished_at = None
        run.task_id = str(uuid.uuid4())
        run.save(update_fields=["status", "cancel_requested", "error_message", "finished_at", "task_id"])
        Campaign.objects.filter(pk=run.campaign_id).update(status=CampaignStatus.QUEUED, updated_at=timezone.now())
        _enqueue(run)
    return run


def archive_campaign(campaign_id: int) -> bool:
    """'Delete' as users mean it: hidden from their history and limit, kept for staff. False if already gone."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.status == CampaignStatus.ARCHIVED:
            return False
        active = campaign.runs.filter(status__in=ACTIVE_RUN_STATUSES).values_list("pk", flat=True)
        for run_id in list(active):
            cancel_run(run_id)
        campaign.status = CampaignStatus.ARCHIVED
        campaign.save(update_fields=["status", "updated_at"])
    return True

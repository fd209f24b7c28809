"""Queueing, cancelling and retrying pipeline runs: the one place that enforces a user's limits.

The bot, the admin and the CLI all call these, so the rules (campaign limit, one running campaign per user,
a daily build quota, a run is enqueued only after its row is committed) hold whoever starts the work.

The limits are checked and the run created under a row lock on the user (`select_for_update` on TelegramUser):
two requests of one user at the same moment queue one after the other, so the second sees the first's run and
both cannot pass MAX_RUNNING_CAMPAIGNS_PER_USER. The daily quota counts runs queued in the last 24 hours
(Repeat and Retry included), not live campaigns, so deleting a campaign frees nothing of it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.activity import Action, record
from accounts.models import ActivityEvent, TelegramUser
from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunKind, RunStatus
from core.errors import UserError

ACTIVE_RUN_STATUSES = (RunStatus.PENDING, RunStatus.RUNNING)


class QueueRefused(UserError):
    """A run was not queued; the message is for the user, in their language."""


def check_can_start(user_id: int) -> None:
    """Raise QueueRefused if the user could not queue a new campaign now (the chat asks this at /new, before the
    six steps); queueing checks again, atomically."""
    owner = TelegramUser.objects.get(pk=user_id)
    _check_limits(owner, campaign=None)


def _check_limits(owner: TelegramUser, *, campaign: Campaign | None, kind: str = RunKind.BUILD) -> None:
    """The user's limits for queueing `campaign` (None: a campaign not created yet). The caller holds the user's
    row lock, so nothing of this user changes between these counts and the run it creates."""
    others = Campaign.objects.counted().filter(owner_id=owner.pk)
    counted = campaign is None or campaign.status == CampaignStatus.DRAFT  # this one would become live
    if counted and others.count() >= owner.campaign_limit:
        raise QueueRefused(
            ngettext(
                "You have reached your limit of %(limit)d campaign. Delete an old one or ask an admin to raise it.",
                "You have reached your limit of %(limit)d campaigns. Delete an old one or ask an admin to raise it.",
                owner.campaign_limit,
            )
            % {"limit": owner.campaign_limit}
        )
    active = PipelineRun.objects.filter(status__in=ACTIVE_RUN_STATUSES).filter(
        Q(user=owner) | Q(campaign__owner=owner)
    )
    if campaign is not None:
        active = active.exclude(campaign=campaign)
    if active.count() >= settings.MAX_RUNNING_CAMPAIGNS_PER_USER:
        raise QueueRefused(
            _("Another campaign of yours is still being built. Wait until it finishes or cancel it first.")
        )
    if kind == RunKind.BUILD and builds_today(owner.pk) >= settings.MAX_BUILDS_PER_USER_PER_DAY:
        raise QueueRefused(
            ngettext(
                "You have built %(limit)d campaign in the last 24 hours, the daily limit. Try again later.",
                "You have built %(limit)d campaigns in the last 24 hours, the daily limit. Try again later.",
                settings.MAX_BUILDS_PER_USER_PER_DAY,
            )
            % {"limit": settings.MAX_BUILDS_PER_USER_PER_DAY}
        )


def builds_today(user_id: int) -> int:
    """Builds the user queued in the last 24 hours, whatever became of them: new and repeated campaigns are
    PipelineRun rows created in the window, and a Retry (which resumes the same row) is its audit event."""
    since = timezone.now() - timedelta(hours=24)
    runs = (
        PipelineRun.objects.filter(kind=RunKind.BUILD, created_at__gte=since)
        .filter(Q(user_id=user_id) | Q(campaign__owner_id=user_id))
        .count()
    )
    retries = ActivityEvent.objects.filter(user_id=user_id, action=Action.RUN_RETRIED, created_at__gte=since).count()
    return runs + retries


def _lock_owner(owner_id: int | None) -> TelegramUser | None:
    """The user's row lock: every queueing of one user is serialised on it (taken before the campaign's lock)."""
    if owner_id is None:
        return None
    return TelegramUser.objects.select_for_update().get(pk=owner_id)


def _enqueue(run: PipelineRun) -> None:
    from campaigns.tasks import run_campaign

    run_campaign.apply_async_on_commit(args=[run.pk], task_id=run.task_id)


def queue_campaign_run(campaign_id: int, *, user_id: int | None = None, kind: str = RunKind.BUILD) -> PipelineRun:
    """Create a pending run for the campaign and hand it to a worker once the transaction commits."""
    with transaction.atomic():
        owner = _lock_owner(Campaign.objects.values_list("owner_id", flat=True).get(pk=campaign_id))
        campaign = Campaign.objects.select_for_update(of=("self",)).get(pk=campaign_id)
        if campaign.status == CampaignStatus.ARCHIVED:
            raise QueueRefused(_("This campaign was deleted."))
        if campaign.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists():
            raise QueueRefused(_("This campaign is already being built."))
        if owner is not None:
            _check_limits(owner, campaign=campaign, kind=kind)
        run = PipelineRun.objects.create(
            campaign=campaign,
            user_id=user_id if user_id is not None else campaign.owner_id,
            kind=kind,
            task_id=str(uuid.uuid4()),
        )
        run.move_to(RunStatus.PENDING)  # and the campaign to QUEUED
        _enqueue(run)
    return run


def cancel_run(run_id: int) -> bool:
    """Cancel a run: a pending one at once, a running one at the pipeline's next check (within seconds).

    Returns False when the run had already finished, so callers can say so instead of pretending.
    """
    with transaction.atomic():
        run = PipelineRun.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=run_id)
        if run.status == RunStatus.PENDING:
            run.move_to(RunStatus.CANCELLED, cancel_requested=True, finished_at=timezone.now())
            return True
        if run.status == RunStatus.RUNNING:
            run.cancel_requested = True
            run.save(update_fields=["cancel_requested"])
            return True
    return False


def retry_run(run_id: int) -> PipelineRun:
    """Put a failed or cancelled run back in the queue; it resumes after its last finished stage."""
    with transaction.atomic():
        owner = _lock_owner(PipelineRun.objects.values_list("campaign__owner_id", flat=True).get(pk=run_id))
        run = PipelineRun.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=run_id)
        if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
            raise QueueRefused(_("Only a failed or cancelled run can be retried."))
        if run.campaign.status == CampaignStatus.ARCHIVED:
            raise QueueRefused(_("This campaign was deleted."))
        if owner is not None:
            _check_limits(owner, campaign=run.campaign, kind=run.kind)
        run.move_to(
            RunStatus.PENDING, cancel_requested=False, error_message="", finished_at=None, task_id=str(uuid.uuid4())
        )
        if owner is not None and run.kind == RunKind.BUILD:
            record(owner.pk, Action.RUN_RETRIED, run_id=run.pk)  # counted by the daily build quota
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
        return campaign.archive()

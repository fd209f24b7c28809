"""Periodic clean-up: runs whose worker vanished, and files and drafts nobody will come back for."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunStatus
from campaigns.pipeline.runner import finish_run

logger = logging.getLogger(__name__)


def fail_stuck_runs() -> int:
    """Fail runs still RUNNING past the hard time limit with no recent heartbeat; their users are told."""
    now = timezone.now()
    limit = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    quiet = now - timedelta(seconds=settings.PIPELINE_STALE_AFTER_SECONDS)
    stuck = PipelineRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=limit).filter(
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=quiet)
    )
    count = 0
    for run in stuck.select_related("user", "campaign__owner"):
        with override(run.language):
            message = _("The campaign build stopped responding and was marked as failed. Please retry.")
        finish_run(run.pk, RunStatus.FAILED, error=message)
        logger.warning("run %s was stuck since %s and is now failed", run.pk, run.started_at, extra={"run_id": run.pk})
        count += 1
    return count


def delete_expired_files_and_drafts() -> dict:
    now = timezone.now()
    files_deleted = 0
    old_exports = Campaign.objects.exclude(export_file="").filter(
        updated_at__lt=now - timedelta(days=settings.EXPORT_FILE_RETENTION_DAYS)
    )
    for campaign in old_exports:
        campaign.export_file.delete(save=False)
        Campaign.objects.filter(pk=campaign.pk).update(export_file="")
        files_deleted += 1
    drafts = Campaign.objects.filter(
        status=CampaignStatus.DRAFT, updated_at__lt=now - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    )
    for draft in drafts.exclude(keywords_file=""):
        draft.keywords_file.delete(save=False)
    _total, deleted_by_model = drafts.delete()
    return {"export_files": files_deleted, "drafts": deleted_by_model.get(Campaign._meta.label, 0)}

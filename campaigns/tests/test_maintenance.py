import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunStatus
from campaigns.pipeline.maintenance import delete_expired_files_and_drafts, fail_stuck_runs
from campaigns.pipeline.signals import run_finished
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db


def test_it_fails_runs_stuck_past_the_hard_time_limit_and_tells_the_user(settings):
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stuck = PipelineRunFactory(status=RunStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    alive = PipelineRunFactory(status=RunStatus.RUNNING, started_at=long_ago, heartbeat_at=timezone.now())
    recent = PipelineRunFactory(status=RunStatus.RUNNING, started_at=timezone.now(), heartbeat_at=long_ago)
    told = []
    run_finished.connect(receiver := lambda sender, **kwargs: told.append(kwargs["run_id"]))
    try:
        assert fail_stuck_runs() == 1
    finally:
        run_finished.disconnect(receiver)

    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert stuck.error_message
    assert told == [stuck.pk]
    assert PipelineRun.objects.get(pk=alive.pk).status == RunStatus.RUNNING
    assert PipelineRun.objects.get(pk=recent.pk).status == RunStatus.RUNNING


def test_it_deletes_old_export_files_and_old_drafts(settings):
    old = timezone.now() - timedelta(days=settings.EXPORT_FILE_RETENTION_DAYS + 1)
    exported = CampaignFactory(status=CampaignStatus.COMPLETED)
    exported.export_file.save("old.xlsx", ContentFile(b"xlsx"))
    fresh = CampaignFactory(status=CampaignStatus.COMPLETED)
    fresh.export_file.save("fresh.xlsx", ContentFile(b"xlsx"))
    old_draft = CampaignFactory(status=CampaignStatus.DRAFT)
    new_draft = CampaignFactory(status=CampaignStatus.DRAFT)
    stale_drafts = timezone.now() - timedelta(days=settings.DRAFT_RETENTION_DAYS + 1)
    Campaign.objects.filter(pk=exported.pk).update(updated_at=old)
    Campaign.objects.filter(pk=old_draft.pk).update(updated_at=stale_drafts)
    old_path = exported.export_file.path

    assert delete_expired_files_and_drafts() == {"export_files": 1, "drafts": 1}

    exported.refresh_from_db()
    assert not exported.export_file
    assert not os.path.exists(old_path)
    assert Campaign.objects.get(pk=fresh.pk).export_file
    assert not Campaign.objects.filter(pk=old_draft.pk).exists()
    assert Campaign.objects.filter(pk=new_draft.pk).exists()

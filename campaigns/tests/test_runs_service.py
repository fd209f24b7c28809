from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunStatus
from campaigns.services.runs import (
    QueueRefused,
    archive_campaign,
    builds_today,
    cancel_run,
    check_can_start,
    queue_campaign_run,
    retry_run,
)
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory, StageTimingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued(monkeypatch):
    """Task ids handed to Celery; the broker itself is exercised by the worker tests."""
    sent = []
    monkeypatch.setattr(
        "campaigns.tasks.run_campaign.apply_async", lambda args, task_id, **options: sent.append((args, task_id))
    )
    return sent


def test_it_queues_a_run_after_the_transaction_commits(enqueued, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        run = queue_campaign_run(campaign.pk)
        assert enqueued == []

    assert enqueued == [([run.pk], run.task_id)]
    assert run.status == RunStatus.PENDING
    assert run.user == campaign.owner
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.QUEUED


def test_it_refuses_a_campaign_over_the_users_limit(enqueued):
    user = TelegramUserFactory(campaign_limit=2)
    CampaignFactory.create_batch(2, owner=user, status=CampaignStatus.COMPLETED)
    third = CampaignFactory(owner=user)

    with pytest.raises(QueueRefused, match="2"):
        queue_campaign_run(third.pk)
    assert not PipelineRun.objects.filter(campaign=third).exists()


def test_it_does_not_count_deleted_campaigns_toward_the_limit(enqueued):
    user = TelegramUserFactory(campaign_limit=1)
    CampaignFactory(owner=user, status=CampaignStatus.ARCHIVED)
    assert queue_campaign_run(CampaignFactory(owner=user).pk)


def test_it_allows_one_running_campaign_per_user(enqueued, settings):
    settings.MAX_RUNNING_CAMPAIGNS_PER_USER = 1
    user = TelegramUserFactory()
    PipelineRunFactory(campaign=CampaignFactory(owner=user), status=RunStatus.RUNNING)

    with pytest.raises(QueueRefused):
        queue_campaign_run(CampaignFactory(owner=user).pk)

    settings.MAX_RUNNING_CAMPAIGNS_PER_USER = 2
    assert queue_campaign_run(CampaignFactory(owner=user).pk)


def test_it_refuses_a_second_run_of_the_same_campaign(enqueued):
    campaign = CampaignFactory()
    queue_campaign_run(campaign.pk)
    with pytest.raises(QueueRefused):
        queue_campaign_run(campaign.pk)


def test_it_cancels_a_pending_run_at_once():
    run = PipelineRunFactory(status=RunStatus.PENDING)
    assert cancel_run(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.campaign.status == CampaignStatus.CANCELLED


def test_it_asks_a_running_run_to_stop():
    run = PipelineRunFactory(status=RunStatus.RUNNING)
    assert cancel_run(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    assert run.cancel_requested


def test_it_says_so_when_the_run_already_finished():
    run = PipelineRunFactory(status=RunStatus.COMPLETED)
    assert not cancel_run(run.pk)


def test_it_retries_only_failed_or_cancelled_runs(enqueued):
    failed = PipelineRunFactory(status=RunStatus.FAILED, error_message="boom")
    StageTimingFactory(run=failed, stage="collect", seconds=1.0)
    old_task_id = failed.task_id

    run = retry_run(failed.pk)

    assert run.status == RunStatus.PENDING
    assert run.error_message == ""
    assert run.task_id != old_task_id
    assert run.stage_seconds() == {"collect": 1.0}
    with pytest.raises(QueueRefused):
        retry_run(PipelineRunFactory(status=RunStatus.COMPLETED).pk)


def test_archiving_cancels_the_active_run_and_hides_the_campaign():
    run = PipelineRunFactory(status=RunStatus.PENDING)

    assert archive_campaign(run.campaign_id)
    assert not archive_campaign(run.campaign_id)

    run.refresh_from_db()
    assert run.status == RunStatus.CANCELLED
    assert run.campaign.status == CampaignStatus.ARCHIVED


def test_drafts_never_count_toward_the_campaign_limit(enqueued):
    user = TelegramUserFactory(campaign_limit=1)
    CampaignFactory.create_batch(3, owner=user, status=CampaignStatus.DRAFT)

    assert Campaign.objects.live_count_for(user.pk) == 0
    assert queue_campaign_run(CampaignFactory(owner=user, status=CampaignStatus.DRAFT).pk)
    assert Campaign.objects.live_count_for(user.pk) == 1


def test_a_retry_of_a_live_campaign_does_not_count_it_twice(enqueued):
    user = TelegramUserFactory(campaign_limit=1)
    campaign = CampaignFactory(owner=user, status=CampaignStatus.FAILED)
    run = PipelineRunFactory(campaign=campaign, status=RunStatus.FAILED)

    assert retry_run(run.pk).status == RunStatus.PENDING


def test_the_daily_build_quota_counts_new_repeated_and_retried_builds(enqueued, settings):
    settings.MAX_BUILDS_PER_USER_PER_DAY = 3
    settings.MAX_RUNNING_CAMPAIGNS_PER_USER = 5
    user = TelegramUserFactory(campaign_limit=100)
    failed = PipelineRunFactory(campaign=CampaignFactory(owner=user), user=user, status=RunStatus.FAILED)
    queue_campaign_run(CampaignFactory(owner=user).pk)
    retry_run(failed.pk)

    assert builds_today(user.pk) == 3
    with pytest.raises(QueueRefused, match="3"):
        queue_campaign_run(CampaignFactory(owner=user).pk)
    with pytest.raises(QueueRefused, match="3"):
        check_can_start(user.pk)


def test_deleting_campaigns_frees_nothing_of_the_daily_quota(enqueued, settings):
    settings.MAX_BUILDS_PER_USER_PER_DAY = 1
    user = TelegramUserFactory(campaign_limit=100)
    first = CampaignFactory(owner=user)
    run = queue_campaign_run(first.pk)
    cancel_run(run.pk)
    archive_campaign(first.pk)

    with pytest.raises(QueueRefused):
        queue_campaign_run(CampaignFactory(owner=user).pk)


def test_builds_older_than_a_day_leave_the_quota(enqueued, settings):
    settings.MAX_BUILDS_PER_USER_PER_DAY = 1
    user = TelegramUserFactory(campaign_limit=100)
    old = PipelineRunFactory(campaign=CampaignFactory(owner=user), user=user, status=RunStatus.COMPLETED)
    PipelineRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))

    assert builds_today(user.pk) == 0
    assert queue_campaign_run(CampaignFactory(owner=user).pk)


def test_check_can_start_refuses_a_user_at_the_campaign_limit():
    user = TelegramUserFactory(campaign_limit=1)
    CampaignFactory(owner=user, status=CampaignStatus.COMPLETED)

    with pytest.raises(QueueRefused, match="1"):
        check_can_start(user.pk)
    check_can_start(TelegramUserFactory().pk)

import pytest

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import CampaignStatus, PipelineRun, RunStatus
from campaigns.services.runs import QueueRefused, archive_campaign, cancel_run, queue_campaign_run, retry_run
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

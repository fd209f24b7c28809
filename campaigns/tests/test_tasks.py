import pytest
from celery.exceptions import Retry
from django.utils import timezone

from campaigns.models import RunStatus
from campaigns.pipeline import collect
from campaigns.tasks import run_campaign
from campaigns.tests.factories import PipelineRunFactory
from semantic.errors import SourceUnavailable

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_collect(monkeypatch):
    """Makes the collect stage raise the Wordstat client's 'still unavailable after retries' error N times."""
    compute = collect.compute
    calls = {"count": 0, "failures": 0}

    def compute_with_outage(context):
        calls["count"] += 1
        if calls["count"] <= calls["failures"]:
            raise SourceUnavailable("Вордстат не отвечает")
        return compute(context)

    monkeypatch.setattr(collect, "compute", compute_with_outage)
    return calls


def test_it_builds_a_campaign(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign)
    assert run_campaign.apply(args=[run.pk]).get() == RunStatus.COMPLETED


def test_it_skips_a_run_it_cannot_claim(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign, status=RunStatus.COMPLETED)
    assert run_campaign.apply(args=[run.pk]).get() == "skipped"


def test_it_tries_a_stage_once_more_after_a_transient_api_failure(sofa_campaign, flaky_collect):
    flaky_collect["failures"] = 1
    run = PipelineRunFactory(campaign=sofa_campaign)

    run_campaign.apply(args=[run.pk], throw=False)  # eager mode runs the retry in place

    run.refresh_from_db()
    assert flaky_collect["count"] == 2
    assert run.status == RunStatus.COMPLETED


def test_it_fails_the_run_when_the_api_stays_down(sofa_campaign, flaky_collect):
    flaky_collect["failures"] = 5
    run = PipelineRunFactory(campaign=sofa_campaign)

    run_campaign.apply(args=[run.pk], throw=False)  # eager mode runs the retry in place

    run.refresh_from_db()
    assert flaky_collect["count"] == 2
    assert run.status == RunStatus.FAILED
    assert run.error_message == "Вордстат не отвечает"


def test_it_looks_again_later_at_a_run_another_worker_still_holds(sofa_campaign, settings):
    run = PipelineRunFactory(campaign=sofa_campaign, status=RunStatus.RUNNING, heartbeat_at=timezone.now())

    with pytest.raises(Retry) as retry:
        run_campaign.apply(args=[run.pk], throw=True)

    assert retry.value.when == settings.PIPELINE_STALE_AFTER_SECONDS
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING

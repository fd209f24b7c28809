"""Concurrent queue requests of one user on PostgreSQL: the row lock on the user lets exactly one through.

SQLite serialises every write transaction anyway (IMMEDIATE mode), so the race only exists, and is only tested,
on PostgreSQL (CI)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import PipelineRun, RunStatus
from campaigns.services.runs import QueueRefused, queue_campaign_run
from campaigns.tests.factories import CampaignFactory

THREADS = 8
ROUNDS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="the race needs PostgreSQL: DATABASE_URL=postgres://…",
    ),
]


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("campaigns.tasks.run_campaign.apply_async", lambda *args, **kwargs: None)


def queue_at_once(campaign_ids: list[int]) -> list[str]:
    barrier = threading.Barrier(len(campaign_ids))
    outcomes: list[str] = []

    def attempt(campaign_id: int) -> None:
        try:
            barrier.wait()
            queue_campaign_run(campaign_id)
            outcomes.append("queued")
        except QueueRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(campaign_id,)) for campaign_id in campaign_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_simultaneous_requests_never_pass_the_running_limit(round_number, settings):
    settings.MAX_RUNNING_CAMPAIGNS_PER_USER = 1
    user = TelegramUserFactory(campaign_limit=100)
    campaigns = [CampaignFactory(owner=user).pk for _ in range(THREADS)]

    outcomes = queue_at_once(campaigns)

    assert sorted(outcomes) == ["queued"] + ["refused"] * (THREADS - 1)
    assert PipelineRun.objects.filter(campaign__owner=user, status=RunStatus.PENDING).count() == 1


def test_simultaneous_requests_never_pass_the_daily_quota(settings):
    settings.MAX_RUNNING_CAMPAIGNS_PER_USER = 100
    settings.MAX_BUILDS_PER_USER_PER_DAY = 3
    user = TelegramUserFactory(campaign_limit=100)
    campaigns = [CampaignFactory(owner=user).pk for _ in range(THREADS)]

    outcomes = queue_at_once(campaigns)

    assert outcomes.count("queued") == 3
    assert PipelineRun.objects.filter(campaign__owner=user).count() == 3

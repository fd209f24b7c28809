"""A real Celery worker process on the CI stack (PostgreSQL + Redis broker) builds queued campaigns, and a run
whose worker is killed mid-stage is resumed by the next worker from its last finished stage."""

from __future__ import annotations

import os
import signal
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from campaigns.models import Ad, AdGroup, AdKind, Keyword, PipelineRun, RunStatus
from campaigns.services.runs import queue_campaign_run
from tests.fakes.openai_api import FakeOpenAIServer, slow
from tests.processes import WORKER, running

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        or not settings.CELERY_BROKER_URL.startswith(("redis", "amqp")),
        reason="needs the CI stack: DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…",
    ),
]


@pytest.fixture(autouse=True)
def empty_queue():
    """Messages left by an earlier, interrupted session name runs of another test database: drop them."""
    from directhelper.celery import app

    app.control.purge()


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def celery_worker(tmp_path: Path, **env_overrides):
    """A worker in its own process, seeing the test database and the test's media folder."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_READ_DOT_ENV": "false",
        "CELERY_BROKER_VISIBILITY_TIMEOUT": "3",
        "PIPELINE_HEARTBEAT_SECONDS": "1",
        "PIPELINE_STALE_AFTER_SECONDS": "3",
        "PIPELINE_STAGE_RETRY_DELAY_SECONDS": "1",
        **env_overrides,
    }
    command = [*WORKER, "--loglevel=info", "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h"]
    with running(command, env, tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log", stop_seconds=20) as process:
        yield process


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


def finished(run_id: int):
    run = PipelineRun.objects.get(pk=run_id)
    return run if run.status in (RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED) else None


def assert_built_once(campaign) -> None:
    phrases = list(Keyword.objects.filter(campaign=campaign).values_list("phrase", flat=True))
    assert phrases
    assert len(phrases) == len(set(phrases))
    numbers = list(AdGroup.objects.filter(campaign=campaign).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, len(numbers) + 1))
    in_file = Ad.objects.filter(group__campaign=campaign, kind=AdKind.COMBINATORIAL)  # the default export format
    assert in_file.count() == campaign.ad_count > 0
    assert campaign.export_file.size > 0


def test_a_real_worker_builds_a_queued_campaign(sofa_campaign, tmp_path):
    run = queue_campaign_run(sofa_campaign.pk)

    with celery_worker(tmp_path):
        run = wait_for(lambda: finished(run.pk), timeout=180, what="the run to finish")

    assert run.status == RunStatus.COMPLETED, run.error_message
    sofa_campaign.refresh_from_db()
    assert_built_once(sofa_campaign)


def test_a_killed_worker_is_replaced_and_the_run_resumes_from_its_last_finished_stage(sofa_campaign, tmp_path):
    with FakeOpenAIServer() as llm:
        llm.script.append(slow(60, {}))  # the first ad request hangs: the worker is killed while it waits
        llm_env = {"OPENAI_API_KEY": llm.api_key, "OPENAI_BASE_URL": f"{llm.url}/v1"}
        run = queue_campaign_run(sofa_campaign.pk)

        with celery_worker(tmp_path, **llm_env) as first_worker:
            wait_for(lambda: llm.completions(), timeout=180, what="the first worker to reach the ads stage")
            first_worker.send_signal(signal.SIGKILL)
            first_worker.wait(timeout=10)
        killed = PipelineRun.objects.get(pk=run.pk)
        assert killed.status == RunStatus.RUNNING
        killed_timings = killed.stage_seconds()
        assert set(killed_timings) == {"collect", "clean", "cluster", "negatives"}
        keyword_ids = set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))

        with celery_worker(tmp_path, **llm_env):
            run = wait_for(lambda: finished(run.pk), timeout=180, what="the second worker to finish the run")

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert {stage: run.stage_seconds()[stage] for stage in killed_timings} == killed_timings
    assert set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == keyword_ids
    sofa_campaign.refresh_from_db()
    assert_built_once(sofa_campaign)

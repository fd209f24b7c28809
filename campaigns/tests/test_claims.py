"""Who owns a run: a worker whose run was taken over never writes to it, the heartbeat outlives database errors,
and a run that loses its database fails with a message once the database is back. SQLite and PostgreSQL alike."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from django.utils import timezone

from campaigns.models import PipelineRun, RunStatus, StageTiming
from campaigns.pipeline import runner
from campaigns.pipeline.claims import Heartbeat, RunLost, claim_run
from campaigns.pipeline.control import RunControl
from campaigns.pipeline.runner import execute_run, finish_run
from campaigns.pipeline.stages import STAGE_ORDER
from campaigns.tests.factories import PipelineRunFactory
from core.retry import RetryPolicy

pytestmark = pytest.mark.django_db(transaction=True)


def go_silent(run: PipelineRun) -> None:
    """The owner stopped beating (paused, partitioned, stuck): its heartbeat is older than a lease."""
    PipelineRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))


@contextmanager
def failing_queries(matches: str, times: int, *, new_connections: bool = False):
    """The database answers `OperationalError` to the next `times` queries containing `matches`: on this thread's
    connection, or (new_connections) on every connection opened meanwhile, such as the heartbeat thread's."""
    left = {"count": times}

    def wrapper(execute, sql, params, many, context):
        if matches in sql and left["count"] > 0:
            left["count"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    def install(sender, connection, **kwargs):
        connection.execute_wrappers.append(wrapper)

    if new_connections:
        connection_created.connect(install)
        try:
            yield left
        finally:
            connection_created.disconnect(install)
    else:
        with connection.execute_wrapper(wrapper):
            yield left


def test_a_run_taken_over_from_a_silent_worker_is_never_finished_by_it(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign)
    old = claim_run(run.pk)
    go_silent(run)

    new = claim_run(run.pk)
    stale_end = finish_run(run.pk, RunStatus.FAILED, error="old worker's verdict", claim_token=old)

    assert new is not None
    assert new != old
    run.refresh_from_db()
    assert stale_end.status == RunStatus.RUNNING
    assert run.status == RunStatus.RUNNING
    assert run.error_message == ""
    assert run.claim_token == new
    assert finish_run(run.pk, RunStatus.COMPLETED, message="done", claim_token=new).status == RunStatus.COMPLETED


def test_the_old_worker_stores_no_stage_of_a_run_taken_over(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign)
    old = claim_run(run.pk)
    go_silent(run)
    new = claim_run(run.pk)

    result = execute_run(run.pk, claim_token=old)

    assert result.status == RunStatus.RUNNING
    assert not StageTiming.objects.filter(run=run).exists()
    run.refresh_from_db()
    assert run.claim_token == new
    assert run.status == RunStatus.RUNNING
    # The new owner builds it as if nothing happened.
    assert execute_run(run.pk, claim_token=new).status == RunStatus.COMPLETED


def test_the_heartbeat_survives_database_errors(sofa_campaign, settings):
    run = PipelineRunFactory(campaign=sofa_campaign)
    token = claim_run(run.pk)
    go_silent(run)

    failing = failing_queries("heartbeat_at", 2, new_connections=True)
    with failing as left, Heartbeat(run.pk, token, interval=0.05) as beat:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if left["count"] == 0 and run.heartbeat_at > timezone.now() - timedelta(seconds=30):
                break
            time.sleep(0.05)

    assert left["count"] == 0
    assert run.heartbeat_at > timezone.now() - timedelta(seconds=30)
    assert not beat.lost.is_set()


def test_a_heartbeat_that_cannot_write_for_a_lease_gives_the_run_up(sofa_campaign, settings):
    settings.PIPELINE_STALE_AFTER_SECONDS = 1
    run = PipelineRunFactory(campaign=sofa_campaign)
    token = claim_run(run.pk)

    with failing_queries("heartbeat_at", 1000, new_connections=True), Heartbeat(run.pk, token, interval=0.05) as beat:
        assert beat.lost.wait(timeout=10)

    control = RunControl(run.pk, STAGE_ORDER, claim_token=token, owner_lost=beat.lost.is_set)
    assert control.should_stop()
    with pytest.raises(RunLost):
        control.check_cancelled()


def test_a_heartbeat_that_finds_its_run_taken_over_stops_at_once(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign)
    token = claim_run(run.pk)
    go_silent(run)
    claim_run(run.pk)

    with Heartbeat(run.pk, token, interval=0.05) as beat:
        assert beat.lost.wait(timeout=5)


def test_a_short_database_loss_is_retried_and_the_run_completes(sofa_campaign, monkeypatch):
    monkeypatch.setattr(runner, "DATABASE_RETRY", RetryPolicy(attempts=4, base_seconds=0.01, max_seconds=0.01))
    run = PipelineRunFactory(campaign=sofa_campaign)
    token = claim_run(run.pk)

    with failing_queries('INSERT INTO "campaigns_keyword"', 2) as left:
        result = execute_run(run.pk, claim_token=token)

    assert left["count"] == 0
    assert result.status == RunStatus.COMPLETED, result.error_message


def test_a_lasting_database_loss_fails_the_run_with_a_message_when_it_is_back(sofa_campaign, monkeypatch):
    monkeypatch.setattr(runner, "DATABASE_RETRY", RetryPolicy(attempts=4, base_seconds=0.01, max_seconds=0.01))
    run = PipelineRunFactory(campaign=sofa_campaign)
    token = claim_run(run.pk)

    with failing_queries('INSERT INTO "campaigns_keyword"', 4):
        result = execute_run(run.pk, claim_token=token)

    run.refresh_from_db()
    assert result.status == RunStatus.FAILED
    assert run.status == RunStatus.FAILED
    assert "база данных была недоступна" in run.error_message.lower()

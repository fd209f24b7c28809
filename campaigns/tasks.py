"""Celery tasks: thin wrappers that claim a row or call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from campaigns.models import RunStatus
from campaigns.pipeline import maintenance
from campaigns.pipeline.claims import claim_run, run_is_busy
from campaigns.pipeline.runner import TransientStageError, execute_run, finish_run
from core.log_format import log_context

logger = logging.getLogger(__name__)
# Enough re-checks to outlast a run that uses all of its hard time limit.
BUSY_RECHECKS = settings.CELERY_TASK_TIME_LIMIT // settings.PIPELINE_STALE_AFTER_SECONDS + 2


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=1)
def run_campaign(self, run_id: int) -> str:
    """Build (or re-export) a campaign. Safe to deliver twice: only the worker that claims the run works on it."""
    with log_context(run_id=run_id, task_id=self.request.id):
        claim_token = claim_run(run_id)
        if claim_token is None:
            if run_is_busy(run_id):
                # The broker hands a task to a new worker once the old one stops acknowledging it, which may be
                # before the old worker's heartbeat has gone stale: look again when it would be.
                logger.info("run %s is still running elsewhere; checking again later", run_id)
                raise self.retry(countdown=settings.PIPELINE_STALE_AFTER_SECONDS, max_retries=BUSY_RECHECKS)
            logger.info("run %s is finished, cancelled or gone; nothing to do", run_id)
            return "skipped"
        try:
            return execute_run(run_id, claim_token=claim_token).status
        except TransientStageError as error:
            if self.request.retries >= self.max_retries:
                return finish_run(run_id, RunStatus.FAILED, error=str(error)).status
            logger.warning("run %s: external API unavailable, retrying the stage: %s", run_id, error)
            raise self.retry(exc=error, countdown=settings.PIPELINE_STAGE_RETRY_DELAY_SECONDS) from error


@shared_task
def fail_stuck_runs() -> int:
    return maintenance.fail_stuck_runs()


@shared_task
def delete_expired_files_and_drafts() -> dict:
    return maintenance.delete_expired_files_and_drafts()

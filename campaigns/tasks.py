"""Celery tasks: thin wrappers that claim a row or call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from campaigns.models import RunStatus
from campaigns.pipeline import TransientStageError, execute_run, finish_run
from campaigns.run_control import claim_run
from campaigns.services import maintenance
from directhelper.log_format import log_context

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=1)
def run_campaign(self, run_id: int) -> str:
    """Build (or re-export) a campaign. Safe to deliver twice: only the worker that claims the run works on it."""
    with log_context(run_id=run_id, task_id=self.request.id):
        if not claim_run(run_id):
            logger.info("run %s is not claimable (finished, cancelled or owned by a live worker)", run_id)
            return "skipped"
        try:
            return execute_run(run_id).status
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

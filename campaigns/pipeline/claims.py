"""Which worker owns a run: a compare-and-set claim, and a heartbeat that shows the owner is alive.

A RUNNING run whose heartbeat went stale belongs to a worker that died (killed, out of memory, machine lost),
so a redelivered task may take it over and resume it at its first unfinished stage.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.utils import timezone

from campaigns.models import PipelineRun, RunStatus

logger = logging.getLogger(__name__)


class RunLost(Exception):
    """This worker no longer owns its run: the heartbeat could not be written for a lease period, or another
    worker took the run over. The run is left to its new owner (or to the stuck-run sweep) without a write."""


class Heartbeat:
    """Touches `heartbeat_at` every few seconds from a thread while a run executes, whatever the stage is doing.

    A database error does not end the heartbeat: it retries with backoff on a fresh connection. If it cannot write
    for a whole lease (PIPELINE_STALE_AFTER_SECONDS), another worker may already have taken the run over, so it
    sets `lost` and the runner stops at its next check (`RunControl.should_stop`) without writing as the owner.
    The same happens at once when the write finds the run's claim token changed.
    """

    def __init__(self, run_id: int, claim_token: uuid.UUID | None, interval: float | None = None):
        self.run_id = run_id
        self.claim_token = claim_token
        self.interval = interval or settings.PIPELINE_HEARTBEAT_SECONDS
        self.lease = settings.PIPELINE_STALE_AFTER_SECONDS
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"run-{run_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        last_written = time.monotonic()
        wait = self.interval
        retry_wait = 1.0
        try:
            while not self._stop.wait(wait):
                try:
                    owned = PipelineRun.objects.filter(
                        pk=self.run_id, status=RunStatus.RUNNING, claim_token=self.claim_token
                    ).update(heartbeat_at=timezone.now())
                except DatabaseError as error:
                    connection.close()  # the next attempt opens a fresh connection
                    silent = time.monotonic() - last_written
                    if silent >= self.lease:
                        logger.error("run %s: heartbeat not written for %.0f s; giving the run up", self.run_id, silent)
                        self.lost.set()
                        return
                    wait, retry_wait = retry_wait, min(retry_wait * 2, self.interval)  # backoff within the lease
                    logger.warning("run %s: heartbeat failed (%s); retrying in %.1f s", self.run_id, error, wait)
                    continue
                if not owned:
                    logger.warning("run %s was taken over or ended elsewhere; this worker stops", self.run_id)
                    self.lost.set()
                    return
                last_written, wait, retry_wait = time.monotonic(), self.interval, 1.0
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)


def claim_run(run_id: int) -> uuid.UUID | None:
    """Compare-and-set: only one worker gets a run; a stale RUNNING run may be taken over.

    Returns the claim's token (the owner passes it to every write that only the owner may make), or None."""
    now = timezone.now()
    token = uuid.uuid4()
    stale_before = now - timedelta(seconds=settings.PIPELINE_STALE_AFTER_SECONDS)
    claimable = Q(status=RunStatus.PENDING) | Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale_before)
    claimed = PipelineRun.objects.filter(claimable, pk=run_id, cancel_requested=False).move_to(
        RunStatus.RUNNING, started_at=now, heartbeat_at=now, finished_at=None, claim_token=token
    )
    return token if claimed == 1 else None


def lock_owned_run(run_id: int, claim_token: uuid.UUID | None) -> PipelineRun:
    """Inside a transaction: the run, locked, if this claim still owns it; else RunLost (nothing is written)."""
    run = PipelineRun.objects.select_for_update().filter(pk=run_id, claim_token=claim_token).first()
    if run is None:
        raise RunLost(f"run {run_id} is no longer owned by claim {claim_token}")
    return run


def run_is_busy(run_id: int) -> bool:
    """A run another worker is still executing, as far as its heartbeat tells: not claimable yet, but not done."""
    return PipelineRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, cancel_requested=False).exists()

"""Which worker owns a run: a compare-and-set claim, and a heartbeat that shows the owner is alive.

A RUNNING run whose heartbeat went stale belongs to a worker that died (killed, out of memory, machine lost),
so a redelivered task may take it over and resume it at its first unfinished stage.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from campaigns.models import PipelineRun, RunStatus

logger = logging.getLogger(__name__)


class Heartbeat:
    """Touches `heartbeat_at` every few seconds from a thread while a run executes, whatever the stage is doing."""

    def __init__(self, run_id: int, interval: float | None = None):
        self.run_id = run_id
        self.interval = interval or settings.PIPELINE_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"run-{run_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                PipelineRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(heartbeat_at=timezone.now())
        except Exception:  # a lost heartbeat must not kill the run; the log says why it went quiet
            logger.exception("heartbeat of run %s stopped", self.run_id)
        finally:
            connection.close()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)


def claim_run(run_id: int) -> bool:
    """Compare-and-set: only one worker gets a run; a stale RUNNING run may be taken over."""
    now = timezone.now()
    stale_before = now - timedelta(seconds=settings.PIPELINE_STALE_AFTER_SECONDS)
    claimable = Q(status=RunStatus.PENDING) | Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale_before)
    return (
        PipelineRun.objects.filter(claimable, pk=run_id, cancel_requested=False).update(
            status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, finished_at=None
        )
        == 1
    )


def run_is_busy(run_id: int) -> bool:
    """A run another worker is still executing, as far as its heartbeat tells: not claimable yet, but not done."""
    return PipelineRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, cancel_requested=False).exists()

"""How a running pipeline talks to its PipelineRun row: progress, cancellation checks and a heartbeat.

Progress is written to the row (the bot, the admin and the CLI read it) and announced through
`campaigns.signals.run_progress`. Writes are throttled so that a stage reporting every phrase costs a few queries,
not thousands. The heartbeat thread lets a new worker recognise a run whose worker died (see `claim_run`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from campaigns.models import PipelineRun, RunStatus
from campaigns.signals import run_progress
from campaigns.stages import STAGE_ORDER
from semantic.errors import Cancelled

logger = logging.getLogger(__name__)

# Share of the whole run each stage takes, for one overall percent (roughly what each stage costs in time).
STAGE_WEIGHTS = {"collect": 20, "clean": 10, "cluster": 30, "negatives": 10, "ads": 20, "export": 10}
PROGRESS_WRITE_INTERVAL = 0.5
CANCEL_CHECK_INTERVAL = 1.0

ProgressCallback = Callable[[int, str], None]


def overall_percent(stages: tuple[str, ...], stage: str, stage_percent: int) -> int:
    """Percent of the whole run when `stage` (one of `stages`) is `stage_percent` done."""
    total = sum(STAGE_WEIGHTS[name] for name in stages)
    done = sum(STAGE_WEIGHTS[name] for name in stages[: stages.index(stage)])
    return min(100, round(100 * (done + STAGE_WEIGHTS[stage] * max(0, min(stage_percent, 100)) / 100) / total))


class RunControl:
    """Progress reporting and cancellation for one run; an extra `listener` (the CLI's progress bar) may watch."""

    def __init__(self, run_id: int, stages: tuple[str, ...], listener: Callable[[str, int, str], None] | None = None):
        self.run_id = run_id
        self.stages = stages
        self.listener = listener
        self._last_write = 0.0
        self._last_cancel_check = 0.0
        self._cancelled = False

    def progress_for(self, stage: str) -> ProgressCallback:
        def report(stage_percent: int, message: str) -> None:
            self.report(stage, stage_percent, message)

        return report

    def report(self, stage: str, stage_percent: int, message: str, *, force: bool = False) -> None:
        if self.listener:
            self.listener(stage, stage_percent, message)
        now = time.monotonic()
        if not force and now - self._last_write < PROGRESS_WRITE_INTERVAL:
            return
        self._last_write = now
        percent = overall_percent(self.stages, stage, stage_percent)
        PipelineRun.objects.filter(pk=self.run_id).update(
            stage=stage, progress=percent, message=message[:255], heartbeat_at=timezone.now()
        )
        run_progress.send_robust(PipelineRun, run_id=self.run_id, stage=stage, percent=percent, message=message)

    def should_stop(self) -> bool:
        now = time.monotonic()
        if not self._cancelled and now - self._last_cancel_check >= CANCEL_CHECK_INTERVAL:
            self._last_cancel_check = now
            self._cancelled = PipelineRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()
        return self._cancelled

    def check_cancelled(self) -> None:
        self._last_cancel_check = 0.0
        if self.should_stop():
            raise Cancelled("cancelled")


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
    """Compare-and-set: only one worker gets a run. A RUNNING run whose heartbeat went stale belongs to a worker
    that died (killed, out of memory, machine lost), so a redelivered task may take it over and resume it."""
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


def stages_for(kind: str) -> tuple[str, ...]:
    return ("export",) if kind == "export" else STAGE_ORDER

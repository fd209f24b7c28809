"""How a running pipeline talks to its PipelineRun row: progress and cancellation checks.

Progress is written to the row (the bot, the admin and the CLI read it) and announced through
`signals.run_progress`. Writes are throttled so that a stage reporting every phrase costs a few queries, not
thousands.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.utils import timezone

from campaigns.models import PipelineRun, Stage
from campaigns.pipeline.claims import RunLost
from campaigns.pipeline.signals import run_progress
from campaigns.pipeline.stages import overall_percent
from core.progress import ProgressCallback
from semantic.errors import Cancelled

PROGRESS_WRITE_INTERVAL = 0.5
CANCEL_CHECK_INTERVAL = 1.0

# What a watcher in the same process (the CLI's progress bar) is told: (stage, percent of the stage, message).
StageListener = Callable[[Stage, int, str], None]


class RunControl:
    """Progress reporting and cancellation for one run; an extra `listener` may watch."""

    def __init__(
        self,
        run_id: int,
        stages: tuple[Stage, ...],
        listener: StageListener | None = None,
        *,
        claim_token: uuid.UUID | None = None,
        owner_lost: Callable[[], bool] | None = None,
    ):
        self.run_id = run_id
        self.stages = stages
        self.listener = listener
        # Progress is written only while this worker's claim owns the run; `owner_lost` is the heartbeat's verdict.
        self.claim_token = claim_token
        self.owner_lost = owner_lost or (lambda: False)
        self._last_write = 0.0
        self._last_cancel_check = 0.0
        self._cancelled = False

    def progress_for(self, stage: Stage) -> ProgressCallback:
        def report(stage_percent: int, message: str) -> None:
            self.report(stage, stage_percent, message)

        return report

    def report(self, stage: Stage, stage_percent: int, message: str, *, force: bool = False) -> None:
        if self.listener:
            self.listener(stage, stage_percent, message)
        now = time.monotonic()
        if not force and now - self._last_write < PROGRESS_WRITE_INTERVAL:
            return
        self._last_write = now
        percent = overall_percent(self.stages, stage, stage_percent)
        PipelineRun.objects.filter(pk=self.run_id, claim_token=self.claim_token).update(
            stage=stage, progress=percent, message=message[:255], heartbeat_at=timezone.now()
        )
        run_progress.send_robust(PipelineRun, run_id=self.run_id, stage=stage, percent=percent, message=message)

    def should_stop(self) -> bool:
        if self.owner_lost():
            return True
        now = time.monotonic()
        if not self._cancelled and now - self._last_cancel_check >= CANCEL_CHECK_INTERVAL:
            self._last_cancel_check = now
            self._cancelled = PipelineRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()
        return self._cancelled

    def check_cancelled(self) -> None:
        if self.owner_lost():
            raise RunLost(f"run {self.run_id}: ownership lost")
        self._last_cancel_check = 0.0
        if self.should_stop():
            raise Cancelled("cancelled")

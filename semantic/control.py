"""Progress reporting and cancellation for long stages, so each stage checks both the same way."""

from __future__ import annotations

from django.utils.translation import gettext

from core.progress import ProgressCallback, StopCheck
from semantic.errors import Cancelled


class StageControl:
    """Wraps the pipeline's optional callbacks: `report` clamps the percent, `check` raises `Cancelled`."""

    def __init__(self, progress: ProgressCallback | None = None, should_stop: StopCheck | None = None):
        self._progress = progress
        self._should_stop = should_stop

    def report(self, percent: float, message: str) -> None:
        if self._progress is not None:
            self._progress(max(0, min(100, int(percent))), message)

    def check(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise Cancelled(gettext("The operation was cancelled."))

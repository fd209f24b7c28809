"""The shape of progress reporting shared by every long-running step (semantic stages, ads, export, upload)."""

from __future__ import annotations

from collections.abc import Callable

# (percent of this step, 0–100; a message the user may read)
ProgressCallback = Callable[[int, str], None]
# True when the user asked to stop
StopCheck = Callable[[], bool]

"""What every external API call did, counted where the call is made and summed where the work is accounted.

Each client (Wordstat, the OpenAI-compatible LLM, Google Sheets) reports every HTTP attempt here: whether it failed
and whether the server said 429. The pipeline opens `counting()` around a stage and writes the totals to ApiUsage,
also when the stage fails, so the dashboard's calls, errors and rate-limit hits include the calls of failed runs.
The counts live in a context variable: the client needs no run id, and work outside a stage (the CLI's reader, a
test) counts nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class ServiceCounts:
    calls: int = 0
    errors: int = 0
    rate_limited: int = 0


_current: contextvars.ContextVar[dict[str, ServiceCounts] | None] = contextvars.ContextVar(
    "api_counters", default=None
)


@contextmanager
def counting() -> Iterator[dict[str, ServiceCounts]]:
    """Collect the counts of the calls made inside the block, by service name."""
    counts: dict[str, ServiceCounts] = {}
    token = _current.set(counts)
    try:
        yield counts
    finally:
        _current.reset(token)


def note_call(service: str, *, status: int | None = None, failed: bool = False, rate_limited: bool = False) -> None:
    """One HTTP attempt to `service`: its status code, or failed=True when no answer came (timeout, refused);
    rate_limited=True for a rate-limit answer that is not a 429 (Drive's 403 userRateLimitExceeded)."""
    counts = _current.get()
    if counts is None:
        return
    entry = counts.setdefault(service, ServiceCounts())
    entry.calls += 1
    if failed or (status is not None and status >= 400):
        entry.errors += 1
    if status == 429 or rate_limited:
        entry.rate_limited += 1

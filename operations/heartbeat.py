"""The worker heartbeat: proof that some Celery worker (and beat) ran a task recently.

A broker that accepts connections says nothing about whether anyone consumes from it, so a periodic task writes
the time to the cache and `/healthz` reads its age.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

HEARTBEAT_CACHE_KEY = "directhelper:worker-heartbeat"
WORKER_STARTED_CACHE_KEY = "directhelper:worker-started"
# When this process started: the worker that writes the heartbeat reports it, the dashboard shows its uptime.
PROCESS_STARTED = time.time()


def write_heartbeat(now: float | None = None, *, started: float | None = None) -> float:
    beat = time.time() if now is None else now
    # Kept a little longer than the stale age, so "stale" (old value) and "missing" (never ran) stay distinct.
    timeout = settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS * 10
    cache.set_many(
        {HEARTBEAT_CACHE_KEY: beat, WORKER_STARTED_CACHE_KEY: PROCESS_STARTED if started is None else started},
        timeout=timeout,
    )
    return beat


def worker_uptime_seconds(now: float | None = None) -> float | None:
    """How long the worker that wrote the last heartbeat has been running; None when no live worker beats."""
    age = heartbeat_age_seconds(now)
    started = cache.get(WORKER_STARTED_CACHE_KEY)
    if age is None or started is None or age > settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS:
        return None
    return max(0.0, (time.time() if now is None else now) - float(started))


def heartbeat_age_seconds(now: float | None = None) -> float | None:
    """Seconds since the last heartbeat, or None when no worker has ever written one (or it expired)."""
    beat = cache.get(HEARTBEAT_CACHE_KEY)
    if beat is None:
        return None
    return max(0.0, (time.time() if now is None else now) - float(beat))

"""The worker heartbeat: proof that some Celery worker (and beat) ran a task recently.

A broker that accepts connections says nothing about whether anyone consumes from it, so a periodic task writes
the time to the cache and `/healthz` reads its age.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

HEARTBEAT_CACHE_KEY = "directhelper:worker-heartbeat"


def write_heartbeat(now: float | None = None) -> float:
    beat = time.time() if now is None else now
    # Kept a little longer than the stale age, so "stale" (old value) and "missing" (never ran) stay distinct.
    cache.set(HEARTBEAT_CACHE_KEY, beat, timeout=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS * 10)
    return beat


def heartbeat_age_seconds(now: float | None = None) -> float | None:
    """Seconds since the last heartbeat, or None when no worker has ever written one (or it expired)."""
    beat = cache.get(HEARTBEAT_CACHE_KEY)
    if beat is None:
        return None
    return max(0.0, (time.time() if now is None else now) - float(beat))

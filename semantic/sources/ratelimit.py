"""Request-rate limits shared by every worker that uses the same Wordstat token.

Wordstat's quotas are per token (requests per second, per hour or per day), and several Celery workers may run
campaigns for the same token at once. With REDIS_URL set, pyrate-limiter keeps the request log in Redis, so all
processes see one quota; without it, the quota is per process (the single-machine setup has one worker).
"""

from __future__ import annotations

import hashlib
import threading

from django.conf import settings
from pyrate_limiter import Duration, InMemoryBucket, Limiter, Rate, RedisBucket

_limiters: dict[str, Limiter] = {}
_lock = threading.Lock()


def bucket_key(backend: str, credential: str) -> str:
    """A key that tells tokens apart without storing them: a short hash, never the token itself."""
    digest = hashlib.sha256(credential.encode()).hexdigest()[:16]
    return f"directhelper:wordstat:{backend}:{digest}"


def rates_for(per_second: int, per_hour: int | None = None, per_day: int | None = None) -> list[Rate]:
    rates = [Rate(max(1, per_second), Duration.SECOND)]
    if per_hour:
        rates.append(Rate(per_hour, Duration.HOUR))
    if per_day:
        rates.append(Rate(per_day, Duration.DAY))
    return rates


def shared_limiter(key: str, rates: list[Rate]) -> Limiter:
    """The limiter for one token; built once per process (the first caller's rates win until the process ends)."""
    with _lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = Limiter(_bucket(key, rates))
            _limiters[key] = limiter
        return limiter


def _bucket(key: str, rates: list[Rate]):
    if settings.REDIS_URL:
        from redis import Redis

        return RedisBucket.init(rates, Redis.from_url(settings.REDIS_URL), key)
    return InMemoryBucket(rates)


def forget_limiters() -> None:
    """Drop every limiter of this process (tests use it so one test's quota does not leak into the next)."""
    with _lock:
        _limiters.clear()

"""Per-user update limit: N updates per minute, counted in Redis when configured, else in the bot's memory.

A fixed one-minute window lets a user fire a quick burst (tapping through a menu) while a flood is cut off;
the first refused update gets one answer with the wait, the rest are dropped silently.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    first_refusal: bool
    retry_in_seconds: int


class MemoryCounter:
    """Enough for one bot process; old windows are dropped as the clock moves on."""

    def __init__(self):
        self._counts: dict[str, int] = {}
        self._window: int | None = None

    async def increment(self, key: str, window: int) -> int:
        if window != self._window:
            self._counts.clear()
            self._window = window
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]


class CacheCounter:
    """Shared by every bot process through Django's cache (Redis when REDIS_URL is set)."""

    async def increment(self, key: str, window: int) -> int:
        full_key = f"bot-rate:{window}:{key}"
        await cache.aadd(full_key, 0, timeout=WINDOW_SECONDS * 2)
        return await cache.aincr(full_key)


class UpdateRateLimiter:
    def __init__(self, per_minute: int, counter: MemoryCounter | CacheCounter, clock=time.time):
        self.per_minute = per_minute
        self.counter = counter
        self.clock = clock

    @classmethod
    def from_settings(cls) -> UpdateRateLimiter:
        counter = CacheCounter() if settings.REDIS_URL else MemoryCounter()
        return cls(settings.BOT_RATE_LIMIT_PER_MINUTE, counter)

    async def hit(self, user_id: int) -> Verdict:
        now = self.clock()
        window = int(now // WINDOW_SECONDS)
        count = await self.counter.increment(str(user_id), window)
        retry_in = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        return Verdict(count <= self.per_minute, count == self.per_minute + 1, retry_in)

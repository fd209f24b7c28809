"""Live figures of the long-running processes, kept in the cache for the staff dashboard.

The bot counts the updates it has handled since it started; the dashboard shows them with its uptime. The
counter lives in the shared cache (Redis in production), so the web process reads what the bot process wrote,
and `incr` is atomic there. In `core` because the bot writes it and `operations` reads it, and neither may import
the other.
"""

from __future__ import annotations

import time

from django.core.cache import cache

BOT_STARTED_KEY = "directhelper:bot-started"
BOT_UPDATES_KEY = "directhelper:bot-updates"


def note_bot_started(now: float | None = None) -> None:
    """Called once when the bot starts: its uptime and update count begin again."""
    cache.set_many({BOT_STARTED_KEY: time.time() if now is None else now, BOT_UPDATES_KEY: 0}, timeout=None)


def note_bot_update() -> None:
    """Called for every update the bot handles."""
    try:
        cache.incr(BOT_UPDATES_KEY)
    except ValueError:  # the key expired or the cache was cleared
        cache.add(BOT_UPDATES_KEY, 1, timeout=None)


def bot_stats(now: float | None = None) -> tuple[float | None, int | None]:
    """(seconds since the bot started, updates handled since), None where the bot has not said."""
    values = cache.get_many([BOT_STARTED_KEY, BOT_UPDATES_KEY])
    started = values.get(BOT_STARTED_KEY)
    uptime = None if started is None else max(0.0, (time.time() if now is None else now) - float(started))
    return uptime, values.get(BOT_UPDATES_KEY)

"""Runs the real bot Application in-process against the fake Bot API, one update at a time from the test's view.

`BotHarness.say/press/upload` push an update, wait until the bot has fully handled it (a tracking update
processor reports each finished update), and return what the bot sent while handling it.
"""

from __future__ import annotations

import asyncio

from telegram_bot.application import ALLOWED_UPDATES, build_application
from telegram_bot.ratelimit import MemoryCounter, UpdateRateLimiter
from telegram_bot.updates import PerUserUpdateProcessor
from tests.fakes.telegram_api import FakeTelegramServer, Outgoing

UPDATE_TIMEOUT_SECONDS = 20


class TrackingUpdateProcessor(PerUserUpdateProcessor):
    """The bot's own processor, telling the harness when each update has been handled."""

    def __init__(self, max_concurrent_updates: int = 8):
        super().__init__(max_concurrent_updates)
        self.finished: dict[int, asyncio.Event] = {}

    def event_for(self, update_id: int) -> asyncio.Event:
        return self.finished.setdefault(update_id, asyncio.Event())

    async def do_process_update(self, update, coroutine) -> None:
        try:
            await super().do_process_update(update, coroutine)
        finally:
            update_id = getattr(update, "update_id", None)
            if update_id is not None:
                self.event_for(update_id).set()


class BotHarness:
    def __init__(self, api: FakeTelegramServer, *, per_minute: int = 1000, language: str = "en"):
        """`language` is the Telegram app language of simulated users; English keeps assertions readable."""
        self.api = api
        self.language = language
        self.per_minute = per_minute
        self.processor: TrackingUpdateProcessor | None = None
        self.app = None

    async def start(self) -> BotHarness:
        self.processor = TrackingUpdateProcessor()
        self.app = build_application(
            limiter=UpdateRateLimiter(self.per_minute, MemoryCounter()), update_processor=self.processor
        )
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        await self.app.start()
        return self

    async def stop(self) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def _push(self, push, *args, **kwargs) -> list[Outgoing]:
        before = self.api.mark()
        update_id = push(*args, **kwargs)
        await asyncio.wait_for(self.processor.event_for(update_id).wait(), UPDATE_TIMEOUT_SECONDS)
        with self.api.lock:
            return list(self.api.outbox[before:])

    async def say(self, user_id: int, text: str, **kwargs) -> list[Outgoing]:
        push = self.api.push_command if text.startswith("/") else self.api.push_text
        kwargs.setdefault("language", self.language)
        return await self._push(push, user_id, text, **kwargs)

    async def press(self, user_id: int, data: str, message_id: int | None = None) -> list[Outgoing]:
        return await self._push(self.api.push_callback, user_id, data, message_id, language=self.language)

    async def upload(self, user_id: int, filename: str, content: bytes) -> list[Outgoing]:
        return await self._push(self.api.push_document, user_id, filename, content, language=self.language)


# The new-campaign conversation's answers after /new, in order: (how, what) for `BotHarness.say` / `press`.
STEPS = [
    ("say", "Диваны Москва"),
    ("say", "Продаём диваны и кровати от фабрики"),
    ("say", "купить диван, диван кровать"),
    ("press", "region_213"),
    ("say", "https://example.com/divany"),
    ("press", "skip_benefits"),
    ("say", "30000"),
]

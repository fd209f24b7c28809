"""Updates of different users run side by side; one user's updates run one after another.

PTB's `ConversationHandler` records the next step only after a step's handler returns, and the handler has already
sent the next question by then. With plain concurrent processing, a second message a user sends right after the
answer (a quick typist, or a client resending) is handled against the old step: the description is taken for a
second name. Serialising each user's updates keeps every conversation step in order while the bot still serves many
users at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerUserUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int):
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _sender_of(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody else queued for this user: forget the lock, memory stays bounded
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made per user as updates arrive."""

    async def shutdown(self) -> None:
        """Nothing to release: a lock lives only while its user has updates in flight."""


def _sender_of(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None

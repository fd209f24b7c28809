"""PTB persistence in the database: conversation states and per-user data survive a restart of the bot.

Only what a restart must not lose is stored — where each chat stands in a conversation and the small user data
(the id of the draft being filled). Chat, bot and callback data stay in memory. All ORM work runs in threads
(`telegram_bot.db.in_thread`), so the event loop never waits on the database.
"""

from __future__ import annotations

import json

from telegram.ext import BasePersistence, PersistenceInput

from telegram_bot.db import in_thread
from telegram_bot.models import ConversationState, PersistedUserData


def _encode_key(key: tuple) -> str:
    return json.dumps(list(key))


def _decode_key(text: str) -> tuple:
    return tuple(json.loads(text))


def _canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, default=str)


def _all_user_data() -> list[tuple[int, dict]]:
    return list(PersistedUserData.objects.values_list("telegram_id", "data"))


def _save_user_data(telegram_id: int, data: dict) -> None:
    PersistedUserData.objects.update_or_create(telegram_id=telegram_id, defaults={"data": data})


def _drop_user_data(telegram_id: int) -> None:
    PersistedUserData.objects.filter(telegram_id=telegram_id).delete()


def _conversation_rows(name: str) -> list[tuple[str, object]]:
    return list(ConversationState.objects.filter(name=name).values_list("key", "state"))


def _save_conversation(name: str, key: str, state: object | None) -> None:
    if state is None:
        ConversationState.objects.filter(name=name, key=key).delete()
    else:
        ConversationState.objects.update_or_create(name=name, key=key, defaults={"state": state})


class DatabasePersistence(BasePersistence):
    def __init__(self, update_interval: float = 2.0):
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        # PTB hands over every active user's data at each interval, changed or not; a write is skipped when the
        # data equals what was last written, so a busy minute costs only the writes it needs.
        self._written_user_data: dict[int, str] = {}

    async def get_user_data(self) -> dict[int, dict]:
        rows = await in_thread(_all_user_data)()
        self._written_user_data = {telegram_id: _canonical(data or {}) for telegram_id, data in rows}
        return {telegram_id: dict(data or {}) for telegram_id, data in rows}

    async def update_user_data(self, user_id: int, data: dict) -> None:
        canonical = _canonical(data)
        if self._written_user_data.get(user_id) == canonical:
            return
        await in_thread(_save_user_data)(user_id, json.loads(canonical))
        self._written_user_data[user_id] = canonical

    async def drop_user_data(self, user_id: int) -> None:
        await in_thread(_drop_user_data)(user_id)
        self._written_user_data.pop(user_id, None)

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        """The database is written only by this process, so memory is already current."""

    async def get_conversations(self, name: str) -> dict[tuple, object]:
        rows = await in_thread(_conversation_rows)(name)
        return {_decode_key(key): state for key, state in rows}

    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        await in_thread(_save_conversation)(name, _encode_key(key), new_state)

    async def flush(self) -> None:
        """Every update above is written at once; nothing is buffered."""

    # Chat, bot and callback data are switched off in `store_data`; PTB never calls these with data to keep.
    async def get_chat_data(self) -> dict:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        return None

    async def get_bot_data(self) -> dict:
        return {}

    async def update_bot_data(self, data: dict) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict) -> None:
        return None

    async def get_callback_data(self) -> None:
        return None

    async def update_callback_data(self, data) -> None:
        return None

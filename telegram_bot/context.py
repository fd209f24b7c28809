"""The callback context every handler gets: PTB's, plus the sender's access record set by the middleware."""

from __future__ import annotations

from telegram.ext import Application, CallbackContext, ExtBot

from accounts.services.users import UserAccess


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    def __init__(self, application: Application, chat_id: int | None = None, user_id: int | None = None):
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.access: UserAccess | None = None

    @property
    def user_pk(self) -> int:
        """The sender's TelegramUser pk; handlers run only after the middleware has set `access`."""
        if self.access is None:
            raise RuntimeError("the access middleware did not run for this update")
        return self.access.id

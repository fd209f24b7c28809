"""The one error handler: a `UserError` that no handler answered is shown with its own (translated) message; any
other failure is logged with the traceback (Sentry picks it up) and answered with the apology. Either way no
conversation is left stuck on a half-handled step."""

from __future__ import annotations

import logging

import sentry_sdk
from telegram import Update
from telegram.error import TelegramError

from core.errors import UserError
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, UserError):  # the user's input or a limit: their message says what to do
        logger.info("update %s refused: %s", getattr(update, "update_id", "?"), error)
        text = f"⚠️ {error}"
    else:
        logger.error("update %s failed", getattr(update, "update_id", "?"), exc_info=error)
        sentry_sdk.capture_exception(error)  # a no-op unless SENTRY_DSN initialised Sentry
        text = texts.apology()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.effective_chat.send_message(text, reply_markup=keyboards.main_menu())
    except TelegramError:
        logger.warning("could not tell chat %s about the error", update.effective_chat.id, exc_info=True)

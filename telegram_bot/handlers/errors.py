"""The one error handler: log with the traceback (Sentry picks it up), apologise in the user's language, and
leave no conversation stuck on a half-handled step."""

from __future__ import annotations

import logging

import sentry_sdk
from telegram import Update
from telegram.error import TelegramError

from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    logger.error("update %s failed", getattr(update, "update_id", "?"), exc_info=context.error)
    sentry_sdk.capture_exception(context.error)  # a no-op unless SENTRY_DSN initialised Sentry
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await update.effective_chat.send_message(texts.apology(), reply_markup=keyboards.main_menu())
    except TelegramError:
        logger.warning("could not tell chat %s about the error", update.effective_chat.id, exc_info=True)

"""Runs before every handler (group -1): who the sender is, whether they may use the bot, and how often.

Users are created or refreshed on first contact, the user's language is activated for all texts of the update,
blocked and not-admitted users get one polite answer, and floods are cut by the per-user rate limit. Anything
refused stops here with `ApplicationHandlerStop`, so no other handler sees it.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from accounts.activity import Action, record
from accounts.services.users import TelegramProfile, touch_user
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.ratelimit import UpdateRateLimiter

logger = logging.getLogger(__name__)

REFUSAL_REPEAT_SECONDS = 24 * 3600


async def _answer(update: Update, text: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat:
        await update.effective_chat.send_message(text)


async def _answer_once(update: Update, reason: str, text: str) -> None:
    """One polite answer a day per user and reason, so refusals never turn into a conversation."""
    if await cache.aadd(f"bot-refused:{reason}:{update.effective_user.id}", 1, timeout=REFUSAL_REPEAT_SECONDS):
        await _answer(update, text)
    elif update.callback_query:
        await update.callback_query.answer()


def access_middleware(limiter: UpdateRateLimiter) -> TypeHandler:
    async def check_access(update: Update, context: BotContext) -> None:
        sender = update.effective_user
        if sender is None or sender.is_bot:
            raise ApplicationHandlerStop
        profile = TelegramProfile(
            telegram_id=sender.id,
            username=sender.username or "",
            first_name=sender.first_name or "",
            last_name=sender.last_name or "",
            language_code=sender.language_code or "",
        )
        access = await in_thread(touch_user)(profile)
        context.access = access
        translation.activate(access.language)
        if access.is_blocked:
            await _answer_once(update, "blocked", _("Sorry, your access to this bot has been suspended."))
            raise ApplicationHandlerStop
        if not access.may_use_bot:
            await in_thread(record)(access.id, Action.ACCESS_DENIED, reason="not_allowed")
            await _answer_once(
                update,
                "not_allowed",
                _("This bot works by invitation. Ask the administrator to admit you; your id is %(id)d.")
                % {"id": sender.id},
            )
            raise ApplicationHandlerStop
        verdict = await limiter.hit(sender.id)
        if not verdict.allowed:
            if verdict.first_refusal:
                await in_thread(record)(access.id, Action.RATE_LIMITED)
                await _answer(
                    update,
                    _("Too many requests, please try again in %(seconds)d seconds.")
                    % {"seconds": verdict.retry_in_seconds},
                )
            raise ApplicationHandlerStop

    return TypeHandler(Update, check_access)

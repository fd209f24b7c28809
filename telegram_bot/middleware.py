"""Runs before every handler (group -1): who the sender is, whether they may use the bot, and how often.

Users are created or refreshed on first contact (in allowlist mode only users it already knows: a stranger
is answered once a day and leaves no row), the user's language is activated for all texts of the update,
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
from accounts.services.users import TelegramProfile, initial_language, touch_user
from core.live_stats import note_bot_update
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


async def _answer_once(update: Update, reason: str, text: str) -> bool:
    """One polite answer a day per user and reason, so refusals never turn into a conversation; True if answered."""
    if await cache.aadd(f"bot-refused:{reason}:{update.effective_user.id}", 1, timeout=REFUSAL_REPEAT_SECONDS):
        await _answer(update, text)
        return True
    if update.callback_query:
        await update.callback_query.answer()
    return False


async def _refuse_uninvited(update: Update, telegram_id: int) -> bool:
    return await _answer_once(
        update,
        "not_allowed",
        _("This bot works by invitation. Ask the administrator to admit you; your id is %(id)d.") % {"id": telegram_id},
    )


def access_middleware(limiter: UpdateRateLimiter) -> TypeHandler:
    async def check_access(update: Update, context: BotContext) -> None:
        await in_thread(note_bot_update)()  # the dashboard's "updates processed"
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
        if access is None:  # a stranger in allowlist mode: answered, but no user row and no audit rows
            translation.activate(initial_language(sender.language_code))
            await _refuse_uninvited(update, sender.id)
            raise ApplicationHandlerStop
        context.access = access
        translation.activate(access.language)
        if access.is_blocked:
            await _answer_once(update, "blocked", _("Sorry, your access to this bot has been suspended."))
            raise ApplicationHandlerStop
        if not access.may_use_bot:
            if await _refuse_uninvited(update, sender.id):
                await in_thread(record)(access.id, Action.ACCESS_DENIED, reason="not_allowed")
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

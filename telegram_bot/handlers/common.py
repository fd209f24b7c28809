"""Small helpers every handler module uses: answering in place and refusing foreign ids the same way."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from telegram_bot.services.campaigns import ForeignCampaign


async def show(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Edit the menu the button was pressed on, or send a new message (typed command, vanished menu)."""
    query = update.callback_query
    if query is not None and query.message is not None:
        try:
            edited = await query.edit_message_text(text, reply_markup=markup)
            return edited if isinstance(edited, Message) else None
        except BadRequest as error:
            if "not modified" in str(error):
                return None
            # A message deleted by the user or too old to edit: answer with a new one instead.
            if "not found" not in str(error) and "can't be edited" not in str(error):
                raise
    return await update.effective_chat.send_message(text, reply_markup=markup)


async def answer_query(update: Update, text: str | None = None) -> None:
    """Stops the button's spinner; always first in a callback handler."""
    if update.callback_query is not None:
        await update.callback_query.answer(text)


Handler = Callable[..., Awaitable[Any]]


def own_campaigns_only(handler: Handler) -> Handler:
    """The ownership check of every handler that takes a campaign or run id from callback data (a client can forge
    it): the services raise `ForeignCampaign` for another user's id, and this answers it in place, the same way
    everywhere, ending a conversation the handler was in."""

    @functools.wraps(handler)
    async def guarded(update: Update, context) -> Any:
        try:
            return await handler(update, context)
        except ForeignCampaign as refusal:
            await show(update, str(refusal))
            return ConversationHandler.END

    return guarded


def matched_id(update: Update, context) -> int:
    """The numeric id captured by the callback pattern (`open_(\\d+)`)."""
    return int(context.match.group(1))

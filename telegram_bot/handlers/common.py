"""Small helpers every handler module uses: answering in place and refusing foreign ids the same way."""

from __future__ import annotations

from django.utils.translation import gettext as _
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest


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


async def refuse_foreign(update: Update) -> None:
    await show(update, _("This campaign is not available."))


def matched_id(update: Update, context) -> int:
    """The numeric id captured by the callback pattern (`open_(\\d+)`)."""
    return int(context.match.group(1))

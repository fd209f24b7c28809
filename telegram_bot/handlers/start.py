"""/start, /help and the main menu."""

from __future__ import annotations

from django.utils.translation import gettext as _
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from accounts.activity import Action, record
from telegram_bot import callbacks as cb
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, show


async def start(update: Update, context: BotContext) -> None:
    await in_thread(record)(context.user_pk, Action.START)
    await update.effective_chat.send_message(
        texts.welcome(update.effective_user.first_name), reply_markup=keyboards.main_menu()
    )


async def main_menu(update: Update, context: BotContext) -> None:
    """The way back from History and Settings."""
    await answer_query(update)
    await show(update, _("Choose what to do:"), keyboards.main_menu())


async def help_command(update: Update, context: BotContext) -> None:
    await answer_query(update)
    await show(update, texts.help_text(), keyboards.main_menu())


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    await update.effective_chat.send_message(_("There is nothing to cancel."), reply_markup=keyboards.main_menu())


async def not_understood(update: Update, context: BotContext) -> None:
    """Whatever no conversation is waiting for: point to the menu rather than stay silent."""
    await update.effective_chat.send_message(
        _("I did not understand that. Choose what to do:"), reply_markup=keyboards.main_menu()
    )


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CallbackQueryHandler(help_command, pattern=f"^{cb.HELP}$"))
    app.add_handler(CallbackQueryHandler(main_menu, pattern=f"^{cb.MAIN_MENU}$"))
    app.add_handler(CommandHandler("cancel", nothing_to_cancel))


def register_fallback(app: Application) -> None:
    """Registered after every other handler of the group, so it only sees what nothing else took."""
    app.add_handler(MessageHandler(filters.ALL, not_understood))

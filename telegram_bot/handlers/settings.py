"""/settings: Yandex token (deleted from the chat once saved, stored encrypted, shown masked), Google e-mail,
language, default region and budget, and the user's limits and usage."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from accounts.budget import BudgetError, parse_budget
from accounts.services import users
from campaigns.services.usage import usage_of
from core.scrub import remember_user_secret
from semantic.regions import find_regions, region_by_id
from telegram_bot import callbacks as cb
from telegram_bot import keyboards, texts
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers.common import answer_query, show
from telegram_bot.services.tokens import check_yandex_token

TOKEN, EMAIL, REGION, BUDGET, MIN_EXACT = "token", "email", "region", "budget", "min_exact"
CONVERSATION_NAME = "settings"


async def _settings_screen(context: BotContext) -> tuple[str, object]:
    """The settings text and its menu (which offers removing the token only when one is saved)."""
    current = await in_thread(users.user_settings)(context.user_pk)
    usage = await in_thread(usage_of)(context.user_pk)
    region = region_by_id(current.default_region_id) if current.default_region_id else None
    return "\n".join(
        [
            _("Your settings:"),
            "",
            _("Yandex token: %(value)s") % {"value": current.masked_token or _("not set")},
            _("Google e-mail: %(value)s") % {"value": current.google_email or _("not set")},
            _("Language: %(value)s") % {"value": "Русский" if current.language == "ru" else "English"},
            _("Default region: %(value)s") % {"value": region.name(current.language) if region else _("not set")},
            _("Default budget: %(value)s") % {"value": texts.budget(current.default_budget)},
            _("Exact-frequency filter: %(value)s") % {"value": texts.min_exact_setting(current.default_min_exact)},
            "",
            _("Campaigns: %(used)d of %(limit)d · builds this month: %(runs)d")
            % {"used": usage.campaigns_used, "limit": current.campaign_limit, "runs": usage.runs_this_month},
        ]
    ), keyboards.settings_menu(has_token=bool(current.masked_token))


async def show_settings(update: Update, context: BotContext) -> int:
    await answer_query(update)
    await show(update, *await _settings_screen(context))
    return ConversationHandler.END


async def _saved(update: Update, context: BotContext, note: str) -> int:
    text, markup = await _settings_screen(context)
    if update.callback_query is not None:
        await show(update, f"{note}\n\n{text}", markup)
    else:
        await update.effective_chat.send_message(f"{note}\n\n{text}", reply_markup=markup)
    return ConversationHandler.END


async def ask_setting(update: Update, context: BotContext) -> str | int:
    await answer_query(update)
    field = context.match.group(1)
    if field == "language":
        await show(update, _("Choose the language:"), keyboards.languages())
        return ConversationHandler.END
    questions = {
        TOKEN: _(
            "Send your Yandex OAuth token for Wordstat. I will delete your message right after saving it; the token "
            "is stored encrypted."
        ),
        EMAIL: _("Send the Google e-mail to share spreadsheets with."),
        REGION: _("Type the city or region to offer by default."),
        BUDGET: _("Send the default budget in rubles, or 0 to clear it."),
        MIN_EXACT: _(
            "Phrases searched fewer times a month in exactly their form are removed from your new builds. Send the "
            "threshold (0 turns the filter off), or use the service's default."
        ),
    }
    markup = (
        keyboards.min_exact_question(settings.SEMANTIC_MIN_EXACT_FREQUENCY)
        if field == MIN_EXACT
        else keyboards.cancel_only()
    )
    await show(update, questions[field], markup)
    return field


async def receive_token(update: Update, context: BotContext) -> str | int:
    message = update.message
    remember_user_secret(message.text)  # masked in every log line from now on, whatever its shape
    deleted = await _delete(message)
    not_deleted = "" if deleted else "\n" + _not_deleted_note()
    try:
        token = users.validate_yandex_token(message.text)
    except users.SettingsError as error:
        await update.effective_chat.send_message(f"⚠️ {error}{not_deleted}", reply_markup=keyboards.cancel_only())
        return TOKEN
    check = await in_thread(check_yandex_token)(token, translation.get_language())
    if check.rejected:
        await update.effective_chat.send_message(
            _("⚠️ Wordstat does not accept this token; it was not saved. Send another one or /cancel.") + not_deleted,
            reply_markup=keyboards.cancel_only(),
        )
        return TOKEN
    try:
        masked = await in_thread(users.set_yandex_token)(context.user_pk, token)
    except users.SettingsError as error:
        await update.effective_chat.send_message(f"⚠️ {error}{not_deleted}", reply_markup=keyboards.cancel_only())
        return TOKEN
    if deleted:
        note = _("Token saved: %(token)s. Your message with it was deleted.") % {"token": masked}
    else:
        note = _("Token saved: %(token)s.") % {"token": masked} + not_deleted
    if check.checked:
        note += "\n" + _("Wordstat accepted it (account: %(login)s).") % {"login": check.login or "—"}
    else:
        note += "\n" + _("Wordstat could not be reached to check it; it will be checked at the next build.")
    note += "\n" + _direct_note(check.direct)
    return await _saved(update, context, note)


def _direct_note(direct) -> str:
    """Which of the two APIs the token opens: Direct decides whether «Upload to Direct» will work."""
    if direct is not None and direct.usable:
        return _("Yandex Direct accepted it too: you can upload campaigns to Direct.")
    if direct is not None and direct.checked:
        return _("Yandex Direct does not accept it (%(reason)s): campaigns can be built, not uploaded.") % {
            "reason": direct.error
        }
    return _("Yandex Direct could not be reached to check it.")


def _not_deleted_note() -> str:
    return _("⚠️ I could not delete your message with the token: please delete it yourself.")


async def _delete(message) -> bool:
    """The token must not stay in the chat; True only when Telegram confirms the message is gone (a group chat
    without the right to delete, or a message too old, leaves it there)."""
    try:
        return bool(await message.delete())
    except TelegramError:
        return False


async def remove_token(update: Update, context: BotContext) -> None:
    await answer_query(update)
    removed = await in_thread(users.remove_yandex_token)(context.user_pk)
    await _saved(update, context, _("The Yandex token was removed.") if removed else _("No token was saved."))


async def receive_min_exact(update: Update, context: BotContext) -> str | int:
    try:
        value = users.parse_min_exact(update.message.text)
    except users.SettingsError as error:
        markup = keyboards.min_exact_question(settings.SEMANTIC_MIN_EXACT_FREQUENCY)
        await update.effective_chat.send_message(f"⚠️ {error}", reply_markup=markup)
        return MIN_EXACT
    return await _min_exact_saved(update, context, value)


async def default_min_exact(update: Update, context: BotContext) -> int:
    await answer_query(update)
    return await _min_exact_saved(update, context, None)


async def _min_exact_saved(update: Update, context: BotContext, value: int | None) -> int:
    await in_thread(users.set_default_min_exact)(context.user_pk, value)
    note = _("Exact-frequency filter for new builds: %(value)s") % {"value": texts.min_exact_setting(value)}
    return await _saved(update, context, note)


async def receive_email(update: Update, context: BotContext) -> str | int:
    try:
        email = await in_thread(users.set_google_email)(context.user_pk, update.message.text)
    except users.SettingsError as error:
        await update.effective_chat.send_message(f"⚠️ {error}", reply_markup=keyboards.cancel_only())
        return EMAIL
    return await _saved(update, context, _("E-mail saved: %(email)s") % {"email": email})


async def receive_region(update: Update, context: BotContext) -> str | int:
    found = find_regions(update.message.text)
    if not found:
        await update.effective_chat.send_message(
            _("⚠️ I could not find this region. Type the name of a city or region, e.g. Kazan."),
            reply_markup=keyboards.cancel_only(),
        )
        return REGION
    region = found[0]
    await in_thread(users.set_default_region)(context.user_pk, region.id)
    return await _saved(update, context, _("Default region: %(name)s") % {"name": region.name(context.access.language)})


async def receive_budget(update: Update, context: BotContext) -> str | int:
    text = update.message.text.strip()
    try:
        budget = None if text == "0" else parse_budget(text)
    except BudgetError as error:
        await update.effective_chat.send_message(f"⚠️ {error}", reply_markup=keyboards.cancel_only())
        return BUDGET
    await in_thread(users.set_default_budget)(context.user_pk, budget)
    return await _saved(update, context, _("Default budget: %(value)s") % {"value": texts.budget(budget)})


async def set_language(update: Update, context: BotContext) -> None:
    await answer_query(update)
    language = context.match.group(1)
    await in_thread(users.set_language)(context.user_pk, language)
    translation.activate(language)
    await show(update, *await _settings_screen(context))


async def cancel(update: Update, context: BotContext) -> int:
    await answer_query(update)
    await show(update, _("Nothing was changed."), keyboards.main_menu())
    return ConversationHandler.END


def register(app: Application) -> None:
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_setting, pattern=cb.SET_PATTERN)],
            states={
                TOKEN: [MessageHandler(text, receive_token)],
                EMAIL: [MessageHandler(text, receive_email)],
                REGION: [MessageHandler(text, receive_region)],
                BUDGET: [MessageHandler(text, receive_budget)],
                MIN_EXACT: [
                    MessageHandler(text, receive_min_exact),
                    CallbackQueryHandler(default_min_exact, pattern=f"^{cb.USE_DEFAULT}$"),
                ],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                CallbackQueryHandler(cancel, pattern=f"^{cb.CANCEL_CAMPAIGN}$"),
            ],
            name=CONVERSATION_NAME,
            persistent=True,
            allow_reentry=True,
        )
    )
    app.add_handler(CommandHandler("settings", show_settings))
    app.add_handler(CallbackQueryHandler(show_settings, pattern=f"^{cb.SETTINGS}$"))
    app.add_handler(CallbackQueryHandler(set_language, pattern=cb.LANGUAGE_PATTERN))
    app.add_handler(CallbackQueryHandler(remove_token, pattern=f"^{cb.REMOVE_TOKEN}$"))

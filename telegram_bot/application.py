"""Builds the bot: PTB Application with the Bot API base URL from settings, rate limiter, DB persistence,
the access middleware, every handler, and the command menu set at start."""

from __future__ import annotations

import warnings

from django.conf import settings
from django.utils import translation
from telegram import BotCommand, Update
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseUpdateProcessor, ContextTypes
from telegram.warnings import PTBUserWarning

from core.live_stats import note_bot_started
from semantic.regions import all_regions
from telegram_bot.context import BotContext
from telegram_bot.db import in_thread
from telegram_bot.handlers import admin, campaign, errors, history, start, stats
from telegram_bot.handlers import settings as settings_handlers
from telegram_bot.middleware import access_middleware
from telegram_bot.persistence import DatabasePersistence
from telegram_bot.ratelimit import UpdateRateLimiter
from telegram_bot.texts import COMMANDS
from telegram_bot.updates import PerUserUpdateProcessor

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def warm_up() -> None:
    """Load what the first users would otherwise wait for: the region list and both translation catalogues."""
    all_regions()
    for language in ("ru", "en"):
        with translation.override(language):
            str(COMMANDS[0][1])


async def on_start(app: Application) -> None:
    warm_up()
    await in_thread(note_bot_started)()  # the dashboard's bot uptime and update count start again
    await set_commands(app)


async def set_commands(app: Application) -> None:
    """The command menu in each language; Telegram shows the one matching the user's app language."""
    for language in ("ru", "en"):
        with translation.override(language):
            commands = [BotCommand(name, str(description)) for name, description in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=language)
    with translation.override(settings.LANGUAGE_CODE):
        await app.bot.set_my_commands([BotCommand(name, str(description)) for name, description in COMMANDS])


def register_handlers(app: Application, limiter: UpdateRateLimiter) -> None:
    app.add_handler(access_middleware(limiter), group=-1)
    with warnings.catch_warnings():
        # Our conversations are per chat and user on purpose (a button continues the chat's conversation);
        # PTB warns about CallbackQueryHandlers with per_message=False regardless, as its FAQ acknowledges.
        warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
        # Conversations that start from an explicit button come first: while one of them waits for typed
        # text, that text is theirs and not the campaign conversation's.
        settings_handlers.register(app)
        admin.register(app)
        campaign.register(app)
    start.register(app)
    history.register(app)
    stats.register(app)
    start.register_fallback(app)
    app.add_error_handler(errors.on_error)


def build_application(
    token: str | None = None,
    *,
    base_url: str | None = None,
    base_file_url: str | None = None,
    limiter: UpdateRateLimiter | None = None,
    update_processor: BaseUpdateProcessor | None = None,
) -> Application:
    """No network here: PTB connects in `initialize()`, so importing or building stays offline."""
    base_url = base_url or settings.TELEGRAM_API_BASE_URL
    app = (
        ApplicationBuilder()
        .token(token or settings.TELEGRAM_BOT_TOKEN)
        .base_url(base_url)
        .base_file_url(base_file_url or _file_url(base_url))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.TELEGRAM_SEND_PER_SECOND, max_retries=2))
        .persistence(DatabasePersistence(update_interval=settings.BOT_PERSISTENCE_INTERVAL))
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(update_processor or PerUserUpdateProcessor(settings.BOT_CONCURRENT_UPDATES))
        .post_init(on_start)
        .build()
    )
    register_handlers(app, limiter or UpdateRateLimiter.from_settings())
    return app


def _file_url(base_url: str) -> str:
    """Telegram serves files from /file/bot<token>/ beside /bot<token>/; a self-hosted server does the same."""
    return base_url[: -len("/bot")] + "/file/bot" if base_url.endswith("/bot") else base_url

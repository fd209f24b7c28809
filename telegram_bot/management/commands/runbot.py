"""`python manage.py runbot`: the bot, by long polling, until SIGINT/SIGTERM."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from telegram.error import InvalidToken

from telegram_bot.application import ALLOWED_UPDATES, build_application


class Command(BaseCommand):
    help = "Run the Telegram bot (long polling). Stops cleanly on Ctrl+C or SIGTERM, saving conversation state."

    def handle(self, *args, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN: is required to run the bot; get one from @BotFather")
        app = build_application()
        self.stdout.write(f"Bot starting against {settings.TELEGRAM_API_BASE_URL} …")
        try:
            # PTB installs the SIGINT/SIGTERM handlers, finishes the updates in hand and flushes persistence. The
            # event loop is the caller's (the process exits right after; tests call the command in-process).
            app.run_polling(allowed_updates=ALLOWED_UPDATES, close_loop=False)
        except InvalidToken as error:
            raise CommandError(f"TELEGRAM_BOT_TOKEN: Telegram rejected the token ({error})") from None
        self.stdout.write("Bot stopped.")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelegramBotConfig(AppConfig):
    name = "telegram_bot"
    verbose_name = _("Telegram bot")

    def ready(self):
        """Workers learn of progress through the pipeline's signals; this app turns them into chat messages."""
        from campaigns.pipeline.signals import run_finished, run_progress
        from telegram_bot import notify

        run_progress.connect(notify.on_run_progress, dispatch_uid="telegram_bot.progress")
        run_finished.connect(notify.on_run_finished, dispatch_uid="telegram_bot.finished")

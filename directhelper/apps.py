from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectHelperConfig(AppConfig):
    """The project package as an app, so it can own operations commands, the heartbeat task and admin pages."""

    name = "directhelper"
    verbose_name = _("Operations")

    def ready(self):
        # The broadcast model and sender are the bot's (telegram_bot); their admin UI is registered from here.
        from directhelper import admin_telegram_bot  # noqa: F401

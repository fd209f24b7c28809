from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The top floor: the dashboard, /healthz, the worker heartbeat and backups. It reads every app; none imports it."""

    name = "operations"
    verbose_name = _("Operations")

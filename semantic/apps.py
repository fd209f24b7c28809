from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SemanticConfig(AppConfig):
    """The semantic core is plain Python; the app exists for its management command and translations."""

    name = "semantic"
    verbose_name = _("Semantic core")

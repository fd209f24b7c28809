from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """The review-and-edit page of a built campaign (Telegram Mini App and signed links), above `campaigns`."""

    name = "review"
    verbose_name = _("Campaign review")

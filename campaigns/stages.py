"""The pipeline's stages, in order, with the names users see (the bot's progress message, the admin)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    COLLECT = "collect", _("Collecting keywords")
    CLEAN = "clean", _("Cleaning")
    CLUSTER = "cluster", _("Grouping")
    NEGATIVES = "negatives", _("Negative keywords")
    ADS = "ads", _("Writing ads")
    EXPORT = "export", _("Export")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)

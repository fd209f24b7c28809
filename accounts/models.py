from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.fields import RequiredKeyEncryptedTextField
from core.models import TimestampedModel

DEFAULT_CAMPAIGN_LIMIT = 10


class Language(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class TelegramUser(TimestampedModel):
    telegram_id = models.BigIntegerField(_("Telegram id"), unique=True)
    username = models.CharField(_("username"), max_length=64, blank=True, db_index=True)
    first_name = models.CharField(_("first name"), max_length=128, blank=True)
    last_name = models.CharField(_("last name"), max_length=128, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RUSSIAN)
    is_admin = models.BooleanField(_("bot admin"), default=False)
    is_blocked = models.BooleanField(_("blocked"), default=False)
    is_allowed = models.BooleanField(
        _("allowed"), default=False, help_text=_("Admitted by an admin when the bot runs in allowlist mode.")
    )
    campaign_limit = models.PositiveIntegerField(_("campaign limit"), default=DEFAULT_CAMPAIGN_LIMIT)
    default_region_id = models.PositiveIntegerField(_("default region (geo id)"), null=True, blank=True)
    default_budget = models.DecimalField(
        _("default budget, RUB"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    default_min_exact = models.PositiveIntegerField(
        _("default minimum exact frequency"),
        null=True,
        blank=True,
        help_text=_("For the user's new campaigns; empty uses the service's default, 0 turns the filter off."),
    )
    yandex_token = RequiredKeyEncryptedTextField(_("Yandex OAuth token"), null=True, blank=True)
    google_email = models.EmailField(_("Google e-mail for sharing"), blank=True)
    weekly_digest = models.BooleanField(
        _("weekly statistics digest"),
        default=True,
        help_text=_("Every week the bot sends the statistics of each campaign uploaded to Direct."),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Telegram user")
        verbose_name_plural = _("Telegram users")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["is_blocked", "last_activity_at"], name="tguser_blocked_activity")]

    def __str__(self):
        if self.username:
            return f"@{self.username} ({self.telegram_id})"
        full_name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return f"{full_name or _('user')} ({self.telegram_id})"

    @property
    def masked_yandex_token(self) -> str:
        """What the admin and the bot show instead of the token: enough to recognise it, not to use it."""
        token = self.yandex_token
        if not token:
            return ""
        return f"{token[:4]}…{token[-4:]}" if len(token) > 12 else "…" * 3


class ActivityEvent(models.Model):
    """The audit log: who did what and when, kept read-only in the admin."""

    user = models.ForeignKey(
        TelegramUser, verbose_name=_("user"), related_name="events", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("action"), max_length=64)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        ordering = ["-created_at"]
        # The audit log per user, and the dashboard's active users and conversion counted from the index alone.
        indexes = [
            models.Index(fields=["user", "-created_at"], name="event_user_time"),
            models.Index(fields=["created_at", "user"], name="event_time_user"),
            models.Index(fields=["action", "created_at", "user"], name="event_action_time_user"),
        ]

    def __str__(self):
        return f"{self.action} · {self.user or '—'}"

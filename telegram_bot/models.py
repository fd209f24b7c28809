"""The bot's own rows: conversation state that survives restarts, and broadcasts with their delivery report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationState(models.Model):
    """Where one chat stands in one ConversationHandler, so a restart mid-conversation resumes the same question."""

    name = models.CharField(_("conversation"), max_length=64)
    key = models.CharField(_("key"), max_length=128, help_text=_("The chat/user ids PTB keys the state by, as JSON."))
    state = models.JSONField(_("state"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("conversation state")
        verbose_name_plural = _("conversation states")
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="conversation_state_unique_key")]

    def __str__(self):
        return f"{self.name} {self.key}: {self.state}"


class PersistedUserData(models.Model):
    """PTB's per-user scratch data (e.g. the id of the draft being edited), kept across restarts."""

    telegram_id = models.BigIntegerField(_("Telegram id"), unique=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bot user data")
        verbose_name_plural = _("bot user data")

    def __str__(self):
        return str(self.telegram_id)


class BroadcastStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Broadcast(models.Model):
    """One message sent to many users; the report says who did not get it and why."""

    text = models.TextField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by (staff)"),
        related_name="broadcasts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_by_user = models.ForeignKey(
        "accounts.TelegramUser",
        verbose_name=_("created by (bot admin)"),
        related_name="broadcasts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    recipient_ids = models.JSONField(_("recipients (user pks)"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BroadcastStatus.choices, default=BroadcastStatus.PENDING
    )
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    blocked_by_user = models.PositiveIntegerField(_("bot blocked by the user"), default=0)
    report = models.JSONField(
        _("report"), default=dict, blank=True, help_text=_("Failed Telegram ids with the error Telegram gave.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="broadcast_status_created")]

    def __str__(self):
        return f"#{self.pk} · {self.text[:40]}"


class RunMessage(models.Model):
    """The chat message that shows a pipeline run's progress and then its result.

    The bot's knowledge, not the pipeline's: written in the same transaction that queues the run from the chat,
    so even a run a worker picks up at once finds its message. Runs started from the CLI or the admin have none.
    """

    run = models.OneToOneField(
        "campaigns.PipelineRun", verbose_name=_("run"), related_name="chat_message", on_delete=models.CASCADE
    )
    chat_id = models.BigIntegerField(_("chat id"))
    message_id = models.BigIntegerField(_("message id"), null=True, blank=True)

    class Meta:
        verbose_name = _("run message")
        verbose_name_plural = _("run messages")

    def __str__(self):
        return f"{self.run_id} → {self.chat_id}/{self.message_id or '—'}"

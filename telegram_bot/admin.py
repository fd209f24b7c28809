"""The admin for the bot's models: the broadcast composer with delivery reports, and the bot's saved state.

The bot owns the models, the sending and its limits, so their admin pages live here too. Composing is one
page with three buttons: Preview (shows the message and how many users it reaches), Send a test (to one Telegram
id, at once, so staff see it in their own chat first) and Send (saves the broadcast; a worker sends it).
Staff accounts have no Telegram identity, so the test recipient is typed in and remembered for the session.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.admin import BROADCAST_RECIPIENTS_SESSION_KEY
from accounts.models import Language
from accounts.services.users import admitted_users
from core.admin_mixins import ReadOnlyAdminMixin
from telegram_bot.models import Broadcast, ConversationState, PersistedUserData
from telegram_bot.notify import send_text
from telegram_bot.services.broadcast import start_broadcast

TELEGRAM_MESSAGE_LIMIT = 4096  # characters Telegram accepts in one text message
TEST_CHAT_SESSION_KEY = "broadcast_test_chat_id"


class Recipients:
    ALL = "all"
    FILTER = "filter"
    SELECTED = "selected"


class BroadcastForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=TELEGRAM_MESSAGE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=gettext_lazy("Plain text, up to 4096 characters: one Telegram message."),
    )
    recipients = forms.ChoiceField(
        label=gettext_lazy("Recipients"),
        widget=forms.RadioSelect,
        choices=(
            (Recipients.ALL, gettext_lazy("All active users (not blocked)")),
            (Recipients.FILTER, gettext_lazy("Active users matching the filter below")),
            (Recipients.SELECTED, gettext_lazy("The users selected in the user list")),
        ),
        initial=Recipients.ALL,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Filter: language"),
        choices=(("", gettext_lazy("any")), *Language.choices),
        required=False,
    )
    active_within_days = forms.IntegerField(
        label=gettext_lazy("Filter: active in the last N days"), min_value=1, max_value=3650, required=False
    )
    test_chat_id = forms.IntegerField(
        label=gettext_lazy("Telegram id for a test send"),
        required=False,
        help_text=gettext_lazy("Your own Telegram id: the test message goes only there."),
    )

    def __init__(self, *args, selected_ids: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.selected_ids = selected_ids or []

    def clean(self):
        data = super().clean()
        if data.get("recipients") == Recipients.SELECTED and not self.selected_ids:
            raise forms.ValidationError(
                _("No users are selected. Select them in the user list and use “Send a message to selected users”.")
            )
        if data.get("recipients") == Recipients.FILTER and not (data.get("language") or data.get("active_within_days")):
            raise forms.ValidationError(_("Choose a language or an activity period for the filter."))
        return data

    def recipient_queryset(self):
        """Blocked users (and, in allowlist mode, users never admitted) are not messaged, however chosen."""
        users = admitted_users()
        data = self.cleaned_data
        if data["recipients"] == Recipients.SELECTED:
            return users.filter(pk__in=self.selected_ids)
        if data["recipients"] == Recipients.FILTER:
            if data.get("language"):
                users = users.filter(language=data["language"])
            if data.get("active_within_days"):
                since = timezone.now() - timedelta(days=data["active_within_days"])
                users = users.filter(last_activity_at__gte=since)
        return users


@admin.register(Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "created_at",
        "short_text",
        "status",
        "recipients_total",
        "delivered",
        "failed",
        "blocked_by_user",
        "sender",
        "finished_at",
    )
    list_filter = ("status", "created_at")
    list_select_related = ("created_by", "created_by_user")
    search_fields = ("text",)
    date_hierarchy = "created_at"
    fields = (
        "text",
        "status",
        "sender",
        "recipients_total",
        "delivered",
        "failed",
        "blocked_by_user",
        "report",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("text"))
    def short_text(self, broadcast):
        return broadcast.text[:60] + ("…" if len(broadcast.text) > 60 else "")

    @admin.display(description=gettext_lazy("sent by"))
    def sender(self, broadcast):
        return broadcast.created_by or broadcast.created_by_user or "—"

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """The composer replaces the model form: a broadcast is created only by `start_broadcast`."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        selected_ids = request.session.get(BROADCAST_RECIPIENTS_SESSION_KEY, [])
        if request.method == "POST":
            form = BroadcastForm(request.POST, selected_ids=selected_ids)
        else:
            form = BroadcastForm(
                initial={
                    "recipients": request.GET.get("recipients", Recipients.ALL),
                    "test_chat_id": request.session.get(TEST_CHAT_SESSION_KEY),
                },
                selected_ids=selected_ids,
            )
        preview = None
        if request.method == "POST" and form.is_valid():
            recipients = form.recipient_queryset()
            if "_send" in request.POST:
                return self._send(request, form.cleaned_data["text"], list(recipients.values_list("pk", flat=True)))
            if "_test" in request.POST:
                self._send_test(request, form)
            preview = {"text": form.cleaned_data["text"], "recipient_count": recipients.count()}
        context = {
            **self.admin_site.each_context(request),
            "title": _("New broadcast"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview,
            "selected_count": len(selected_ids),
            "message_limit": TELEGRAM_MESSAGE_LIMIT,
        }
        return TemplateResponse(request, "admin/directhelper/broadcast_compose.html", context)

    def _send_test(self, request, form):
        chat_id = form.cleaned_data.get("test_chat_id")
        if not chat_id:
            self.message_user(request, _("Enter a Telegram id for the test send."), messages.WARNING)
            return
        request.session[TEST_CHAT_SESSION_KEY] = chat_id
        if send_text(chat_id, form.cleaned_data["text"]):
            self.message_user(request, _("The test message was sent to %(chat)s.") % {"chat": chat_id})
        else:
            self.message_user(
                request,
                _("Telegram did not accept the test message for %(chat)s (see the log for its answer).")
                % {"chat": chat_id},
                messages.ERROR,
            )

    def _send(self, request, text, recipient_ids):
        if not recipient_ids:
            self.message_user(request, _("Nobody matches these recipients; nothing was sent."), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        broadcast = start_broadcast(text, recipient_ids, created_by_id=request.user.pk)
        request.session.pop(BROADCAST_RECIPIENTS_SESSION_KEY, None)
        self.message_user(
            request,
            _("Broadcast #%(id)d queued for %(count)d user(s); its delivery report fills in as it is sent.")
            % {"id": broadcast.pk, "count": broadcast.recipients_total},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:telegram_bot_broadcast_change", args=[broadcast.pk]))


@admin.register(ConversationState)
class ConversationStateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Where each chat stands in a conversation: for support questions ("the bot ignores me"), never edited."""

    list_display = ("name", "key", "state", "updated_at")
    list_filter = ("name",)
    search_fields = ("key",)


@admin.register(PersistedUserData)
class PersistedUserDataAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("telegram_id", "updated_at")
    search_fields = ("=telegram_id",)

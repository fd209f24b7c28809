from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.activity import Action
from accounts.models import ActivityEvent, TelegramUser
from accounts.services import moderation
from core.admin_mixins import ReadOnlyAdminMixin, apply_to_each, telegram_user_filter

BROADCAST_RECIPIENTS_SESSION_KEY = "broadcast_recipient_ids"


class ActivityFilter(admin.SimpleListFilter):
    title = gettext_lazy("activity")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return (
            ("1", gettext_lazy("Active today")),
            ("7", gettext_lazy("Active in the last 7 days")),
            ("30", gettext_lazy("Active in the last 30 days")),
            ("idle", gettext_lazy("Idle for over 30 days")),
            ("never", gettext_lazy("Never active")),
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value in {"1", "7", "30"}:
            return queryset.filter(last_activity_at__gte=timezone.now() - timedelta(days=int(value)))
        if value == "idle":
            return queryset.filter(last_activity_at__lt=timezone.now() - timedelta(days=30))
        if value == "never":
            return queryset.filter(last_activity_at__isnull=True)
        return queryset


class CampaignLimitForm(forms.Form):
    limit = forms.IntegerField(label=gettext_lazy("New campaign limit"), min_value=0, max_value=10_000)


def _actor(request) -> str:
    return f"admin:{request.user.get_username()}"


@admin.register(TelegramUser)
class TelegramUserAdmin(admin.ModelAdmin):
    list_display = (
        "telegram_id",
        "username",
        "first_name",
        "language",
        "is_admin",
        "is_blocked",
        "is_allowed",
        "campaign_limit",
        "last_activity_at",
        "created_at",
    )
    # No date_hierarchy on the big lists: on SQLite it truncates every row's date in Python; date filters use ranges.
    list_filter = ("is_blocked", "is_admin", "is_allowed", "language", ActivityFilter, "created_at")
    search_fields = ("=telegram_id", "username", "first_name", "last_name")
    search_help_text = gettext_lazy("Telegram id (exact), username or name.")
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over the whole table on every filtered page is not needed
    exclude = ("yandex_token",)  # never rendered, not even as a form value
    readonly_fields = ("telegram_id", "masked_yandex_token", "created_at", "updated_at", "last_activity_at")
    actions = ("block", "unblock", "allow", "make_admin", "set_campaign_limit", "send_message")

    @admin.display(description=gettext_lazy("Yandex OAuth token"))
    def masked_yandex_token(self, user):
        return user.masked_yandex_token or "—"

    def _moderate(self, request, queryset, change, done_message, unchanged_message):
        actor = _actor(request)
        report = apply_to_each(queryset.only("pk", "telegram_id", "username"), lambda user: change(user.pk, by=actor))
        report.send(self, request, done_message, unchanged_message)

    @admin.action(description=gettext_lazy("Block selected users"), permissions=["change"])
    def block(self, request, queryset):
        self._moderate(
            request, queryset, moderation.block_user, _("Blocked %(count)d user(s)."),
            _("Already blocked: %(objects)s."),
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Unblock selected users"), permissions=["change"])
    def unblock(self, request, queryset):
        self._moderate(
            request, queryset, moderation.unblock_user, _("Unblocked %(count)d user(s)."),
            _("Were not blocked: %(objects)s."),
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Allow selected users (allowlist mode)"), permissions=["change"])
    def allow(self, request, queryset):
        self._moderate(
            request, queryset, moderation.allow_user, _("Allowed %(count)d user(s)."),
            _("Already allowed: %(objects)s."),
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Make selected users bot admins"), permissions=["change"])
    def make_admin(self, request, queryset):
        self._moderate(
            request, queryset, moderation.make_admin, _("Made %(count)d user(s) bot admins."),
            _("Already bot admins: %(objects)s."),
        )  # fmt: skip

    @admin.action(description=gettext_lazy("Set the campaign limit…"), permissions=["change"])
    def set_campaign_limit(self, request, queryset):
        """Asks for the number on an intermediate page, then applies it through the moderation service."""
        form = CampaignLimitForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            limit = form.cleaned_data["limit"]
            actor = _actor(request)
            report = apply_to_each(
                queryset.only("pk", "telegram_id", "username"),
                lambda user: moderation.set_campaign_limit(user.pk, limit, by=actor),
            )
            report.send(
                self,
                request,
                _("Set the campaign limit to %(limit)d for %%(count)d user(s).") % {"limit": limit},
                _("Already had that limit: %(objects)s."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set the campaign limit"),
            "opts": self.model._meta,
            "form": form,
            "users": queryset.only("pk", "telegram_id", "username", "first_name", "last_name"),
            "action_name": "set_campaign_limit",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/directhelper/set_campaign_limit.html", context)

    @admin.action(description=gettext_lazy("Send a message to selected users…"), permissions=["view"])
    def send_message(self, request, queryset):
        """Hands the selection to the broadcast composer, which previews, test-sends and queues the message."""
        try:
            compose_url = reverse("admin:telegram_bot_broadcast_add")
        except NoReverseMatch:
            self.message_user(request, _("Broadcasts are not available in this installation."), messages.ERROR)
            return None
        if not request.user.has_perm("telegram_bot.add_broadcast"):
            self.message_user(request, _("You are not allowed to send broadcasts."), messages.ERROR)
            return None
        request.session[BROADCAST_RECIPIENTS_SESSION_KEY] = list(queryset.values_list("pk", flat=True))
        return HttpResponseRedirect(f"{compose_url}?recipients=selected")


class ActionFilter(admin.SimpleListFilter):
    """The audit log's actions from the vocabulary in code, so the filter costs no DISTINCT over a big table."""

    title = gettext_lazy("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        names = sorted(value for key, value in vars(Action).items() if key.isupper())
        return [(name, name.replace("_", " ")) for name in names]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(ActivityEvent)
class ActivityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "user", "action", "details")
    list_filter = (ActionFilter, telegram_user_filter("user"), "created_at")
    list_select_related = ("user",)
    search_fields = ("action", "user__username", "=user__telegram_id")
    list_per_page = 100
    show_full_result_count = False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import ActivityEvent, TelegramUser


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
        "campaign_count",
        "campaign_limit",
        "last_activity_at",
        "created_at",
    )
    list_filter = ("is_blocked", "is_admin", "is_allowed", "language")
    search_fields = ("=telegram_id", "username", "first_name", "last_name")
    date_hierarchy = "created_at"
    exclude = ("yandex_token",)  # never rendered, not even as a form value
    readonly_fields = ("telegram_id", "masked_yandex_token", "created_at", "updated_at", "last_activity_at")

    def get_queryset(self, request):
        return super().get_queryset(request).with_campaign_count()

    @admin.display(description=_("campaigns"), ordering="campaign_count")
    def campaign_count(self, user):
        return user.campaign_count

    @admin.display(description=_("Yandex OAuth token"))
    def masked_yandex_token(self, user):
        return user.masked_yandex_token or "—"


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "action")
    list_filter = ("action",)
    list_select_related = ("user",)
    search_fields = ("action", "user__username", "=user__telegram_id")
    date_hierarchy = "created_at"
    autocomplete_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaigns.models import Ad, AdGroup, Campaign, Keyword, PipelineRun

RESULT_FIELDS = (
    "status",
    "keyword_count",
    "group_count",
    "ad_count",
    "spreadsheet_url",
    "export_file",
    "campaign_data",
    "created_at",
    "updated_at",
    "completed_at",
)


class AdGroupInline(admin.TabularInline):
    model = AdGroup
    extra = 0
    fields = ("number", "name", "negative_keywords")
    readonly_fields = fields
    show_change_link = True


class PipelineRunInline(admin.TabularInline):
    model = PipelineRun
    extra = 0
    fields = ("kind", "status", "stage", "progress", "created_at", "finished_at", "error_message")
    readonly_fields = fields
    show_change_link = True


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "status", "region_name", "keyword_count", "group_count", "ad_count", "created_at")
    list_filter = ("status", "keyword_source", "language")
    list_select_related = ("owner",)
    search_fields = ("name", "target_url", "owner__username", "=owner__telegram_id")
    date_hierarchy = "created_at"
    autocomplete_fields = ("owner",)
    readonly_fields = RESULT_FIELDS
    inlines = (AdGroupInline, PipelineRunInline)


@admin.register(PipelineRun)
class PipelineRunAdmin(admin.ModelAdmin):
    list_display = ("id", "campaign", "user", "kind", "status", "stage", "progress", "created_at", "duration")
    list_filter = ("status", "kind", "stage")
    list_select_related = ("campaign", "user")
    search_fields = ("=id", "task_id", "campaign__name")
    date_hierarchy = "created_at"
    readonly_fields = (
        "task_id",
        "campaign",
        "user",
        "kind",
        "status",
        "stage",
        "progress",
        "message",
        "stage_timings",
        "result",
        "error_message",
        "chat_id",
        "progress_message_id",
        "created_at",
        "started_at",
        "finished_at",
    )

    @admin.display(description=_("duration, s"))
    def duration(self, run):
        seconds = run.duration_seconds
        return "—" if seconds is None else f"{seconds:.1f}"


class KeywordInline(admin.TabularInline):
    model = Keyword
    extra = 0
    fields = ("phrase", "frequency", "exact_frequency", "is_negative")
    readonly_fields = fields


class AdInline(admin.TabularInline):
    model = Ad
    extra = 0
    fields = ("kind", "titles", "texts", "link", "source", "validation_problems")
    readonly_fields = fields
    show_change_link = True


@admin.register(AdGroup)
class AdGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "campaign", "keyword_total")
    list_select_related = ("campaign",)
    search_fields = ("name", "campaign__name")
    inlines = (KeywordInline, AdInline)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(keyword_total=Count("keywords"))

    @admin.display(description=_("keywords"), ordering="keyword_total")
    def keyword_total(self, group):
        return group.keyword_total


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    list_display = ("phrase", "frequency", "exact_frequency", "group", "campaign", "is_negative")
    list_filter = ("is_negative",)
    list_select_related = ("group", "campaign")
    search_fields = ("phrase", "normalized")
    raw_id_fields = ("campaign", "group")


@admin.register(Ad)
class AdAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "source", "group", "has_problems")
    list_filter = ("kind", "source")
    list_select_related = ("group", "group__campaign")
    search_fields = ("group__name", "group__campaign__name")
    raw_id_fields = ("group",)

    @admin.display(description=_("problems"), boolean=True)
    def has_problems(self, ad):
        return bool(ad.validation_problems)

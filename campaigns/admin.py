from django.contrib import admin
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_celery_results.models import TaskResult

from accounts.admin import TelegramUserAdmin
from accounts.models import TelegramUser
from campaigns.models import Ad, AdGroup, ApiUsage, Campaign, Keyword, PipelineRun, RemovedPhrase, RunKind
from campaigns.services.runs import (
    ACTIVE_RUN_STATUSES,
    archive_campaign,
    cancel_run,
    queue_campaign_run,
    retry_run,
)
from campaigns.services.upload import queue_upload
from core.admin_mixins import ReadOnlyAdminMixin, apply_to_each, telegram_user_filter
from core.errors import UserError
from core.formatting import format_seconds
from core.sql import SecondsBetween

RESULT_FIELDS = (
    "status",
    "keyword_count",
    "group_count",
    "ad_count",
    "sheet_link",
    "download_link",
    "keyword_source_used",
    "negative_keywords",
    "dropped_negatives",
    "cluster_notes",
    "ad_fallbacks",
    "rejected_ads",
    "sheets_error",
    "exported_at",
    "created_at",
    "updated_at",
    "completed_at",
)


class AdGroupInline(admin.TabularInline):
    """Groups with their keyword and ad counts; each links to its page, where keywords and ads are inlined."""

    model = AdGroup
    extra = 0
    fields = ("number", "name", "keyword_total", "ad_total", "negative_keywords")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(keyword_total=Count("keywords", distinct=True), ad_total=Count("ads", distinct=True))
        )

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("keywords"))
    def keyword_total(self, group):
        return group.keyword_total

    @admin.display(description=gettext_lazy("ads"))
    def ad_total(self, group):
        return group.ad_total


class RemovedPhraseInline(admin.TabularInline):
    """What the pipeline dropped and why, as the removed-phrases sheet shows it."""

    model = RemovedPhrase
    extra = 0
    fields = ("phrase", "frequency", "reason", "confidence", "stage")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PipelineRunInline(admin.TabularInline):
    model = PipelineRun
    extra = 0
    fields = ("kind", "status", "stage", "progress", "created_at", "finished_at", "error_message")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "status", "region_name", "keyword_count", "group_count", "ad_count", "created_at")
    list_filter = (
        "status",
        "created_at",
        telegram_user_filter("owner", gettext_lazy("owner")),
        "keyword_source",
        "language",
    )
    list_select_related = ("owner",)
    search_fields = ("name", "target_url", "owner__username", "=owner__telegram_id")
    list_per_page = 50
    show_full_result_count = False
    autocomplete_fields = ("owner",)
    readonly_fields = RESULT_FIELDS
    exclude = ("spreadsheet_url", "export_file")  # shown as links among the results, never edited by hand
    inlines = (AdGroupInline, RemovedPhraseInline, PipelineRunInline)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # landing pages are https today
    actions = ("rerun", "cancel", "archive", "export_again", "upload_to_direct")

    def get_urls(self):
        download = path(
            "<int:campaign_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="campaigns_campaign_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request, campaign_id):
        """Serves the export through the admin, so staff get it with login and permissions, whatever serves media."""
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        if not self.has_view_permission(request, campaign):
            raise Http404
        if not campaign.export_file:
            raise Http404(_("This campaign has no export file."))
        try:
            handle = campaign.export_file.open("rb")
        except FileNotFoundError:
            raise Http404(_("The export file is gone from storage; export the campaign again.")) from None
        return FileResponse(handle, as_attachment=True, filename=campaign.export_file.name.rsplit("/", 1)[-1])

    @admin.display(description=gettext_lazy("Google Sheet"))
    def sheet_link(self, campaign):
        if not campaign.spreadsheet_url:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', campaign.spreadsheet_url, _("Open"))

    @admin.display(description=gettext_lazy("export file"))
    def download_link(self, campaign):
        if not campaign.export_file:
            return "—"
        url = reverse("admin:campaigns_campaign_download", args=[campaign.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def _queue(self, request, queryset, kind, done_message):
        report = apply_to_each(
            queryset.select_related(None).only("pk", "name"),
            lambda campaign: bool(queue_campaign_run(campaign.pk, kind=kind)),
            (UserError,),
        )
        report.send(self, request, done_message, "")

    @admin.action(description=gettext_lazy("Build selected campaigns again"), permissions=["change"])
    def rerun(self, request, queryset):
        self._queue(request, queryset, RunKind.BUILD, _("Queued %(count)d campaign(s) for a new build."))

    @admin.action(description=gettext_lazy("Export selected campaigns again"), permissions=["change"])
    def export_again(self, request, queryset):
        self._queue(request, queryset, RunKind.EXPORT, _("Queued %(count)d campaign(s) for a new export."))

    @admin.action(description=gettext_lazy("Upload selected campaigns to Yandex Direct"), permissions=["change"])
    def upload_to_direct(self, request, queryset):
        """With the owner's own token (YANDEX_DIRECT_TOKEN only for campaigns without an owner), to the account of the
        campaign's last upload; a campaign whose owner gave no token is refused and named in the report."""
        report = apply_to_each(
            queryset.select_related(None).only("pk", "name", "owner_id", "direct_moderate"),
            lambda campaign: bool(queue_upload(campaign.pk, campaign.owner_id, moderate=campaign.direct_moderate)),
            (UserError,),
        )
        report.send(self, request, _("Queued %(count)d campaign(s) for upload to Direct."), "")

    @admin.action(description=gettext_lazy("Cancel the running build"), permissions=["change"])
    def cancel(self, request, queryset):
        def cancel_active_runs(campaign):
            run_ids = campaign.runs.filter(status__in=ACTIVE_RUN_STATUSES).values_list("pk", flat=True)
            return any([cancel_run(run_id) for run_id in run_ids])

        report = apply_to_each(queryset.select_related(None).only("pk", "name"), cancel_active_runs)
        report.send(
            self, request, _("Cancelled the build of %(count)d campaign(s)."), _("Nothing was running: %(objects)s.")
        )

    @admin.action(description=gettext_lazy("Archive selected campaigns"), permissions=["change"])
    def archive(self, request, queryset):
        report = apply_to_each(
            queryset.select_related(None).only("pk", "name"), lambda campaign: archive_campaign(campaign.pk)
        )
        report.send(self, request, _("Archived %(count)d campaign(s)."), _("Already archived: %(objects)s."))


@admin.register(PipelineRun)
class PipelineRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "campaign",
        "user",
        "kind",
        "status",
        "stage",
        "progress",
        "created_at",
        "duration",
        "celery_status",
        "short_error",
    )
    list_filter = ("status", "kind", "stage", "created_at", telegram_user_filter("user"))
    list_select_related = ("campaign", "user")
    search_fields = ("=id", "task_id", "campaign__name")
    list_per_page = 50
    show_full_result_count = False
    fields = (
        "task_id",
        "celery_result",
        "campaign",
        "user",
        "kind",
        "status",
        "stage",
        "progress",
        "message",
        "stage_seconds",
        "result",
        "error_message",
        "cancel_requested",
        "created_at",
        "started_at",
        "finished_at",
        "duration",
    )
    readonly_fields = fields
    actions = ("cancel", "retry")

    def get_queryset(self, request):
        celery_status = TaskResult.objects.filter(task_id=OuterRef("task_id")).values("status")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                run_seconds=SecondsBetween("started_at", "finished_at"),
                celery_status=Subquery(celery_status),
            )
        )

    @admin.display(description=gettext_lazy("duration, s"), ordering="run_seconds")
    def duration(self, run):
        seconds = run.duration_seconds
        return "—" if seconds is None else format_seconds(seconds)

    @admin.display(description=gettext_lazy("seconds per stage"))
    def stage_seconds(self, run):
        timings = run.stage_seconds()
        return ", ".join(f"{stage} {format_seconds(seconds)}" for stage, seconds in timings.items()) or "—"

    @admin.display(description=gettext_lazy("Celery"), ordering="celery_status")
    def celery_status(self, run):
        return run.celery_status or "—"

    @admin.display(description=gettext_lazy("error"))
    def short_error(self, run):
        return Truncator(run.error_message).chars(80) or "—"

    @admin.display(description=gettext_lazy("Celery result"))
    def celery_result(self, run):
        result = TaskResult.objects.filter(task_id=run.task_id).first() if run.task_id else None
        if result is None:
            return "—"
        url = reverse("admin:django_celery_results_taskresult_change", args=[result.pk])
        finished = result.date_done.isoformat(timespec="seconds") if result.date_done else "—"
        return format_html('<a href="{}">{}</a> · {} · {}', url, result.status, result.task_name or "", finished)

    @admin.action(description=gettext_lazy("Cancel selected runs"), permissions=["cancel"])
    def cancel(self, request, queryset):
        report = apply_to_each(queryset, lambda run: cancel_run(run.pk))
        report.send(self, request, _("Cancelled %(count)d run(s)."), _("Already finished: %(objects)s."))

    @admin.action(description=gettext_lazy("Retry selected runs"), permissions=["cancel"])
    def retry(self, request, queryset):
        report = apply_to_each(queryset, lambda run: bool(retry_run(run.pk)), (UserError,))
        report.send(self, request, _("Queued %(count)d run(s) again."), "")

    def has_cancel_permission(self, request):
        """Runs are never edited by hand, so acting on them is granted by the campaign's change permission."""
        return request.user.has_perm("campaigns.change_campaign")


class KeywordInline(admin.TabularInline):
    model = Keyword
    extra = 0
    fields = ("phrase", "frequency", "exact_frequency", "doubt_reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AdInline(admin.TabularInline):
    model = Ad
    extra = 0
    fields = ("kind", "titles", "texts", "link", "source", "validation_problems")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AdGroup)
class AdGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "campaign", "keyword_total")
    list_select_related = ("campaign",)
    search_fields = ("name", "campaign__name")
    raw_id_fields = ("campaign",)
    inlines = (KeywordInline, AdInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(keyword_total=Count("keywords"))

    @admin.display(description=gettext_lazy("keywords"), ordering="keyword_total")
    def keyword_total(self, group):
        return group.keyword_total


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    list_display = ("phrase", "frequency", "exact_frequency", "group", "campaign")
    list_select_related = ("group", "campaign")
    search_fields = ("phrase", "normalized")
    raw_id_fields = ("campaign", "group")
    show_full_result_count = False


@admin.register(Ad)
class AdAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "source", "group", "has_problems")
    list_filter = ("kind", "source")
    list_select_related = ("group", "group__campaign")
    search_fields = ("group__name", "group__campaign__name")
    raw_id_fields = ("group",)

    @admin.display(description=gettext_lazy("problems"), boolean=True)
    def has_problems(self, ad):
        return bool(ad.validation_problems)


@admin.register(ApiUsage)
class ApiUsageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Per-run calls to each external service: the rows the dashboard sums, open for checking a figure."""

    list_display = (
        "run", "service", "calls", "errors", "rate_limited", "prompt_tokens", "completion_tokens", "cost_usd",
        "created_at",
    )  # fmt: skip
    list_filter = ("service", "created_at")
    list_select_related = ("run__campaign",)
    search_fields = ("=run__id", "run__campaign__name")
    show_full_result_count = False


class TelegramUserWithCampaignsAdmin(TelegramUserAdmin):
    """The users' list with each user's live campaigns: the count belongs to `campaigns`, so it is added here."""

    list_display = (*TelegramUserAdmin.list_display[:-3], "campaign_count", *TelegramUserAdmin.list_display[-3:])

    def get_queryset(self, request):
        """A correlated count per listed row: a JOIN + GROUP BY would aggregate every campaign before paginating."""
        live_campaigns = (
            Campaign.objects.counted()
            .filter(owner=OuterRef("pk"))
            .order_by()
            .values("owner")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return super().get_queryset(request).annotate(campaign_count=Coalesce(Subquery(live_campaigns), 0))

    @admin.display(description=gettext_lazy("campaigns"), ordering="campaign_count")
    def campaign_count(self, user):
        return user.campaign_count


admin.site.unregister(TelegramUser)
admin.site.register(TelegramUser, TelegramUserWithCampaignsAdmin)

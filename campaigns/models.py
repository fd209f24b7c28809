from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Language, TelegramUser
from campaigns.summaries import BuildSummary, UploadReport
from core.direct_limits import DISPLAY_PATH_MAX
from core.formatting import format_seconds
from core.json_text import TextJSONEncoder
from core.models import TimestampedModel
from semantic import regions


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    PROCESSING = "processing", _("Processing")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    ARCHIVED = "archived", _("Archived")


class KeywordSource(models.TextChoices):
    AUTO = "auto", _("Automatic")
    WORDSTAT = "wordstat", _("Yandex Wordstat")
    FILE = "file", _("Keyword file")
    MANUAL = "manual", _("Manual list")


class CampaignQuerySet(models.QuerySet):
    def live(self):
        """Campaigns a user still has: everything but the ones they deleted (archived, kept for staff)."""
        return self.exclude(status=CampaignStatus.ARCHIVED)

    def counted(self):
        """What counts against a user's campaign limit: live campaigns built or being built, never drafts (a draft
        abandoned mid-conversation must not lock the user out)."""
        return self.live().exclude(status=CampaignStatus.DRAFT)

    def live_count_for(self, owner_id: int) -> int:
        return self.counted().filter(owner_id=owner_id).count()


class Campaign(TimestampedModel):
    owner = models.ForeignKey(
        TelegramUser,
        verbose_name=_("owner"),
        related_name="campaigns",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Empty for campaigns built from the command line or by staff."),
    )
    name = models.CharField(pgettext_lazy("campaign field", "name"), max_length=255)
    product_description = models.TextField(_("product description"), blank=True)
    target_url = models.URLField(_("landing URL"), max_length=1024)
    language = models.CharField(_("ad language"), max_length=2, choices=Language.choices, default=Language.RUSSIAN)
    base_keywords = models.JSONField(_("base keywords"), default=list, blank=True, encoder=TextJSONEncoder)
    keyword_source = models.CharField(
        _("keyword source"), max_length=16, choices=KeywordSource.choices, default=KeywordSource.AUTO
    )
    keywords_file = models.FileField(_("keyword file"), upload_to="keyword-files/%Y/%m/", blank=True)
    minus_words = models.JSONField(_("minus words"), default=list, blank=True)
    multiplier_lists = models.JSONField(
        _("multiplier lists"), default=list, blank=True, help_text=_("Word lists whose combinations are collected.")
    )
    geo_ids = models.JSONField(_("region geo ids"), default=list, blank=True)
    min_exact_frequency = models.PositiveIntegerField(
        _("minimum exact frequency"),
        null=True,
        blank=True,
        help_text=_("Phrases searched in exactly this form fewer times a month are removed; 0 turns the filter off, "
                    "empty uses the service's default."),
    )
    kept_phrases = models.JSONField(
        _("phrases put back"), default=list, blank=True, help_text=_("Removed phrases the user chose to keep.")
    )
    confirmed_removals = models.JSONField(
        _("doubtful phrases confirmed for removal"),
        default=list,
        blank=True,
        help_text=_("Phrases a judged rule doubted that the user chose to remove: they go and are negated."),
    )
    budget = models.DecimalField(_("budget, RUB"), max_digits=12, decimal_places=2, null=True, blank=True)
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    sitelinks = models.JSONField(_("sitelinks"), default=list, blank=True)
    callouts = models.JSONField(_("callouts"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    keyword_count = models.PositiveIntegerField(_("keywords"), default=0)
    group_count = models.PositiveIntegerField(_("groups"), default=0)
    ad_count = models.PositiveIntegerField(_("ads"), default=0)
    spreadsheet_url = models.URLField(_("Google Sheet"), max_length=1024, blank=True)
    export_file = models.FileField(_("export file"), upload_to="exports/%Y/%m/", blank=True)
    keyword_source_used = models.CharField(_("keyword source used"), max_length=16, blank=True)
    landing_page = models.JSONField(
        _("landing page as read"),
        default=dict,
        blank=True,
        help_text=_("Title, sections, prices and facts read from the landing URL; a repeat reuses them."),
    )
    negative_keywords = models.JSONField(_("campaign negative keywords"), default=list, blank=True)
    dropped_negatives = models.JSONField(
        _("negatives left out"),
        default=list,
        blank=True,
        help_text=_("Wanted but not in the campaign: over Direct's limits, or blocking a kept phrase "
                    "({negative, code, message, group, frequency})."),
    )
    cluster_notes = models.JSONField(_("grouping notes"), default=list, blank=True)
    ad_fallbacks = models.JSONField(_("ads written by the fallback writer"), default=list, blank=True)
    rejected_ads = models.JSONField(_("rejected ad drafts"), default=list, blank=True)
    sheets_error = models.TextField(_("Google Sheets error"), blank=True)
    exported_at = models.DateTimeField(_("exported at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Where and how the campaign goes to Yandex Direct. Kept on the campaign, not the run: the Direct objects it
    # maps to (`DirectObject`) live in that one advertiser's account, and a retried or resumed upload run (which the
    # worker gets as a bare id) must send to the same account with the same choice.
    direct_client_login = models.CharField(
        _("Direct client login"),
        max_length=255,
        blank=True,
        help_text=_("The advertiser's login for agency and representative accounts (Client-Login); empty: the "
                    "token's own account."),
    )
    direct_moderate = models.BooleanField(
        _("send to moderation after upload"),
        default=False,
        help_text=_("Off: the campaign arrives in Direct as a draft the user reviews first."),
    )
    direct_delete_removed = models.BooleanField(
        _("remove from Direct what the campaign no longer has"),
        default=False,
        help_text=_("Asked for each upload: keywords, ads and groups a rebuild or an edit removed are deleted "
                    "(ads archived) in Direct; off, they are only counted."),
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner", "status", "-created_at"], name="campaign_owner_status"),
            models.Index(fields=["status", "-updated_at"], name="campaign_status_updated"),
            models.Index(fields=["status", "created_at"], name="campaign_status_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gt=0), name="campaign_budget_positive"),
        ]

    objects = CampaignQuerySet.as_manager()

    def __str__(self):
        return self.name

    def region_names(self, language: str = "ru") -> list[str]:
        """The regions' names, derived from the geo ids: the only stored form of the region."""
        return regions.region_names([int(geo_id) for geo_id in self.geo_ids or []], language)

    @property
    def region_name(self) -> str:
        """The regions as Direct's files and the messages name them (Russian, as in Direct's own list)."""
        return ", ".join(self.region_names())

    @property
    def min_exact(self) -> int:
        """The exact-frequency threshold a build uses: the campaign's own, else its owner's default, else the
        service's (SEMANTIC_MIN_EXACT_FREQUENCY)."""
        for value in (self.min_exact_frequency, self.owner.default_min_exact if self.owner else None):
            if value is not None:
                return value
        return settings.SEMANTIC_MIN_EXACT_FREQUENCY

    @property
    def landing_warning(self) -> str:
        """Why the landing page was not read ("" when it was, or reading is off by choice of the build's inputs)."""
        return str((self.landing_page or {}).get("warning", ""))

    @property
    def landing_text(self) -> str:
        """The landing page's visible text as the collect stage read it ("" when it was not read): which brands the
        advertiser works with, for the budget split."""
        return str((self.landing_page or {}).get("text", ""))

    @property
    def owner_has_direct_token(self) -> bool:
        """The owner saved their own Yandex OAuth token in Settings (the service-wide token is not theirs)."""
        return bool(self.owner and self.owner.yandex_token)

    @property
    def can_upload(self) -> bool:
        """The «Upload to Direct» offer: a built campaign whose owner has their own Yandex token."""
        return self.status == CampaignStatus.COMPLETED and self.owner_has_direct_token

    def archive(self) -> bool:
        """'Delete' as users mean it: hidden from their history and limit, kept for staff. False if already gone."""
        return _set_campaign_status([self.pk], CampaignStatus.ARCHIVED) == 1


class RemovalStage(models.TextChoices):
    COLLECT = "collect", _("Collecting")
    CLEAN = "clean", _("Cleaning")


class RemovalConfidence(models.TextChoices):
    """`semantic.types.Confidence`: only certain and confirmed removals become negative keywords."""

    CERTAIN = "certain", _("Certain")
    JUDGED = "judged", _("Doubtful")
    CONFIRMED = "confirmed", _("Confirmed by you")


class RemovedPhraseQuerySet(models.QuerySet):
    def doubtful(self):
        """Judged removals the user has not confirmed, highest frequency first: what a review shows first."""
        return self.filter(confidence=RemovalConfidence.JUDGED).order_by("-frequency", "phrase")


class RemovedPhrase(models.Model):
    """A phrase the pipeline dropped, with the reason the marketer reads on the removed-phrases sheet and how sure
    the removal is (`confidence`): a judged removal is listed for the user and negated only once confirmed."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), related_name="removed_phrases", on_delete=models.CASCADE
    )
    stage = models.CharField(_("removed while"), max_length=16, choices=RemovalStage.choices)
    phrase = models.CharField(_("phrase"), max_length=1024)
    frequency = models.PositiveBigIntegerField(_("frequency"), default=0)
    reason = models.CharField(_("reason"), max_length=255)
    code = models.CharField(
        _("reason code"), max_length=32, blank=True, help_text=_("The machine form of the reason, for counts.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=16, choices=RemovalConfidence.choices, default=RemovalConfidence.CERTAIN
    )

    objects = RemovedPhraseQuerySet.as_manager()

    class Meta:
        verbose_name = _("removed phrase")
        verbose_name_plural = _("removed phrases")
        ordering = ["campaign", "id"]
        indexes = [
            models.Index(fields=["campaign", "stage"], name="removedphrase_campaign_stage"),
            models.Index(fields=["campaign", "code"], name="removedphrase_campaign_code"),
        ]

    def __str__(self):
        return f"{self.phrase} ({self.reason})"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class RunKind(models.TextChoices):
    BUILD = "build", _("Build the campaign")
    EXPORT = "export", _("Export again")
    UPLOAD = "upload", _("Upload to Yandex Direct")


class Stage(models.TextChoices):
    """The pipeline's stages and the names users read; their order, weights and modules are the pipeline's
    registry (`campaigns.pipeline.stages`)."""

    COLLECT = "collect", _("Collecting keywords")
    CLEAN = "clean", _("Cleaning")
    CLUSTER = "cluster", _("Grouping")
    NEGATIVES = "negatives", _("Negative keywords")
    ADS = "ads", _("Writing ads")
    EXPORT = "export", _("Export")
    UPLOAD = "upload", _("Uploading to Yandex Direct")


# What a campaign's status is while, and after, a run of it is in each state.
CAMPAIGN_STATUS_FOR_RUN = {
    RunStatus.PENDING: CampaignStatus.QUEUED,
    RunStatus.RUNNING: CampaignStatus.PROCESSING,
    RunStatus.COMPLETED: CampaignStatus.COMPLETED,
    RunStatus.FAILED: CampaignStatus.FAILED,
    RunStatus.CANCELLED: CampaignStatus.CANCELLED,
}
FINISHED_RUN_STATUSES = (RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED)


def campaign_status_after(kind: str, run_status: str) -> CampaignStatus:
    """The campaign's status once its run of `kind` is in `run_status`. An upload, however it ends, leaves the
    campaign's build as complete as it was: only a build or an export decides whether the campaign is built."""
    if kind == RunKind.UPLOAD and run_status in FINISHED_RUN_STATUSES:
        return CampaignStatus.COMPLETED
    return CAMPAIGN_STATUS_FOR_RUN[run_status]


def _set_campaign_status(campaign_ids: list[int], status: str, **fields) -> int:
    """The only writer of `Campaign.status`. An archived campaign stays archived: a run that ends after the user
    deleted the campaign does not bring it back."""
    return (
        Campaign.objects.filter(pk__in=campaign_ids)
        .exclude(status=CampaignStatus.ARCHIVED)
        .update(status=status, updated_at=timezone.now(), **fields)
    )


class PipelineRunQuerySet(models.QuerySet):
    def move_to(self, status: str, **fields) -> int:
        """Put these runs in `status` (with `fields`, e.g. `finished_at`) and their campaigns in the status that
        follows (`campaign_status_after`): the only writer of `PipelineRun.status`.

        The rows are locked first, so a compare-and-set filter (a worker's claim, an owner's token) moves a run once
        even when two callers race; returns how many runs moved (0: the filter matched none)."""
        with transaction.atomic():
            moving = list(self.select_for_update().values_list("pk", "kind", "campaign_id"))
            if not moving:
                return 0
            moved = PipelineRun.objects.filter(pk__in=[pk for pk, _kind, _campaign in moving]).update(
                status=status, **fields
            )
            for kind in {kind for _pk, kind, _campaign in moving}:
                campaign_ids = [campaign for _pk, run_kind, campaign in moving if run_kind == kind]
                built = status == RunStatus.COMPLETED and kind != RunKind.UPLOAD
                when = {"completed_at": fields.get("finished_at") or timezone.now()} if built else {}
                _set_campaign_status(campaign_ids, campaign_status_after(kind, status), **when)
        return moved


class PipelineRun(models.Model):
    """One execution of the pipeline for a campaign; workers claim it, the bot and admin watch its progress."""

    task_id = models.CharField(_("Celery task id"), max_length=255, unique=True, null=True, blank=True)
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), related_name="runs", on_delete=models.CASCADE)
    user = models.ForeignKey(
        TelegramUser, verbose_name=_("user"), related_name="runs", null=True, blank=True, on_delete=models.SET_NULL
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RunKind.choices, default=RunKind.BUILD)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING)
    stage = models.CharField(_("current stage"), max_length=32, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    message = models.CharField(_("progress message"), max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Set anew by every claim: a worker writes to its run only while the token is still its own, so the worker a
    # run was taken from (its heartbeat went stale) can never finish or overwrite it.
    claim_token = models.UUIDField(_("claim token"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = PipelineRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("pipeline run")
        verbose_name_plural = _("pipeline runs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "started_at"], name="run_status_started"),
            models.Index(fields=["campaign", "-created_at"], name="run_campaign_created"),
            models.Index(fields=["finished_at", "kind", "status"], name="run_finished_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="run_progress_at_most_100"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} · {self.campaign}"

    def move_to(self, status: str, **fields) -> None:
        """Put this run (and its campaign) in `status` with `fields`, in the database and on this object."""
        PipelineRun.objects.filter(pk=self.pk).move_to(status, **fields)
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def language(self) -> str:
        """The language of the run's messages (progress, the result, errors): its user's, else the campaign owner's,
        else the campaign's own (a campaign built from the command line)."""
        user = self.user or self.campaign.owner
        return user.language if user else self.campaign.language

    @property
    def build_summary(self) -> BuildSummary:
        """What a finished build found beyond the campaign's own counts (an empty summary before it finishes)."""
        return BuildSummary.from_json(self.result)

    @property
    def upload_report(self) -> UploadReport:
        """What a finished upload did in Direct (an empty report before it finishes)."""
        return UploadReport.from_json(self.result)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def stage_seconds(self) -> dict[str, float]:
        """Seconds per finished stage, in pipeline order, from the `StageTiming` ledger."""
        return dict(self.timed_stages.order_by("finished_at", "pk").values_list("stage", "seconds"))


class StageTiming(models.Model):
    """One finished stage of one run: the resume ledger and the source of every timing shown.

    A row is written in the same transaction that stores the stage's output, so a stage with a row is done and a
    resumed run skips it. The dashboard averages and ranks a month of these per stage from two covering indexes
    (a range by finish time for the average, a walk down from the slowest for the p95).
    """

    # The (run, stage) unique constraint already indexes lookups and cascades by run.
    run = models.ForeignKey(
        PipelineRun, verbose_name=_("run"), related_name="timed_stages", on_delete=models.CASCADE, db_index=False
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    seconds = models.FloatField(_("seconds"))
    finished_at = models.DateTimeField(_("finished at"))

    class Meta:
        verbose_name = _("stage timing")
        verbose_name_plural = _("stage timings")
        ordering = ["-finished_at"]
        indexes = [
            models.Index(fields=["stage", "finished_at", "seconds"], name="stagetiming_stage_finished"),
            models.Index(fields=["stage", "seconds", "finished_at"], name="stagetiming_stage_seconds"),
        ]
        constraints = [models.UniqueConstraint(fields=["run", "stage"], name="stagetiming_one_row_per_stage")]

    def __str__(self):
        return f"{self.get_stage_display()} · {format_seconds(self.seconds)}"


class AdGroup(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), related_name="groups", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(pgettext_lazy("ad group field", "name"), max_length=255)
    negative_keywords = models.JSONField(_("negative keywords"), default=list, blank=True)

    class Meta:
        verbose_name = _("ad group")
        verbose_name_plural = _("ad groups")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="adgroup_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.name}"


# Keywords most searched first, unknown frequencies last (PostgreSQL sorts NULL first in descending order).
BY_FREQUENCY = models.F("frequency").desc(nulls_last=True)


class KeywordQuerySet(models.QuerySet):
    def doubtful(self):
        """Kept phrases a judged rule doubts, highest frequency first: shown with "remove these too"."""
        return self.exclude(doubt_code="").order_by(BY_FREQUENCY, "phrase")


class Keyword(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), related_name="keywords", on_delete=models.CASCADE
    )
    group = models.ForeignKey(
        AdGroup, verbose_name=_("group"), related_name="keywords", null=True, blank=True, on_delete=models.SET_NULL
    )
    phrase = models.CharField(_("phrase"), max_length=512)
    normalized = models.CharField(_("normalized form"), max_length=512, blank=True)
    # None: unknown (an empty cell, a manual list), which is not zero (semantic/README.md, «Unknown frequency»).
    frequency = models.PositiveBigIntegerField(_("frequency"), null=True, blank=True)
    exact_frequency = models.PositiveBigIntegerField(_("exact frequency"), null=True, blank=True)
    names_competitor = models.BooleanField(
        _("names a competitor"),
        default=False,
        help_text=_("Kept for a group of its own (RELEVANCE_COMPETITOR_BRANDS)."),
    )
    doubt_code = models.CharField(
        _("doubt"),
        max_length=32,
        blank=True,
        help_text=_("A judged rule's code when it doubts this kept phrase (it names the product with a buying word, "
                    "so it stays until the user removes it); empty: no doubt."),
    )
    doubt_reason = models.CharField(_("why it is doubtful"), max_length=255, blank=True)

    objects = KeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = [BY_FREQUENCY, "phrase"]
        indexes = [models.Index(fields=["campaign", "group"], name="keyword_campaign_group")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "phrase"], name="keyword_unique_phrase"),
        ]

    def __str__(self):
        return self.phrase


class AdKind(models.TextChoices):
    TEXT_IMAGE = "text_image", _("Text & image ad")
    COMBINATORIAL = "combinatorial", _("Combinatorial ad")


class AdSource(models.TextChoices):
    TEMPLATE = "template", _("Template writer")
    LLM = "llm", _("LLM writer")


class Ad(models.Model):
    group = models.ForeignKey(AdGroup, verbose_name=_("group"), related_name="ads", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=16, choices=AdKind.choices, default=AdKind.COMBINATORIAL)
    titles = models.JSONField(_("titles"), default=list)
    texts = models.JSONField(_("texts"), default=list)
    link = models.URLField(_("link"), max_length=1024)
    display_link = models.CharField(_("display link"), max_length=DISPLAY_PATH_MAX, blank=True)
    sitelinks = models.JSONField(_("sitelinks"), default=list, blank=True)
    callouts = models.JSONField(_("callouts"), default=list, blank=True)
    source = models.CharField(_("written by"), max_length=16, choices=AdSource.choices, default=AdSource.TEMPLATE)
    validation_problems = models.JSONField(_("validation problems"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ad")
        verbose_name_plural = _("ads")
        ordering = ["group", "id"]

    def __str__(self):
        return self.titles[0] if self.titles else f"{self.get_kind_display()} #{self.pk}"


class ExternalService(models.TextChoices):
    WORDSTAT = "wordstat", _("Yandex Wordstat")
    OPENAI = "openai", _("LLM (OpenAI-compatible)")
    GOOGLE = "google", _("Google Sheets")
    TELEGRAM = "telegram", _("Telegram")
    DIRECT = "direct", _("Yandex Direct API")


class ApiUsage(models.Model):
    """Calls a run made to one external service: the dashboard sums these in the database."""

    run = models.ForeignKey(PipelineRun, verbose_name=_("run"), related_name="api_usage", on_delete=models.CASCADE)
    service = models.CharField(_("service"), max_length=16, choices=ExternalService.choices)
    calls = models.PositiveIntegerField(_("calls"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    rate_limited = models.PositiveIntegerField(_("rate-limit hits"), default=0)
    prompt_tokens = models.PositiveIntegerField(_("prompt tokens"), default=0)
    completion_tokens = models.PositiveIntegerField(_("completion tokens"), default=0)
    cost_usd = models.DecimalField(_("estimated cost, USD"), max_digits=10, decimal_places=4, default=0)
    units = models.PositiveIntegerField(
        _("API points spent"), default=0, help_text=_("Yandex Direct API points, from its Units header.")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("API usage")
        verbose_name_plural = _("API usage")
        indexes = [models.Index(fields=["service", "created_at"], name="apiusage_service_time")]
        constraints = [models.UniqueConstraint(fields=["run", "service"], name="apiusage_one_row_per_service")]

    def __str__(self):
        return f"{self.get_service_display()} · {self.calls}"


class DirectObjectKind(models.TextChoices):
    CAMPAIGN = "campaign", _("campaign")
    SITELINK_SET = "sitelink_set", _("sitelink set")
    CALLOUT = "callout", _("callout")
    GROUP = "group", _("ad group")
    KEYWORD = "keyword", _("keyword")
    AD = "ad", _("ad")


class DirectObject(models.Model):
    """One object the upload created in Yandex Direct, stored the moment Direct answered with its id.

    A mapping table rather than fields on `AdGroup`, `Keyword` and `Ad`: sitelink sets and callouts have no row of
    their own (they are keyed by their content, and ads share them), so one table holds every kind the same way, and
    the build's stages, which replace their rows wholesale, stay free of upload state. `local_key` is the row's id for
    the campaign, groups, keywords and ads, the set's digest for sitelink sets and the text for callouts. Only objects
    that exist in Direct have a row: a failed one has none, so the next upload tries it again.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), related_name="direct_objects", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DirectObjectKind.choices)
    local_key = models.CharField(_("local key"), max_length=64)
    direct_id = models.BigIntegerField(_("Direct id"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Direct object")
        verbose_name_plural = _("Direct objects")
        ordering = ["campaign", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "local_key"], name="directobject_one_per_local_key")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.local_key} → {self.direct_id}"


class GroupDayStats(models.Model):
    """One day of one ad group's figures in Direct (the Reports service), stored so the chat, the command and the
    weekly digest read them without asking Direct again. Keyed by Direct's group id, not our row: a rebuild replaces
    the rows, the figures stay. `direct_group_id` 0 holds the whole campaign's day (its own report)."""

    CAMPAIGN_TOTAL = 0

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), related_name="day_stats",
                                 on_delete=models.CASCADE)
    direct_group_id = models.BigIntegerField(_("Direct group id"))
    group_name = models.CharField(_("group"), max_length=255, blank=True)
    day = models.DateField(_("day"))
    impressions = models.PositiveIntegerField(_("impressions"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    cost = models.DecimalField(_("spend, RUB"), max_digits=14, decimal_places=2, default=0)
    conversions = models.PositiveIntegerField(_("conversions"), null=True, blank=True)  # None: no goal was given
    fetched_at = models.DateTimeField(_("fetched at"), auto_now=True)

    class Meta:
        verbose_name = _("day of statistics")
        verbose_name_plural = _("days of statistics")
        ordering = ["campaign", "day", "direct_group_id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "direct_group_id", "day"], name="groupdaystats_one_per_day")
        ]

    def __str__(self):
        return f"{self.group_name or self.direct_group_id} {self.day}: {self.cost}"


class SuggestionKind(models.TextChoices):
    NEGATIVE = "negative", _("negative keyword")
    PHRASE = "phrase", _("new phrase")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("suggested")
    APPLIED = "applied", _("applied")
    DISMISSED = "dismissed", _("dismissed")


class QuerySuggestion(models.Model):
    """A change the search-query report suggests: a negative keyword that stops queries which spent money on
    another market, or a query that brought clicks and no keyword holds, as a new phrase for its group. Kept until
    the user applies or dismisses it (chat buttons, `campaign_stats --suggest --apply`)."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), related_name="query_suggestions",
                                 on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=16, choices=SuggestionKind.choices)
    text = models.CharField(_("negative keyword or phrase"), max_length=512)
    direct_group_id = models.BigIntegerField(_("Direct group id"), null=True, blank=True)  # None: campaign level
    group_name = models.CharField(_("group"), max_length=255, blank=True)
    cost = models.DecimalField(_("spend of its queries, RUB"), max_digits=14, decimal_places=2, default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    conversions = models.PositiveIntegerField(_("conversions"), default=0)
    days = models.PositiveSmallIntegerField(_("days of the report"), default=7)
    queries = models.JSONField(_("example queries"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.PENDING)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("search-query suggestion")
        verbose_name_plural = _("search-query suggestions")
        ordering = ["campaign", "kind", "-cost", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} «{self.text}»"

    @property
    def weekly_saving(self):
        """The money its queries spent, as a week's worth."""
        return self.cost * 7 / max(1, self.days)

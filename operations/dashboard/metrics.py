"""The dashboard's numbers, each an aggregate in the database, so a page stays fast at 100k runs on SQLite and
PostgreSQL.

Functions take a `Period` and return plain dataclasses; the view only formats them. Percentiles are nearest-rank:
an observed value, the row at rank ceil(0.95 * n), read through an index in the same way on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Sum
from django.utils import timezone

from accounts.activity import Action
from accounts.models import ActivityEvent, TelegramUser
from campaigns.models import ApiUsage, Campaign, ExternalService, PipelineRun, RunStatus, Stage
from campaigns.models import StageTiming as StageTimingRow
from campaigns.pipeline.stages import STAGE_ORDER
from core.live_stats import bot_stats
from core.sql import SecondsBetween, UtcDay
from operations.heartbeat import worker_uptime_seconds

MONTHLY_WINDOW_DAYS = 30
SLOW_RUNS_SHOWN = 10
FAILED_RUNS_SHOWN = 10


@dataclass(frozen=True)
class Period:
    """Whole days, first..last inclusive, in UTC (the project's TIME_ZONE)."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        today = today or timezone.now().date()
        return cls(first=today - timedelta(days=days - 1), last=today)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=timezone.get_current_timezone())

    @property
    def end(self) -> datetime:
        """Exclusive upper bound: midnight after the last day."""
        return self.start + timedelta(days=self.days)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=offset) for offset in range(self.days)]


@dataclass
class DailySeries:
    """One number per day of the period, days with no rows filled with zero."""

    name: str
    values: list[float]

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass
class UserMetrics:
    new_users: int
    active_users: int
    monthly_active_users: int
    total_users: int
    new_per_day: DailySeries
    active_per_day: DailySeries


@dataclass
class CampaignMetrics:
    created_per_day: DailySeries
    completed_per_day: DailySeries
    failed_per_day: DailySeries


@dataclass
class Conversion:
    started: int
    completed: int

    @property
    def rate(self) -> float | None:
        return None if self.started == 0 else self.completed / self.started


@dataclass
class StageTiming:
    stage: str
    label: str
    runs: int
    average_seconds: float | None
    p95_seconds: float | None


@dataclass
class ServiceUsage:
    service: str
    label: str
    calls: int
    errors: int
    rate_limited: int


@dataclass
class LlmUsage:
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal
    campaigns: int

    @property
    def tokens_per_campaign(self) -> float | None:
        return None if not self.campaigns else (self.prompt_tokens + self.completion_tokens) / self.campaigns

    @property
    def cost_per_campaign(self) -> Decimal | None:
        return None if not self.campaigns else (self.cost_usd / self.campaigns).quantize(Decimal("0.0001"))


@dataclass
class Dashboard:
    period: Period
    users: UserMetrics
    campaigns: CampaignMetrics
    conversion: Conversion
    stage_timings: list[StageTiming]
    services: list[ServiceUsage]
    llm: LlmUsage
    slowest_runs: list[PipelineRun] = field(default_factory=list)
    failed_runs: list[PipelineRun] = field(default_factory=list)
    computed_at: datetime = field(default_factory=timezone.now)


def _in_period(field_name: str, period: Period) -> dict:
    return {f"{field_name}__gte": period.start, f"{field_name}__lt": period.end}


def _daily(queryset, field_name: str, period: Period, name: str, count_expression=None) -> DailySeries:
    """Group rows by the day of `field_name` in the database and lay the counts out over every day."""
    rows = (
        queryset.filter(**_in_period(field_name, period))
        .annotate(day=UtcDay(field_name))
        .values("day")
        .annotate(n=count_expression or Count("pk"))
        .values_list("day", "n")
    )
    by_day = {_as_date(day): n for day, n in rows}
    return DailySeries(name=name, values=[by_day.get(day, 0) for day in period.dates()])


def _as_date(value) -> date:
    """PostgreSQL hands the day back as a date, SQLite as 'YYYY-MM-DD' text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def user_metrics(period: Period) -> UserMetrics:
    events = ActivityEvent.objects.filter(user__isnull=False)
    month_start = period.end - timedelta(days=MONTHLY_WINDOW_DAYS)
    return UserMetrics(
        new_users=TelegramUser.objects.filter(**_in_period("created_at", period)).count(),
        active_users=events.filter(**_in_period("created_at", period)).values("user").distinct().count(),
        monthly_active_users=events.filter(created_at__gte=month_start, created_at__lt=period.end)
        .values("user")
        .distinct()
        .count(),
        total_users=TelegramUser.objects.filter(created_at__lt=period.end).count(),
        new_per_day=_daily(TelegramUser.objects.all(), "created_at", period, "new"),
        active_per_day=_daily(events, "created_at", period, "active", Count("user", distinct=True)),
    )


def campaign_metrics(period: Period) -> CampaignMetrics:
    """Campaigns created per day, and builds finished per day by outcome (one grouped query for both outcomes)."""
    finished = (
        PipelineRun.objects.filter(
            kind="build", status__in=(RunStatus.COMPLETED, RunStatus.FAILED), **_in_period("finished_at", period)
        )
        .annotate(day=UtcDay("finished_at"))
        .values("day", "status")
        .annotate(n=Count("pk"))
        .values_list("day", "status", "n")
    )
    by_day_and_status = {(_as_date(day), status): n for day, status, n in finished}

    def series(status: str) -> DailySeries:
        return DailySeries(status, [by_day_and_status.get((day, status), 0) for day in period.dates()])

    return CampaignMetrics(
        created_per_day=_daily(Campaign.objects.all(), "created_at", period, "created"),
        completed_per_day=series(RunStatus.COMPLETED),
        failed_per_day=series(RunStatus.FAILED),
    )


def conversion(period: Period) -> Conversion:
    """Users who sent /start in the period, and how many of them have ever had a campaign completed."""
    starters = TelegramUser.objects.filter(
        Exists(
            ActivityEvent.objects.filter(user=OuterRef("pk"), action=Action.START, **_in_period("created_at", period))
        )
    )
    completed = starters.filter(Exists(Campaign.objects.filter(owner=OuterRef("pk"), completed_at__isnull=False)))
    return Conversion(started=starters.count(), completed=completed.count())


def _offset_from_the_top(runs: int) -> int:
    """How many values lie above the nearest-rank p95 (rank ceil(0.95 * runs) counted from the smallest)."""
    return runs - (95 * runs + 99) // 100


def _stage_summary(period: Period) -> dict[str, tuple[int, float | None, float | None]]:
    """{stage: (runs, average seconds, p95 seconds)} over stages finished in the period, two indexed reads a stage.

    The count and average read the period's range of the (stage, finished_at, seconds) index. The p95 walks the
    (stage, seconds, finished_at) index down from the slowest value and stops after the top 5 % of the period's
    rows, so it never sorts the period: under a millisecond for a month or a quarter, the same SQL on PostgreSQL
    and SQLite (which has no percentile aggregate).
    """
    in_period = StageTimingRow.objects.filter(**_in_period("finished_at", period))
    summary = {}
    for stage in STAGE_ORDER:
        rows = in_period.filter(stage=stage)
        totals = rows.aggregate(runs=Count("seconds"), average=Avg("seconds"))
        if not totals["runs"]:
            continue
        slowest_first = rows.order_by("-seconds").values_list("seconds", flat=True)
        summary[stage] = (totals["runs"], totals["average"], slowest_first[_offset_from_the_top(totals["runs"])])
    return summary


def stage_timings(period: Period) -> list[StageTiming]:
    """Average and nearest-rank p95 seconds per stage, from `StageTiming` rows, in pipeline order."""
    summary = _stage_summary(period)
    labels = dict(Stage.choices)
    return [StageTiming(stage, str(labels[stage]), *summary.get(stage, (0, None, None))) for stage in STAGE_ORDER]


def service_usage(period: Period) -> list[ServiceUsage]:
    rows = {
        row["service"]: row
        for row in ApiUsage.objects.filter(**_in_period("created_at", period))
        .values("service")
        .annotate(calls=Sum("calls"), errors=Sum("errors"), rate_limited=Sum("rate_limited"))
    }
    return [
        ServiceUsage(
            service=service,
            label=str(label),
            calls=rows.get(service, {}).get("calls") or 0,
            errors=rows.get(service, {}).get("errors") or 0,
            rate_limited=rows.get(service, {}).get("rate_limited") or 0,
        )
        for service, label in ExternalService.choices
    ]


def llm_usage(period: Period) -> LlmUsage:
    usage = ApiUsage.objects.filter(service=ExternalService.OPENAI, **_in_period("created_at", period))
    totals = usage.aggregate(
        prompt=Sum("prompt_tokens"),
        completion=Sum("completion_tokens"),
        cost=Sum("cost_usd"),
        campaigns=Count("run__campaign", distinct=True),
    )
    return LlmUsage(
        prompt_tokens=totals["prompt"] or 0,
        completion_tokens=totals["completion"] or 0,
        cost_usd=totals["cost"] or Decimal("0"),
        campaigns=totals["campaigns"],
    )


def slowest_runs(period: Period, limit: int = SLOW_RUNS_SHOWN) -> list[PipelineRun]:
    """Ranks the period's runs on (id, duration) alone, then joins campaign and user for the winners only.

    Sorting the joined rows, JSON columns and all, made the database carry every run of the period through the
    sort; the narrow inner ranking keeps that to two numbers a run.
    """
    by_duration = ("-run_seconds", "-pk")
    winners = (
        PipelineRun.objects.filter(**_in_period("finished_at", period), started_at__isnull=False)
        .annotate(run_seconds=SecondsBetween("started_at", "finished_at"))
        .order_by(*by_duration)
        .values("pk")[:limit]
    )
    return list(
        PipelineRun.objects.filter(pk__in=winners)
        .select_related("campaign", "user")
        .annotate(run_seconds=SecondsBetween("started_at", "finished_at"))
        .order_by(*by_duration)
    )


def failed_runs(period: Period, limit: int = FAILED_RUNS_SHOWN) -> list[PipelineRun]:
    return list(
        PipelineRun.objects.filter(status=RunStatus.FAILED, **_in_period("finished_at", period))
        .select_related("campaign", "user")
        .order_by("-finished_at", "-pk")[:limit]
    )


def build_dashboard(period: Period) -> Dashboard:
    return Dashboard(
        period=period,
        users=user_metrics(period),
        campaigns=campaign_metrics(period),
        conversion=conversion(period),
        stage_timings=stage_timings(period),
        services=service_usage(period),
        llm=llm_usage(period),
        slowest_runs=slowest_runs(period),
        failed_runs=failed_runs(period),
    )


@dataclass(frozen=True)
class LiveMetrics:
    """Now, not over the period: read on every view (a few cache reads and one count), never cached."""

    queue_depth: int  # runs waiting for a worker
    running: int
    worker_uptime_seconds: float | None
    bot_uptime_seconds: float | None
    bot_updates: int | None


def live_metrics() -> LiveMetrics:
    counts = dict(
        PipelineRun.objects.filter(status__in=(RunStatus.PENDING, RunStatus.RUNNING))
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    bot_uptime, bot_updates = bot_stats()
    return LiveMetrics(
        queue_depth=counts.get(RunStatus.PENDING, 0),
        running=counts.get(RunStatus.RUNNING, 0),
        worker_uptime_seconds=worker_uptime_seconds(),
        bot_uptime_seconds=bot_uptime,
        bot_updates=bot_updates,
    )

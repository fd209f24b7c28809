"""Figures and lists for the bot's admin commands, read from the database in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from accounts.models import ActivityEvent, TelegramUser
from accounts.services.users import admitted_users
from campaigns.models import ApiUsage, Campaign, PipelineRun, RunStatus

RUN_TIME_SAMPLE = 500
LOG_LINES = 15


@dataclass(frozen=True)
class BotStats:
    users: int
    active_today: int
    active_this_month: int
    campaigns_by_status: dict[str, int]
    average_run_seconds: float | None
    api_calls: int
    api_errors: int


def bot_stats(now: datetime | None = None) -> BotStats:
    now = now or timezone.now()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = today.replace(day=1)
    by_status = dict(Campaign.objects.values_list("status").annotate(count=Count("pk")).order_by())
    finished = PipelineRun.objects.filter(
        status=RunStatus.COMPLETED, started_at__isnull=False, finished_at__isnull=False
    ).order_by("-finished_at")[:RUN_TIME_SAMPLE]
    durations = [run.duration_seconds for run in finished]
    usage = ApiUsage.objects.aggregate(calls=Sum("calls"), errors=Sum("errors"))
    return BotStats(
        users=TelegramUser.objects.count(),
        active_today=TelegramUser.objects.filter(last_activity_at__gte=today).count(),
        active_this_month=TelegramUser.objects.filter(last_activity_at__gte=month).count(),
        campaigns_by_status=by_status,
        average_run_seconds=sum(durations) / len(durations) if durations else None,
        api_calls=usage["calls"] or 0,
        api_errors=usage["errors"] or 0,
    )


@dataclass(frozen=True)
class ActiveRun:
    id: int
    campaign_name: str
    owner: str
    status: str
    stage: str
    progress: int


def active_runs() -> list[ActiveRun]:
    runs = (
        PipelineRun.objects.filter(status__in=[RunStatus.PENDING, RunStatus.RUNNING])
        .select_related("campaign", "user")
        .order_by("created_at")
    )
    return [
        ActiveRun(run.pk, run.campaign.name, str(run.user) if run.user else "—", run.status, run.stage, run.progress)
        for run in runs
    ]


@dataclass(frozen=True)
class LogLine:
    at: datetime
    user: str
    action: str
    details: dict


def recent_events(user_id: int | None = None, limit: int = LOG_LINES) -> list[LogLine]:
    events = ActivityEvent.objects.select_related("user")
    if user_id is not None:
        events = events.filter(user_id=user_id)
    return [
        LogLine(event.created_at, str(event.user) if event.user else "—", event.action, event.details)
        for event in events[:limit]
    ]


def broadcast_recipients() -> list[int]:
    """Everyone the bot may write to: not blocked and, in allowlist mode, admitted."""
    return list(admitted_users().values_list("pk", flat=True))

"""A small known data set for the dashboard: every number the tests expect can be counted by hand from here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from accounts.activity import Action
from accounts.models import ActivityEvent, TelegramUser
from accounts.tests.factories import TelegramUserFactory
from campaigns.models import ApiUsage, Campaign, ExternalService, PipelineRun, RunStatus, StageTiming
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from operations.dashboard.metrics import Period


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def record_stage_timings(run: PipelineRun, seconds_by_stage: dict[str, float]) -> PipelineRun:
    """The rows the pipeline writes as each stage finishes, each stage taken to end when its run did."""
    StageTiming.objects.bulk_create(
        StageTiming(run=run, stage=stage, seconds=seconds, finished_at=run.finished_at)
        for stage, seconds in seconds_by_stage.items()
    )
    return run


@dataclass
class KnownData:
    period: Period
    completed_run: PipelineRun
    failed_run: PipelineRun


def make_known_data(today: date) -> KnownData:
    period = Period(first=today - timedelta(days=6), last=today)
    day = period.dates()

    anna = TelegramUserFactory(username="anna")
    boris = TelegramUserFactory(username="boris")
    old_timer = TelegramUserFactory(username="old_timer")
    TelegramUser.objects.filter(pk=anna.pk).update(created_at=at_noon(day[0]))
    TelegramUser.objects.filter(pk=boris.pk).update(created_at=at_noon(day[2]))
    TelegramUser.objects.filter(pk=old_timer.pk).update(created_at=at_noon(today - timedelta(days=40)))

    for user, action, when in [
        (anna, Action.START, day[0]),
        (anna, Action.CAMPAIGN_CREATED, day[0]),
        (anna, Action.SETTINGS_CHANGED, day[1]),
        (boris, Action.START, day[2]),
        (old_timer, Action.START, today - timedelta(days=20)),  # counts for monthly actives only
    ]:
        event = ActivityEvent.objects.create(user=user, action=action)
        ActivityEvent.objects.filter(pk=event.pk).update(created_at=at_noon(when))

    sofas = CampaignFactory(owner=anna, completed_at=at_noon(day[1]))
    chairs = CampaignFactory(owner=boris)
    stale = CampaignFactory(owner=old_timer)
    Campaign.objects.filter(pk=sofas.pk).update(created_at=at_noon(day[0]))
    Campaign.objects.filter(pk=chairs.pk).update(created_at=at_noon(day[3]))
    Campaign.objects.filter(pk=stale.pk).update(created_at=at_noon(today - timedelta(days=30)))

    completed_run = record_stage_timings(
        PipelineRunFactory(
            campaign=sofas,
            status=RunStatus.COMPLETED,
            started_at=at_noon(day[1]) - timedelta(seconds=60),
            finished_at=at_noon(day[1]),
        ),
        {"collect": 10.0, "clean": 2.0},
    )
    failed_run = record_stage_timings(
        PipelineRunFactory(
            campaign=chairs,
            status=RunStatus.FAILED,
            stage="collect",
            error_message="Wordstat answered 503 three times",
            started_at=at_noon(day[3]) - timedelta(seconds=120),
            finished_at=at_noon(day[3]),
        ),
        {"collect": 30.0},
    )
    record_stage_timings(
        PipelineRunFactory(  # finished before the period: must not count anywhere
            campaign=stale,
            status=RunStatus.COMPLETED,
            started_at=at_noon(today - timedelta(days=30)) - timedelta(seconds=900),
            finished_at=at_noon(today - timedelta(days=30)),
        ),
        {"collect": 999.0},
    )

    usage = [
        (completed_run, ExternalService.OPENAI, {"calls": 3, "errors": 1, "rate_limited": 1, "prompt_tokens": 100,
                                                  "completion_tokens": 50, "cost_usd": Decimal("0.0150")}),
        (completed_run, ExternalService.WORDSTAT, {"calls": 5}),
        (failed_run, ExternalService.OPENAI, {"calls": 2, "prompt_tokens": 10, "completion_tokens": 5,
                                               "cost_usd": Decimal("0.0010")}),
        (failed_run, ExternalService.WORDSTAT, {"calls": 4, "errors": 3, "rate_limited": 2}),
    ]  # fmt: skip
    for run, service, numbers in usage:
        row = ApiUsage.objects.create(run=run, service=service, **numbers)
        ApiUsage.objects.filter(pk=row.pk).update(created_at=run.finished_at)
    return KnownData(period=period, completed_run=completed_run, failed_run=failed_run)

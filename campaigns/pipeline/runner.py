"""One pipeline run: the ordered stages over the database, resumable after a crash, cancellable between steps.

A stage that finished has a `StageTiming` row, written in the same transaction that stored its output, so running
the run again (a retry, or a new worker after the old one died) skips it and starts at the first unfinished stage.
Errors that describe the user's input or a limit (`core.errors.UserError`) end the run with their own message;
only failures nobody foresaw get the generic apology. Nothing here knows about Telegram: progress and completion
go out as signals.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import asdict

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from campaigns.budget import BudgetPlan, group_searches, plan_budget
from campaigns.models import Ad, Campaign, PipelineRun, RunKind, RunStatus, Stage, StageTiming
from campaigns.pipeline.claims import Heartbeat, RunLost, lock_owned_run
from campaigns.pipeline.context import StageContext, add_usage, clusters_of
from campaigns.pipeline.control import RunControl, StageListener
from campaigns.pipeline.signals import run_finished
from campaigns.pipeline.stages import STAGES, stages_for
from campaigns.removal_figures import doubtful_counts, served_figures
from campaigns.summaries import BuildSummary
from core.api_counters import ServiceCounts, counting
from core.errors import UserError
from core.log_format import log_context
from core.retry import RetryPolicy
from semantic.errors import Cancelled, SourceUnavailable

logger = logging.getLogger(__name__)


# A lost database connection (a restart, a failover, a network blip) is retried on a fresh connection, three times
# after pauses growing from about a second; the stage's compute is repeatable and its store is one transaction, so a
# retry is safe. A database still gone after that is waited for (up to PIPELINE_DATABASE_WAIT_SECONDS, pauses
# growing to 30 s) only to fail the run with a message.
DATABASE_RETRY = RetryPolicy(attempts=4, base_seconds=1.0, max_seconds=4.0)
DATABASE_WAIT = RetryPolicy(attempts=1000, base_seconds=1.0, max_seconds=30.0)  # bounded by the wait's deadline
DATABASE_ERRORS = (OperationalError, InterfaceError)


def _is_database_error(error: BaseException) -> bool:
    return isinstance(error, DATABASE_ERRORS)


class TransientStageError(Exception):
    """An external API stayed unavailable through its client's retries; the task tries the stage once more."""


def execute_run(
    run_id: int,
    *,
    listener: StageListener | None = None,
    claim_token: uuid.UUID | None = None,
    language: str | None = None,
) -> PipelineRun:
    """Run the unfinished stages of a claimed run and record how it ended.

    `claim_token` is what `claim_run` returned (unset: the token now on the row, for a caller that just claimed
    it). Every write an owner makes checks it, so a worker whose run was taken over stops without writing.
    `language` is the language of the run's messages (unset: `PipelineRun.language`).
    Raises TransientStageError (after putting the run back to PENDING) when the caller may retry later;
    every other failure ends the run as FAILED with a message a user can read.
    """
    run = PipelineRun.objects.select_related("user", "campaign__owner").get(pk=run_id)
    token = claim_token or run.claim_token
    language = language or run.language
    heartbeat = Heartbeat(run.pk, token)
    control = RunControl(run.pk, stages_for(run.kind), listener, claim_token=token, owner_lost=heartbeat.lost.is_set)
    ids = {"run_id": run.pk, "campaign_id": run.campaign_id, "user_id": run.user_id}
    with log_context(**ids), override(language), heartbeat:
        try:
            _run_stages(run, control, token)
        except RunLost:
            return _give_up(run)
        except Cancelled:
            if heartbeat.lost.is_set():  # a stage saw should_stop() and stopped: not the user's cancel
                return _give_up(run)
            return finish_run(run.pk, RunStatus.CANCELLED, message=_("Cancelled"), claim_token=token)
        except SourceUnavailable as error:
            _requeue(run, token, str(error))
            raise TransientStageError(str(error)) from error
        except UserError as error:
            return finish_run(run.pk, RunStatus.FAILED, error=str(error), claim_token=token)
        except DATABASE_ERRORS as error:
            return _fail_when_database_returns(run, token, error)
        except Exception as error:  # unexpected: the traceback goes to logs and Sentry, the user gets a short note
            logger.exception("run %s failed in stage %s", run.pk, run.stage)
            return finish_run(run.pk, RunStatus.FAILED, error=_unexpected_error_message(error), claim_token=token)
    return finish_run(run.pk, RunStatus.COMPLETED, message=_("Done"), claim_token=token)


def _give_up(run: PipelineRun) -> PipelineRun:
    """This worker lost the run (taken over, or its heartbeat could not be written for a lease): no write."""
    logger.warning("run %s: this worker no longer owns the run; stopping without writing", run.pk)
    return run


def _fail_when_database_returns(run: PipelineRun, token: uuid.UUID | None, error: Exception) -> PipelineRun:
    """The database stayed unreachable through the stage's retries: wait for it, then fail the run with a message
    the user reads (instead of leaving it RUNNING until the stuck-run sweep). If it never returns within
    PIPELINE_DATABASE_WAIT_SECONDS the error propagates and the sweep takes over."""
    logger.error("run %s: database unavailable in stage %s (%s); waiting to fail the run", run.pk, run.stage, error)
    waiting = DATABASE_WAIT.retrying(
        _is_database_error, name="reconnecting to the database", within_seconds=settings.PIPELINE_DATABASE_WAIT_SECONDS
    )
    try:
        for attempt in waiting:
            with attempt:
                connection.close()
                connection.ensure_connection()
    except DATABASE_ERRORS:
        raise error from None
    message = _("The database was unavailable while the campaign was being built. Please try again.")
    return finish_run(run.pk, RunStatus.FAILED, error=message, claim_token=token)


def _unexpected_error_message(error: Exception) -> str:
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(error, SoftTimeLimitExceeded):
        return _("The campaign took too long to build and was stopped. Try fewer keywords.")
    return _("Something went wrong on our side while building the campaign. We have been notified; please retry.")


def _run_stages(run: PipelineRun, control: RunControl, token: uuid.UUID | None) -> None:
    for stage in control.stages:
        for attempt in DATABASE_RETRY.retrying(_is_database_error, name=f"run {run.pk}, stage {stage}"):
            with attempt:
                try:
                    _run_stage(run, control, token, stage)
                except DATABASE_ERRORS:
                    connection.close()  # the next attempt opens a fresh connection
                    raise


def _run_stage(run: PipelineRun, control: RunControl, token: uuid.UUID | None, stage: Stage) -> None:
    if StageTiming.objects.filter(run_id=run.pk, stage=stage).exists():
        return
    control.check_cancelled()
    run.stage = stage
    control.report(stage, 0, "", force=True)
    started = time.perf_counter()
    campaign = Campaign.objects.select_related("owner").get(pk=run.campaign_id)
    context = StageContext(run, campaign, control.progress_for(stage), control.should_stop)
    module = STAGES[stage].module
    with counting() as api_counts:
        try:
            output = module.compute(context)
        finally:  # the calls were made whatever became of the stage: a failed run's 429s are counted too
            _record_api_counts(run, api_counts)
    control.check_cancelled()
    with transaction.atomic():
        lock_owned_run(run.pk, token)  # a run taken over meanwhile is stored only by its new owner
        module.store(context, output.data)
        StageTiming.objects.update_or_create(
            run_id=run.pk,
            stage=stage,
            defaults={"seconds": round(time.perf_counter() - started, 3), "finished_at": timezone.now()},
        )
    control.report(stage, 100, output.message, force=True)


def _record_api_counts(run: PipelineRun, counts: dict[str, ServiceCounts]) -> None:
    for service, count in counts.items():
        try:
            add_usage(run, service, calls=count.calls, errors=count.errors, rate_limited=count.rate_limited)
        except DATABASE_ERRORS:
            logger.warning("run %s: API usage of %s not recorded (database unavailable): %s", run.pk, service, count)


def _requeue(run: PipelineRun, token: uuid.UUID | None, reason: str) -> None:
    PipelineRun.objects.filter(pk=run.pk, claim_token=token).move_to(RunStatus.PENDING, message=reason[:255])


def finish_run(
    run_id: int, status: str, *, message: str = "", error: str = "", claim_token: uuid.UUID | None = None
) -> PipelineRun:
    """Record how a run ended, on the run and its campaign, and announce it (the bot tells the user).

    With `claim_token` (the runner's own end of a run) nothing is written unless that claim still owns the run:
    a worker whose run was taken over never finishes it. Without it (the stuck-run sweep, a task out of
    retries) the run is finished whoever held it."""
    with transaction.atomic():
        if claim_token is None:
            run = PipelineRun.objects.select_for_update().get(pk=run_id)
        else:
            try:
                run = lock_owned_run(run_id, claim_token)
            except RunLost:
                logger.warning("run %s was taken over; its old worker's end (%s) is not recorded", run_id, status)
                return PipelineRun.objects.get(pk=run_id)
        ended = {"finished_at": timezone.now(), "error_message": error, "message": (error or message)[:255]}
        if status == RunStatus.COMPLETED:
            ended["progress"] = 100
            if run.kind != RunKind.UPLOAD:  # an upload's stage stored its own report (campaigns.pipeline.upload)
                ended["result"] = summarize(run.campaign_id).to_json()
        run.move_to(status, **ended)
    run_finished.send_robust(PipelineRun, run_id=run.pk, status=status)
    return run


def summarize(campaign_id: int) -> BuildSummary:
    """What a finished build found beyond the campaign's own counts: `build_campaign --json` and the bot show it."""
    campaign = Campaign.objects.select_related("owner").get(pk=campaign_id)
    group_negatives = sum(len(words) for words in campaign.groups.values_list("negative_keywords", flat=True))
    by_reason = campaign.removed_phrases.values("code").annotate(count=Count("pk")).order_by("-count", "code")
    return BuildSummary(
        removed_by_reason={row["code"] or "other": row["count"] for row in by_reason},
        min_exact=campaign.min_exact,
        group_negatives=group_negatives,
        unknown_frequency=campaign.keywords.filter(frequency__isnull=True).count(),
        budget=_budget_plan(campaign).as_dict() if campaign.budget else None,
        landing_warning=campaign.landing_warning,
        sitelinks=_sitelink_titles(campaign),
        removed_by_confidence=dict(
            campaign.removed_phrases.order_by().values_list("confidence").annotate(count=Count("pk"))
        ),
        doubtful=[asdict(item) for item in doubtful_counts(campaign)],
        removed_but_served=asdict(served_figures(campaign)),
    )


def _budget_plan(campaign: Campaign) -> BudgetPlan:
    groups, clusters = clusters_of(campaign)
    searches = group_searches(
        [cluster.phrases for cluster in clusters], brief=campaign.product_description, page=campaign.landing_text
    )
    numbered = [(group.number, group.name, count) for group, count in zip(groups, searches, strict=True)]
    return plan_budget(
        campaign.budget,
        numbered,
        not_nested=searches.not_nested,
        heads=searches.heads,
        offered=searches.offered,
        services=searches.services,
        unlisted=searches.unlisted,
    )


def _sitelink_titles(campaign: Campaign) -> list[str]:
    """The sitelinks of the first ad, as the final message shows them (each group picks its own order)."""
    first = Ad.objects.filter(group__campaign=campaign).exclude(sitelinks=[]).order_by("group__number", "pk").first()
    return [str(item.get("title", "")) for item in first.sitelinks] if first else []

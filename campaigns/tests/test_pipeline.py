import pytest
from django.utils import timezone

from campaigns.models import Ad, AdGroup, CampaignStatus, Keyword, PipelineRun, RunStatus, StageTiming
from campaigns.pipeline import execute_run
from campaigns.run_control import claim_run
from campaigns.services import build
from campaigns.services.runs import retry_run
from campaigns.signals import run_finished, run_progress
from campaigns.stages import STAGE_ORDER
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from semantic.errors import SemanticError

pytestmark = pytest.mark.django_db


def start(campaign, **fields) -> PipelineRun:
    run = PipelineRunFactory(campaign=campaign, **fields)
    assert claim_run(run.pk)
    return run


def test_it_builds_a_campaign_from_manual_keywords(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert set(run.stage_timings) == set(STAGE_ORDER)
    sofa_campaign.refresh_from_db()
    assert sofa_campaign.status == CampaignStatus.COMPLETED
    assert sofa_campaign.completed_at is not None
    assert sofa_campaign.keyword_count == Keyword.objects.filter(campaign=sofa_campaign, group__isnull=False).count()
    assert sofa_campaign.keyword_count > 0
    assert sofa_campaign.group_count == AdGroup.objects.filter(campaign=sofa_campaign).count() > 0
    assert sofa_campaign.ad_count == Ad.objects.filter(group__campaign=sofa_campaign).count() > 0
    assert not Ad.objects.filter(group__campaign=sofa_campaign).exclude(validation_problems=[]).exists()
    assert sofa_campaign.export_file.name.endswith(".xlsx")
    assert sofa_campaign.export_file.size > 0
    assert run.result["groups"] == sofa_campaign.group_count
    assert run.result["stage_seconds"] == run.stage_timings
    assert run.progress == 100


def test_it_reports_progress_and_completion_through_signals(sofa_campaign):
    progress, finished = [], []

    def on_progress(sender, **kwargs):
        progress.append(kwargs)

    def on_finished(sender, **kwargs):
        finished.append(kwargs)

    run_progress.connect(on_progress)
    run_finished.connect(on_finished)
    try:
        run = execute_run(start(sofa_campaign).pk)
    finally:
        run_progress.disconnect(on_progress)
        run_finished.disconnect(on_finished)

    assert [event["stage"] for event in progress if event["message"] == ""] == list(STAGE_ORDER)
    percents = [event["percent"] for event in progress]
    assert percents == sorted(percents)
    assert percents[-1] == 100
    assert finished == [{"signal": run_finished, "run_id": run.pk, "status": RunStatus.COMPLETED}]


def test_it_resumes_after_the_last_finished_stage_without_duplicating_rows(sofa_campaign, monkeypatch):
    compute_ads, store_ads = build.STAGE_WORK["ads"]

    def crash(context):
        raise RuntimeError("worker lost its database connection")

    monkeypatch.setitem(build.STAGE_WORK, "ads", (crash, store_ads))
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.FAILED
    assert "Traceback" not in run.error_message
    assert "database connection" not in run.error_message  # internals stay in the log
    assert set(run.stage_timings) == {"collect", "clean", "cluster", "negatives"}
    keyword_ids = set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))
    group_ids = set(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))
    finished_timings = dict(run.stage_timings)

    monkeypatch.setitem(build.STAGE_WORK, "ads", (compute_ads, store_ads))
    retry_run(run.pk)
    assert claim_run(run.pk)
    run = execute_run(run.pk)

    assert run.status == RunStatus.COMPLETED
    assert set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == keyword_ids
    assert set(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == group_ids
    assert {stage: run.stage_timings[stage] for stage in finished_timings} == finished_timings
    ads_per_group = {group.pk: group.ads.count() for group in AdGroup.objects.filter(campaign=sofa_campaign)}
    assert all(count > 0 for count in ads_per_group.values())


@pytest.mark.parametrize("failing_stage", STAGE_ORDER)
def test_a_failure_in_any_stage_is_stored_for_the_user_and_the_run_resumes_once_fixed(
    sofa_campaign, monkeypatch, failing_stage
):
    compute, store = build.STAGE_WORK[failing_stage]

    def refuse(context):
        raise SemanticError(f"Wordstat token is invalid ({failing_stage})")

    monkeypatch.setitem(build.STAGE_WORK, failing_stage, (refuse, store))
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.FAILED
    assert run.error_message == f"Wordstat token is invalid ({failing_stage})"
    assert run.stage == failing_stage
    assert set(run.stage_timings) == set(STAGE_ORDER[: STAGE_ORDER.index(failing_stage)])

    monkeypatch.setitem(build.STAGE_WORK, failing_stage, (compute, store))
    retry_run(run.pk)
    assert claim_run(run.pk)
    run = execute_run(run.pk)

    assert run.status == RunStatus.COMPLETED
    assert run.error_message == ""
    phrases = list(Keyword.objects.filter(campaign=sofa_campaign).values_list("phrase", flat=True))
    assert len(phrases) == len(set(phrases))
    sofa_campaign.refresh_from_db()
    assert sofa_campaign.status == CampaignStatus.COMPLETED


def test_it_replaces_earlier_output_when_a_campaign_is_built_again(sofa_campaign):
    execute_run(start(sofa_campaign).pk)
    first = (
        Keyword.objects.filter(campaign=sofa_campaign).count(),
        AdGroup.objects.filter(campaign=sofa_campaign).count(),
    )

    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED
    again = (
        Keyword.objects.filter(campaign=sofa_campaign).count(),
        AdGroup.objects.filter(campaign=sofa_campaign).count(),
    )
    assert again == first


def test_it_fails_with_a_readable_message_when_no_phrase_is_left(db):
    campaign = CampaignFactory(base_keywords=["бесплатно", "скачать торрент"], keyword_source="manual")

    run = execute_run(start(campaign).pk)

    assert run.status == RunStatus.FAILED
    assert run.error_message
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FAILED


def test_it_stops_when_cancelled_and_keeps_what_was_done(sofa_campaign):
    run = start(sofa_campaign)

    def cancel_during_clustering(stage, percent, message):
        if stage == "cluster":
            PipelineRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    run = execute_run(run.pk, listener=cancel_during_clustering)

    assert run.status == RunStatus.CANCELLED
    assert "ads" not in run.stage_timings
    assert Keyword.objects.filter(campaign=sofa_campaign).exists()
    sofa_campaign.refresh_from_db()
    assert sofa_campaign.status == CampaignStatus.CANCELLED


def test_it_lets_only_one_worker_claim_a_run(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign)
    assert claim_run(run.pk)
    assert not claim_run(run.pk)


def test_it_lets_a_new_worker_take_over_a_run_whose_worker_went_silent(sofa_campaign, settings):
    run = start(sofa_campaign)
    silent_since = timezone.now() - timezone.timedelta(seconds=settings.PIPELINE_STALE_AFTER_SECONDS + 1)
    PipelineRun.objects.filter(pk=run.pk).update(heartbeat_at=silent_since)
    assert claim_run(run.pk)


def test_it_never_claims_a_cancelled_run(sofa_campaign):
    run = PipelineRunFactory(campaign=sofa_campaign, cancel_requested=True)
    assert not claim_run(run.pk)


def test_an_export_run_only_exports_again(sofa_campaign):
    execute_run(start(sofa_campaign).pk)
    groups_before = list(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))

    run = execute_run(start(sofa_campaign, kind="export").pk)

    assert run.status == RunStatus.COMPLETED
    assert set(run.stage_timings) == {"export"}
    assert list(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == groups_before


def test_a_completed_run_has_one_stage_timing_row_per_stage_matching_its_stage_timings(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)

    rows = {row.stage: row for row in StageTiming.objects.filter(run=run)}
    assert {stage: row.seconds for stage, row in rows.items()} == run.stage_timings
    assert set(rows) == set(STAGE_ORDER)
    assert all(run.started_at <= row.finished_at <= run.finished_at for row in rows.values())


def test_a_stage_run_again_after_a_retry_keeps_one_timing_row(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)
    StageTiming.objects.filter(run=run, stage="export").update(seconds=-1.0)
    before_export = {stage: seconds for stage, seconds in run.stage_timings.items() if stage != "export"}
    PipelineRun.objects.filter(pk=run.pk).update(stage_timings=before_export, status=RunStatus.PENDING)
    assert claim_run(run.pk)

    run = execute_run(run.pk)

    assert StageTiming.objects.filter(run=run).count() == len(STAGE_ORDER)
    assert dict(StageTiming.objects.filter(run=run).values_list("stage", "seconds")) == run.stage_timings
    assert run.stage_timings["export"] >= 0

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.export.limits import ExportLimitError, LimitViolation
from campaigns.models import Ad, AdGroup, AdKind, CampaignStatus, Keyword, PipelineRun, RunStatus, StageTiming
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import execute_run
from campaigns.pipeline.signals import run_finished, run_progress
from campaigns.pipeline.stages import STAGE_ORDER, STAGES
from campaigns.services.runs import retry_run
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from semantic.errors import SemanticError
from tests.fakes.landing_site import SOFA_SHOP, FakeSite

pytestmark = pytest.mark.django_db


def start(campaign, **fields) -> PipelineRun:
    run = PipelineRunFactory(campaign=campaign, **fields)
    assert claim_run(run.pk)
    return run


def test_it_builds_a_campaign_from_manual_keywords(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert set(run.stage_seconds()) == set(STAGE_ORDER)
    sofa_campaign.refresh_from_db()
    assert sofa_campaign.status == CampaignStatus.COMPLETED
    assert sofa_campaign.completed_at is not None
    assert sofa_campaign.keyword_count == Keyword.objects.filter(campaign=sofa_campaign, group__isnull=False).count()
    assert sofa_campaign.keyword_count > 0
    assert sofa_campaign.group_count == AdGroup.objects.filter(campaign=sofa_campaign).count() > 0
    in_file = Ad.objects.filter(group__campaign=sofa_campaign, kind=AdKind.COMBINATORIAL)  # the default format
    assert sofa_campaign.ad_count == in_file.count() > 0
    assert not Ad.objects.filter(group__campaign=sofa_campaign).exclude(validation_problems=[]).exists()
    assert sofa_campaign.export_file.name.endswith(".xlsx")
    assert sofa_campaign.export_file.size > 0
    assert run.build_summary.removed == sofa_campaign.removed_phrases.count()
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
    def crash(context):
        raise RuntimeError("worker lost its database connection")

    monkeypatch.setattr(STAGES["ads"].module, "compute", crash)
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.FAILED
    assert "Traceback" not in run.error_message
    assert "database connection" not in run.error_message  # internals stay in the log
    assert set(run.stage_seconds()) == {"collect", "clean", "cluster", "negatives"}
    keyword_ids = set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))
    group_ids = set(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True))
    finished_timings = run.stage_seconds()

    monkeypatch.undo()
    retry_run(run.pk)
    assert claim_run(run.pk)
    run = execute_run(run.pk)

    assert run.status == RunStatus.COMPLETED
    assert set(Keyword.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == keyword_ids
    assert set(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == group_ids
    assert {stage: run.stage_seconds()[stage] for stage in finished_timings} == finished_timings
    ads_per_group = {group.pk: group.ads.count() for group in AdGroup.objects.filter(campaign=sofa_campaign)}
    assert all(count > 0 for count in ads_per_group.values())


@pytest.mark.parametrize("failing_stage", STAGE_ORDER)
def test_a_failure_in_any_stage_is_stored_for_the_user_and_the_run_resumes_once_fixed(
    sofa_campaign, monkeypatch, failing_stage
):
    def refuse(context):
        raise SemanticError(f"Wordstat token is invalid ({failing_stage})")

    monkeypatch.setattr(STAGES[failing_stage].module, "compute", refuse)
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.FAILED
    assert run.error_message == f"Wordstat token is invalid ({failing_stage})"
    assert run.stage == failing_stage
    assert set(run.stage_seconds()) == set(STAGE_ORDER[: STAGE_ORDER.index(failing_stage)])

    monkeypatch.undo()
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


def test_a_keyword_file_of_stop_words_only_is_refused_with_a_message_naming_why(db):
    campaign = CampaignFactory(base_keywords=[], keyword_source="file")
    campaign.keywords_file.save("stop.txt", ContentFile("бесплатно\nскачать торрент\nв\n1\n".encode()))

    run = execute_run(start(campaign).pk)

    assert run.status == RunStatus.FAILED
    assert "стоп" in run.error_message or "stop" in run.error_message
    assert "on our side" not in run.error_message
    assert not AdGroup.objects.filter(campaign=campaign).exists()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.FAILED


def test_it_stops_when_cancelled_and_keeps_what_was_done(sofa_campaign):
    run = start(sofa_campaign)

    def cancel_during_clustering(stage, percent, message):
        if stage == "cluster":
            PipelineRun.objects.filter(pk=run.pk).update(cancel_requested=True)

    run = execute_run(run.pk, listener=cancel_during_clustering)

    assert run.status == RunStatus.CANCELLED
    assert "ads" not in run.stage_seconds()
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
    assert set(run.stage_seconds()) == {"export"}
    assert list(AdGroup.objects.filter(campaign=sofa_campaign).values_list("pk", flat=True)) == groups_before


def test_a_completed_run_has_one_stage_timing_row_per_stage_in_pipeline_order(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)

    rows = {row.stage: row for row in StageTiming.objects.filter(run=run)}
    assert list(run.stage_seconds()) == list(STAGE_ORDER)
    assert set(rows) == set(STAGE_ORDER)
    assert all(run.started_at <= row.finished_at <= run.finished_at for row in rows.values())


def test_a_stage_run_again_after_a_retry_keeps_one_timing_row(sofa_campaign):
    run = execute_run(start(sofa_campaign).pk)
    before_export = run.stage_seconds()
    StageTiming.objects.filter(run=run, stage="export").delete()
    PipelineRun.objects.filter(pk=run.pk).update(status=RunStatus.PENDING)
    assert claim_run(run.pk)

    run = execute_run(run.pk)

    assert StageTiming.objects.filter(run=run).count() == len(STAGE_ORDER)
    assert {stage: seconds for stage, seconds in run.stage_seconds().items() if stage != "export"} == {
        stage: seconds for stage, seconds in before_export.items() if stage != "export"
    }
    assert run.stage_seconds()["export"] >= 0


def test_an_export_limit_error_reaches_the_user_with_its_own_message(sofa_campaign, monkeypatch):
    def over_the_limit(context):
        raise ExportLimitError([LimitViolation("a keyword has 8 words; Direct allows 7", group_number=1)])

    monkeypatch.setattr(STAGES["export"].module, "compute", over_the_limit)
    run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.FAILED
    assert "a keyword has 8 words; Direct allows 7" in run.error_message
    assert "on our side" not in run.error_message


def test_a_build_reads_the_landing_page_and_every_ad_gets_on_site_sitelinks_callouts_and_page_facts(
    sofa_campaign, settings
):
    settings.LANDING_FETCH = True
    settings.LANDING_ALLOW_PRIVATE_HOSTS = True  # the shop below is served on 127.0.0.1
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        sofa_campaign.target_url = site.page_url("/divany/")
        sofa_campaign.save()
        run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    sofa_campaign.refresh_from_db()
    assert sofa_campaign.landing_page["title"].startswith("Диваны от фабрики")
    assert run.build_summary.landing_warning == ""
    assert run.build_summary.sitelinks
    ads = list(Ad.objects.filter(group__campaign=sofa_campaign))
    assert ads
    for ad in ads:
        assert ad.sitelinks, ad.titles
        assert all(link["url"].startswith(site.url) for link in ad.sitelinks)
        assert 2 <= len(ad.callouts) <= 4
    texts = " ".join(text for ad in ads for text in ad.texts)
    assert "доставк" in texts.lower()


def test_a_landing_page_on_a_private_address_is_refused_and_the_build_goes_on_with_a_warning(sofa_campaign, settings):
    settings.LANDING_FETCH = True
    settings.LANDING_ALLOW_PRIVATE_HOSTS = False
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        sofa_campaign.target_url = site.page_url("/divany/")
        sofa_campaign.save()
        run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert "127.0.0.1" in run.build_summary.landing_warning
    assert not site.requests


def test_rate_limits_and_errors_of_the_llm_reach_api_usage(sofa_campaign, settings):
    from campaigns.models import ApiUsage
    from tests.fakes.openai_api import FakeOpenAIServer, rate_limited

    with FakeOpenAIServer() as server:
        settings.OPENAI_API_KEY = server.api_key
        settings.OPENAI_BASE_URL = server.url + "/v1"
        settings.OPENAI_MAX_RETRIES = 1
        settings.OPENAI_RETRY_BASE_SECONDS = settings.OPENAI_RETRY_MAX_SECONDS = 0.01
        settings.LLM_CIRCUIT_BREAKER_FAILURES = 1
        server.script.extend([rate_limited("0") for _ in range(50)])

        run = execute_run(start(sofa_campaign).pk)

    assert run.status == RunStatus.COMPLETED, run.error_message
    usage = ApiUsage.objects.get(run=run, service="openai")
    assert (usage.calls, usage.errors, usage.rate_limited) == (2, 2, 2)

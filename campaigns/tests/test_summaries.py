"""A run's typed result: what older runs stored still loads, and what a type no longer has is ignored."""

import pytest

from campaigns.models import CampaignStatus, RunKind, RunStatus, campaign_status_after
from campaigns.summaries import BuildSummary, UploadReport
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory


def test_a_build_result_stored_before_the_types_loads_with_its_values_and_defaults():
    stored = {  # what `summarize` wrote before the summary was typed: counts the campaign holds, no group_negatives
        "campaign_id": 7,
        "keywords": 120,
        "negatives": {"campaign": 30, "groups": 12, "dropped": 2},
        "removed": 15,
        "removed_by_reason": {"off_market": 9, "duplicate": 6},
        "landing_warning": "timed out",
    }

    summary = BuildSummary.from_json(stored)

    assert summary.removed == 15
    assert summary.landing_warning == "timed out"
    assert summary.min_exact is None  # not known for that run: the chat leaves the line out
    assert summary.sitelinks == []
    assert BuildSummary.from_json(summary.to_json()) == summary


def test_an_upload_report_round_trips_and_sums_its_counts():
    report = UploadReport(direct_campaign_id=5, created={"ad": 3, "keyword": 10}, failed={"ad": 1}, moderated=3)

    again = UploadReport.from_json({**report.to_json(), "a_key_from_the_future": 1})

    assert again == report
    assert (again.created_total, again.skipped_total, again.failed_total) == (13, 0, 1)
    assert UploadReport.from_json({}) == UploadReport()


@pytest.mark.django_db
def test_build_json_reads_counts_from_the_campaign_and_the_rest_from_the_summary():
    run = PipelineRunFactory(
        campaign__keyword_count=40,
        campaign__negative_keywords=["бесплатно"],
        result=BuildSummary(removed_by_reason={"duplicate": 2}, min_exact=3, group_negatives=4).to_json(),
    )

    printed = run.build_summary.as_json(run.campaign)

    assert (printed["keywords"], printed["removed"], printed["min_exact"]) == (40, 2, 3)
    assert printed["negatives"] == {"campaign": 1, "groups": 4, "dropped": 0}


@pytest.mark.parametrize(
    ("kind", "run_status", "campaign_status"),
    [
        (RunKind.BUILD, RunStatus.PENDING, CampaignStatus.QUEUED),
        (RunKind.BUILD, RunStatus.RUNNING, CampaignStatus.PROCESSING),
        (RunKind.BUILD, RunStatus.FAILED, CampaignStatus.FAILED),
        (RunKind.UPLOAD, RunStatus.RUNNING, CampaignStatus.PROCESSING),
        (RunKind.UPLOAD, RunStatus.FAILED, CampaignStatus.COMPLETED),
        (RunKind.UPLOAD, RunStatus.CANCELLED, CampaignStatus.COMPLETED),
    ],
)
def test_the_campaign_status_follows_its_run_and_an_upload_leaves_the_build_complete(kind, run_status, campaign_status):
    assert campaign_status_after(kind, run_status) == campaign_status


@pytest.mark.django_db
def test_moving_a_run_moves_its_campaign_but_never_out_of_the_archive():
    run = PipelineRunFactory(kind=RunKind.BUILD)
    run.move_to(RunStatus.COMPLETED)
    run.campaign.refresh_from_db()
    assert (run.campaign.status, run.campaign.completed_at is not None) == (CampaignStatus.COMPLETED, True)

    assert run.campaign.archive() is True
    run.move_to(RunStatus.FAILED)
    run.campaign.refresh_from_db()
    assert run.campaign.status == CampaignStatus.ARCHIVED
    assert run.campaign.archive() is False


@pytest.mark.django_db
def test_only_a_built_campaign_whose_owner_has_a_token_can_be_uploaded(fernet_key):
    campaign = CampaignFactory(status=CampaignStatus.COMPLETED, owner__yandex_token="y0_" + "a" * 30)
    assert campaign.can_upload
    campaign.owner.yandex_token = None
    assert not campaign.can_upload
    assert not CampaignFactory(status=CampaignStatus.COMPLETED, owner=None).can_upload

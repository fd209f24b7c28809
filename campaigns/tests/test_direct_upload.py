"""Uploading a built campaign to a fake Direct API v5: everything the XLSX holds arrives once, and only once."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns.direct.errors import UploadRefused
from campaigns.export.reader import read_direct_file
from campaigns.models import (
    Ad,
    ApiUsage,
    CampaignStatus,
    DirectObject,
    ExternalService,
    PipelineRun,
    RunKind,
    RunStatus,
    Stage,
)
from campaigns.pipeline.claims import claim_run
from campaigns.pipeline.runner import TransientStageError, execute_run
from campaigns.pipeline.stages import stages_for
from campaigns.services.runs import cancel_run
from campaigns.services.upload import queue_upload
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from tests.fakes.direct_api import callout_text, server_error, sitelink_titles
from tests.fakes.landing_site import SOFA_SHOP, FakeSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(sofa_campaign, settings, fernet_key, direct):
    """The sofa campaign built offline from its landing page (so its ads have sitelinks and callouts)."""
    settings.LANDING_FETCH = True
    settings.LANDING_ALLOW_PRIVATE_HOSTS = True
    with FakeSite({"/divany/": SOFA_SHOP}) as site:
        sofa_campaign.target_url = site.page_url("/divany/")
        sofa_campaign.budget = 30000
        sofa_campaign.save()
        run = execute_run(_claimed(PipelineRunFactory(campaign=sofa_campaign)))
    assert run.status == RunStatus.COMPLETED, run.error_message
    sofa_campaign.owner.yandex_token = direct.token
    sofa_campaign.owner.save()
    sofa_campaign.refresh_from_db()
    return sofa_campaign


def _claimed(run: PipelineRun) -> int:
    assert claim_run(run.pk)
    return run.pk


def upload(campaign) -> PipelineRun:
    run = PipelineRunFactory(campaign=campaign, kind=RunKind.UPLOAD)
    return execute_run(_claimed(run))


def test_the_upload_is_a_run_of_one_stage():
    assert stages_for(RunKind.UPLOAD) == (Stage.UPLOAD,)
    assert Stage.UPLOAD not in stages_for(RunKind.BUILD)


def test_it_uploads_everything_the_xlsx_holds_and_a_second_upload_creates_nothing(built, direct):
    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    with built.export_file.open("rb") as file:
        sheet = read_direct_file(file.read(), built.export_file.name)
    assert len(direct.campaigns) == 1
    (campaign,) = direct.campaigns.values()
    assert campaign["Name"] == built.name
    weekly = campaign["TextCampaign"]["BiddingStrategy"]["Search"]["WbMaximumClicks"]["WeeklySpendLimit"]
    assert weekly == round(30000 / 4.3) * 1_000_000
    assert sorted(group["Name"] for group in direct.adgroups.values()) == sorted(g.name for g in sheet.groups)
    assert all(group["RegionIds"] == [213] for group in direct.adgroups.values())
    group_names = {group_id: group["Name"] for group_id, group in direct.adgroups.items()}
    in_direct = sorted((group_names[kw["AdGroupId"]], kw["Keyword"]) for kw in direct.keywords.values())
    in_file = sorted((group.name, keyword.phrase) for group in sheet.groups for keyword in group.keywords)
    assert in_direct == in_file
    ads_in_direct = sorted((group_names[ad["AdGroupId"]], tuple(ad["Titles"])) for ad in direct.ad_fields())
    assert ads_in_direct == sorted((group.name, tuple(ad.titles)) for group in sheet.groups for ad in group.ads)
    file_sitelinks = {tuple(link.title for link in ad.sitelinks) for group in sheet.groups for ad in group.ads}
    assert {tuple(sitelink_titles(item)) for item in direct.sitelink_sets.values()} == file_sitelinks
    file_callouts = {callout for group in sheet.groups for ad in group.ads for callout in ad.callouts}
    assert {callout_text(item) for item in direct.callouts.values()} == file_callouts
    assert all(ad["SitelinkSetId"] in direct.sitelink_sets for ad in direct.ad_fields())
    assert all(ad["Href"].startswith(built.target_url) and "utm_source" in ad["Href"] for ad in direct.ad_fields())
    assert not direct.moderated  # a draft: the user reviews it in Direct first

    result = run.upload_report
    assert result.direct_campaign_id in direct.campaigns
    assert result.direct_url.endswith(f"cid={result.direct_campaign_id}")
    assert result.created["keyword"] == len(direct.keywords)
    assert result.failed == {kind: 0 for kind in result.failed}
    usage = ApiUsage.objects.get(run=run, service=ExternalService.DIRECT)
    assert usage.calls == len(direct.requests)
    assert usage.units > 0
    built.refresh_from_db()
    assert built.status == CampaignStatus.COMPLETED

    calls_before = len(direct.requests)
    again = upload(built)

    assert again.status == RunStatus.COMPLETED, again.error_message
    assert len(direct.requests) == calls_before  # everything is known: not one call
    assert len(direct.campaigns) == 1
    assert again.upload_report.created == {kind: 0 for kind in again.upload_report.created}
    assert again.upload_report.skipped["keyword"] == len(direct.keywords)
    assert again.upload_report.direct_campaign_id == result.direct_campaign_id


def test_a_server_error_in_the_middle_is_retried_and_the_upload_completes(built, direct):
    direct.script.append(server_error(1002, path="keywords"))

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert len(direct.requests_to("keywords")) == 2
    assert len(direct.keywords) == DirectObject.objects.filter(campaign=built, kind="keyword").count() > 0
    assert ApiUsage.objects.get(run=run, service=ExternalService.DIRECT).errors == 1


def test_a_refused_ad_reaches_the_result_with_its_group_and_is_created_after_the_fix(built, direct, english_messages):
    ad = Ad.objects.filter(group__campaign=built, kind="combinatorial").order_by("pk").first()
    ad.titles = ["Очень длинный заголовок объявления, который Директ не примет никогда в жизни"]
    ad.save()

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    (error,) = run.upload_report.errors
    assert error["kind"] == "ad"
    assert error["group"] == ad.group.name
    assert error["object"] == ad.titles[0]
    assert "at most 56" in error["messages"][0]
    assert run.upload_report.failed["ad"] == 1

    ad.titles = ["Диваны от фабрики"]
    ad.save()
    ads_before, keywords_before = len(direct.ads), len(direct.keywords)
    again = upload(built)

    assert again.upload_report.created["ad"] == 1
    assert again.upload_report.failed["ad"] == 0
    assert len(direct.ads) == ads_before + 1
    assert len(direct.keywords) == keywords_before


def test_it_stops_before_the_points_run_out_and_resumes_where_it_stopped(built, direct, settings):
    settings.YANDEX_DIRECT_UNITS_RESERVE = direct.units_daily - 30  # room for about two calls
    run = upload(built)

    assert run.status == RunStatus.FAILED
    assert "баллов API Директа" in run.error_message  # in the owner's language
    assert "продолжится с того места, где остановилась" in run.error_message
    created = DirectObject.objects.filter(campaign=built).count()
    assert 0 < created < len(direct.requests) + 1000

    settings.YANDEX_DIRECT_UNITS_RESERVE = 0
    direct.units_remaining = direct.units_daily
    resumed = upload(built)

    assert resumed.status == RunStatus.COMPLETED, resumed.error_message
    assert len(direct.campaigns) == 1
    assert sum(resumed.upload_report.skipped.values()) == created


def test_a_wrong_token_is_told_in_words(built, direct):
    built.owner.yandex_token = "not-the-token"
    built.owner.save()

    run = upload(built)

    assert run.status == RunStatus.FAILED
    assert run.error_message.startswith("Токен не подходит для API Директа: Authorization error")
    assert not direct.campaigns


def test_it_sends_ads_to_moderation_only_when_asked(built, direct, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        queued = queue_upload(built.pk, built.owner_id, client_login="agency-client", moderate=True)
    assert queued.kind == RunKind.UPLOAD
    built.refresh_from_db()
    assert built.direct_moderate
    assert built.direct_client_login == "agency-client"
    assert cancel_run(queued.pk)  # a cancelled upload leaves the build complete
    built.refresh_from_db()
    assert built.status == CampaignStatus.COMPLETED

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert direct.moderated == set(direct.ads)
    assert run.upload_report.moderated == len(direct.ads)
    assert all(request.headers["client-login"] == "agency-client" for request in direct.requests)
    assert run.upload_report.direct_url.endswith("&ulogin=agency-client")


def test_an_unbuilt_campaign_is_refused(english_messages):
    campaign = CampaignFactory()
    with pytest.raises(UploadRefused, match="Build the campaign first"):
        queue_upload(campaign.pk, campaign.owner_id)
    assert not PipelineRun.objects.exists()


def test_the_command_uploads_with_a_progress_bar_and_prints_json(built, direct, settings):
    settings.YANDEX_DIRECT_TOKEN = direct.token  # the operator's account, for a campaign without an owner
    built.owner = None
    built.save()
    out, err = io.StringIO(), io.StringIO()

    call_command("upload_campaign", str(built.pk), "--json", stdout=out, stderr=err)

    printed = json.loads(out.getvalue())  # the keys README documents
    assert printed["status"] == "completed"
    assert printed["direct_campaign_id"] in direct.campaigns
    assert printed["created"]["group"] == len(direct.adgroups)

    out = io.StringIO()
    call_command("upload_campaign", str(built.pk), stdout=out, stderr=io.StringIO())
    assert "created nothing" in out.getvalue()
    assert len(direct.campaigns) == 1


def test_the_command_refuses_an_unbuilt_campaign():
    campaign = CampaignFactory()
    with pytest.raises(CommandError, match=r"Build the campaign first|соберите кампанию"):
        call_command("upload_campaign", str(campaign.pk), stdout=io.StringIO())
    with pytest.raises(CommandError, match="does not exist"):
        call_command("upload_campaign", "999999", stdout=io.StringIO())


def test_the_admin_action_queues_an_upload_and_reports_a_campaign_not_built(
    admin_client, built, django_capture_on_commit_callbacks
):
    unbuilt = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            reverse("admin:campaigns_campaign_changelist"),
            {"action": "upload_to_direct", "_selected_action": [built.pk, unbuilt.pk]},
            follow=True,
        )
    run = PipelineRun.objects.get(campaign=built, kind=RunKind.UPLOAD)
    assert run.status == RunStatus.PENDING
    assert len(callbacks) == 1
    assert not PipelineRun.objects.filter(campaign=unbuilt).exists()
    assert any(unbuilt.name in str(message) for message in response.context["messages"])


def test_the_service_token_never_uploads_a_users_campaign(built, direct, settings, english_messages, admin_client):
    settings.YANDEX_DIRECT_TOKEN = direct.token
    built.owner.yandex_token = None
    built.owner.save()

    with pytest.raises(UploadRefused, match="owner's own Direct account"):
        queue_upload(built.pk, built.owner_id)
    response = admin_client.post(
        reverse("admin:campaigns_campaign_changelist"),
        {"action": "upload_to_direct", "_selected_action": [built.pk]},
        follow=True,
    )
    run = upload(built)  # an upload run queued before the owner removed the token

    assert any("OAuth" in str(message) and built.name in str(message) for message in response.context["messages"])
    assert not PipelineRun.objects.filter(kind=RunKind.UPLOAD).exclude(pk=run.pk).exists()
    assert run.status == RunStatus.FAILED
    assert not direct.campaigns
    assert not direct.requests


def test_direct_down_half_way_puts_the_run_back_and_the_next_attempt_creates_nothing_twice(built, direct, settings):
    settings.YANDEX_DIRECT_RETRIES = 2
    direct.script.extend([server_error(1000, path="ads"), server_error(1000, path="ads")])

    run = PipelineRunFactory(campaign=built, kind=RunKind.UPLOAD)
    with pytest.raises(TransientStageError):
        execute_run(_claimed(run))

    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.PENDING  # the task tries the stage again later
    assert not direct.ads
    groups, keywords = len(direct.adgroups), len(direct.keywords)
    assert groups == DirectObject.objects.filter(campaign=built, kind="group").count() > 0
    resumed = execute_run(_claimed(run))

    assert resumed.status == RunStatus.COMPLETED, resumed.error_message
    assert (len(direct.adgroups), len(direct.keywords)) == (groups, keywords)
    assert len(direct.ads) == resumed.upload_report.created["ad"] > 0
    assert resumed.upload_report.skipped["group"] == groups

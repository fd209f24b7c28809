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
    AdGroup,
    ApiUsage,
    CampaignStatus,
    DirectObject,
    ExternalService,
    Keyword,
    PipelineRun,
    RunKind,
    RunStatus,
    Stage,
)
from campaigns.pipeline.runner import TransientStageError, execute_run
from campaigns.pipeline.stages import stages_for
from campaigns.services.runs import cancel_run
from campaigns.services.upload import queue_upload
from campaigns.tests.direct_helpers import claimed, upload
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from tests.fakes.direct_api import callout_text, server_error, sitelink_titles
from tests.fakes.server import ScriptedResponse

pytestmark = pytest.mark.django_db


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
    # Each ad goes where the file sends it: its group's own section of the site, tagged for the statistics.
    links_in_direct = sorted((group_names[ad["AdGroupId"]], ad["Href"]) for ad in direct.ad_fields())
    assert links_in_direct == sorted((group.name, ad.link) for group in sheet.groups for ad in group.ads)
    site = built.target_url.split("/")[2]
    assert all(ad["Href"].split("/")[2] == site and "utm_source" in ad["Href"] for ad in direct.ad_fields())
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

    adds_before = sum(direct.calls(service, "add") for service in ("campaigns", "adgroups", "keywords", "ads"))
    again = upload(built)

    assert again.status == RunStatus.COMPLETED, again.error_message
    assert sum(direct.calls(service, "add") for service in ("campaigns", "adgroups", "keywords", "ads")) == adds_before
    assert not direct.updated  # nothing changed: nothing updated
    assert len(direct.campaigns) == 1
    assert again.upload_report.created == {kind: 0 for kind in again.upload_report.created}
    assert again.upload_report.skipped["keyword"] == len(direct.keywords)
    assert again.upload_report.direct_campaign_id == result.direct_campaign_id


def test_a_server_error_in_the_middle_is_retried_and_the_upload_completes(built, direct):
    direct.script.append(server_error(1002, path="keywords"))

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert direct.calls("keywords", "add") == 2
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
    direct.fail_call("ads", "add", times=2)

    run = PipelineRunFactory(campaign=built, kind=RunKind.UPLOAD)
    with pytest.raises(TransientStageError):
        execute_run(claimed(run))

    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.PENDING  # the task tries the stage again later
    assert not direct.ads
    groups, keywords = len(direct.adgroups), len(direct.keywords)
    assert groups == DirectObject.objects.filter(campaign=built, kind="group").count() > 0
    resumed = execute_run(claimed(run))

    assert resumed.status == RunStatus.COMPLETED, resumed.error_message
    assert (len(direct.adgroups), len(direct.keywords)) == (groups, keywords)
    assert len(direct.ads) == resumed.upload_report.created["ad"] > 0
    assert resumed.upload_report.skipped["group"] == groups


def _account(direct) -> dict[str, list]:
    """What the fake account holds, by what identifies each object (duplicates show up as repeats)."""
    group_names = {group_id: group["Name"] for group_id, group in direct.adgroups.items()}
    return {
        "campaign": sorted(campaign["Name"] for campaign in direct.campaigns.values()),
        "group": sorted(group_names.values()),
        "keyword": sorted((group_names[kw["AdGroupId"]], kw["Keyword"]) for kw in direct.keywords.values()),
        "ad": sorted((group_names[ad["AdGroupId"]], tuple(ad["Titles"])) for ad in direct.ad_fields()),
        "sitelink_set": sorted(tuple(sitelink_titles(item)) for item in direct.sitelink_sets.values()),
        "callout": sorted(callout_text(item) for item in direct.callouts.values()),
    }


@pytest.mark.parametrize("how", ["502", "drop"])
def test_a_lost_answer_of_every_kind_of_add_creates_nothing_twice(built, direct, how):
    for service in ("sitelinks", "adextensions", "campaigns", "adgroups", "keywords", "ads"):
        direct.lose_answer(service, how=how)

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert not direct.faults  # every answer was lost once
    account = _account(direct)
    assert all(len(objects) == len(set(objects)) > 0 for objects in account.values()), account
    with built.export_file.open("rb") as file:
        sheet = read_direct_file(file.read(), built.export_file.name)
    assert account["group"] == sorted(group.name for group in sheet.groups)
    assert len(account["keyword"]) == sum(len(group.keywords) for group in sheet.groups)
    stored = DirectObject.objects.filter(campaign=built)
    assert {(obj.kind, obj.direct_id) for obj in stored} >= {("group", group_id) for group_id in direct.adgroups}
    assert stored.filter(kind="keyword").count() == len(direct.keywords)
    assert stored.filter(kind="ad").count() == len(direct.ads)
    assert run.result["found"]["group"] == len(direct.adgroups)  # read back after the lost answer, not added again

    again = upload(built)
    assert again.result["created"] == {kind: 0 for kind in again.result["created"]}
    assert _account(direct) == account


def test_a_malformed_answer_is_an_unknown_outcome_too(built, direct):
    direct.script.append(ScriptedResponse(200, raw=b"{not json", path="adgroups"))

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert len(direct.adgroups) == len(set(_account(direct)["group"]))
    assert direct.calls("adgroups", "get") == 1


def test_when_direct_refuses_responsive_ads_they_go_as_text_ads_and_the_report_says_so(built, direct):
    direct.responsive_ads = False

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert direct.ads
    assert all("TextAd" in ad for ad in direct.ads.values())
    assert run.result["ad_type"] == "TextAd"
    assert run.result["ad_type_fallback"] is True
    assert any(warning["object"] == "ResponsiveAd" for warning in run.result["warnings"])
    assert run.result["created"]["ad"] == len(direct.ads)


def _rebuild(campaign) -> None:
    run = execute_run(claimed(PipelineRunFactory(campaign=campaign)))
    assert run.status == RunStatus.COMPLETED, run.error_message


def test_a_rebuild_then_an_upload_updates_what_changed_and_keeps_the_ids_of_what_did_not(built, direct, settings):
    assert upload(built).status == RunStatus.COMPLETED
    first = _account(direct)
    ads_before = {ad_id: dict(ad) for ad_id, ad in direct.ads.items()}
    direct.moderated.update(direct.ads)  # as if Direct had reviewed them

    _rebuild(built)
    changed = Ad.objects.filter(group__campaign=built, kind="combinatorial").order_by("pk").first()
    changed.titles = ["Диваны со скидкой 30%", *changed.titles[1:]]
    changed.save()
    dropped = Keyword.objects.filter(campaign=built, group__isnull=False).order_by("pk").last()
    dropped_phrase = dropped.phrase
    dropped.delete()
    group = changed.group
    group.negative_keywords = [*group.negative_keywords, "чехол"]
    group.save()
    built.negative_keywords = [*built.negative_keywords, "ремонт"]
    built.save()
    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    result = run.result
    account = _account(direct)
    assert all(len(objects) == len(set(objects)) for objects in account.values()), account
    assert account["group"] == first["group"]
    assert len(direct.ads) == len(ads_before)  # the changed ad was updated in place, not added
    assert result["updated"]["ad"] == 1
    assert result["created"]["ad"] == 0
    unchanged = {ad_id for ad_id, ad in direct.ads.items() if ad == ads_before[ad_id]}
    assert len(unchanged) == len(ads_before) - 1  # every other ad keeps its id and its content
    assert unchanged <= direct.moderated  # and its moderation
    (updated_id,) = set(direct.ads) - unchanged
    assert direct.ads[updated_id]["ResponsiveAd"]["Titles"][0] == "Диваны со скидкой 30%"
    assert updated_id not in direct.moderated  # changed text goes back to moderation
    assert DirectObject.objects.get(campaign=built, kind="ad", local_key=str(changed.pk)).direct_id == updated_id
    group_in_direct = next(g for g in direct.adgroups.values() if g["Name"] == group.name)
    assert "чехол" in group_in_direct["NegativeKeywords"]["Items"]
    (campaign_in_direct,) = direct.campaigns.values()
    assert "ремонт" in campaign_in_direct["NegativeKeywords"]["Items"]
    assert result["removable"]["keyword"] == 1  # asked first: still in Direct
    assert dropped_phrase in {kw["Keyword"] for kw in direct.keywords.values()}
    assert sum(result["found"].values()) > 0

    gone_group = AdGroup.objects.filter(campaign=built).exclude(pk=changed.group_id).order_by("number").last()
    gone_keywords = gone_group.keywords.count()
    group_id = DirectObject.objects.get(campaign=built, kind="group", local_key=str(gone_group.pk)).direct_id
    gone_ads = {ad_id for ad_id, ad in direct.ads.items() if ad["AdGroupId"] == group_id}
    gone_group.delete()
    built.direct_delete_removed = True
    built.save()
    again = upload(built)

    assert again.result["removed"]["keyword"] == 1 + gone_keywords
    assert dropped_phrase not in {kw["Keyword"] for kw in direct.keywords.values()}
    assert again.result["removed"]["ad"] == len(gone_ads)  # moderated: suspended and archived (only drafts delete)
    assert again.result["removed"]["group"] == 1
    assert group_id not in direct.adgroups
    assert again.result["created"] == {kind: 0 for kind in again.result["created"]}
    assert again.result["updated"] == {kind: 0 for kind in again.result["updated"]}
    assert not again.result["warnings"]
    assert set(direct.ads) == set(ads_before) - gone_ads


def test_a_lost_campaign_answer_never_matches_a_namesake_another_campaign_uploaded(built, direct, settings):
    twin = CampaignFactory(name=built.name)
    DirectObject.objects.create(campaign=twin, kind="campaign", local_key=str(twin.pk), direct_id=9)
    direct.campaigns[9] = {"Name": built.name}  # the twin's campaign in the same account
    direct.lose_answer("campaigns")

    run = upload(built)

    assert run.status == RunStatus.COMPLETED, run.error_message
    assert run.result["direct_campaign_id"] not in (9, None)
    assert len(direct.campaigns) == 2
    assert all(group["CampaignId"] != 9 for group in direct.adgroups.values())


def test_a_lost_answer_then_direct_down_is_read_back_when_the_run_is_tried_again(built, direct, settings):
    settings.YANDEX_DIRECT_RETRIES = 2
    direct.lose_answer("campaigns")
    direct.fail_call("campaigns", "get", times=2)  # the look-up after the lost answer fails too

    run = PipelineRunFactory(campaign=built, kind=RunKind.UPLOAD)
    with pytest.raises(TransientStageError):
        execute_run(claimed(run))
    assert len(direct.campaigns) == 1
    assert not DirectObject.objects.filter(campaign=built).exclude(kind__in=["sitelink_set", "callout"]).exists()

    resumed = execute_run(claimed(run))

    assert resumed.status == RunStatus.COMPLETED, resumed.error_message
    assert len(direct.campaigns) == 1
    assert resumed.result["found"]["campaign"] == 1

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django_celery_results.models import TaskResult

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunKind, RunStatus
from campaigns.tests.factories import AdFactory, AdGroupFactory, CampaignFactory, KeywordFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db
CAMPAIGNS = reverse("admin:campaigns_campaign_changelist")
RUNS = reverse("admin:campaigns_pipelinerun_changelist")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("clerk", password="pw", is_staff=True)


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_it_filters_campaigns_by_status_and_owner(admin_client):
    anna = TelegramUserFactory(telegram_id=900_001, username="anna")
    mine = CampaignFactory(owner=anna, status=CampaignStatus.COMPLETED, geo_ids=[43])
    CampaignFactory(owner=anna, status=CampaignStatus.FAILED, geo_ids=[43])
    CampaignFactory(status=CampaignStatus.COMPLETED, geo_ids=[213])
    response = admin_client.get(CAMPAIGNS, {"status__exact": "completed", "owner_ref": "@anna"})
    assert list(response.context["cl"].result_list) == [mine]
    assert list(admin_client.get(CAMPAIGNS, {"owner_ref": "900001"}).context["cl"].result_list) != []


def test_the_campaign_list_costs_a_fixed_number_of_queries(admin_client, django_assert_max_num_queries):
    CampaignFactory.create_batch(30)
    with django_assert_max_num_queries(12):
        assert admin_client.get(CAMPAIGNS).status_code == 200


def test_a_campaign_page_shows_groups_runs_and_links_to_its_results(admin_client):
    campaign = CampaignFactory(spreadsheet_url="https://docs.google.com/spreadsheets/d/abc")
    campaign.export_file.save("divany.xlsx", ContentFile(b"PK fake xlsx"))
    group = AdGroupFactory(campaign=campaign, name="Угловые диваны")
    KeywordFactory.create_batch(3, group=group)
    AdFactory(group=group)
    PipelineRunFactory(campaign=campaign, status=RunStatus.COMPLETED)
    page = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk])).content.decode()
    assert "Угловые диваны" in page
    assert "https://docs.google.com/spreadsheets/d/abc" in page
    assert reverse("admin:campaigns_campaign_download", args=[campaign.pk]) in page
    group_page = admin_client.get(reverse("admin:campaigns_adgroup_change", args=[group.pk])).content.decode()
    assert "купить диван" in group_page
    assert "Купить диван в Москве" in group_page


def test_it_downloads_the_export_file_for_staff_only(admin_client, client, staff):
    campaign = CampaignFactory()
    campaign.export_file.save("divany.xlsx", ContentFile(b"PK fake xlsx"))
    url = reverse("admin:campaigns_campaign_download", args=[campaign.pk])
    response = admin_client.get(url)
    assert b"".join(response.streaming_content) == b"PK fake xlsx"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(staff)
    assert client.get(url).status_code == 404


def test_it_archives_selected_campaigns_and_reports_the_ones_already_archived(admin_client):
    live, gone = CampaignFactory(), CampaignFactory(status=CampaignStatus.ARCHIVED)
    response = admin_client.post(CAMPAIGNS, {"action": "archive", "_selected_action": [live.pk, gone.pk]}, follow=True)
    assert Campaign.objects.get(pk=live.pk).status == CampaignStatus.ARCHIVED
    assert any(gone.name in message for message in messages_of(response))


def test_it_queues_a_rebuild_and_an_export_and_reports_refusals(admin_client, django_capture_on_commit_callbacks):
    ready = CampaignFactory(status=CampaignStatus.COMPLETED)
    archived = CampaignFactory(status=CampaignStatus.ARCHIVED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            CAMPAIGNS, {"action": "export_again", "_selected_action": [ready.pk, archived.pk]}, follow=True
        )
    run = PipelineRun.objects.get(campaign=ready)
    assert (run.kind, run.status) == (RunKind.EXPORT, RunStatus.PENDING)
    assert len(callbacks) == 1  # the task is enqueued only after commit
    assert not PipelineRun.objects.filter(campaign=archived).exists()
    assert any(archived.name in message for message in messages_of(response))


def test_it_cancels_the_running_build_of_a_campaign(admin_client):
    run = PipelineRunFactory(status=RunStatus.PENDING)
    admin_client.post(CAMPAIGNS, {"action": "cancel", "_selected_action": [run.campaign_id]})
    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.CANCELLED


def test_the_run_list_shows_the_celery_result_next_to_the_run(admin_client):
    run = PipelineRunFactory(task_id="3f1c-task", status=RunStatus.FAILED, error_message="Wordstat 503")
    TaskResult.objects.create(task_id="3f1c-task", status="FAILURE", task_name="campaigns.tasks.run_campaign")
    response = admin_client.get(RUNS)
    row = next(row for row in response.context["cl"].result_list if row.pk == run.pk)
    assert row.celery_status == "FAILURE"
    page = admin_client.get(reverse("admin:campaigns_pipelinerun_change", args=[run.pk])).content.decode()
    assert "campaigns.tasks.run_campaign" in page


def test_it_retries_a_failed_run(admin_client, django_capture_on_commit_callbacks):
    run = PipelineRunFactory(status=RunStatus.FAILED, campaign__status=CampaignStatus.FAILED)
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(RUNS, {"action": "retry", "_selected_action": [run.pk]})
    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.PENDING


def test_it_cancels_a_pending_run(admin_client):
    run = PipelineRunFactory(status=RunStatus.PENDING)
    admin_client.post(RUNS, {"action": "cancel", "_selected_action": [run.pk]})
    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.CANCELLED


def test_a_staff_member_without_rights_sees_no_campaigns_or_runs(client, staff):
    client.force_login(staff)
    assert client.get(CAMPAIGNS).status_code == 403
    assert client.get(RUNS).status_code == 403


def test_a_staff_member_who_may_only_view_runs_cannot_cancel_them(client, staff):
    grant(staff, "view_pipelinerun", "view_campaign")
    client.force_login(staff)
    run = PipelineRunFactory(status=RunStatus.PENDING)
    page = client.get(RUNS)
    assert page.status_code == 200
    assert b'value="cancel"' not in page.content
    client.post(RUNS, {"action": "cancel", "_selected_action": [run.pk]})
    client.post(CAMPAIGNS, {"action": "cancel", "_selected_action": [run.campaign_id]})
    assert PipelineRun.objects.get(pk=run.pk).status == RunStatus.PENDING

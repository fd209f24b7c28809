import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from campaigns.models import ApiUsage, StageTiming
from campaigns.tests.factories import AdFactory, KeywordFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_rows():
    run = PipelineRunFactory()
    StageTiming.objects.create(run=run, stage="collect", seconds=1.5, finished_at=timezone.now())
    ApiUsage.objects.create(run=run, service="wordstat", calls=3)
    KeywordFactory(group__campaign=run.campaign)
    AdFactory(group__campaign=run.campaign)


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: f"{model._meta.app_label}.{model._meta.model_name}"
)
def test_every_registered_model_has_a_list_page_that_opens(admin_client, some_rows, model):
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 200


def test_every_page_of_the_panel_needs_a_staff_login(client):
    for url in (reverse("admin:index"), reverse("admin-dashboard"), reverse("admin:campaigns_campaign_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

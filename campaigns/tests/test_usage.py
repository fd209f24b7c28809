import pytest

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus
from campaigns.services.usage import Usage, usage_of
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db


def test_live_campaigns_are_all_but_the_archived_ones_and_the_drafts():
    user = TelegramUserFactory()
    CampaignFactory.create_batch(2, owner=user, status=CampaignStatus.COMPLETED)
    CampaignFactory(owner=user, status=CampaignStatus.ARCHIVED)
    CampaignFactory(owner=user, status=CampaignStatus.DRAFT)
    CampaignFactory(status=CampaignStatus.COMPLETED)  # someone else's
    assert Campaign.objects.live_count_for(user.pk) == 2


def test_usage_counts_live_campaigns_and_this_months_builds():
    user = TelegramUserFactory(campaign_limit=5)
    CampaignFactory.create_batch(2, owner=user, status=CampaignStatus.COMPLETED)
    PipelineRunFactory(campaign__owner=user, campaign__status=CampaignStatus.QUEUED, user=user)
    CampaignFactory(owner=user)  # a draft

    assert usage_of(user.pk) == Usage(campaigns_used=3, runs_this_month=1)


def test_the_users_list_in_the_admin_shows_each_users_live_campaign_count(admin_client):
    user = TelegramUserFactory(username="anna_shop")
    CampaignFactory.create_batch(2, owner=user, status=CampaignStatus.FAILED)
    CampaignFactory(owner=user, status="archived")
    CampaignFactory(owner=user)  # a draft
    response = admin_client.get("/admin/accounts/telegramuser/")
    assert response.status_code == 200
    row = next(row for row in response.context["cl"].result_list if row.pk == user.pk)
    assert row.campaign_count == 2

"""Putting removed phrases back (campaigns.services.removed) and the limit check at the start of a conversation."""

import pytest

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import CampaignStatus, RemovedPhrase, RunStatus
from campaigns.services.drafts import DraftError, parse_benefits
from campaigns.services.removed import put_back, removal_counts
from campaigns.services.runs import QueueRefused, check_can_start
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db


def removed(campaign, *rows):
    RemovedPhrase.objects.bulk_create(
        RemovedPhrase(campaign=campaign, stage="clean", phrase=text, reason=code, code=code) for text, code in rows
    )


def test_counts_come_per_reason_largest_first_and_say_which_can_be_put_back():
    campaign = CampaignFactory()
    removed(campaign, ("а", "other_city"), ("б", "other_city"), ("в", "stop_word"), ("г", ""))

    counts = removal_counts(campaign.pk)

    assert [(item.code, item.count, item.restorable) for item in counts] == [
        ("other_city", 2, True),
        ("", 1, False),
        ("stop_word", 1, False),
    ]


def test_put_back_adds_the_reasons_phrases_to_the_kept_ones_once():
    campaign = CampaignFactory(kept_phrases=["диван сургут"])
    removed(campaign, ("диван сургут", "other_city"), ("диван тюмень", "other_city"), ("диван фото", "informational"))

    assert put_back(campaign, "other_city") == 2

    campaign.refresh_from_db()
    assert campaign.kept_phrases == ["диван сургут", "диван тюмень"]
    assert campaign.min_exact_frequency is None


def test_reasons_that_are_not_the_users_to_overrule_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        put_back(CampaignFactory(), "duplicate")


def test_check_can_start_refuses_at_the_limit_and_while_a_build_runs_but_ignores_drafts(english_messages):
    user = TelegramUserFactory(campaign_limit=2)
    CampaignFactory(owner=user, status=CampaignStatus.COMPLETED)
    CampaignFactory.create_batch(3, owner=user, status=CampaignStatus.DRAFT)
    check_can_start(user.pk)

    finished = CampaignFactory(owner=user, status=CampaignStatus.COMPLETED)
    with pytest.raises(QueueRefused, match="2"):
        check_can_start(user.pk)

    finished.status = CampaignStatus.ARCHIVED
    finished.save()
    PipelineRunFactory(campaign__owner=user, campaign__status=CampaignStatus.DRAFT, status=RunStatus.RUNNING)
    with pytest.raises(QueueRefused, match="still being built"):
        check_can_start(user.pk)


def test_selling_points_are_read_one_per_line_without_bullets_or_repeats():
    assert parse_benefits("• Доставка за 1 день\n\n- Гарантия 2 года; Доставка за 1 день") == [
        "Доставка за 1 день",
        "Гарантия 2 года",
    ]
    with pytest.raises(DraftError):
        parse_benefits(" \n ; ")

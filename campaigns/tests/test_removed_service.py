"""Putting removed phrases back (campaigns.services.removed) and the limit check at the start of a conversation."""

import pytest

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import CampaignStatus, Keyword, RemovedPhrase, RunStatus
from campaigns.removal_figures import doubtful_counts, served_figures
from campaigns.services.drafts import DraftError, parse_benefits
from campaigns.services.removed import put_back, removal_counts, remove_doubtful
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


def test_doubtful_phrases_are_counted_per_reason_and_removed_for_good_kept_ones_too():
    campaign = CampaignFactory(kept_phrases=["шампунь для кошек"])
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="шампунь для собак", reason="r", code="look_alike", confidence="judged"
    )
    RemovedPhrase.objects.create(campaign=campaign, stage="clean", phrase="шампунь авито", reason="r", code="used")
    Keyword.objects.create(campaign=campaign, phrase="шампунь для кошек", doubt_code="look_alike", doubt_reason="r")
    Keyword.objects.create(campaign=campaign, phrase="автошампунь")

    assert [(item.code, item.removed, item.kept) for item in doubtful_counts(campaign)] == [("look_alike", 1, 1)]
    assert list(campaign.removed_phrases.doubtful().values_list("phrase", flat=True)) == ["шампунь для собак"]
    assert list(campaign.keywords.doubtful().values_list("phrase", flat=True)) == ["шампунь для кошек"]

    assert remove_doubtful(campaign, "look_alike") == 2

    campaign.refresh_from_db()
    assert campaign.confirmed_removals == ["шампунь для собак", "шампунь для кошек"]
    assert campaign.kept_phrases == []  # removing for good overrules an earlier put-back
    with pytest.raises(ValueError, match="no doubtful"):
        remove_doubtful(campaign, "off_market")


def test_served_figures_count_certain_removals_the_keywords_still_serve_past_the_negatives():
    campaign = CampaignFactory(negative_keywords=["своими"])
    Keyword.objects.create(campaign=campaign, phrase="скуд")
    for phrase, code, confidence in [
        ("скуд своими руками", "stop_word", "certain"),  # blocked by the campaign's negative
        ("скуд википедия", "informational", "certain"),  # served: counted
        ("фиат скуд", "off_market", "judged"),  # waits for the user: not counted
    ]:
        RemovedPhrase.objects.create(
            campaign=campaign, stage="clean", phrase=phrase, reason="r", code=code, confidence=confidence
        )

    figures = served_figures(campaign)

    assert (figures.served, figures.removed, figures.examples) == (1, 2, ("скуд википедия",))

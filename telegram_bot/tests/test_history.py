"""/history: pages of five, filters, details and every action; other users' ids are refused and logged."""

import pytest
from asgiref.sync import sync_to_async
from django.core.files.base import ContentFile

from accounts.models import ActivityEvent, TelegramUser
from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunStatus
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory, StageTimingFactory

pytestmark = pytest.mark.django_db(transaction=True)

USER = 801


@sync_to_async
def campaigns_of(telegram_id: int, count: int, **fields) -> list[Campaign]:
    owner = TelegramUserFactory(telegram_id=telegram_id)
    return CampaignFactory.create_batch(count, owner=owner, status=CampaignStatus.COMPLETED, **fields)


@sync_to_async
def with_file(campaign: Campaign) -> None:
    campaign.export_file.save("divany.xlsx", ContentFile(b"PK\x03\x04 xlsx"))


async def test_it_lists_five_campaigns_a_page_with_next_and_previous(bot):
    await campaigns_of(USER, 7)

    first = await bot.say(USER, "/history")
    second = await bot.press(USER, "page_2_all_0", first[-1].message_id)

    assert "1" in first[-1].text
    assert "2" in first[-1].text
    assert sum(data.startswith("open_") for data in first[-1].callback_data()) == 5
    assert "page_2_all_0" in first[-1].callback_data()
    assert sum(data.startswith("open_") for data in second[-1].callback_data()) == 2
    assert "page_1_all_0" in second[-1].callback_data()
    assert second[-1].message_id == first[-1].message_id  # edited in place


async def test_it_filters_by_status(bot):
    done = await campaigns_of(USER, 2)
    await sync_to_async(Campaign.objects.filter(pk=done[0].pk).update)(status=CampaignStatus.FAILED)

    replies = await bot.say(USER, "/history")
    failed = await bot.press(USER, "page_1_failed", replies[-1].message_id)

    assert [data for data in failed[-1].callback_data() if data.startswith("open_")] == [f"open_{done[0].pk}"]


async def test_it_shows_details_statistics_and_sends_the_file_again(bot):
    (campaign,) = await campaigns_of(USER, 1, keyword_count=40, group_count=5, ad_count=10)
    await with_file(campaign)
    run = await sync_to_async(PipelineRunFactory)(campaign=campaign, status=RunStatus.COMPLETED)
    await sync_to_async(StageTimingFactory)(run=run, stage="collect", seconds=1.5)

    details = await bot.say(USER, "/history")
    details = await bot.press(USER, f"open_{campaign.pk}", details[-1].message_id)
    stats = await bot.press(USER, f"stats_{campaign.pk}", details[-1].message_id)
    resent = await bot.press(USER, f"file_{campaign.pk}", details[-1].message_id)

    assert campaign.name in details[-1].text
    assert "40" in details[-1].text
    assert {f"file_{campaign.pk}", f"stats_{campaign.pk}", f"repeat_{campaign.pk}", f"delete_{campaign.pk}"} <= set(
        details[-1].callback_data()
    )
    assert "1.5" in stats[-1].text
    assert resent[-1].method == "sendDocument"
    assert resent[-1].document == b"PK\x03\x04 xlsx"


async def test_delete_asks_first_then_archives(bot):
    (campaign,) = await campaigns_of(USER, 1)

    asked = await bot.press(USER, f"delete_{campaign.pk}")
    assert asked[-1].callback_data() == [f"confirm_delete_{campaign.pk}", f"open_{campaign.pk}"]
    await bot.press(USER, f"confirm_delete_{campaign.pk}")

    archived = await Campaign.objects.aget(pk=campaign.pk)
    assert archived.status == CampaignStatus.ARCHIVED


async def test_repeat_makes_a_new_draft_with_the_same_inputs_and_shows_the_summary(bot):
    (campaign,) = await campaigns_of(USER, 1)

    replies = await bot.press(USER, f"repeat_{campaign.pk}")

    assert replies[-1].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]
    copy = await Campaign.objects.exclude(pk=campaign.pk).aget()
    assert (copy.status, copy.name, copy.base_keywords) == (CampaignStatus.DRAFT, campaign.name, campaign.base_keywords)


@pytest.mark.parametrize("action", ["open", "stats", "file", "delete", "confirm_delete", "repeat"])
async def test_it_refuses_another_users_campaign_id_and_logs_it(bot, action):
    (foreign,) = await campaigns_of(999, 1)
    await bot.say(USER, "/start")

    replies = await bot.press(USER, f"{action}_{foreign.pk}")

    assert foreign.name not in replies[-1].text
    assert (await Campaign.objects.aget(pk=foreign.pk)).status == CampaignStatus.COMPLETED
    assert await ActivityEvent.objects.filter(
        user__telegram_id=USER, action="foreign_campaign_refused", details__campaign_id=foreign.pk
    ).aexists()


async def test_it_refuses_to_cancel_another_users_run(bot):
    (foreign,) = await campaigns_of(999, 1)
    run = await sync_to_async(PipelineRunFactory)(campaign=foreign, status=RunStatus.RUNNING)
    await bot.say(USER, "/start")

    await bot.press(USER, f"cancel_run_{run.pk}")

    await run.arefresh_from_db()
    assert run.cancel_requested is False


async def test_a_period_filter_and_the_users_totals(bot):
    from datetime import timedelta

    from django.utils import timezone

    recent = await campaigns_of(USER, 2, keyword_count=40)
    old = await sync_to_async(CampaignFactory)(
        owner=recent[0].owner, status=CampaignStatus.COMPLETED, keyword_count=100
    )
    await Campaign.objects.filter(pk=old.pk).aupdate(created_at=timezone.now() - timedelta(days=45))
    await sync_to_async(PipelineRunFactory)(campaign=recent[0], status=RunStatus.COMPLETED)
    await TelegramUser.objects.filter(telegram_id=USER).aupdate(language="en")

    everything = await bot.say(USER, "/history")
    month = await bot.press(USER, "page_1_all_30", everything[-1].message_id)

    assert "campaigns 3 · builds 1 · phrases 180" in everything[-1].text
    assert "campaigns 2 · builds 1 · phrases 80" in month[-1].text
    assert sum(data.startswith("open_") for data in month[-1].callback_data()) == 2
    assert f"open_{old.pk}" not in month[-1].callback_data()
    assert {"page_1_all_7", "page_1_completed_30"} <= set(month[-1].callback_data())


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (RunStatus.FAILED, "will not retry"),
        (RunStatus.PENDING, "Cancelling"),
        (RunStatus.COMPLETED, "already finished"),
    ],
)
async def test_cancel_under_a_run_answers_what_it_did(bot, status, answer):
    (campaign,) = await campaigns_of(USER, 1)
    await TelegramUser.objects.filter(telegram_id=USER).aupdate(language="en")
    run = await sync_to_async(PipelineRunFactory)(campaign=campaign, status=status)

    replies = await bot.press(USER, f"cancel_run_{run.pk}")

    assert answer in replies[-1].text
    expected = RunStatus.CANCELLED if status == RunStatus.PENDING else status
    assert (await PipelineRun.objects.aget(pk=run.pk)).status == expected

"""Issue 13 in the chat: the result says what was removed and why, and a reason's phrases can be put back."""

import pytest
from asgiref.sync import sync_to_async

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, Keyword, KeywordSource, PipelineRun, RemovedPhrase, RunStatus
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory

pytestmark = pytest.mark.django_db(transaction=True)

USER = 1201
KEYWORDS = "купить диван, диван кровать, угловой диван, как выбрать диван, ремонт дивана"


async def build(bot):
    await bot.say(USER, "/new")
    await bot.say(USER, "Диваны Москва")
    await bot.say(USER, "Продаём диваны и кровати от фабрики с доставкой по Москве")
    await bot.say(USER, KEYWORDS)
    await bot.press(USER, "region_213")
    await bot.say(USER, "https://example.com/divany")
    await bot.press(USER, "skip_benefits")
    summary = await bot.press(USER, "skip_budget")
    replies = await bot.press(USER, "confirm_create", summary[-1].message_id)
    return [item for item in replies if item.method == "editMessageText"][-1]


async def test_the_result_counts_removals_per_reason_and_the_threshold_then_puts_a_reason_back(
    bot, telegram_api, eager_celery
):
    final = await build(bot)
    campaign = await Campaign.objects.aget(owner__telegram_id=USER)

    assert "informational queries — 1" in final.text
    assert "Exact-frequency filter" in final.text
    assert f"removed_{campaign.pk}" in final.callback_data()

    listing = await bot.press(USER, f"removed_{campaign.pk}", final.message_id)
    assert "informational queries — 1" in listing[-1].text
    assert f"keep_{campaign.pk}_informational" in listing[-1].callback_data()

    rebuilt = await bot.press(USER, f"keep_{campaign.pk}_informational", final.message_id)

    campaign = await Campaign.objects.aget(pk=campaign.pk)
    assert campaign.kept_phrases == ["как выбрать диван"]
    assert campaign.status == CampaignStatus.COMPLETED
    assert await Keyword.objects.filter(campaign=campaign, phrase="как выбрать диван").aexists()
    assert not await RemovedPhrase.objects.filter(campaign=campaign, code="informational").aexists()
    runs = [run async for run in PipelineRun.objects.filter(campaign=campaign).select_related("chat_message")]
    assert [run.status for run in runs] == [RunStatus.COMPLETED, RunStatus.COMPLETED]
    assert {run.chat_message.message_id for run in runs} == {final.message_id}
    assert "is ready" in [item for item in rebuilt if item.method == "editMessageText"][-1].text


@sync_to_async
def completed_campaign_with_removals(telegram_id: int) -> Campaign:
    campaign = CampaignFactory(  # manual keywords: a rebuild runs offline
        owner=TelegramUserFactory(telegram_id=telegram_id, language="en"),
        status=CampaignStatus.COMPLETED,
        keyword_source=KeywordSource.MANUAL,
    )
    removed = [("диван фиат", "off_market"), ("диван", "duplicate"), ("диван 1", "low_exact_frequency")]
    RemovedPhrase.objects.bulk_create(
        RemovedPhrase(campaign=campaign, stage="clean", phrase=text, reason=code, code=code) for text, code in removed
    )
    return campaign


async def test_only_reasons_the_user_may_overrule_get_a_button(bot):
    campaign = await completed_campaign_with_removals(USER)

    listing = await bot.press(USER, f"removed_{campaign.pk}")

    assert "duplicates — 1" in listing[-1].text
    assert listing[-1].callback_data() == [
        f"keep_{campaign.pk}_low_exact_frequency",
        f"keep_{campaign.pk}_off_market",
        f"open_{campaign.pk}",
    ]
    refused = await bot.press(USER, f"keep_{campaign.pk}_duplicate")
    assert "cannot be put back" in refused[-1].text
    assert not await PipelineRun.objects.aexists()


async def test_low_exact_frequency_comes_back_by_turning_the_filter_off_for_the_campaign(
    bot, telegram_api, eager_celery
):
    campaign = await completed_campaign_with_removals(USER)
    await sync_to_async(PipelineRunFactory)(
        campaign=await Campaign.objects.select_related("owner").aget(pk=campaign.pk), status=RunStatus.RUNNING
    )

    refused = await bot.press(USER, f"keep_{campaign.pk}_low_exact_frequency")

    assert "already being built" in refused[-1].text  # limits apply: nothing changes
    assert (await Campaign.objects.aget(pk=campaign.pk)).min_exact_frequency is None
    await PipelineRun.objects.filter(campaign=campaign).aupdate(status=RunStatus.COMPLETED)

    await bot.press(USER, f"keep_{campaign.pk}_low_exact_frequency")

    assert (await Campaign.objects.aget(pk=campaign.pk)).min_exact_frequency == 0
    rebuilt = await Campaign.objects.aget(pk=campaign.pk)
    assert rebuilt.status == CampaignStatus.COMPLETED
    assert await PipelineRun.objects.filter(campaign=campaign, status=RunStatus.COMPLETED).acount() == 2


@pytest.mark.parametrize("data", ["removed_{id}", "keep_{id}_off_market"])
async def test_another_users_campaign_is_refused(bot, data):
    campaign = await completed_campaign_with_removals(USER + 1)

    replies = await bot.press(USER, data.format(id=campaign.pk))

    assert "not available" in replies[-1].text
    assert (await Campaign.objects.aget(pk=campaign.pk)).kept_phrases == []
    assert not await PipelineRun.objects.aexists()


@sync_to_async
def completed_campaign_with_doubts(telegram_id: int) -> Campaign:
    campaign = CampaignFactory(
        owner=TelegramUserFactory(telegram_id=telegram_id, language="en"),
        status=CampaignStatus.COMPLETED,
        keyword_source=KeywordSource.MANUAL,
    )
    RemovedPhrase.objects.create(
        campaign=campaign, stage="clean", phrase="шампунь для собак", reason="another object: собак",
        code="look_alike", confidence="judged",
    )  # fmt: skip
    Keyword.objects.create(
        campaign=campaign, phrase="купить шампунь для собак", doubt_code="look_alike", doubt_reason="another object"
    )
    return campaign


async def test_doubtful_phrases_are_listed_first_and_can_be_removed_for_good(bot, telegram_api, eager_celery):
    campaign = await completed_campaign_with_doubts(USER)

    listing = await bot.press(USER, f"removed_{campaign.pk}")

    assert listing[-1].text.startswith("Doubtful")
    assert "look-alikes: another object — 1 removed, 1 kept" in listing[-1].text
    assert f"drop_{campaign.pk}_look_alike" in listing[-1].callback_data()
    assert f"keep_{campaign.pk}_look_alike" in listing[-1].callback_data()

    await bot.press(USER, f"drop_{campaign.pk}_look_alike", listing[-1].message_id)

    campaign = await Campaign.objects.aget(pk=campaign.pk)
    assert set(campaign.confirmed_removals) == {"шампунь для собак", "купить шампунь для собак"}
    assert await PipelineRun.objects.filter(campaign=campaign).acount() == 1

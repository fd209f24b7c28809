"""«Statistics in Direct» of an uploaded campaign and the weekly digest, against the fake Bot API and the fake
Direct: the chart as a photo, the costly groups, «Минус-слова: сэкономят ~N ₽ в неделю» with apply all / pick /
dismiss, and the digest's own «stop» button."""

from datetime import date

import pytest
from asgiref.sync import sync_to_async

from accounts.models import TelegramUser
from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Keyword, KeywordSource, QuerySuggestion, SuggestionStatus
from campaigns.tests.conftest import SOFA_KEYWORDS
from campaigns.tests.direct_helpers import build_offline, search_queries, upload
from campaigns.tests.factories import CampaignFactory
from telegram_bot.digest import send_weekly_digests

pytestmark = pytest.mark.django_db(transaction=True)

USER = 812


@pytest.fixture
def in_direct(settings, fernet_key, direct):
    """A built campaign of USER uploaded to the fake Direct, which holds a week of its search queries."""

    @sync_to_async
    def make():
        owner = TelegramUserFactory(telegram_id=USER, language="ru")
        campaign = CampaignFactory(owner=owner, base_keywords=SOFA_KEYWORDS, keyword_source=KeywordSource.MANUAL,
                                   benefits=["Доставка за 1 день"])
        build_offline(campaign, settings, direct)
        run = upload(campaign)
        assert run.status == "completed", run.error_message
        direct.add_statistics(search_queries(direct), days=7, end=date.today())
        return campaign

    return make


def _pending(campaign):
    return sync_to_async(lambda: list(QuerySuggestion.objects.filter(campaign=campaign, kind="negative",
                                                                      status=SuggestionStatus.PENDING)))()


async def test_statistics_show_the_chart_the_costly_groups_and_the_negatives_to_apply(bot, telegram_api, in_direct,
                                                                                     direct):
    campaign = await in_direct()
    opened = await bot.say(USER, "/history")
    opened = await bot.press(USER, f"open_{campaign.pk}", opened[-1].message_id)
    assert f"dstats_{campaign.pk}" in opened[-1].callback_data()

    replies = await bot.press(USER, f"dstats_{campaign.pk}", opened[-1].message_id)

    (photo,) = [item for item in replies if item.method == "sendPhoto"]
    assert photo.document.startswith(b"\x89PNG")
    assert "Расход" in photo.text
    shown = [item for item in replies if item.method == "editMessageText"][-1]
    assert "Минус-слова: сэкономят ~" in shown.text
    assert "в неделю" in shown.text
    assert "ремонт" in shown.text
    assert {f"negall_{campaign.pk}", f"negpick_{campaign.pk}", f"negno_{campaign.pk}"} <= set(shown.callback_data())

    suggested = {item.text for item in await _pending(campaign)}
    applied = await bot.press(USER, f"negall_{campaign.pk}", shown.message_id)

    assert "минус-сл" in applied[-1].text.lower()
    (in_account,) = direct.campaigns.values()
    assert suggested & set(in_account["NegativeKeywords"]["Items"])
    assert not await _pending(campaign)


async def test_pick_applies_one_and_dismiss_drops_the_rest(bot, telegram_api, in_direct, direct):
    campaign = await in_direct()
    opened = await bot.say(USER, "/history")
    shown = await bot.press(USER, f"dstats_{campaign.pk}", opened[-1].message_id)
    message_id = shown[-1].message_id

    listed = await bot.press(USER, f"negpick_{campaign.pk}", message_id)
    one = next(data for data in listed[-1].callback_data() if data.startswith("negone_"))
    picked = await bot.press(USER, one, message_id)

    suggestion_id = int(one.rsplit("_", 1)[1])
    chosen = await QuerySuggestion.objects.aget(pk=suggestion_id)
    assert chosen.status == SuggestionStatus.APPLIED
    (in_account,) = direct.campaigns.values()
    assert chosen.text in in_account["NegativeKeywords"]["Items"] or chosen.direct_group_id
    assert one not in picked[-1].callback_data()
    left = await _pending(campaign)
    assert left

    await bot.press(USER, f"negno_{campaign.pk}", message_id)

    assert not await _pending(campaign)
    assert await QuerySuggestion.objects.filter(pk=left[0].pk, status=SuggestionStatus.DISMISSED).aexists()


async def test_the_weekly_digest_sends_the_chart_and_the_suggestions_and_can_be_stopped(bot, telegram_api, in_direct):
    campaign = await in_direct()

    counts = await sync_to_async(send_weekly_digests)()

    assert counts.sent == 1
    sent = telegram_api.sent_to(USER)
    (photo,) = [item for item in sent if item.method == "sendPhoto"]
    assert photo.document.startswith(b"\x89PNG")
    message = [item for item in sent if item.method == "sendMessage"][-1]
    assert "Минус-слова: сэкономят ~" in message.text
    assert f"negall_{campaign.pk}" in message.callback_data()
    assert "digest_off" in message.callback_data()

    await bot.press(USER, "digest_off", message.message_id)

    assert not (await TelegramUser.objects.aget(telegram_id=USER)).weekly_digest
    assert (await sync_to_async(send_weekly_digests)()).sent == 0


async def test_an_upload_asks_before_removing_from_direct_what_the_campaign_no_longer_has(
    bot, telegram_api, in_direct, direct, eager_celery
):
    campaign = await in_direct()
    keyword = await Keyword.objects.filter(campaign=campaign, group__isnull=False).order_by("pk").alast()
    await keyword.adelete()
    listed = await bot.say(USER, "/history")

    replies = await bot.press(USER, f"upload_{campaign.pk}", listed[-1].message_id)

    report = [item for item in replies if item.method == "editMessageText"][-1]
    assert "Удалить их?" in report.text
    assert keyword.phrase in {kw["Keyword"] for kw in direct.keywords.values()}  # not before the user says so
    assert f"uprm_{campaign.pk}" in report.callback_data()

    replies = await bot.press(USER, f"uprm_{campaign.pk}", report.message_id)

    report = [item for item in replies if item.method == "editMessageText"][-1]
    assert "удалено: 1" in report.text
    assert keyword.phrase not in {kw["Keyword"] for kw in direct.keywords.values()}


async def test_another_users_campaign_id_is_refused(bot, telegram_api, in_direct, direct):
    campaign = await in_direct()
    stranger = 813
    calls = len(direct.requests)

    for data in (f"dstats_{campaign.pk}", f"negall_{campaign.pk}", f"negpick_{campaign.pk}", f"negno_{campaign.pk}"):
        menu = await bot.say(stranger, "/start")
        replies = await bot.press(stranger, data, menu[-1].message_id)
        assert replies[-1].text == "This campaign is not available."

    assert len(direct.requests) == calls

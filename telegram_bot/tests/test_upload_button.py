"""«Upload to Direct» in the chat: offered only with a token, it queues the upload and the pressed message becomes
its progress and then its report, with the campaign's link in Direct."""

import pytest
from asgiref.sync import sync_to_async

from accounts.models import TelegramUser
from campaigns.models import PipelineRun, RunKind, RunStatus
from telegram_bot.tests.test_campaign_flow import USER, walk_to_confirmation

pytestmark = pytest.mark.django_db(transaction=True)


async def build_in_chat(bot):
    summary = await walk_to_confirmation(bot)
    replies = await bot.press(USER, "confirm_create", summary[-1].message_id)
    return [item for item in replies if item.method == "editMessageText"][-1]


async def test_without_a_token_the_result_offers_no_upload(bot, telegram_api, eager_celery):
    final = await build_in_chat(bot)

    assert not [data for data in final.callback_data() if data.startswith("upload_")]


async def test_the_upload_button_puts_the_campaign_into_direct_and_reports_it(
    bot, telegram_api, eager_celery, fernet_key, direct
):
    await bot.say(USER, "/start")
    user = await TelegramUser.objects.aget(telegram_id=USER)
    user.yandex_token = direct.token
    await sync_to_async(user.save)()
    final = await build_in_chat(bot)
    [upload] = [data for data in final.callback_data() if data.startswith("upload_")]

    replies = await bot.press(USER, upload, final.message_id)

    report = [item for item in replies if item.method == "editMessageText"][-1]
    assert report.message_id == final.message_id
    assert "Yandex Direct" in report.text
    run = await PipelineRun.objects.filter(kind=RunKind.UPLOAD).alatest("created_at")
    assert run.status == RunStatus.COMPLETED, run.error_message
    assert str(run.upload_report.direct_campaign_id) in report.text
    assert len(direct.campaigns) == 1


async def test_a_forged_upload_button_without_a_token_creates_nothing_in_any_direct_account(
    bot, telegram_api, eager_celery, direct, settings
):
    """The service's own token is set and works, yet a user who gave none cannot reach it by forging the button."""
    settings.YANDEX_DIRECT_TOKEN = direct.token
    final = await build_in_chat(bot)
    campaign_id = (await PipelineRun.objects.alatest("created_at")).campaign_id

    replies = await bot.press(USER, f"upload_{campaign_id}", final.message_id)

    assert "OAuth" in replies[-1].text
    assert not direct.campaigns
    assert not direct.requests
    assert not await PipelineRun.objects.filter(kind=RunKind.UPLOAD).aexists()

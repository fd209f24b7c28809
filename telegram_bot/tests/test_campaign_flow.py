"""The new-campaign conversation end to end: the real Application, the fake Bot API, the pipeline in eager mode."""

import pytest

from campaigns.models import Campaign, CampaignStatus, PipelineRun, RunStatus
from telegram_bot.models import ConversationState
from tests.fakes.telegram_api import too_many_requests

pytestmark = pytest.mark.django_db(transaction=True)

USER = 601


async def walk_to_confirmation(bot, user_id=USER):
    await bot.say(user_id, "/start")
    await bot.press(user_id, "new_campaign")
    await bot.say(user_id, "Диваны Москва")
    await bot.say(user_id, "Продаём диваны и кровати от фабрики с доставкой по Москве")
    await bot.say(user_id, "купить диван, диван кровать, угловой диван")
    await bot.press(user_id, "region_213")
    await bot.say(user_id, "https://example.com/divany")
    await bot.press(user_id, "skip_benefits")
    return await bot.say(user_id, "30000")


async def test_it_builds_a_campaign_from_start_to_the_xlsx_document(bot, telegram_api, eager_celery):
    summary = await walk_to_confirmation(bot)
    assert "Диваны Москва" in summary[-1].text
    assert summary[-1].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]

    replies = await bot.press(USER, "confirm_create", summary[-1].message_id)

    document = next(item for item in replies if item.method == "sendDocument")
    assert document.document_name.endswith(".xlsx")
    assert document.document[:2] == b"PK"
    final = [item for item in replies if item.method == "editMessageText"][-1]
    assert final.message_id == summary[-1].message_id
    assert "open_" in " ".join(final.callback_data())
    assert "weekly budget" in final.text  # the budget given is planned per group and per week
    assert "Exact-frequency filter" in final.text
    campaign = await Campaign.objects.aget(owner__telegram_id=USER)
    assert campaign.status == CampaignStatus.COMPLETED
    assert campaign.budget == 30000
    assert campaign.geo_ids == [213]
    run = await PipelineRun.objects.select_related("chat_message").aget(campaign=campaign)
    assert run.status == RunStatus.COMPLETED
    assert run.chat_message.chat_id == USER
    assert run.chat_message.message_id == summary[-1].message_id


async def test_it_resumes_the_same_question_after_a_restart(bot, telegram_api):
    await bot.say(USER, "/new")
    await bot.say(USER, "Диваны Москва")

    await bot.restart()
    assert await ConversationState.objects.filter(name="new_campaign", state="description").aexists()
    replies = await bot.say(USER, "Продаём диваны и кровати от фабрики с доставкой по Москве")

    assert "3" in replies[-1].text  # the keywords question, step 3 of 6
    draft = await Campaign.objects.aget(owner__telegram_id=USER)
    assert draft.name == "Диваны Москва"
    assert draft.product_description.startswith("Продаём")


async def test_429s_from_telegram_during_progress_are_waited_out_and_the_result_still_arrives(
    bot, telegram_api, eager_celery
):
    summary = await walk_to_confirmation(bot)
    # The run is eager, so the worker edits the message before the bot would say "queued": a 429 on a progress
    # edit skips it and holds later edits back for retry_after; the result is sent with retries.
    telegram_api.script.extend([too_many_requests(1, "/editMessageText"), too_many_requests(1, "/editMessageText")])

    replies = await bot.press(USER, "confirm_create", summary[-1].message_id)

    assert not telegram_api.script
    assert any(item.method == "sendDocument" for item in replies)
    final = [item for item in replies if item.method == "editMessageText"][-1]
    assert "open_" in " ".join(final.callback_data())

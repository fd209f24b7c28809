"""Issue 15 item 8: a conversation that never traps the user — Back on every step, Cancel in an edit, limits at
/new, abandoned drafts, /new_campaign, menu buttons on History and Settings."""

import pytest
from asgiref.sync import sync_to_async

from accounts.tests.factories import TelegramUserFactory
from campaigns.models import Campaign, CampaignStatus, RunStatus
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from telegram_bot.tests.harness import STEPS

pytestmark = pytest.mark.django_db(transaction=True)

USER = 1401


async def answer(bot, kind, value):
    return await (bot.say(USER, value) if kind == "say" else bot.press(USER, value))


async def test_back_on_every_step_returns_to_the_step_before(bot):
    question = await bot.say(USER, "/new")
    assert "back" not in question[-1].callback_data()  # the first step has nothing before it
    for number, (kind, value) in enumerate(STEPS[:-1], start=1):
        shown = await answer(bot, kind, value)
        assert "back" in shown[-1].callback_data()
        returned = await bot.press(USER, "back", shown[-1].message_id)
        assert f"Step {number} of 7" in returned[-1].text
        await answer(bot, kind, value)
    summary = await answer(bot, *STEPS[-1])

    back = await bot.press(USER, "back", summary[-1].message_id)

    assert "Step 7 of 7" in back[-1].text
    draft = await Campaign.objects.aget()
    assert (draft.name, draft.geo_ids, draft.budget) == ("Диваны Москва", [213], 30000)


async def test_the_city_question_goes_back_to_the_region_buttons(bot):
    await bot.say(USER, "/new")
    for kind, value in STEPS[:3]:
        await answer(bot, kind, value)
    await bot.press(USER, "region_city")

    back = await bot.press(USER, "back")

    assert "Step 4 of 7" in back[-1].text
    assert "region_213" in back[-1].callback_data()


async def walk_to_summary(bot):
    await bot.say(USER, "/new")
    for kind, value in STEPS:
        replies = await answer(bot, kind, value)
    return replies


@pytest.mark.parametrize("leave", ["cancel_button", "/cancel", "back"])
async def test_leaving_an_edit_returns_to_the_summary_and_keeps_the_draft(bot, leave):
    summary = await walk_to_summary(bot)
    await bot.press(USER, "edit_campaign", summary[-1].message_id)
    await bot.press(USER, "edit_name")

    if leave == "/cancel":
        replies = await bot.say(USER, "/cancel")
    else:
        replies = await bot.press(USER, "cancel_campaign" if leave == "cancel_button" else "back")

    assert replies[-1].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]
    draft = await Campaign.objects.aget()
    assert (draft.status, draft.name) == (CampaignStatus.DRAFT, "Диваны Москва")
    renamed = await bot.press(USER, "edit_campaign")
    await bot.press(USER, "edit_name")
    renamed = await bot.say(USER, "Диваны Казань")
    assert "Диваны Казань" in renamed[-1].text  # the edit after it works as usual


async def test_new_campaign_is_an_alias_of_new(bot):
    replies = await bot.say(USER, "/new_campaign")

    assert "Step 1 of 7" in replies[-1].text
    assert await Campaign.objects.filter(status=CampaignStatus.DRAFT).aexists()


@sync_to_async
def user_with(campaigns: int, limit: int, running: bool = False):
    owner = TelegramUserFactory(telegram_id=USER, campaign_limit=limit, language="en")
    made = CampaignFactory.create_batch(campaigns, owner=owner, status=CampaignStatus.COMPLETED)
    if running:
        PipelineRunFactory(campaign=made[0], status=RunStatus.RUNNING)
    return owner


async def test_the_campaign_limit_is_checked_at_new_before_any_question(bot):
    await user_with(campaigns=2, limit=2)

    replies = await bot.say(USER, "/new")

    assert "limit of 2 campaigns" in replies[-1].text
    assert "new_campaign" in replies[-1].callback_data()
    assert not await Campaign.objects.filter(status=CampaignStatus.DRAFT).aexists()


async def test_a_running_build_is_checked_at_new_too(bot):
    await user_with(campaigns=1, limit=5, running=True)

    replies = await bot.press(USER, "new_campaign")

    assert "still being built" in replies[-1].text


async def test_an_abandoned_draft_neither_counts_nor_traps_continue_or_discard_it(bot):
    await user_with(campaigns=1, limit=2)
    await bot.say(USER, "/new")
    for kind, value in STEPS[:3]:
        await answer(bot, kind, value)  # abandoned at the region step

    settings_screen = await bot.say(USER, "/settings")
    offer = await bot.say(USER, "/new")

    assert "Campaigns: 1 of 2" in settings_screen[-1].text
    assert "Диваны Москва" in offer[-1].text
    assert offer[-1].callback_data() == ["draft_continue", "draft_discard"]
    continued = await bot.press(USER, "draft_continue", offer[-1].message_id)
    assert "Step 4 of 7" in continued[-1].text  # the first question it lacks an answer to

    offer = await bot.say(USER, "/new")
    fresh = await bot.press(USER, "draft_discard", offer[-1].message_id)
    assert "Step 1 of 7" in fresh[-1].text
    draft = await Campaign.objects.aget(status=CampaignStatus.DRAFT)
    assert draft.name == ""


async def test_a_draft_at_the_limit_still_gets_built_and_the_next_new_is_refused(bot, eager_celery):
    await user_with(campaigns=1, limit=2)
    summary = await walk_to_summary(bot)

    built = await bot.press(USER, "confirm_create", summary[-1].message_id)
    refused = await bot.say(USER, "/new")

    assert any(item.method == "sendDocument" for item in built)
    assert "limit of 2 campaigns" in refused[-1].text


@pytest.mark.parametrize("screen", ["/history", "/settings"])
async def test_history_and_settings_lead_back_to_the_main_menu(bot, screen):
    shown = await bot.say(USER, screen)
    assert "main_menu" in shown[-1].callback_data()

    menu = await bot.press(USER, "main_menu", shown[-1].message_id)

    assert menu[-1].callback_data() == ["new_campaign", "history", "settings", "help"]
    assert menu[-1].message_id == shown[-1].message_id

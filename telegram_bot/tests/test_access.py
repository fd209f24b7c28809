"""The middleware: users created on contact, blocked users, allowlist mode, the per-user rate limit."""

import pytest
from asgiref.sync import sync_to_async

from accounts.models import ActivityEvent, TelegramUser
from accounts.tests.factories import TelegramUserFactory
from telegram_bot.tests.harness import BotHarness

pytestmark = pytest.mark.django_db(transaction=True)


async def test_it_creates_the_user_on_first_contact_with_names_and_language(bot):
    await bot.say(1001, "/help", language="en", username="anna")

    user = await TelegramUser.objects.aget(telegram_id=1001)
    assert (user.username, user.language) == ("anna", "en")
    assert user.last_activity_at is not None


async def test_a_blocked_user_gets_one_polite_message_and_nothing_else(bot):
    await sync_to_async(TelegramUserFactory)(telegram_id=1002, is_blocked=True)

    first = await bot.say(1002, "/start")
    second = await bot.say(1002, "/new")
    third = await bot.press(1002, "history")

    assert len(first) == 1
    assert "приостановлен" in first[0].text
    assert second == []
    assert third == []
    assert not await ActivityEvent.objects.filter(action="start").aexists()


async def test_allowlist_mode_admits_only_allowed_users_and_admins(bot, settings):
    settings.BOT_ACCESS = "allowlist"
    await sync_to_async(TelegramUserFactory)(telegram_id=1003, is_allowed=True)

    stranger = await bot.say(1004, "/start")
    allowed = await bot.say(1003, "/start")

    assert "1004" in stranger[-1].text
    assert "new_campaign" not in stranger[-1].callback_data()
    assert "new_campaign" in allowed[-1].callback_data()


async def test_allowlist_strangers_are_answered_once_and_leave_no_rows(bot, settings):
    settings.BOT_ACCESS = "allowlist"
    events_before = await ActivityEvent.objects.acount()

    first = [await bot.say(1007, "/start", language="en")]
    later = [await bot.say(1007, text) for text in ("/new", "hello")] + [await bot.press(1007, "history")]

    assert "1007" in first[0][-1].text
    assert "invitation" in first[0][-1].text
    assert all(not any(item.method == "sendMessage" for item in replies) for replies in later)
    assert not await TelegramUser.objects.filter(telegram_id=1007).aexists()
    assert await ActivityEvent.objects.acount() == events_before


async def test_an_admin_admits_a_stranger_by_the_id_the_refusal_gave(bot, settings):
    settings.BOT_ACCESS = "allowlist"
    settings.TELEGRAM_ADMIN_IDS = [1010]
    await bot.say(1008, "/start")

    admitted = await bot.say(1010, "/allow 1008")
    welcome = await bot.say(1008, "/start")

    assert "1008" in admitted[-1].text
    user = await TelegramUser.objects.aget(telegram_id=1008)
    assert user.is_allowed
    assert "new_campaign" in welcome[-1].callback_data()


async def test_the_rate_limit_answers_once_with_the_wait_and_drops_the_rest(telegram_api):
    harness = await BotHarness(telegram_api, per_minute=3).start()
    try:
        answered = [await harness.say(1005, "/help") for _ in range(3)]
        refused = await harness.say(1005, "/help")
        dropped = [await harness.say(1005, "/help") for _ in range(3)]
        other_user = await harness.say(1006, "/help")
    finally:
        await harness.stop()

    assert all(len(replies) == 1 for replies in answered)
    assert len(refused) == 1
    assert "seconds" in refused[0].text
    assert dropped == [[], [], []]
    assert len(other_user) == 1
    assert await ActivityEvent.objects.filter(user__telegram_id=1005, action="rate_limited").acount() == 1

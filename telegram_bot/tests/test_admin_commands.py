"""Admin commands, and their refusal to everyone else."""

import pytest
from asgiref.sync import sync_to_async

from accounts.models import ActivityEvent, TelegramUser
from accounts.tests.factories import TelegramUserFactory
from campaigns.models import RunStatus
from campaigns.tests.factories import PipelineRunFactory
from telegram_bot.models import Broadcast

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN = 1101
USER = 1102


@pytest.fixture
def admin_ids(settings):
    settings.TELEGRAM_ADMIN_IDS = [ADMIN]


@pytest.mark.parametrize("command", ["/stats", "/block 1", "/unblock 1", "/allow 1", "/limit 1 5", "/runs", "/logs"])
async def test_admin_commands_are_refused_to_other_users_and_logged(bot, command):
    replies = await bot.say(USER, command)

    assert len(replies) == 1
    assert "administrators" in replies[0].text
    assert await ActivityEvent.objects.filter(user__telegram_id=USER, action="access_denied").aexists()


async def test_stats_counts_users_campaigns_and_runs(bot, admin_ids):
    await sync_to_async(PipelineRunFactory)(status=RunStatus.RUNNING)

    replies = await bot.say(ADMIN, "/stats")

    assert "2" in replies[-1].text  # the run's owner and the admin


async def test_block_and_unblock_by_username_and_id(bot, admin_ids):
    target = await sync_to_async(TelegramUserFactory)(telegram_id=USER, username="spammer")

    blocked = await bot.say(ADMIN, "/block @spammer")
    again = await bot.say(ADMIN, f"/block {USER}")
    refused = await bot.say(USER, "/start")
    unblocked = await bot.say(ADMIN, f"/unblock {USER}")

    assert "spammer" in blocked[-1].text
    assert blocked[-1].text != again[-1].text
    assert "приостановлен" in refused[-1].text
    await target.arefresh_from_db()
    assert target.is_blocked is False
    assert unblocked


async def test_allow_limit_and_unknown_users(bot, admin_ids):
    await sync_to_async(TelegramUserFactory)(telegram_id=USER)

    await bot.say(ADMIN, f"/allow {USER}")
    await bot.say(ADMIN, f"/limit {USER} 3")
    unknown = await bot.say(ADMIN, "/block @nobody")
    usage = await bot.say(ADMIN, "/limit")

    user = await TelegramUser.objects.aget(telegram_id=USER)
    assert (user.is_allowed, user.campaign_limit) == (True, 3)
    assert "@nobody" in unknown[-1].text
    assert "/limit" in usage[-1].text


async def test_runs_lists_active_runs_with_cancel_buttons_that_work(bot, admin_ids):
    run = await sync_to_async(PipelineRunFactory)(status=RunStatus.PENDING)

    listing = await bot.say(ADMIN, "/runs")
    await bot.press(ADMIN, f"admin_cancel_{run.pk}", listing[-1].message_id)

    assert listing[-1].callback_data() == [f"admin_cancel_{run.pk}"]
    await run.arefresh_from_db()
    assert run.status == RunStatus.CANCELLED


async def test_logs_shows_recent_events_of_one_user(bot, admin_ids):
    await bot.say(USER, "/start")

    replies = await bot.say(ADMIN, f"/logs {USER}")

    assert "start" in replies[-1].text


async def test_broadcast_asks_for_text_previews_and_sends_after_confirmation(
    bot, telegram_api, admin_ids, eager_celery
):
    await bot.say(USER, "/start")

    await bot.say(ADMIN, "/broadcast")
    preview = await bot.say(ADMIN, "Мы обновились!")
    sent = await bot.press(ADMIN, "broadcast_send", preview[-1].message_id)

    assert "Мы обновились!" in preview[-1].text
    assert preview[-1].callback_data() == ["broadcast_send", "broadcast_cancel"]
    assert "2" in sent[-1].text
    broadcast = await Broadcast.objects.aget()
    assert (broadcast.delivered, broadcast.failed) == (2, 0)
    assert telegram_api.sent_to(USER)[-1].text == "Мы обновились!"


async def test_broadcast_is_refused_to_non_admins(bot):
    replies = await bot.say(USER, "/broadcast")
    after = await bot.say(USER, "Всем привет")

    assert "administrators" in replies[-1].text
    assert "new_campaign" in after[-1].callback_data()  # just text: the menu, no preview
    assert not await Broadcast.objects.aexists()


async def test_in_allowlist_mode_the_bots_broadcast_skips_users_never_admitted(
    bot, telegram_api, admin_ids, eager_celery, settings
):
    await bot.say(USER, "/start")  # known from open mode, never admitted
    settings.BOT_ACCESS = "allowlist"

    await bot.say(ADMIN, "/broadcast")
    preview = await bot.say(ADMIN, "Мы обновились!")
    await bot.press(ADMIN, "broadcast_send", preview[-1].message_id)

    broadcast = await Broadcast.objects.aget()
    assert broadcast.recipients_total == 1
    assert any(item.text == "Мы обновились!" for item in telegram_api.sent_to(ADMIN))
    assert all(item.text != "Мы обновились!" for item in telegram_api.sent_to(USER))

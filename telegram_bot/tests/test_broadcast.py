import pytest

from accounts.activity import Action
from accounts.models import ActivityEvent
from accounts.tests.factories import TelegramUserFactory
from telegram_bot.models import Broadcast, BroadcastStatus
from telegram_bot.services.broadcast import start_broadcast
from telegram_bot.tasks import send_broadcast

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_sends_the_broadcast_to_every_recipient_and_reports_who_blocked_the_bot(telegram_api, eager_celery):
    reader, leaver, other = TelegramUserFactory.create_batch(3)
    telegram_api.blocked_chats.add(leaver.telegram_id)
    admin = TelegramUserFactory(is_admin=True, language="en")

    broadcast = start_broadcast("Новая функция!", [reader.pk, leaver.pk, reader.pk], created_by_user_id=admin.pk)

    broadcast.refresh_from_db()
    assert broadcast.status == BroadcastStatus.DONE
    assert (broadcast.recipients_total, broadcast.delivered, broadcast.failed) == (2, 1, 1)
    assert broadcast.blocked_by_user == 1
    assert broadcast.report["failed"] == [
        {"telegram_id": leaver.telegram_id, "error_code": 403, "error": "Forbidden: bot was blocked by the user"}
    ]
    assert [item.text for item in telegram_api.sent_to(reader.telegram_id)] == ["Новая функция!"]
    assert telegram_api.sent_to(other.telegram_id) == []
    assert ActivityEvent.objects.filter(user=leaver, action=Action.BOT_BLOCKED_BY_USER).exists()
    assert ActivityEvent.objects.filter(user=admin, action="broadcast_sent").exists()
    report = telegram_api.sent_to(admin.telegram_id)[-1].text
    assert "delivered 1, failed 1" in report
    assert "blocked the bot: 1" in report


def test_it_sends_a_broadcast_only_once_when_the_task_is_delivered_twice(telegram_api, eager_celery):
    reader = TelegramUserFactory()
    broadcast = start_broadcast("Привет", [reader.pk])

    send_broadcast(broadcast.pk)

    assert len(telegram_api.sent_to(reader.telegram_id)) == 1


def test_it_refuses_an_empty_broadcast():
    with pytest.raises(ValueError, match="non-empty"):
        start_broadcast("   ", [1])
    assert not Broadcast.objects.exists()

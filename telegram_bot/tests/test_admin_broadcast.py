import pytest
from django.urls import reverse

from accounts.admin import BROADCAST_RECIPIENTS_SESSION_KEY
from accounts.tests.factories import TelegramUserFactory
from telegram_bot.models import Broadcast
from tests.fakes.telegram_api import FakeTelegramServer

pytestmark = pytest.mark.django_db
COMPOSE = reverse("admin:telegram_bot_broadcast_add")


@pytest.fixture
def telegram(settings):
    with FakeTelegramServer() as server:
        settings.TELEGRAM_BOT_TOKEN = server.token
        settings.TELEGRAM_API_BASE_URL = f"{server.url}/bot"
        yield server


def compose(client, button, **fields):
    return client.post(COMPOSE, {"text": "Новая функция: выгрузка в Google Sheets", "recipients": "all", button: "1",
                                 **fields}, follow=True)  # fmt: skip


def test_it_previews_the_message_with_the_number_of_recipients(admin_client):
    TelegramUserFactory.create_batch(3)
    TelegramUserFactory(is_blocked=True)
    response = compose(admin_client, "_preview")
    assert response.context["preview"]["recipient_count"] == 3
    assert "Новая функция" in response.content.decode()
    assert not Broadcast.objects.exists()


def test_it_sends_a_test_only_to_the_given_telegram_id(admin_client, telegram):
    TelegramUserFactory.create_batch(2)
    compose(admin_client, "_test", test_chat_id="4242")
    assert [(message.chat_id, message.text) for message in telegram.outbox] == [
        (4242, "Новая функция: выгрузка в Google Sheets")
    ]
    assert not Broadcast.objects.exists()
    assert admin_client.session["broadcast_test_chat_id"] == 4242


def test_it_says_so_when_telegram_refuses_the_test_message(admin_client, telegram):
    telegram.blocked_chats.add(4242)
    response = compose(admin_client, "_test", test_chat_id="4242")
    assert any("4242" in str(message) and message.level_tag == "error" for message in response.context["messages"])


def test_it_queues_a_broadcast_to_all_active_users(admin_client, django_capture_on_commit_callbacks):
    active = TelegramUserFactory.create_batch(2)
    TelegramUserFactory(is_blocked=True)
    with django_capture_on_commit_callbacks(execute=False):
        compose(admin_client, "_send")
    broadcast = Broadcast.objects.get()
    assert sorted(broadcast.recipient_ids) == sorted(user.pk for user in active)
    assert broadcast.created_by.username == "admin"


def test_it_sends_to_users_matching_the_filter(admin_client, django_capture_on_commit_callbacks):
    english = TelegramUserFactory(language="en")
    TelegramUserFactory(language="ru")
    with django_capture_on_commit_callbacks(execute=False):
        compose(admin_client, "_send", recipients="filter", language="en")
    assert Broadcast.objects.get().recipient_ids == [english.pk]


def test_it_refuses_an_empty_filter(admin_client):
    response = compose(admin_client, "_send", recipients="filter")
    assert response.context["form"].non_field_errors()
    assert not Broadcast.objects.exists()


def test_it_sends_to_the_users_selected_in_the_user_list(admin_client, django_capture_on_commit_callbacks):
    chosen, _other = TelegramUserFactory(), TelegramUserFactory()
    admin_client.post(
        reverse("admin:accounts_telegramuser_changelist"),
        {"action": "send_message", "_selected_action": [chosen.pk]},
    )
    assert admin_client.session[BROADCAST_RECIPIENTS_SESSION_KEY] == [chosen.pk]
    with django_capture_on_commit_callbacks(execute=False):
        compose(admin_client, "_send", recipients="selected")
    assert Broadcast.objects.get().recipient_ids == [chosen.pk]


def test_the_delivery_report_is_read_only(admin_client):
    broadcast = Broadcast.objects.create(text="Привет", recipients_total=2, delivered=1, failed=1)
    page = admin_client.get(reverse("admin:telegram_bot_broadcast_change", args=[broadcast.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


def test_a_staff_member_without_rights_cannot_compose(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clerk", password="pw", is_staff=True))
    assert client.get(COMPOSE).status_code == 403


def test_in_allowlist_mode_a_broadcast_reaches_only_admitted_users_and_admins(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.BOT_ACCESS = "allowlist"
    settings.TELEGRAM_ADMIN_IDS = [5001]
    admitted = [
        TelegramUserFactory(is_allowed=True),
        TelegramUserFactory(is_admin=True),
        TelegramUserFactory(telegram_id=5001),  # an admin by configuration
    ]
    TelegramUserFactory()  # wrote once, never admitted
    TelegramUserFactory(is_allowed=True, is_blocked=True)

    with django_capture_on_commit_callbacks(execute=False):
        compose(admin_client, "_send")

    assert sorted(Broadcast.objects.get().recipient_ids) == sorted(user.pk for user in admitted)

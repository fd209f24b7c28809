from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from accounts.models import ActivityEvent, TelegramUser
from accounts.services import users
from accounts.services.users import SettingsError, TelegramProfile
from accounts.tests.factories import TelegramUserFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; Russian is the default language and has its own catalogue test."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db


def test_it_creates_a_user_on_first_contact_in_their_app_language():
    access = users.touch_user(TelegramProfile(5001, "anna", "Анна", "", "en-US"))

    user = TelegramUser.objects.get(telegram_id=5001)
    assert access.created
    assert access.id == user.pk
    assert (user.username, user.first_name, user.language) == ("anna", "Анна", "en")
    assert user.last_activity_at is not None


def test_it_keeps_names_current_without_touching_the_chosen_language():
    TelegramUserFactory(telegram_id=5002, username="old", language="ru")

    access = users.touch_user(TelegramProfile(5002, "new", "Анна", "", "en"))

    assert not access.created
    user = TelegramUser.objects.get(telegram_id=5002)
    assert (user.username, user.language) == ("new", "ru")


def test_it_counts_ids_from_settings_as_admins(settings):
    settings.TELEGRAM_ADMIN_IDS = [5003]

    assert users.touch_user(TelegramProfile(5003)).is_admin
    assert not users.touch_user(TelegramProfile(5004)).is_admin


@pytest.mark.parametrize(
    ("mode", "allowed", "blocked", "may_use"),
    [
        ("open", False, False, True),
        ("open", True, True, False),
        ("allowlist", False, False, False),
        ("allowlist", True, False, True),
    ],
)
def test_may_use_bot_follows_the_access_mode(settings, mode, allowed, blocked, may_use):
    settings.BOT_ACCESS = mode
    TelegramUserFactory(telegram_id=5005, is_allowed=allowed, is_blocked=blocked)

    assert users.touch_user(TelegramProfile(5005)).may_use_bot is may_use


def test_it_stores_the_yandex_token_encrypted_and_returns_it_masked(fernet_key):
    user = TelegramUserFactory()
    token = "y0_AgAAAAAB1234567890abcdefghij"

    masked = users.set_yandex_token(user.pk, f" {token} ")

    assert masked == "y0_A…ghij"
    user.refresh_from_db()
    assert user.yandex_token == token
    with connection.cursor() as cursor:
        cursor.execute("SELECT yandex_token FROM accounts_telegramuser WHERE id = %s", [user.pk])
        assert token not in str(cursor.fetchone()[0])
    assert ActivityEvent.objects.filter(user=user, action="token_saved").exists()
    assert token not in str(list(ActivityEvent.objects.values_list("details", flat=True)))


def test_it_refuses_a_token_with_spaces_or_too_short(fernet_key):
    user = TelegramUserFactory()

    with pytest.raises(SettingsError):
        users.set_yandex_token(user.pk, "my token")


def test_it_validates_and_lowercases_the_google_email():
    user = TelegramUserFactory()

    assert users.set_google_email(user.pk, " Anna@Gmail.COM ") == "anna@gmail.com"
    with pytest.raises(SettingsError, match="e-mail"):
        users.set_google_email(user.pk, "anna@")


def test_settings_show_the_limit_and_defaults():
    user = TelegramUserFactory(campaign_limit=5, default_budget=Decimal("1000"))

    current = users.user_settings(user.pk)

    assert current.campaign_limit == 5
    assert current.default_budget == Decimal("1000")
    assert current.masked_token == ""


def test_language_default_region_and_budget_are_saved():
    user = TelegramUserFactory()

    users.set_language(user.pk, "en")
    users.set_default_region(user.pk, 43)
    users.set_default_budget(user.pk, Decimal("500"))

    user.refresh_from_db()
    assert (user.language, user.default_region_id, user.default_budget) == ("en", 43, Decimal("500"))
    with pytest.raises(SettingsError):
        users.set_language(user.pk, "de")

"""Allowlist mode: strangers leave no row, admins admit them by id, broadcasts reach admitted users only."""

import pytest

from accounts.models import ActivityEvent, TelegramUser
from accounts.services.moderation import admit_telegram_id
from accounts.services.users import TelegramProfile, admitted_users, remove_yandex_token, touch_user
from accounts.tests.factories import TelegramUserFactory

pytestmark = pytest.mark.django_db


def test_a_stranger_gets_no_row_in_allowlist_mode_but_a_configured_admin_does(settings):
    settings.BOT_ACCESS = "allowlist"
    settings.TELEGRAM_ADMIN_IDS = [42]

    assert touch_user(TelegramProfile(telegram_id=41)) is None
    assert touch_user(TelegramProfile(telegram_id=42)).is_admin
    assert list(TelegramUser.objects.values_list("telegram_id", flat=True)) == [42]


def test_in_open_mode_everyone_gets_a_row(settings):
    settings.BOT_ACCESS = "open"

    assert touch_user(TelegramProfile(telegram_id=41)).created


def test_admitting_an_unknown_id_creates_the_user_admitted_once():
    user, changed = admit_telegram_id(77, by="tg:1")
    again, changed_again = admit_telegram_id(77, by="tg:1")

    assert (user.is_allowed, changed, changed_again) == (True, True, False)
    assert again.pk == user.pk
    assert ActivityEvent.objects.filter(user=user, action="user_allowed").count() == 1


def test_admitted_users_in_each_mode(settings):
    settings.TELEGRAM_ADMIN_IDS = [9]
    allowed = TelegramUserFactory(is_allowed=True)
    admin = TelegramUserFactory(is_admin=True)
    configured_admin = TelegramUserFactory(telegram_id=9)
    stranger = TelegramUserFactory()
    TelegramUserFactory(is_allowed=True, is_blocked=True)

    settings.BOT_ACCESS = "allowlist"
    assert set(admitted_users()) == {allowed, admin, configured_admin}
    settings.BOT_ACCESS = "open"
    assert set(admitted_users()) == {allowed, admin, configured_admin, stranger}


def test_removing_a_token_says_whether_there_was_one(fernet_key):
    user = TelegramUserFactory(yandex_token="y0_AgAAAAAB1234567890abcdefghij")

    assert remove_yandex_token(user.pk) is True
    assert remove_yandex_token(user.pk) is False
    user.refresh_from_db()
    assert user.yandex_token is None

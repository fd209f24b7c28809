import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection

from accounts.models import DEFAULT_CAMPAIGN_LIMIT, Language, TelegramUser
from accounts.tests.factories import TelegramUserFactory

pytestmark = pytest.mark.django_db


def raw_token_column(user_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT yandex_token FROM accounts_telegramuser WHERE id = %s", [user_id])
        value = cursor.fetchone()[0]
    return None if value is None else bytes(value)


def test_it_has_sensible_defaults():
    user = TelegramUser.objects.create(telegram_id=42)
    assert user.language == Language.RUSSIAN
    assert user.campaign_limit == DEFAULT_CAMPAIGN_LIMIT == 10
    assert (user.is_admin, user.is_blocked, user.is_allowed) == (False, False, False)
    assert user.yandex_token is None


def test_it_refuses_a_second_user_with_the_same_telegram_id():
    TelegramUserFactory(telegram_id=7)
    with pytest.raises(IntegrityError):
        TelegramUserFactory(telegram_id=7)


def test_it_stores_the_token_as_ciphertext_and_decrypts_it_on_load(fernet_key):
    user = TelegramUserFactory(yandex_token="y0_AgAAAAExampleToken")
    raw = raw_token_column(user.pk)
    assert b"ExampleToken" not in raw
    assert Fernet(fernet_key).decrypt(raw) == b"y0_AgAAAAExampleToken"
    assert TelegramUser.objects.get(pk=user.pk).yandex_token == "y0_AgAAAAExampleToken"


def test_it_decrypts_with_an_older_key_after_rotation(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FERNET_KEYS = [old_key]
    user = TelegramUserFactory(yandex_token="old-token-value")
    settings.FERNET_KEYS = [new_key, old_key]
    reloaded = TelegramUser.objects.get(pk=user.pk)
    assert reloaded.yandex_token == "old-token-value"
    reloaded.save()
    assert Fernet(new_key).decrypt(raw_token_column(user.pk)) == b"old-token-value"


def test_it_raises_on_a_wrong_key_instead_of_returning_ciphertext(settings, fernet_key):
    user = TelegramUserFactory(yandex_token="secret-token-value")
    settings.FERNET_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        TelegramUser.objects.get(pk=user.pk)


def test_it_refuses_to_store_a_token_without_a_key(settings):
    settings.FERNET_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY"):
        TelegramUserFactory(yandex_token="token-without-key")


def test_it_stores_no_token_as_null_without_needing_a_key(settings):
    settings.FERNET_KEYS = []
    user = TelegramUserFactory(yandex_token="")
    assert raw_token_column(user.pk) is None


def test_it_masks_the_token(fernet_key):
    user = TelegramUserFactory(yandex_token="y0_AgAAAAExampleToken")
    assert user.masked_yandex_token == "y0_A…oken"
    assert "Example" not in user.masked_yandex_token

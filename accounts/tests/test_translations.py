"""The accounts app speaks Russian by default (the catalogue rules themselves: tests/test_catalogues.py)."""

import pytest
from django.utils import translation

from accounts.models import Language, TelegramUser
from accounts.services.users import SettingsError, validate_yandex_token


def test_model_names_read_in_russian():
    with translation.override("ru"):
        assert str(TelegramUser._meta.verbose_name) == "пользователь Telegram"
        assert str(TelegramUser._meta.get_field("campaign_limit").verbose_name) == "лимит кампаний"
        assert str(Language.ENGLISH.label) == "Английский"


def test_model_names_fall_back_to_english_msgids():
    with translation.override("en"):
        assert str(TelegramUser._meta.verbose_name_plural) == "Telegram users"


def test_a_settings_error_speaks_the_active_language():
    with translation.override("ru"), pytest.raises(SettingsError, match="не похоже на OAuth-токен Яндекса"):
        validate_yandex_token("short")
    with translation.override("en"), pytest.raises(SettingsError, match="does not look like a Yandex OAuth token"):
        validate_yandex_token("short")

"""Fixtures shared by every app's tests. App-specific fixtures live in `<app>/tests/conftest.py`."""

import pytest
from cryptography.fernet import Fernet


@pytest.fixture
def fernet_key(settings):
    """A fresh encryption key for tests that store tokens (FIELD_ENCRYPTION_KEY is unset in tests)."""
    key = Fernet.generate_key().decode()
    settings.FERNET_KEYS = [key]
    return key


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Export files and uploads go to a per-test folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english_messages():
    """For tests that read messages by their English wording; the Russian wording has its own catalogue tests."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def direct(settings):
    """A fake Direct API v5 (tests/fakes/direct_api.py) the settings point at, retries without waiting."""
    from tests.fakes.direct_api import FakeDirectServer

    with FakeDirectServer() as server:
        settings.YANDEX_DIRECT_API_URL = server.base_url
        settings.YANDEX_DIRECT_RETRY_MAX_SECONDS = 0
        settings.YANDEX_DIRECT_SANDBOX = False
        yield server

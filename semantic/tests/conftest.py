"""Fixtures for the semantic core's tests, and the Wordstat fake for anyone's end-to-end tests.

`wordstat_server` starts `tests.fakes.wordstat.WordstatFake` on 127.0.0.1 and points the settings at it
(WORDSTAT_API_URL, YANDEX_CLOUD_SEARCH_API_URL, WORDSTAT_TOKEN = FAKE_TOKEN, no Cloud key), with a fresh
in-memory cache and rate limiter, so `semantic.sources.collect(..., source="auto")` talks to the fake.
Tests elsewhere can use it with `from semantic.tests.conftest import isolated_cache, wordstat_server  # noqa: F401`
in their conftest.py (the second fixture needs the first).
"""

from __future__ import annotations

import itertools

import pytest

from semantic.sources.ratelimit import forget_limiters
from tests.fakes.wordstat import FAKE_TOKEN, WordstatFake

_cache_names = itertools.count()


@pytest.fixture
def isolated_cache(settings):
    """A cache of its own per test: cached Wordstat answers must not leak from one test into another."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"semantic-test-{next(_cache_names)}",
        }
    }
    forget_limiters()
    yield
    forget_limiters()


@pytest.fixture
def wordstat_server(settings, isolated_cache):
    with WordstatFake() as server:
        settings.WORDSTAT_API_URL = server.url
        settings.YANDEX_CLOUD_SEARCH_API_URL = server.url
        settings.WORDSTAT_TOKEN = FAKE_TOKEN
        settings.YANDEX_CLOUD_API_KEY = None
        settings.REDIS_URL = None
        yield server

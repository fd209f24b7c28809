import pytest


@pytest.fixture
def locmem_cache(settings):
    """A per-test in-memory cache, so numbers one test computed and cached never reach another."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    return cache

import pytest


@pytest.fixture
def locmem_cache(settings):
    """A per-test in-memory cache: the default database cache needs a table the test database does not have."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    return cache

"""`migrate` is the whole database set-up: it makes the database cache's table (Redis needs none)."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


def tables() -> set[str]:
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_makes_the_cache_table_and_the_cache_works(settings):
    settings.CACHES = {"default": {"BACKEND": DATABASE_CACHE, "LOCATION": "test_migrated_cache"}}
    call_command("migrate", "operations", "zero", verbosity=0)
    assert "test_migrated_cache" not in tables()

    call_command("migrate", "operations", verbosity=0)

    assert "test_migrated_cache" in tables()
    caches["default"].set("wordstat:диван", {"count": 1240}, 60)
    assert caches["default"].get("wordstat:диван") == {"count": 1240}


@pytest.mark.django_db(transaction=True)
def test_with_redis_configured_the_migration_makes_no_table(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    before = tables()
    call_command("migrate", "operations", "zero", verbosity=0)
    call_command("migrate", "operations", verbosity=0)
    assert tables() == before


@pytest.mark.django_db
def test_the_test_database_migrated_with_the_configured_cache_has_its_table(settings):
    configured = settings.CACHES["default"]
    if configured["BACKEND"] != DATABASE_CACHE:
        pytest.skip("the configured cache is not the database cache (CI runs on Redis)")
    assert configured["LOCATION"] in tables()

"""The database cache's table, made by `migrate`, so that one command sets the database up.

Without REDIS_URL the cache (Wordstat answers, rate limits, the dashboard, the worker heartbeat) is Django's
DatabaseCache, whose table no model describes; Django makes it with `createcachetable`, which a fresh clone had to
know to run. This runs Django's own command for every configured database cache (a no-op with Redis); the command
skips a table that exists. A database cache configured after this migration ran still needs `createcachetable`.
"""

from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.management import call_command
from django.db import migrations, router


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_tables(apps, schema_editor):
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, BaseDatabaseCache) and router.allow_migrate_model(
            schema_editor.connection.alias, cache.cache_model_class
        ):
            schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache._table)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_tables, drop_cache_tables, elidable=False)]

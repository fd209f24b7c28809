"""The one way a benchmark starts Django: this checkout's settings, no `.env`, production-like defaults.

Benchmarks run as scripts (`python bench/x.py`), so this module sits beside them and puts the project on sys.path.
Values given by the caller win; migrations run when a benchmark brings its own throwaway database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup_django(*, database_url: str | None = None, migrate: bool = False, **environment: str) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "directhelper.settings",
            "DJANGO_READ_DOT_ENV": "false",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
            "DJANGO_SECURE_COOKIES": "false",
            "LOG_LEVEL": "error",
            **({"DATABASE_URL": database_url} if database_url else {}),
            **environment,
        }
    )
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # also makes the database cache's table


def setup_offline_build(workdir: str | Path, **environment: str) -> None:
    """Django for a whole build in `workdir`: its own SQLite and media, and no external service configured.

    Benchmarks that time a build must not reach OpenAI, Google, Wordstat or a broker by accident: a key left in the
    shell would turn a timing into a network test.
    """
    setup_django(
        database_url=f"sqlite:///{Path(workdir) / 'bench.sqlite3'}",
        migrate=True,
        MEDIA_ROOT=str(Path(workdir) / "media"),
        OPENAI_API_KEY="",
        GOOGLE_SERVICE_ACCOUNT_FILE="",
        REDIS_URL="",
        CELERY_BROKER_URL="",
        WORDSTAT_TOKEN="",
        YANDEX_CLOUD_API_KEY="",
        **environment,
    )

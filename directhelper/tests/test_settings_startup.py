"""Settings are validated when the process starts: a bad value stops it with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def load_settings(**overrides) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "FIELD_", "TELEGRAM_", "BOT_"))
    }
    env.update({"DJANGO_READ_DOT_ENV": "false", "DJANGO_SETTINGS_MODULE": "directhelper.settings", **overrides})
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_on_embedded_defaults_in_debug_mode():
    result = load_settings(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_it_requires_a_secret_key_in_production_mode():
    result = load_settings(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY: is required when DJANGO_DEBUG is false" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG: expected true/false"),
        ("BOT_ACCESS", "friends", "BOT_ACCESS: expected one of open, allowlist"),
        ("TELEGRAM_ADMIN_IDS", "12,@boss", "TELEGRAM_ADMIN_IDS: expected comma-separated whole numbers"),
        ("FIELD_ENCRYPTION_KEY", "secret", "FIELD_ENCRYPTION_KEY: key #1 is not a Fernet key"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL: expected a redis/rediss/unix URL"),
        ("CELERY_BROKER_URL", "kafka://broker", "CELERY_BROKER_URL: expected a"),
        ("DATABASE_URL", "oracle+nope://x", "DATABASE_URL"),
        ("GOOGLE_SERVICE_ACCOUNT_FILE", "/nonexistent/key.json", "GOOGLE_SERVICE_ACCOUNT_FILE: file"),
        ("YANDEX_CLOUD_API_KEY", "abc", "YANDEX_CLOUD_FOLDER_ID: is required when YANDEX_CLOUD_API_KEY is set"),
        ("CELERY_TASK_TIME_LIMIT", "10", "CELERY_TASK_TIME_LIMIT: must be greater than CELERY_TASK_SOFT_TIME_LIMIT"),
        ("BACKUP_SCHEDULE", "daily", "BACKUP_SCHEDULE: is not a crontab expression"),
    ],
)
def test_it_stops_with_a_message_naming_the_bad_variable(variable, value, message):
    result = load_settings(**{"DJANGO_DEBUG": "true", variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_it_runs_on_postgres_and_redis_when_configured():
    result = load_settings(
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/directhelper",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_a_sentence_transformers_model_without_the_optional_extra_is_named_at_start():
    hide_the_extra = (
        "import sys; sys.modules['sentence_transformers'] = None; from django.conf import settings; settings.DEBUG"
    )
    env = {**os.environ, "DJANGO_READ_DOT_ENV": "false", "DJANGO_SETTINGS_MODULE": "directhelper.settings",
           "DJANGO_DEBUG": "true", "EMBEDDING_MODEL": "/models/all-MiniLM-L6-v2"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", hide_the_extra], cwd=PROJECT, env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "EMBEDDING_MODEL" in result.stderr
    assert "requirements-embeddings.txt" in result.stderr


def test_a_backup_schedule_puts_backup_db_on_beat():
    show_the_entry = (
        "from django.conf import settings; entry = settings.CELERY_BEAT_SCHEDULE['backup-database']; "
        "print(entry['task'], entry['schedule'])"
    )
    env = {**os.environ, "DJANGO_READ_DOT_ENV": "false", "DJANGO_SETTINGS_MODULE": "directhelper.settings",
           "DJANGO_DEBUG": "true", "BACKUP_SCHEDULE": "0 3 * * *"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", show_the_entry], cwd=PROJECT, env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("operations.tasks.backup_database <crontab: 0 3 * * *")

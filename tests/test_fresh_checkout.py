"""The embedded default as a newcomer meets it: `migrate`, a Celery worker and the bot, nothing else.

No `make setup`, no `createcachetable`, no `var/`: a temporary directory holds the SQLite database, the media and
the filesystem broker, and a campaign made in the chat (against the fake Bot API) arrives as an XLSX document.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.telegram_api import FakeTelegramServer
from tests.processes import ROOT, WORKER, running

USER = 4242

pytestmark = pytest.mark.slow


def embedded_environment(home: Path) -> dict:
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}",
        MEDIA_ROOT=str(home / "media"),
        CELERY_BROKER_DIR=str(home / "var" / "celery-broker"),
        BACKUP_DIR=str(home / "var" / "backups"),
        DJANGO_READ_DOT_ENV="false",
        DJANGO_SECRET_KEY="tests-only-secret-key-never-used-elsewhere",
        LOG_LEVEL="warning",
    )
    return environment


def test_migrate_a_worker_and_the_bot_build_a_campaign_from_the_chat(tmp_path):
    home = tmp_path / "checkout"
    home.mkdir()
    environment = embedded_environment(home)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=environment, check=True, timeout=300)
    assert not (home / "var").exists()

    with FakeTelegramServer() as telegram:
        environment.update(TELEGRAM_BOT_TOKEN=telegram.token, TELEGRAM_API_BASE_URL=telegram.base_url)
        with (
            running([*WORKER, "--loglevel=warning"], environment, tmp_path / "worker.log"),
            running([*manage, "runbot"], environment, tmp_path / "bot.log"),
        ):
            def answer_to(send, shows: str):
                """Send one update and wait for the bot's next question, which contains `shows` (text or button)."""
                after = telegram.mark()
                send()
                return telegram.wait_for(
                    lambda item: item.chat_id == USER
                    and telegram.outbox.index(item) >= after
                    and (shows in item.text or shows in " ".join(item.callback_data())),
                    timeout=90,
                )

            answer_to(lambda: telegram.push_command(USER, "/new"), "Шаг 1")
            answer_to(lambda: telegram.push_text(USER, "Диваны Москва"), "Шаг 2")
            answer_to(lambda: telegram.push_text(USER, "Диваны и кровати от фабрики"), "Шаг 3")
            regions = answer_to(lambda: telegram.push_text(USER, "купить диван, угловой диван"), "region_213")
            answer_to(lambda: telegram.push_callback(USER, "region_213", regions.message_id), "Шаг 5")
            benefits = answer_to(lambda: telegram.push_text(USER, "https://example.com/divany"), "Шаг 6")
            answer_to(lambda: telegram.push_callback(USER, "skip_benefits", benefits.message_id), "Шаг 7")
            summary = answer_to(lambda: telegram.push_text(USER, "30000"), "confirm_create")
            answer_to(lambda: telegram.push_callback(USER, "confirm_create", summary.message_id), "cancel_run")

            document = telegram.wait_for(lambda item: item.method == "sendDocument", timeout=240)

    assert document.chat_id == USER
    assert document.document_name.endswith(".xlsx")
    assert document.document[:2] == b"PK"

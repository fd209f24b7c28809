import os
import signal
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.fakes.telegram_api import FakeTelegramServer

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_stops_with_a_clear_error_when_the_token_is_missing(settings):
    settings.TELEGRAM_BOT_TOKEN = None

    with pytest.raises(CommandError, match="TELEGRAM_BOT_TOKEN: is required"):
        call_command("runbot")


def test_it_stops_with_a_clear_error_when_telegram_rejects_the_token(settings):
    with FakeTelegramServer(token="123:right") as fake:
        settings.TELEGRAM_BOT_TOKEN = "123:wrong"
        settings.TELEGRAM_API_BASE_URL = fake.base_url

        with pytest.raises(CommandError, match="rejected the token"):
            call_command("runbot")


@pytest.mark.slow
def test_the_real_command_answers_and_on_sigterm_exits_cleanly_saving_the_conversation(tmp_path):
    """`manage.py runbot` as a process: it serves an update, then SIGTERM ends it with exit code 0 after the
    conversation state has been written to its database."""
    database = tmp_path / "bot.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_READ_DOT_ENV": "false",
        "DJANGO_SECRET_KEY": "tests-only-secret-key-never-used-elsewhere",
        "LOG_LEVEL": "error",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=environment, check=True, timeout=120)
    with FakeTelegramServer() as fake:
        environment.update(TELEGRAM_BOT_TOKEN=fake.token, TELEGRAM_API_BASE_URL=fake.base_url)
        bot = subprocess.Popen([*manage, "runbot"], env=environment, stdout=subprocess.PIPE, text=True)
        try:
            fake.push_command(77, "/new", language="en")
            question = fake.wait_for(lambda item: item.chat_id == 77, timeout=60)
            bot.send_signal(signal.SIGTERM)
            output, _ = bot.communicate(timeout=30)
        finally:
            bot.kill()

    assert "Step 1" in question.text
    assert bot.returncode == 0
    assert "Bot stopped." in output
    with sqlite3.connect(database) as saved:
        assert saved.execute("SELECT name, state FROM telegram_bot_conversationstate").fetchall() == [
            ("new_campaign", '"name"')
        ]

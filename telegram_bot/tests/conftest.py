import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.db import connections

from directhelper.celery import app as celery_app
from telegram_bot.tests.harness import BotHarness
from tests.fakes.telegram_api import FakeTelegramServer


@pytest.fixture
def telegram_api(settings):
    """The fake Bot API, with the bot's token and base URL pointing at it (workers' notify uses them too)."""
    with FakeTelegramServer() as fake:
        settings.TELEGRAM_BOT_TOKEN = fake.token
        settings.TELEGRAM_API_BASE_URL = fake.base_url
        settings.TELEGRAM_ADMIN_IDS = []
        settings.BOT_PERSISTENCE_INTERVAL = 0.2
        yield fake


@pytest_asyncio.fixture
async def bot(telegram_api):
    harness = await BotHarness(telegram_api).start()
    yield harness
    await harness.stop()


@pytest.fixture
def eager_celery():
    """Tasks run inline, where they are queued (on commit), as the spec allows for end-to-end tests."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest_asyncio.fixture(autouse=True)
async def close_async_connections():
    """Async tests reach the database from asgiref's shared sync thread, whose connection would otherwise outlive
    the test database (PostgreSQL then refuses to drop it)."""
    yield
    await sync_to_async(connections.close_all)()

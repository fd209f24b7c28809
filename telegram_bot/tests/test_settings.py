"""/settings: the token is stored encrypted, shown masked and its message deleted; e-mail, language, defaults."""

import io
import logging
import logging.config
from decimal import Decimal

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.db import connection

from accounts.models import TelegramUser
from core.scrub import third_party_loggers
from tests.fakes.wordstat import WordstatFake

pytestmark = pytest.mark.django_db(transaction=True)

USER = 901
TOKEN = "y0_AgAAAAAB1234567890abcdefghijKLMNOP"


@pytest.fixture(autouse=True)
def wordstat(settings):
    """Wordstat's userInfo, which the bot asks whether a token works before keeping it."""
    with WordstatFake(token=TOKEN) as fake:
        settings.WORDSTAT_API_URL = fake.url
        yield fake


@pytest.fixture(autouse=True)
def direct_for_token_checks(direct):
    """Direct API v5 is asked too (whether «Upload to Direct» will work with the token): by default it refuses."""
    direct.token = "another-token"
    return direct


async def test_the_token_check_says_which_of_wordstat_and_direct_accept_it(bot, fernet_key, direct):
    refused_by_direct = await send_token(bot, TOKEN)
    direct.token = TOKEN
    accepted_by_both = await send_token(bot, TOKEN)

    assert "Wordstat accepted it" in refused_by_direct[-1].text
    assert "Yandex Direct does not accept it" in refused_by_direct[-1].text
    assert "Yandex Direct accepted it too" in accepted_by_both[-1].text


async def send_token(bot, token: str):
    menu = await bot.say(USER, "/settings")
    await bot.press(USER, "set_token", menu[-1].message_id)
    return await bot.say(USER, token)


async def test_it_stores_the_token_encrypted_shows_it_masked_and_deletes_the_message(bot, telegram_api, fernet_key):
    replies = await send_token(bot, TOKEN)

    deleted = [item for item in replies if item.method == "deleteMessage"]
    assert len(deleted) == 1
    token_message_id = telegram_api.updates[-1]["message"]["message_id"]
    assert deleted[0].message_id == token_message_id
    assert TOKEN not in replies[-1].text
    assert "y0_A…MNOP" in replies[-1].text
    user = await TelegramUser.objects.aget(telegram_id=USER)
    assert user.yandex_token == TOKEN
    stored = await _raw_token(user.pk)
    assert TOKEN not in stored


async def _raw_token(user_pk: int) -> str:

    def read():
        with connection.cursor() as cursor:
            cursor.execute("SELECT yandex_token FROM accounts_telegramuser WHERE id = %s", [user_pk])
            value = cursor.fetchone()[0]
        return bytes(value).decode() if isinstance(value, (bytes, memoryview)) else str(value)

    return await sync_to_async(read)()


async def test_it_rejects_something_that_is_not_a_token_and_still_deletes_it(bot, fernet_key):
    replies = await send_token(bot, "my token")

    assert next(item.method for item in replies) == "deleteMessage"
    assert "⚠️" in replies[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).yandex_token is None


async def test_a_token_wordstat_refuses_is_not_saved(bot, fernet_key):
    replies = await send_token(bot, "y0_AgAAAAAB-a-revoked-token-000000")

    assert replies[0].method == "deleteMessage"
    assert "not accept" in replies[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).yandex_token is None


async def test_a_token_is_kept_when_wordstat_cannot_be_reached(bot, fernet_key, settings):
    settings.WORDSTAT_API_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.WORDSTAT_RETRIES = 1

    replies = await send_token(bot, TOKEN)

    assert "could not be reached" in replies[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).yandex_token == TOKEN


async def test_it_validates_and_saves_the_google_email(bot):
    menu = await bot.say(USER, "/settings")
    await bot.press(USER, "set_email", menu[-1].message_id)

    bad = await bot.say(USER, "not-an-email")
    good = await bot.say(USER, "Anna@Gmail.com")

    assert "⚠️" in bad[-1].text
    assert "anna@gmail.com" in good[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).google_email == "anna@gmail.com"


async def test_it_switches_the_language_and_answers_in_it(bot):
    menu = await bot.say(USER, "/settings")
    await bot.press(USER, "set_language", menu[-1].message_id)

    await bot.press(USER, "lang_en", menu[-1].message_id)
    replies = await bot.say(USER, "/help")

    assert (await TelegramUser.objects.aget(telegram_id=USER)).language == "en"
    assert "How it works" in replies[-1].text


async def test_it_saves_default_region_and_budget_and_offers_them_in_a_new_campaign(bot):
    menu = await bot.say(USER, "/settings")
    await bot.press(USER, "set_region", menu[-1].message_id)
    await bot.say(USER, "Казань")
    await bot.press(USER, "set_budget")
    saved = await bot.say(USER, "50 000")

    user = await TelegramUser.objects.aget(telegram_id=USER)
    assert (user.default_region_id, user.default_budget) == (43, Decimal("50000.00"))
    assert "50\u00a0000" in saved[-1].text
    assert "0 of 10" in saved[-1].text or "0 из 10" in saved[-1].text

    await bot.say(USER, "/new")
    await bot.say(USER, "Диваны Казань")
    await bot.say(USER, "Продаём диваны и кровати от фабрики")
    region_question = await bot.say(USER, "купить диван")
    assert "region_43" in region_question[-1].callback_data()
    await bot.press(USER, "region_43")
    await bot.say(USER, "https://example.com")
    budget_question = await bot.press(USER, "skip_benefits")
    assert "use_default" in budget_question[-1].callback_data()
    summary = await bot.press(USER, "use_default")
    assert "50\u00a0000" in summary[-1].text


async def test_the_exact_frequency_default_is_set_turned_off_and_reset_and_used_by_new_builds(bot, settings):
    from campaigns.models import Campaign

    settings.SEMANTIC_MIN_EXACT_FREQUENCY = 2
    menu = await bot.say(USER, "/settings")
    assert "Exact-frequency filter: service default (2)" in menu[-1].text
    question = await bot.press(USER, "set_min_exact", menu[-1].message_id)
    assert question[-1].callback_data() == ["use_default", "cancel_campaign"]

    bad = await bot.say(USER, "много")
    off = await bot.say(USER, "0")

    assert "⚠️" in bad[-1].text
    assert "Exact-frequency filter: off" in off[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).default_min_exact == 0
    await bot.say(USER, "/new")
    draft = await Campaign.objects.select_related("owner").aget()
    assert draft.min_exact_frequency is None  # the campaign follows its owner's default, resolved at build time
    assert draft.min_exact == 0

    await bot.press(USER, "set_min_exact")
    await bot.say(USER, "15")
    assert (await Campaign.objects.select_related("owner").aget()).min_exact == 15
    await bot.press(USER, "set_min_exact")
    reset = await bot.press(USER, "use_default")
    assert "service default (2)" in reset[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).default_min_exact is None


async def test_a_saved_token_can_be_removed(bot, fernet_key):
    saved = await send_token(bot, TOKEN)
    assert "remove_token" in saved[-1].callback_data()

    removed = await bot.press(USER, "remove_token", saved[-1].message_id)

    assert "removed" in removed[-1].text
    assert "remove_token" not in removed[-1].callback_data()
    assert (await TelegramUser.objects.aget(telegram_id=USER)).yandex_token is None


async def test_it_says_so_when_the_token_message_could_not_be_deleted(bot, telegram_api, fernet_key):
    from tests.fakes.server import ScriptedResponse
    from tests.fakes.telegram_api import error

    telegram_api.script.append(
        ScriptedResponse(*error(400, "Bad Request: message can't be deleted for everyone"), path="/deleteMessage")
    )

    replies = await send_token(bot, TOKEN)

    assert "was deleted" not in replies[-1].text
    assert "could not delete your message" in replies[-1].text
    assert (await TelegramUser.objects.aget(telegram_id=USER)).yandex_token == TOKEN


TOKEN_SHAPES = [
    TOKEN,  # OAuth, y0_
    "AQAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234",  # OAuth, older
    "AgAAAAAAbCdEfGhIjKlMnOpQrStUvWxYz01234",  # OAuth, older
    "t1.9euelZqKkpWSnJqPlJqNjY2TkpKNju3rnpWaxsbIy5yRz5CUxs-KmZ2Mmc_l8_dGVSpF-e9uCn8t_d3z9wYEKEX5724Kfy39",  # IAM
    "my-own-secret-of-no-known-shape-123",  # what a user sent as a token, in no known shape
]


@pytest.fixture
def debug_log():
    """The project's logging exactly as LOG_LEVEL=debug configures it (settings.LOGGING), written to a buffer."""
    config = {
        **django_settings.LOGGING,
        "loggers": third_party_loggers("DEBUG"),
        "root": {**django_settings.LOGGING["root"], "level": "DEBUG"},
    }
    logging.config.dictConfig(config)
    stream = io.StringIO()
    next(iter(logging.getLogger().handlers)).setStream(stream)
    yield stream
    logging.config.dictConfig(django_settings.LOGGING)


async def test_a_token_of_any_shape_sent_to_the_bot_never_reaches_the_logs_at_debug(bot, fernet_key, debug_log):
    """With python-telegram-bot's loggers at DEBUG, "Processing update" and getUpdates lines carry each message's
    text: the last token, of no known shape, showed up in them before settings.LOGGING kept them at INFO."""
    for token in TOKEN_SHAPES:
        await send_token(bot, token)
    await bot.say(USER, TOKEN_SHAPES[-1])  # outside the token step too, as a plain message
    logging.getLogger("telegram_bot").debug("a later error that quotes it: %s", TOKEN_SHAPES[-1])

    written = debug_log.getvalue()
    assert '"level": "debug"' in written  # the project does log at DEBUG here
    assert "a later error that quotes it: ***" in written
    for token in TOKEN_SHAPES:
        assert token not in written

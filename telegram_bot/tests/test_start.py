import pytest
from telegram.ext import CommandHandler

from accounts.models import ActivityEvent, TelegramUser
from core.errors import UserError
from tests.fakes.server import ScriptedResponse

pytestmark = pytest.mark.django_db(transaction=True)


async def test_it_greets_a_new_user_with_the_main_menu_and_records_the_start(bot):
    replies = await bot.say(501, "/start")

    assert "Create campaign" in str(replies[-1].reply_markup)
    assert replies[-1].callback_data() == ["new_campaign", "history", "settings", "help"]
    user = await TelegramUser.objects.aget(telegram_id=501)
    assert await ActivityEvent.objects.filter(user=user, action="start").aexists()


async def test_it_speaks_russian_by_default(bot):
    replies = await bot.say(502, "/start", language="ru")

    assert "Создать кампанию" in str(replies[-1].reply_markup)
    assert "Здравствуйте" in replies[-1].text or "Привет" in replies[-1].text


async def test_help_explains_the_steps_in_the_users_language(bot):
    replies = await bot.say(503, "/help")

    assert "How it works" in replies[-1].text


async def test_it_sets_the_command_menu_in_russian_and_english_at_start(bot, telegram_api):
    assert {command["command"] for command in telegram_api.commands["en"]} >= {"start", "new", "history", "cancel"}
    assert telegram_api.commands["ru"] != telegram_api.commands["en"]


async def test_an_error_gets_a_short_apology_and_the_conversation_stays_where_it_was(bot, telegram_api):
    await bot.say(504, "/new")
    await bot.say(504, "Диваны")
    await bot.say(504, "Продаём диваны и кровати от фабрики")
    telegram_api.script.append(
        ScriptedResponse(500, {"ok": False, "error_code": 500, "description": "Internal"}, path="/getFile")
    )

    failed = await bot.upload(504, "keys.csv", "купить диван\n".encode())
    retried = await bot.upload(504, "keys.csv", "купить диван\n".encode())

    assert "Sorry" in failed[-1].text
    assert "Traceback" not in failed[-1].text
    assert "Step 4" in retried[-1].text


async def test_a_user_error_no_handler_answered_reaches_the_chat_with_its_own_message(bot):
    async def refuse(update, context):
        raise UserError("You have reached your limit of 2 campaigns.")

    bot.app.handlers[0].insert(0, CommandHandler("refuse", refuse))  # before the catch-all "I did not understand"

    replies = await bot.say(505, "/refuse")

    assert replies[-1].text == "⚠️ You have reached your limit of 2 campaigns."
    assert "Sorry" not in replies[-1].text
    assert "Create campaign" in str(replies[-1].reply_markup)

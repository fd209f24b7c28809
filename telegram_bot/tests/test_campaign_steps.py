"""Each step of the conversation: a bad answer gets the reason and the same question; /cancel works anywhere."""

import pytest

from campaigns.models import Campaign
from telegram_bot.tests.harness import STEPS

pytestmark = pytest.mark.django_db(transaction=True)

USER = 701


async def walk(bot, steps: int):
    await bot.say(USER, "/new")
    for kind, value in STEPS[:steps]:
        await (bot.say(USER, value) if kind == "say" else bot.press(USER, value))


@pytest.mark.parametrize(
    ("steps_done", "bad_answer", "reason"),
    [
        (0, "x" * 101, "101"),
        (1, "диваны", "10"),
        (2, ",,,", "keywords"),
        (3, "Нарния", "Нарния"),
        (4, "example com/divany", "spaces"),
        (4, "ftp://example.com", "http"),
        (4, "https://localhost", "domain"),
        (5, "x" * 201, "200"),
        (6, "-5", "positive"),
        (6, "много", "number"),
    ],
)
async def test_it_explains_a_bad_answer_and_asks_the_same_question_again(bot, steps_done, bad_answer, reason):
    await walk(bot, steps_done)

    replies = await bot.say(USER, bad_answer)

    assert reason in replies[-1].text
    assert replies[-1].text.count("⚠️") == 1
    if steps_done != 3:  # the region step asks for a typed city again; the others repeat their numbered question
        assert f"{steps_done + 1}" in replies[-1].text.split("\n\n", 1)[1]
    kind, good_answer = STEPS[steps_done] if steps_done != 3 else ("say", "Москва")
    after = await (bot.say(USER, good_answer) if kind == "say" else bot.press(USER, good_answer))
    assert "⚠️" not in after[-1].text


@pytest.mark.parametrize("steps_done", [0, 1, 2, 3, 4, 5, 6, 7])
async def test_cancel_ends_the_conversation_at_every_step_and_discards_the_draft(bot, steps_done):
    await walk(bot, steps_done)

    replies = await bot.say(USER, "/cancel")

    assert "new_campaign" in replies[-1].callback_data()
    assert not await Campaign.objects.aexists()
    after = await bot.say(USER, "Диваны")
    assert "new_campaign" in after[-1].callback_data()  # no conversation is listening: the menu is offered


async def test_the_cancel_button_ends_the_conversation_too(bot):
    await walk(bot, 2)

    replies = await bot.press(USER, "cancel_campaign")

    assert "new_campaign" in replies[-1].callback_data()
    after = await bot.say(USER, "купить диван")
    assert "new_campaign" in after[-1].callback_data()
    assert not await Campaign.objects.aexists()


async def test_a_typed_city_is_looked_up_in_the_region_list(bot):
    await walk(bot, 3)

    await bot.say(USER, "Казань")

    draft = await Campaign.objects.aget()
    assert (draft.region_name, draft.geo_ids) == ("Казань", [43])


async def test_word_lists_in_brackets_are_multiplied(bot):
    await walk(bot, 2)

    replies = await bot.say(USER, "[купить, заказать] [диван, софу]")

    # One message per answer: the count heads the region question rather than spending a send of its own.
    assert [reply.text.split("\n")[0] for reply in replies] == ["Got 4 keywords."]
    assert "region_213" in replies[0].callback_data()
    draft = await Campaign.objects.aget()
    assert draft.base_keywords == ["купить диван", "купить софу", "заказать диван", "заказать софу"]


async def test_a_keyword_file_is_read_by_the_importer(bot):
    await walk(bot, 2)

    replies = await bot.upload(USER, "wordstat.csv", "Фраза;Частота\nкупить диван;1200\nдиван кровать;800\n".encode())

    assert [reply.text.split("\n")[0] for reply in replies] == ["Got 2 keywords from “wordstat.csv”."]
    assert "region_213" in replies[0].callback_data()
    draft = await Campaign.objects.aget()
    assert draft.base_keywords == ["купить диван", "диван кровать"]
    assert draft.keyword_source == "file"
    assert draft.keywords_file.name.endswith(".csv")


async def test_an_unreadable_keyword_file_is_explained_and_nothing_is_saved(bot):
    await walk(bot, 2)

    replies = await bot.upload(USER, "keywords.pdf", b"%PDF-1.4")

    assert "keywords.pdf" in replies[-1].text
    assert "CSV" in replies[-1].text
    draft = await Campaign.objects.aget()
    assert draft.base_keywords == []
    assert not draft.keywords_file


async def test_a_file_over_the_size_limit_is_refused_before_it_is_downloaded(bot, settings):
    settings.KEYWORD_FILE_MAX_BYTES = 1024 * 1024
    await walk(bot, 2)

    replies = await bot.upload(USER, "huge.csv", b"a;1\n" * (2 * 1024 * 1024 // 4))

    assert "The file is 2.0 MB; the limit is 1.0 MB." in replies[-1].text
    assert bot.api.requests_to("/getFile") == []
    draft = await Campaign.objects.aget()
    assert not draft.keywords_file


async def test_skip_leaves_the_budget_empty_and_shows_the_summary(bot):
    await walk(bot, 6)

    replies = await bot.press(USER, "skip_budget")

    assert replies[-1].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]
    assert (await Campaign.objects.aget()).budget is None


async def test_edit_changes_one_field_and_returns_to_the_summary(bot):
    await walk(bot, 7)
    await bot.press(USER, "edit_campaign")
    await bot.press(USER, "edit_url")

    replies = await bot.say(USER, "https://example.com/krovati")

    assert "https://example.com/krovati" in replies[-1].text
    assert replies[-1].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]


async def test_edited_keywords_are_counted_at_the_head_of_the_summary_in_one_message(bot):
    await walk(bot, 7)
    await bot.press(USER, "edit_campaign")
    await bot.press(USER, "edit_keywords")

    replies = await bot.say(USER, "угловой диван, диван кровать, купить диван")

    assert len(replies) == 1
    assert replies[0].text.startswith("Got 3 keywords.\n\nCheck the campaign:")
    assert replies[0].callback_data() == ["confirm_create", "edit_campaign", "cancel_campaign", "back"]

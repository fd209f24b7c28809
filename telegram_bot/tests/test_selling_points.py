"""Issue 14 in the chat: the selling-points step (typed, taken from the site, skipped), the page as read in the
confirmation, and the sitelinks, budget plan and page warning in the final message."""

import asyncio
import time

import pytest
from django.core.cache import cache

from campaigns.models import Campaign, RunStatus
from campaigns.pipeline.signals import run_finished
from campaigns.summaries import BuildSummary
from campaigns.tests.factories import PipelineRunFactory
from telegram_bot.models import RunMessage
from tests.fakes.landing_site import FakeSite, Page, gzip_bomb

pytestmark = pytest.mark.django_db(transaction=True)

USER = 1301
SHOP_PAGE = """<html><head><title>Диваны от фабрики</title></head><body><h1>Диваны в Москве</h1>
<nav><a href="/catalog">Каталог</a><a href="/delivery">Доставка</a></nav>
<p>Доставка по Москве за 1 день</p><p>Гарантия 10 лет на все диваны</p><p>Оплата при получении</p>
</body></html>"""


@pytest.fixture
def shop(settings):
    cache.clear()
    settings.LANDING_FETCH = True
    settings.LANDING_ALLOW_PRIVATE_HOSTS = True
    with FakeSite({"/divany": SHOP_PAGE}) as site:
        yield site


async def walk_to_selling_points(bot, url="https://example.com/divany"):
    await bot.say(USER, "/new")
    await bot.say(USER, "Диваны Москва")
    await bot.say(USER, "Продаём диваны и кровати от фабрики с доставкой по Москве")
    await bot.say(USER, "купить диван, диван кровать")
    await bot.press(USER, "region_213")
    return await bot.say(USER, url)


async def test_typed_selling_points_are_saved_and_shown_in_the_summary(bot, settings):
    settings.SEMANTIC_MIN_EXACT_FREQUENCY = 4
    question = await walk_to_selling_points(bot)
    assert question[-1].callback_data() == ["benefits_site", "skip_benefits", "back", "cancel_campaign"]

    await bot.say(USER, "Доставка за 1 день\nГарантия 2 года")
    summary = await bot.press(USER, "skip_budget")

    assert (await Campaign.objects.aget()).benefits == ["Доставка за 1 день", "Гарантия 2 года"]
    assert "Selling points: Доставка за 1 день; Гарантия 2 года" in summary[-1].text
    assert "Exact-frequency filter: 4" in summary[-1].text  # the threshold the build will use


async def test_selling_points_are_taken_from_the_site_and_the_summary_shows_the_page(bot, shop):
    await walk_to_selling_points(bot, shop.page_url("/divany"))

    offer = await bot.press(USER, "benefits_site")

    assert "Диваны от фабрики" in offer[-1].text
    assert "• Доставка по Москве за 1 день" in offer[-1].text
    assert offer[-1].callback_data()[0] == "benefits_accept"
    await bot.press(USER, "benefits_accept")
    summary = await bot.press(USER, "skip_budget")

    draft = await Campaign.objects.aget()
    assert "Гарантия 10 лет на все диваны" in draft.benefits
    assert draft.landing_page["title"] == "Диваны от фабрики"  # kept: the build does not fetch it again
    assert "From the page: Диваны от фабрики" in summary[-1].text
    assert "· Доставка по Москве за 1 день" in summary[-1].text
    assert len(shop.requests_to("/divany")) == 1


async def test_own_points_can_be_typed_instead_of_the_offered_ones(bot, shop):
    await walk_to_selling_points(bot, shop.page_url("/divany"))
    await bot.press(USER, "benefits_site")

    await bot.say(USER, "Своё производство")

    assert (await Campaign.objects.aget()).benefits == ["Своё производство"]


async def test_a_page_that_cannot_be_read_is_explained_and_the_question_stays(bot, shop):
    await walk_to_selling_points(bot, shop.page_url("/missing"))

    replies = await bot.press(USER, "benefits_site")

    assert "⚠️" in replies[-1].text
    assert "404" in replies[-1].text or "not read" in replies[-1].text
    assert "skip_benefits" in replies[-1].callback_data()
    summary = await bot.press(USER, "skip_benefits")
    assert "budget" in summary[-1].text.lower()
    assert (await Campaign.objects.aget()).benefits == []


async def test_the_summary_says_why_the_page_was_not_read(bot):
    await walk_to_selling_points(bot)  # tests never read real sites: reading is off
    await bot.press(USER, "skip_benefits")

    summary = await bot.press(USER, "skip_budget")

    assert "From the page: reading the landing page is turned off" in summary[-1].text


def test_the_final_message_shows_sitelinks_the_budget_plan_dropped_negatives_and_the_page_warning(telegram_api):
    run = _finished_run(telegram_api)

    run_finished.send(None, run_id=run.pk, status=RunStatus.COMPLETED)

    final = [item for item in telegram_api.sent_to(777) if item.method == "editMessageText"][-1]
    assert "Removed 15 phrases: another market — 9; other cities — 3; informational queries — 2; other reasons — 1" in (
        final.text
    )
    assert "Exact-frequency filter: phrases searched fewer than 3 times a month" in final.text
    assert "2 negative keywords did not fit" in final.text
    assert "Sitelinks: Каталог · Доставка · Контакты" in final.text
    assert "weekly budget of 6\u00a0977 RUB" in final.text
    assert "· Угловые диваны — 60%, 18\u00a0000 RUB a month" in final.text
    assert "⚠️ The landing page was not read: timed out" in final.text


def _finished_run(telegram_api):
    """A run as `finish_run` leaves it: its result is a `BuildSummary` as `runner.summarize` builds it (chosen
    numbers), and the campaign holds its counts and the negatives left out."""
    dropped = [{"negative": word, "code": "group_limit", "message": "", "group": "", "frequency": 1} for word in "ab"]
    run = PipelineRunFactory(
        status=RunStatus.COMPLETED,
        campaign__owner__language="en",
        campaign__keyword_count=120,
        campaign__group_count=3,
        campaign__ad_count=6,
        campaign__dropped_negatives=dropped,
        result=BuildSummary(
            removed_by_reason={"off_market": 9, "other_city": 3, "informational": 2, "duplicate": 1},
            min_exact=3,
            group_negatives=12,
            budget={
                "monthly": "30000",
                "weekly": "6977",
                "groups": [
                    {"number": 1, "name": "Угловые диваны", "share": 0.6, "monthly": "18000"},
                    {"number": 2, "name": "Диваны-кровати", "share": 0.3, "monthly": "9000"},
                    {"number": 3, "name": "Тахты", "share": 0.1, "monthly": "3000"},
                ],
                "assumptions": "",
            },
            landing_warning="The landing page was not read: timed out",
            sitelinks=["Каталог", "Доставка", "Контакты"],
        ).to_json(),
    )
    sent = telegram_api.api_sendMessage({"chat_id": 777, "text": "queued"}, {})[1]["result"]["message_id"]
    RunMessage.objects.create(run=run, chat_id=777, message_id=sent)
    return run


async def test_a_page_saved_from_the_site_is_read_from_the_file_sent_after_the_address(bot, settings):
    """A site that refuses robots: the user sends the page saved in a browser, and it is read instead of the site."""
    settings.LANDING_FETCH = True
    await walk_to_selling_points(bot)

    replies = await bot.upload(USER, "divany.html", SHOP_PAGE.encode("utf-8"))

    assert "Диваны от фабрики" in replies[-1].text  # what was read, then the selling-points question
    draft = await Campaign.objects.aget(owner__telegram_id=USER)
    assert draft.target_url == "https://example.com/divany"
    assert draft.landing_page["url"] == "https://example.com/divany"
    assert "Доставка по Москве за 1 день" in [fact["text"] for fact in draft.landing_page["facts"]]


async def test_a_file_that_is_not_a_page_is_explained_at_the_page_step(bot):
    await walk_to_selling_points(bot)

    replies = await bot.upload(USER, "notes.html", b"\x00\x01 nothing")

    assert "not an HTML page" in replies[-1].text
    assert not (await Campaign.objects.aget(owner__telegram_id=USER)).landing_page


async def test_a_dripping_or_bomb_site_ends_the_read_unreadable_and_other_users_are_answered_meanwhile(bot, shop):
    """«Взять с сайта» reads in a thread with the build's caps: a site dripping a byte a second ends at the reader's
    10 s deadline, a gzip-of-gzip bomb is refused, and the bot answers another user while the drip goes on."""
    shop.pages["/drip"] = Page(html=SHOP_PAGE, drip=1.0)
    shop.pages["/bomb"] = Page(raw=gzip_bomb(1 << 26, layers=2), headers={"Content-Encoding": "gzip, gzip"})
    await walk_to_selling_points(bot, shop.page_url("/drip"))
    started = time.monotonic()
    reading = asyncio.ensure_future(bot.press(USER, "benefits_site"))
    await asyncio.sleep(0.5)

    other = await bot.say(USER + 1, "/start")
    answered_after = time.monotonic() - started
    offer = await reading

    assert other
    assert answered_after < 3
    assert "the site did not answer in 10 s" in offer[-1].text
    assert time.monotonic() - started < 15

    await bot.press(USER, "back")
    await bot.say(USER, shop.page_url("/bomb"))
    refused = await bot.press(USER, "benefits_site")

    assert "does not take (gzip, gzip)" in refused[-1].text

"""«Проверить и поправить» on the result and in History: a Mini App over https, the signed link over http."""

import pytest
from asgiref.sync import sync_to_async
from django.test import Client
from django.utils import translation

from campaigns.services import review_edits
from campaigns.tests.factories import CampaignFactory
from telegram_bot import keyboards
from telegram_bot.tests.test_removed_phrases import USER, completed_campaign_with_removals

pytestmark = pytest.mark.django_db


def review_buttons(markup):
    return [button for row in markup.inline_keyboard for button in row if button.text == "Проверить и поправить"]


def test_it_opens_the_page_as_a_mini_app_over_https(settings):
    settings.SITE_URL = "https://helper.example.com"
    campaign = CampaignFactory()
    with translation.override("ru"):
        (button,) = review_buttons(keyboards.finished(campaign.pk, owner_id=campaign.owner_id))
    assert button.web_app.url == f"https://helper.example.com/review/app/{campaign.pk}/"
    assert button.url is None


def test_it_sends_the_signed_link_over_http_and_the_link_opens_the_page(settings):
    settings.SITE_URL = "http://helper.example.com"
    campaign = CampaignFactory(status="completed")
    with translation.override("ru"):
        (button,) = review_buttons(
            keyboards.campaign_actions(campaign.pk, True, "", owner_id=campaign.owner_id)
        )
    assert button.url.startswith("http://helper.example.com/review/l/")
    response = Client().get(button.url.removeprefix("http://helper.example.com"), follow=True)
    assert response.status_code == 200


def test_it_offers_no_button_on_a_loopback_site_or_without_an_owner(settings):
    settings.SITE_URL = "http://localhost:8000"
    campaign = CampaignFactory()
    with translation.override("ru"):
        assert review_buttons(keyboards.finished(campaign.pk, owner_id=campaign.owner_id)) == []
        settings.SITE_URL = "https://helper.example.com"
        assert review_buttons(keyboards.finished(campaign.pk)) == []


@pytest.mark.django_db(transaction=True)
async def test_putting_phrases_back_warns_that_review_edits_will_be_replaced(bot):
    campaign = await completed_campaign_with_removals(USER)
    listing = await bot.press(USER, f"removed_{campaign.pk}")
    assert "review page" not in listing[-1].text

    await sync_to_async(review_edits.add_negative)(campaign.pk, review_edits.Actor(campaign.owner_id), "обивка")

    listing = await bot.press(USER, f"removed_{campaign.pk}")
    assert "the edits you made on the review page" in listing[-1].text

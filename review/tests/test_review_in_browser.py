"""The review page on a phone-sized Chromium: open a signed link, move, merge, restore, delete a negative, fix an
ad's title after an inline error, and download an XLSX that holds every edit and passes Direct's import checks."""

import json
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait

from campaigns.export.limits import check_export_limits
from campaigns.export.reader import read_direct_file
from campaigns.models import Ad, AdGroup, Campaign, Keyword, RemovedPhrase
from campaigns.services.review_links import review_token
from review.tests.conftest import build_campaign
from review.tests.test_telegram_auth import fields, signed_init_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = (390, 844)


@pytest.fixture
def phone(browser):
    size = browser.get_window_size()
    browser.set_window_size(*PHONE)
    browser.delete_all_cookies()
    yield browser
    browser.set_window_size(size["width"], size["height"])


def submit_in_place(browser, button):
    """Click a form's button and wait for the page's script to swap the main block for the answer."""
    main = browser.find_element(By.ID, "review-main")
    button.click()
    WebDriverWait(browser, 10).until(staleness_of(main))


def group_section(browser, number):
    return browser.find_element(By.ID, f"group-{number}")


def test_a_reviewer_fixes_a_campaign_on_a_phone(phone, live_server, screenshot):
    browser = phone
    built = build_campaign()
    campaign = built.campaign
    browser.get(f"{live_server.url}/review/l/{review_token(campaign.pk, campaign.owner_id)}/")
    assert "Угловые диваны" in browser.find_element(By.ID, "review-main").text
    assert browser.execute_script("return document.documentElement.scrollWidth") <= PHONE[0]  # no sideways scroll
    screenshot("1-opened")

    # Move two phrases of «Купить диван» to group 3, «Диван кровать».
    sofas = group_section(browser, 1)
    for phrase in ("диван цена", "диван недорого"):
        sofas.find_element(By.ID, f"kw-{Keyword.objects.get(phrase=phrase).pk}").click()
    sofas.find_element(By.CSS_SELECTOR, "form.phrases input[name=target]").send_keys("3")
    submit_in_place(browser, group_section(browser, 1).find_element(By.CSS_SELECTOR, "button[value=move]"))
    assert "диван недорого" in group_section(browser, 3).text
    assert set(built.beds.keywords.values_list("phrase", flat=True)) >= {"диван цена", "диван недорого"}
    screenshot("2-moved")

    # Merge «Угловые диваны» (2) into «Диван кровать» (3).
    merge = group_section(browser, 2).find_element(By.CSS_SELECTOR, "form.merge")
    merge.find_element(By.NAME, "target").send_keys("3")
    submit_in_place(browser, merge.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert not AdGroup.objects.filter(pk=built.corner.pk).exists()
    assert "угловой диван" in group_section(browser, 3).text
    screenshot("3-merged")

    # Restore a phrase removed as informational, into group 1.
    browser.find_element(By.CSS_SELECTOR, "nav.tabs a[href='?tab=removed']").click()
    removed = RemovedPhrase.objects.get(phrase="диван своими руками")
    row = browser.find_element(By.ID, f"removed-{removed.pk}")
    row.find_element(By.NAME, "target").send_keys("1")
    submit_in_place(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert Keyword.objects.filter(phrase="диван своими руками", group=built.sofas).exists()
    screenshot("4-restored")

    # Delete the campaign negative «-ремонт».
    browser.find_element(By.CSS_SELECTOR, "nav.tabs a[href='?tab=negatives']").click()
    delete = browser.find_element(By.CSS_SELECTOR, "button[aria-label='Удалить -ремонт']")
    submit_in_place(browser, delete)
    assert "ремонт" not in Campaign.objects.get(pk=campaign.pk).negative_keywords
    assert "-ремонт" not in browser.find_element(By.CSS_SELECTOR, ".campaign-negatives ul").text
    screenshot("5-negative-deleted")

    # A title over Direct's limit: the counter turns red, the server refuses it inline, nothing is saved.
    browser.find_element(By.CSS_SELECTOR, "nav.tabs a[href='?tab=groups']").click()
    ad = Ad.objects.get(group=built.sofas)
    form = browser.find_element(By.ID, f"ad-{ad.pk}")
    form.find_element(By.TAG_NAME, "summary").click()
    title = form.find_element(By.NAME, "titles[0]")
    title.clear()
    title.send_keys("Диваны от фабрики с доставкой по Москве и области за один день")
    assert "over" in form.find_element(By.CSS_SELECTOR, ".field .counter").get_attribute("class")
    submit_in_place(browser, form.find_element(By.CSS_SELECTOR, "details > button[type=submit]"))
    form = browser.find_element(By.ID, f"ad-{ad.pk}")
    assert "не больше 56" in form.find_element(By.CSS_SELECTOR, ".field.invalid .error").text
    ad.refresh_from_db()
    assert ad.titles[0] == "Купить диван от фабрики"
    screenshot("6-title-refused")

    title = form.find_element(By.NAME, "titles[0]")
    title.clear()
    title.send_keys("Диваны от фабрики с доставкой")
    submit_in_place(browser, form.find_element(By.CSS_SELECTOR, "details > button[type=submit]"))
    ad.refresh_from_db()
    assert ad.titles[0] == "Диваны от фабрики с доставкой"
    screenshot("7-title-saved")

    # The XLSX the page gives holds every edit and passes Direct's import checks.
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = browser.get_cookie(settings.SESSION_COOKIE_NAME)["value"]
    response = client.get(f"/review/{campaign.pk}/file/xlsx/")
    assert response.status_code == 200
    parsed = read_direct_file(response.content, "campaign.xlsx")
    check_export_limits(parsed.as_export_campaign(), ad_format=settings.EXPORT_AD_FORMAT)
    groups = {group.name: {keyword.phrase for keyword in group.keywords} for group in parsed.groups}
    assert set(groups) == {"Купить диван", "Диван кровать"}
    assert groups["Диван кровать"] >= {"диван цена", "диван недорого", "угловой диван", "купить угловой диван"}
    assert "диван своими руками" in groups["Купить диван"]
    assert "-ремонт" not in " ".join(parsed.negative_keywords)
    (sofas,) = [group for group in parsed.groups if group.name == "Купить диван"]
    titles = [title for ad in sofas.ads for title in ad.titles]
    assert "Диваны от фабрики с доставкой" in titles



@contextmanager
def telegram_stand_in(browser, init_data: str):
    """Telegram's script is blocked (tests have no network); a stand-in `Telegram.WebApp` hands the page initData
    signed as Telegram signs it, so the page's own script does the handshake as inside Telegram."""
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*telegram.org*"]})
    script = f"window.Telegram = {{WebApp: {{initData: {json.dumps(init_data)}, ready() {{}}, expand() {{}}}}}};"
    stand_in = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": stand_in["identifier"]})
        browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})


def test_the_mini_app_hands_telegrams_init_data_to_the_server_and_opens_the_page(phone, live_server, bot_token):
    campaign = build_campaign().campaign
    init_data = signed_init_data(fields(telegram_id=campaign.owner.telegram_id, auth_date=int(time.time())))
    with telegram_stand_in(phone, init_data):
        phone.get(f"{live_server.url}/review/app/{campaign.pk}/")
        WebDriverWait(phone, 10).until(lambda driver: driver.find_elements(By.ID, "review-main"))
    assert "Угловые диваны" in phone.find_element(By.ID, "review-main").text


def test_the_mini_app_refuses_init_data_of_another_user(phone, live_server, bot_token):
    campaign = build_campaign().campaign
    stranger = fields(telegram_id=campaign.owner.telegram_id + 10_000, auth_date=int(time.time()))
    with telegram_stand_in(phone, signed_init_data(stranger)):
        phone.get(f"{live_server.url}/review/app/{campaign.pk}/")
        WebDriverWait(phone, 10).until(lambda driver: driver.find_element(By.ID, "mini-app-refused").is_displayed())
    assert not phone.find_elements(By.ID, "review-main")

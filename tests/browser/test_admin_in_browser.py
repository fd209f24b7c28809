"""Staff work in a real browser: log in, filter and open campaigns, run an action, read the dashboard."""

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import Select, WebDriverWait

from campaigns.models import Campaign, CampaignStatus
from campaigns.tests.factories import AdFactory, AdGroupFactory, KeywordFactory
from operations.tests.dataset import make_known_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"


@pytest.fixture
def staff_in_browser(browser, live_server, django_user_model, settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    django_user_model.objects.create_superuser("operator", "operator@example.com", PASSWORD)
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("operator")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    assert browser.find_element(By.ID, "user-tools")
    return browser


@pytest.fixture
def known():
    known = make_known_data(timezone.now().date())
    group = AdGroupFactory(campaign=known.completed_run.campaign, name="Угловые диваны")
    KeywordFactory(group=group, phrase="купить угловой диван")
    AdFactory(group=group)
    return known


def rows(browser):
    return browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")


def test_staff_filter_campaigns_open_one_and_archive_it(staff_in_browser, live_server, known, screenshot):
    browser = staff_in_browser
    sofas = known.completed_run.campaign
    Campaign.objects.filter(pk=sofas.pk).update(status=CampaignStatus.COMPLETED)
    browser.get(f"{live_server.url}/admin/campaigns/campaign/")
    assert len(rows(browser)) == 3
    screenshot("1-campaign-list")

    owner_filter = browser.find_element(By.CSS_SELECTOR, "form.input-filter input[name=owner_ref]")
    owner_filter.send_keys("@anna")
    owner_filter.submit()
    assert [row.find_element(By.CSS_SELECTOR, "th a").text for row in rows(browser)] == [sofas.name]
    screenshot("2-filtered-by-owner")

    browser.find_element(By.LINK_TEXT, sofas.name).click()
    page = browser.find_element(By.ID, "content").text
    assert "Угловые диваны" in page  # the groups inline
    assert f"#{known.completed_run.pk}" in page or str(known.completed_run.pk) in page  # the runs inline
    screenshot("3-campaign-with-inlines")

    browser.find_element(By.CSS_SELECTOR, "#groups-group a.inlinechangelink").click()
    assert "купить угловой диван" in browser.find_element(By.ID, "content").text
    screenshot("4-group-with-keywords-and-ads")

    browser.get(f"{live_server.url}/admin/campaigns/campaign/?owner_ref=%40anna")
    browser.find_element(By.CSS_SELECTOR, "#result_list tbody input.action-select").click()
    Select(browser.find_element(By.NAME, "action")).select_by_value("archive")
    browser.find_element(By.CSS_SELECTOR, "button[name=index]").click()
    assert browser.find_element(By.CSS_SELECTOR, "ul.messagelist li.success")
    screenshot("5-archived")
    assert Campaign.objects.get(pk=sofas.pk).status == CampaignStatus.ARCHIVED


def test_staff_open_the_dashboard_and_its_charts_render(staff_in_browser, live_server, known, screenshot):
    browser = staff_in_browser
    browser.get(f"{live_server.url}/admin/")
    browser.find_element(By.CSS_SELECTOR, "#dh-dashboard-link a").click()
    Select(browser.find_element(By.NAME, "days")).select_by_value("7")
    page_before = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, ".dh-period input[type=submit]").click()
    WebDriverWait(browser, 10).until(staleness_of(page_before))  # read the charts of the new page, not the old one
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.dh-chart")
    assert len(charts) == 4
    for chart in charts:
        assert chart.size["width"] > 200  # laid out and visible, not an empty element
        assert chart.size["height"] > 100
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.dh-chart polyline.dh-series")) == 5
    assert browser.find_element(By.ID, "metric-new-users").text == "2"
    assert "Wordstat answered 503" in browser.find_element(By.ID, "failed-runs").text
    screenshot("dashboard")

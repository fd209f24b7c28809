"""Direct's Reports service against the fake: offline reports, TSV with and without its extra lines, money in
micros, goal columns; the figures stored per day and group."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from campaigns.direct.client import DirectClient
from campaigns.direct.errors import DirectUnavailable
from campaigns.direct.reports import GROUP_REPORT, SEARCH_QUERY_REPORT, ReportSpec, fetch_report, parse_tsv
from campaigns.models import DirectObject, GroupDayStats
from campaigns.services.stats import Period, campaign_figures, daily_totals, group_figures, refresh_stats
from campaigns.tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

YESTERDAY = date.today() - timedelta(days=1)


def _account(direct, groups=3):
    campaign_id = 501
    direct.campaigns[campaign_id] = {"Name": "Диваны"}
    for number in range(groups):
        direct.adgroups[600 + number] = {"Name": f"Группа {number}", "CampaignId": campaign_id, "RegionIds": [213]}
    rows = [(600 + number % groups, f"диван {number}", "диван") for number in range(300)]
    direct.add_statistics(rows, days=30, goal_id=77, end=YESTERDAY)
    return campaign_id


def _client(direct):
    return DirectClient(direct.token, base_url=direct.base_url, retry_max_seconds=0, units_reserve=0)


def test_a_queued_report_is_asked_for_again_until_it_is_ready(direct):
    campaign_id = _account(direct)
    spec = ReportSpec(SEARCH_QUERY_REPORT, ("AdGroupId", "Query", "Impressions", "Clicks", "Cost"),
                      YESTERDAY - timedelta(days=29), YESTERDAY, (campaign_id,))
    with _client(direct) as client:
        rows = fetch_report(client, spec)

    reports = direct.requests_to("reports")
    assert len(reports) == 3  # 201 queued, 202 building, 200
    assert reports[0].headers["processingmode"] == "auto"
    assert reports[0].headers["skipreportheader"] == "true"
    assert "returnmoneyinmicros" not in reports[0].headers
    assert len(rows) == 300
    assert sum(row["Cost"] for row in rows) == Decimal(sum(row["Cost"] for row in direct.statistics)) / 1_000_000
    assert all(isinstance(row["Cost"], Decimal) and isinstance(row["Clicks"], int) for row in rows)


def test_a_report_that_is_never_ready_ends_in_direct_unavailable(direct, settings):
    settings.YANDEX_DIRECT_REPORT_POLLS = 2
    campaign_id = _account(direct)
    direct.report_polls = 5
    spec = ReportSpec(SEARCH_QUERY_REPORT, ("Query", "Clicks"), YESTERDAY, YESTERDAY, (campaign_id,))
    with _client(direct) as client, pytest.raises(DirectUnavailable):
        fetch_report(client, spec)


def test_the_tsv_reads_with_or_without_its_title_header_and_summary_lines():
    fields = ("Date", "AdGroupId", "Cost", "Conversions")
    full = '"r (2026-11-01 - 2026-11-02)"\nDate\tAdGroupId\tCost\tConversions_7_LSC\tConversions_8_LSC\n' \
           "2026-11-01\t5\t1500000\t1\t2\n2026-11-02\t5\t--\t0\t0\nTotal rows: 2\n"
    bare = "2026-11-01\t5\t1500000\t3\n2026-11-02\t5\t--\t0\n"

    assert parse_tsv(full, fields) == parse_tsv(bare, fields) == [
        {"Date": date(2026, 11, 1), "AdGroupId": 5, "Cost": Decimal("1.5"), "Conversions": 3},
        {"Date": date(2026, 11, 2), "AdGroupId": 5, "Cost": None, "Conversions": 0},
    ]


def test_a_report_covers_a_bounded_period():
    with pytest.raises(ValueError, match="1 to"):
        ReportSpec(GROUP_REPORT, ("Date",), YESTERDAY, YESTERDAY - timedelta(days=1), (1,))


def test_figures_are_stored_per_day_and_group_and_fetching_again_counts_nothing_twice(direct):
    campaign = CampaignFactory()
    campaign_id = _account(direct)
    DirectObject.objects.create(campaign=campaign, kind="campaign", local_key=str(campaign.pk), direct_id=campaign_id)
    period = Period.last_days(30, today=YESTERDAY)

    with _client(direct) as client:
        refresh_stats(campaign, client, period, goal_id=77)
        refresh_stats(campaign, client, period, goal_id=77)

    figures = group_figures(campaign, period)
    assert [item.name for item in figures] == sorted((item.name for item in figures),
                                                     key=lambda name: -next(f.cost for f in figures if f.name == name))
    assert {item.name for item in figures} == {"Группа 0", "Группа 1", "Группа 2"}
    total = campaign_figures(campaign, period)
    assert total.clicks == sum(row["Clicks"] for row in direct.statistics) == sum(item.clicks for item in figures)
    assert total.cost == sum(item.cost for item in figures)
    assert total.conversions == sum(row["Conversions"][77] for row in direct.statistics)
    assert GroupDayStats.objects.filter(campaign=campaign, direct_group_id=600).count() <= 30
    days = daily_totals(campaign, period)
    assert len(days) == 30
    assert sum(cost for _, cost, _ in days) == total.cost

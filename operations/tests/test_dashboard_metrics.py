import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import PipelineRun, StageTiming
from campaigns.tests.factories import CampaignFactory, PipelineRunFactory
from operations.dashboard import metrics
from operations.dashboard.metrics import Period
from operations.tests.dataset import at_noon, make_known_data, record_stage_timings

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 15)


@pytest.fixture
def known():
    return make_known_data(TODAY)


def test_it_counts_new_daily_and_monthly_active_users(known):
    users = metrics.user_metrics(known.period)
    assert users.new_users == 2
    assert users.active_users == 2
    assert users.monthly_active_users == 3
    assert users.total_users == 3
    assert users.new_per_day.values == [1, 0, 1, 0, 0, 0, 0]
    assert users.active_per_day.values == [1, 1, 1, 0, 0, 0, 0]


def test_it_counts_campaigns_created_completed_and_failed_per_day(known):
    campaigns = metrics.campaign_metrics(known.period)
    assert campaigns.created_per_day.values == [1, 0, 0, 1, 0, 0, 0]
    assert campaigns.completed_per_day.values == [0, 1, 0, 0, 0, 0, 0]
    assert campaigns.failed_per_day.values == [0, 0, 0, 1, 0, 0, 0]


def test_it_measures_conversion_from_start_to_a_completed_campaign(known):
    conversion = metrics.conversion(known.period)
    assert (conversion.started, conversion.completed) == (2, 1)
    assert conversion.rate == 0.5


def test_it_gives_average_and_p95_time_per_stage_from_runs_finished_in_the_period(known):
    timings = {timing.stage: timing for timing in metrics.stage_timings(known.period)}
    assert (timings["collect"].runs, timings["collect"].average_seconds, timings["collect"].p95_seconds) == (
        2,
        20.0,
        30.0,
    )
    assert (timings["clean"].runs, timings["clean"].average_seconds, timings["clean"].p95_seconds) == (1, 2.0, 2.0)
    assert (timings["ads"].runs, timings["ads"].average_seconds, timings["ads"].p95_seconds) == (0, None, None)


def test_it_sums_calls_errors_and_rate_limit_hits_per_service(known):
    usage = {row.service: (row.calls, row.errors, row.rate_limited) for row in metrics.service_usage(known.period)}
    assert usage["openai"] == (5, 1, 1)
    assert usage["wordstat"] == (9, 3, 2)
    assert usage["google"] == (0, 0, 0)


def test_it_gives_llm_tokens_and_cost_per_campaign(known):
    llm = metrics.llm_usage(known.period)
    assert (llm.prompt_tokens, llm.completion_tokens, llm.campaigns) == (110, 55, 2)
    assert llm.tokens_per_campaign == 82.5
    assert llm.cost_usd == Decimal("0.0160")
    assert llm.cost_per_campaign == Decimal("0.0080")


def test_it_lists_the_slowest_runs_first_and_the_failed_runs(known):
    assert [run.pk for run in metrics.slowest_runs(known.period)] == [known.failed_run.pk, known.completed_run.pk]
    assert [run.pk for run in metrics.failed_runs(known.period)] == [known.failed_run.pk]


def test_it_reports_empty_periods_without_dividing_by_zero():
    dashboard = metrics.build_dashboard(Period.last_days(7, today=TODAY))
    assert dashboard.conversion.rate is None
    assert dashboard.llm.tokens_per_campaign is None
    assert dashboard.llm.cost_per_campaign is None
    assert dashboard.users.new_per_day.values == [0] * 7


def test_it_counts_whole_days_inclusive():
    period = Period(first=date(2026, 2, 27), last=date(2026, 3, 1))
    assert period.days == 3
    assert period.dates() == [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)]
    assert (period.end - period.start).days == 3


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=0.01, max_value=5000, allow_nan=False), min_size=1, max_size=25))
def test_the_database_p95_and_average_match_the_nearest_rank_definition(seconds_per_run):
    PipelineRun.objects.all().delete()
    finished = at_noon(TODAY)
    campaign = CampaignFactory()
    for seconds in seconds_per_run:
        record_stage_timings(PipelineRunFactory(campaign=campaign, finished_at=finished), {"cluster": seconds})
    [cluster] = [
        timing for timing in metrics.stage_timings(Period.last_days(1, today=TODAY)) if timing.stage == "cluster"
    ]
    ordered = sorted(seconds_per_run)
    assert cluster.runs == len(ordered)
    assert cluster.p95_seconds == pytest.approx(ordered[math.ceil(0.95 * len(ordered)) - 1])
    assert cluster.average_seconds == pytest.approx(sum(ordered) / len(ordered))


def test_it_times_a_stage_by_when_the_stage_finished_even_while_its_run_goes_on():
    campaign = CampaignFactory()
    running = PipelineRunFactory(campaign=campaign, finished_at=None)
    StageTiming.objects.create(run=running, stage="collect", seconds=4.0, finished_at=at_noon(TODAY))
    [collect] = [t for t in metrics.stage_timings(Period.last_days(1, today=TODAY)) if t.stage == "collect"]
    assert (collect.runs, collect.average_seconds, collect.p95_seconds) == (1, 4.0, 4.0)

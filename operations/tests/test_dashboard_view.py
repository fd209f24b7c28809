from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone, translation

from accounts.tests.factories import TelegramUserFactory
from operations.dashboard.cache import PRESET_PERIOD_DAYS
from operations.dashboard.views import DASHBOARD_PERMISSIONS, PeriodForm
from operations.tasks import refresh_dashboard
from operations.tests.dataset import make_known_data

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("admin-dashboard")


@pytest.fixture(autouse=True)
def fresh_numbers(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("clerk", password="pw", is_staff=True)


def test_it_renders_the_numbers_and_four_charts_for_the_chosen_period(admin_client):
    known = make_known_data(timezone.now().date())
    response = admin_client.get(DASHBOARD, {"days": 7})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["period"] == known.period
    assert page.count('<svg class="dh-chart"') == 4
    assert '<strong id="metric-new-users">2</strong>' in page
    assert '<strong id="metric-conversion">50 %' in page
    assert "Wordstat answered 503 three times" in page  # the failed runs table


def test_it_accepts_explicit_first_and_last_days(admin_client):
    response = admin_client.get(DASHBOARD, {"first": "2026-01-01", "last": "2026-01-31"})
    assert response.context["period"].days == 31


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"first": "2026-02-01"}, "both"),
        ({"first": "2026-02-10", "last": "2026-02-01"}, "after"),
        ({"first": "2024-01-01", "last": "2026-01-01"}, "366"),
    ],
)
def test_it_explains_a_bad_period_and_falls_back_to_the_default(params, error):
    form = PeriodForm(params)
    with translation.override("en"):  # the msgids name the problem; Russian is checked with the catalogue
        assert not form.is_valid()
        assert error in " ".join(form.non_field_errors())
    assert form.period().days == 30


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_staff_member_without_rights_cannot_open_it_nor_sees_the_link(client, staff):
    client.force_login(staff)
    assert client.get(DASHBOARD).status_code == 403
    assert b"dh-dashboard-link" not in client.get(reverse("admin:index")).content


def test_a_staff_member_with_view_rights_opens_it_from_the_admin_index(client, staff):
    app_model = [name.split(".") for name in DASHBOARD_PERMISSIONS]
    staff.user_permissions.add(*Permission.objects.filter(codename__in=[codename for _, codename in app_model]))
    client.force_login(staff)
    assert DASHBOARD.encode() in client.get(reverse("admin:index")).content
    assert client.get(DASHBOARD).status_code == 200


def test_it_lays_an_empty_period_out_with_zeros(admin_client):
    response = admin_client.get(DASHBOARD, {"first": "2020-01-01", "last": "2020-01-03"})
    assert response.context["dashboard"].campaigns.created_per_day.values == [0, 0, 0]
    assert response.context["period"].first == date(2020, 1, 1)


def test_it_reuses_computed_numbers_until_asked_to_recompute(admin_client, settings, locmem_cache):
    settings.DASHBOARD_CACHE_SECONDS = 300
    make_known_data(timezone.now().date())
    first = admin_client.get(DASHBOARD, {"days": 7}).context["dashboard"]
    TelegramUserFactory()  # a new user today
    assert admin_client.get(DASHBOARD, {"days": 7}).context["dashboard"].users.new_users == first.users.new_users
    refreshed = admin_client.get(DASHBOARD, {"days": 7, "refresh": "1"}).context["dashboard"]
    assert refreshed.users.new_users == first.users.new_users + 1


def test_the_beat_task_computes_the_preset_periods_ahead_of_the_first_visit(
    admin_client, settings, locmem_cache, django_assert_max_num_queries
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    make_known_data(timezone.now().date())
    refresh_dashboard.apply()
    for days in PRESET_PERIOD_DAYS:
        with django_assert_max_num_queries(3):  # the session and the user; no metrics query
            response = admin_client.get(DASHBOARD, {"days": days})
        assert response.context["period"].days == days


def test_it_shows_the_queue_the_worker_uptime_and_the_bots_updates(admin_client, locmem_cache):
    import time

    from campaigns.models import RunStatus
    from campaigns.tests.factories import PipelineRunFactory
    from core.live_stats import note_bot_started, note_bot_update
    from operations.heartbeat import write_heartbeat

    PipelineRunFactory.create_batch(3, status=RunStatus.PENDING)
    PipelineRunFactory(status=RunStatus.RUNNING)
    write_heartbeat(started=time.time() - 3 * 3600 - 60)
    note_bot_started(now=time.time() - 2 * 86400)
    for _ in range(5):
        note_bot_update()

    with translation.override("en"):
        page = admin_client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<strong id="metric-queue-depth">3</strong>' in page
    assert "1 building now" in page
    assert '<strong id="metric-worker-uptime">3\xa0hours, 1\xa0minute</strong>' in page
    assert '<strong id="metric-bot-updates">5</strong>' in page
    assert "bot uptime 2\xa0days" in page


def test_without_a_worker_or_a_bot_it_shows_dashes(admin_client, locmem_cache):
    page = admin_client.get(DASHBOARD).content.decode()

    assert '<strong id="metric-worker-uptime">—</strong>' in page
    assert '<strong id="metric-bot-updates">—</strong>' in page

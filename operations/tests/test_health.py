"""`/healthz` with each dependency up and down: real failures (closed ports, an unreadable database), no mocks."""

import time

import pytest
from django.db import connection
from django.urls import reverse

from operations.heartbeat import write_heartbeat
from operations.tasks import write_worker_heartbeat

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"
MONITORING = "192.0.2.1"  # HEALTHZ_DETAIL_IPS in these tests


@pytest.fixture
def healthy(settings, locmem_cache, tmp_path):
    settings.CELERY_BROKER_URL = "memory://"
    settings.HEALTHZ_DETAIL_IPS = [MONITORING]
    write_worker_heartbeat.apply()
    return settings


def get_health(client):
    """As the monitoring sees it: with the details."""
    response = client.get(reverse("healthz"), REMOTE_ADDR=MONITORING)
    return response.status_code, response.json()


@pytest.mark.django_db
def test_it_answers_ok_when_everything_is_up(client, healthy):
    status, body = get_health(client)
    assert status == 200
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "broker": True,
        "worker": True,
    }


@pytest.mark.django_db
def test_it_reports_a_missing_worker_heartbeat_as_degraded_but_still_serving(client, healthy, locmem_cache):
    locmem_cache.clear()
    status, body = get_health(client)
    assert (status, body["status"]) == (200, "degraded")
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["required"] is False
    assert "no worker heartbeat" in body["checks"]["worker"]["error"]


@pytest.mark.django_db
def test_it_answers_503_for_a_stale_worker_when_the_worker_is_required(client, healthy):
    healthy.HEALTHZ_REQUIRE_WORKER = True
    write_heartbeat(now=time.time() - healthy.WORKER_HEARTBEAT_MAX_AGE_SECONDS - 5)
    status, body = get_health(client)
    assert (status, body["status"]) == (503, "down")
    assert "ago" in body["checks"]["worker"]["error"]


@pytest.mark.django_db
def test_it_answers_503_when_the_cache_is_down(client, healthy):
    healthy.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT_REDIS}
    }
    status, body = get_health(client)
    assert status == 503
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_it_answers_503_when_the_broker_is_down(client, healthy):
    healthy.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    status, body = get_health(client)
    assert status == 503
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is True


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_the_database_is_down(client, healthy):
    """The live connection is parked and the settings point nowhere, so the check's reconnect really fails."""
    original_settings, live_connection = connection.settings_dict.copy(), connection.connection
    connection.connection = None
    connection.settings_dict.update(NAME="/nonexistent-directory/db.sqlite3", HOST="127.0.0.1", PORT="1")
    try:
        status, body = get_health(client)
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(original_settings)
        connection.connection = live_connection
    assert status == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["ok"] is False


def test_beat_schedules_the_heartbeat_task_that_the_worker_knows(settings):
    from directhelper.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] < settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS


def test_the_heartbeat_age_is_measured_from_the_last_beat(locmem_cache):
    from operations.heartbeat import heartbeat_age_seconds

    assert heartbeat_age_seconds() is None
    write_heartbeat(now=1000.0)
    assert heartbeat_age_seconds(now=1042.5) == 42.5


def get_health_from(client, address: str, **headers):
    response = client.get(reverse("healthz"), REMOTE_ADDR=address, **headers)
    return response.status_code, response.json()


@pytest.mark.django_db
def test_a_stranger_learns_only_ok_degraded_or_down_per_check(client, healthy, locmem_cache):
    healthy.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    locmem_cache.clear()

    status, body = get_health_from(client, "203.0.113.7")

    assert status == 503
    assert body == {
        "status": "down",
        "checks": {"database": "ok", "cache": "ok", "broker": "down", "worker": "degraded"},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP"])
def test_a_proxied_request_from_a_listed_address_is_a_stranger_too(client, healthy, header):
    healthy.HEALTHZ_DETAIL_IPS = ["127.0.0.1"]

    _status, body = get_health_from(client, "127.0.0.1", **{header: "203.0.113.7"})

    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_loopback_alone_is_a_stranger(client, healthy):
    """Behind a reverse proxy on the same machine every stranger arrives from loopback."""
    for address in ("127.0.0.1", "::1"):
        _status, body = get_health_from(client, address)
        assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_staff_and_the_listed_monitoring_addresses_see_the_details(client, admin_client, healthy):
    healthy.CELERY_BROKER_URL = CLOSED_PORT_REDIS
    healthy.HEALTHZ_DETAIL_IPS = ["10.0.5.17", "192.0.2.0/28"]

    _status, listed = get_health_from(client, "10.0.5.17")
    _status, in_network = get_health_from(client, "192.0.2.9")
    _status, staff = get_health_from(admin_client, "203.0.113.7")
    _status, neighbour = get_health_from(client, "192.0.2.17")

    for body in (listed, in_network, staff):
        assert body["checks"]["broker"]["ok"] is False
        assert body["checks"]["broker"]["status"] == "down"
        assert "error" in body["checks"]["broker"]
    assert neighbour["checks"]["broker"] == "down"


@pytest.mark.django_db
def test_polling_reuses_the_database_connection_and_the_broker_connection(client, healthy):
    from kombu import pools

    get_health(client)
    database_connection = connection.connection
    pools_before = len(pools.connections)
    for _ in range(3):
        get_health(client)

    assert connection.connection is database_connection
    assert len(pools.connections) == pools_before

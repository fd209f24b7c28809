import socket

import pytest
from pyrate_limiter import InMemoryBucket, RedisBucket

from semantic.errors import SourceAuthError, SourceRequestError, SourceUnavailable
from semantic.sources import ratelimit
from semantic.sources.wordstat import CloudWordstatClient, WordstatClient
from tests.fakes.wordstat import (
    FAKE_API_KEY,
    FAKE_FOLDER_ID,
    FAKE_TOKEN,
    WordstatFake,
    broad_count,
    forbidden,
    global_quota,
    malformed_json,
    quota_exceeded,
    slow,
    unauthorized,
)

pytestmark = pytest.mark.usefixtures("isolated_cache")


@pytest.fixture
def server():
    with WordstatFake() as fake:
        yield fake


@pytest.fixture
def waits():
    """The backoff waits the client asked for, instead of really sleeping."""
    return []


def standalone(server, waits, **options):
    return WordstatClient(FAKE_TOKEN, base_url=server.url, sleep=waits.append, **options)


def cloud(server, waits, **options):
    options.setdefault("folder_id", FAKE_FOLDER_ID)
    return CloudWordstatClient(FAKE_API_KEY, base_url=server.url, sleep=waits.append, **options)


def test_it_reads_top_requests_from_the_standalone_api(server, waits):
    result = standalone(server, waits).top_requests("диван", regions=[213], num_phrases=5)

    assert result.phrase == "диван"
    assert len(result.top) == 5
    assert result.top[0].frequency >= result.top[-1].frequency > 0
    assert {p.text for p in result.associations} >= {"диван ремонт"}
    request = server.requests_to("/v1/topRequests")[0]
    assert request.headers["authorization"] == f"Bearer {FAKE_TOKEN}"
    assert request.json() == {"phrase": "диван", "numPhrases": 5, "devices": ["all"], "regions": [213]}


def test_it_reads_cloud_v2_with_int64_counts_and_region_ids_as_strings(server, waits):
    result = cloud(server, waits).top_requests("диван", regions=[213, 2], num_phrases=3)

    assert [p.frequency for p in result.top] == sorted((p.frequency for p in result.top), reverse=True)
    assert all(isinstance(p.frequency, int) for p in result.top + result.associations)
    assert isinstance(result.total_count, int)
    request = server.requests_to("/v2/wordstat/topRequests")[0]
    assert request.headers["authorization"] == f"Api-Key {FAKE_API_KEY}"
    assert request.json() == {
        "phrase": "диван",
        "numPhrases": "3",
        "regions": ["2", "213"],
        "devices": ["DEVICE_ALL"],
        "folderId": FAKE_FOLDER_ID,
    }


def test_it_can_leave_the_folder_id_out_of_cloud_requests(server, waits):
    cloud(server, waits, send_folder_id=False).top_requests("диван", regions=[], num_phrases=3)

    assert "folderId" not in server.requests_to("/v2/wordstat/topRequests")[0].json()


def test_it_waits_for_the_refill_time_of_a_429_and_then_succeeds(server, waits):
    server.script.append(quota_exceeded(refill_seconds=3, path="/topRequests"))

    result = standalone(server, waits).top_requests("диван", regions=[], num_phrases=2)

    assert result.top
    assert len(waits) == 1
    assert waits[0] >= 3
    assert len(server.requests_to("/v1/topRequests")) == 2


def test_it_retries_a_503_honouring_retry_after(server, waits):
    server.script.append(global_quota(cloud=True, retry_after=2))

    result = cloud(server, waits).top_requests("диван", regions=[], num_phrases=2)

    assert result.top
    assert waits[0] >= 2


def test_its_backoff_grows_between_attempts(server, waits):
    server.script.extend([global_quota(path="/topRequests") for _ in range(3)])

    standalone(server, waits, backoff_initial=1.0, retries=4).top_requests("диван", regions=[], num_phrases=2)

    assert len(waits) == 3
    assert waits[0] >= 1.0
    assert waits[2] >= 4.0  # 1 · 2², plus jitter


def test_it_gives_up_after_its_retries_with_a_transient_error(server, waits):
    server.script.extend([global_quota(path="/topRequests") for _ in range(5)])

    with pytest.raises(SourceUnavailable, match="Вордстат сейчас не отвечает"):
        standalone(server, waits, retries=3).top_requests("диван", regions=[], num_phrases=2)

    assert len(server.requests_to("/v1/topRequests")) == 3


def test_a_refill_longer_than_the_backoff_cap_fails_at_once(server, waits):
    server.script.append(quota_exceeded(refill_seconds=7200, path="/topRequests"))

    with pytest.raises(SourceUnavailable, match="восстановится через 120 мин"):
        standalone(server, waits, backoff_max=60).top_requests("диван", regions=[], num_phrases=2)

    assert waits == []


@pytest.mark.parametrize("make_client", [standalone, cloud])
@pytest.mark.parametrize("answer", [unauthorized, forbidden])
def test_it_turns_401_and_403_into_an_auth_error_without_retrying(server, waits, make_client, answer):
    server.script.append(answer(cloud=make_client is cloud))

    with pytest.raises(SourceAuthError, match="недействителен или не имеет доступа"):
        make_client(server, waits).top_requests("диван", regions=[], num_phrases=2)

    assert len(server.requests) == 1  # the first request (/v1/userInfo or the search) is not retried


def test_a_wrong_token_is_an_auth_error(server, waits):
    client = WordstatClient("not-the-token", base_url=server.url, sleep=waits.append)

    with pytest.raises(SourceAuthError, match="Invalid OAuth token"):
        client.top_requests("диван", regions=[], num_phrases=2)


def test_it_never_retries_a_400(server, waits):
    with pytest.raises(SourceRequestError, match="numPhrases must be between 1 and 2000"):
        standalone(server, waits).top_requests("диван", regions=[], num_phrases=5000)

    assert len(server.requests_to("/v1/topRequests")) == 1


def test_it_retries_malformed_json(server, waits):
    server.script.append(malformed_json(path="/topRequests"))

    assert standalone(server, waits).top_requests("диван", regions=[], num_phrases=2).top
    assert len(server.requests_to("/v1/topRequests")) == 2


def test_it_retries_a_slow_answer_after_its_timeout(server, waits):
    server.script.append(slow(2.0, path="/topRequests"))

    result = standalone(server, waits, timeout=0.3).top_requests("диван", regions=[], num_phrases=2)

    assert result.top
    assert len(waits) == 1


def test_a_cached_answer_makes_no_request(server, waits):
    client = standalone(server, waits)
    first = client.top_requests("диван", regions=[213], num_phrases=5)
    again = standalone(server, waits).top_requests("диван", regions=[213], num_phrases=5)

    assert again == first
    assert len(server.requests_to("/v1/topRequests")) == 1
    assert client.calls == 2  # /v1/userInfo, then the search


def test_the_cache_key_includes_regions_and_phrase_count(server, waits):
    client = standalone(server, waits)
    client.top_requests("диван", regions=[213], num_phrases=5)
    client.top_requests("диван", regions=[2], num_phrases=5)
    client.top_requests("диван", regions=[213], num_phrases=6)

    assert len(server.requests_to("/v1/topRequests")) == 3


def test_it_reads_the_quota_from_user_info(server, waits):
    quota = standalone(server, waits).quota()

    assert (quota.login, quota.per_second, quota.daily_limit, quota.daily_remaining) == ("fake-user", 10, 1000, 1000)


@pytest.mark.parametrize("make_client", [standalone, cloud])
def test_it_reads_dynamics_regions_and_the_regions_tree(server, waits, make_client):
    client = make_client(server, waits)

    points = client.dynamics("диван", period="monthly", from_date="2026-01-01")
    shares = client.regions("диван")
    tree = client.regions_tree()

    assert [point.date for point in points][:2] == ["2026-01-01", "2026-02-01"]
    assert all(point.count >= broad_count("диван") for point in points)
    assert [share.region_id for share in shares] == [213, 2]
    assert tree[0]["label"] == "Россия"


def test_clients_of_one_token_share_one_in_process_limiter(server, waits, settings):
    settings.REDIS_URL = None  # without Redis the limiter lives in the process
    standalone(server, waits).top_requests("диван", regions=[], num_phrases=2)
    key = ratelimit.bucket_key("wordstat", FAKE_TOKEN)

    limiter = ratelimit.shared_limiter(key, ratelimit.rates_for(10))

    assert isinstance(limiter.buckets()[0], InMemoryBucket)
    assert limiter is ratelimit.shared_limiter(key, ratelimit.rates_for(10))
    assert FAKE_TOKEN not in key


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_limiter_keeps_its_log_in_redis(server, waits, settings):
    from redis import Redis

    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    credential = f"{FAKE_TOKEN}-redis-test"
    client = WordstatClient(credential, base_url=server.url, sleep=waits.append)
    server.state["token"] = credential
    key = ratelimit.bucket_key("wordstat", credential)
    redis = Redis.from_url(settings.REDIS_URL)
    try:
        client.top_requests("диван", regions=[], num_phrases=2)

        assert isinstance(ratelimit.shared_limiter(key, []).buckets()[0], RedisBucket)
        assert redis.exists(key)
    finally:
        redis.delete(key)


def test_every_attempt_its_errors_and_429s_are_counted_for_the_dashboard(server, waits):
    from core.api_counters import ServiceCounts, counting

    server.script.append(quota_exceeded(refill_seconds=1, path="/topRequests"))
    with counting() as counts:
        standalone(server, waits).top_requests("диван", regions=[], num_phrases=2)

    # the quota read (userInfo), the 429, the answered retry
    assert counts["wordstat"] == ServiceCounts(calls=3, errors=1, rate_limited=1)

import pytest

from semantic.errors import Cancelled, SemanticError, SourceAuthError, SourceUnavailable
from semantic.sources import collect
from semantic.sources.expansion import exact_query
from tests.fakes.wordstat import FAKE_API_KEY, FAKE_FOLDER_ID, exact_count, unauthorized


@pytest.fixture
def small_limits(settings):
    settings.WORDSTAT_NUM_PHRASES = 8
    settings.WORDSTAT_MAX_DEPTH = 2
    settings.WORDSTAT_MAX_CALLS = 6
    settings.WORDSTAT_EXACT_CHECK_CALLS = 5


def test_it_expands_base_phrases_in_waves_through_wordstat(wordstat_server, small_limits):
    result = collect(["диван"], regions=[213])

    texts = {p.text for p in result.phrases}
    assert result.source == "wordstat"
    assert "диван" in texts
    assert any(text.startswith("диван ") and len(text.split()) >= 3 for text in texts)  # found by the second wave
    assert len(wordstat_server.requests_to("/v1/topRequests")) == 6 + 5
    assert result.api_calls == len(wordstat_server.requests)  # the searches and one /v1/userInfo
    second_wave = [r.json()["phrase"] for r in wordstat_server.requests_to("/v1/topRequests")][1:6]
    assert all("диван" in phrase for phrase in second_wave)


def test_associations_are_kept_apart_from_the_phrases(wordstat_server, small_limits):
    result = collect(["диван"], regions=[213])

    assert "диван ремонт" in {p.text for p in result.associations}
    assert not {p.text for p in result.associations} & {p.text for p in result.phrases}


def test_it_asks_the_exact_frequency_of_the_most_frequent_phrases(wordstat_server, small_limits):
    result = collect(["диван"], regions=[213])

    checked = [p for p in result.phrases if p.exact_frequency is not None]
    assert len(checked) == 5
    assert all(p.exact_frequency == exact_count(exact_query(p.text)) for p in checked)
    unchecked = [p for p in result.phrases if p.exact_frequency is None]
    assert max(p.frequency for p in unchecked) <= min(p.frequency for p in checked)
    assert exact_query("купить диван") == '"!купить !диван"'


def test_a_repeated_collection_is_served_from_the_cache(wordstat_server, small_limits):
    first = collect(["диван"], regions=[213])
    requests = len(wordstat_server.requests)

    again = collect(["диван"], regions=[213])

    assert len(wordstat_server.requests) == requests
    assert again.api_calls == 0
    assert again.phrases == first.phrases


def test_the_users_own_token_wins_over_the_service_token(wordstat_server, small_limits):
    wordstat_server.state["token"] = "users-own-token"

    result = collect(["диван"], regions=[], user_token="users-own-token")

    assert result.phrases
    assert wordstat_server.requests[0].headers["authorization"] == "Bearer users-own-token"


def test_it_uses_cloud_wordstat_when_an_api_key_is_set(wordstat_server, small_limits, settings):
    settings.YANDEX_CLOUD_API_KEY = FAKE_API_KEY
    settings.YANDEX_CLOUD_FOLDER_ID = FAKE_FOLDER_ID

    result = collect(["диван"], regions=[213])

    assert result.source == "cloud"
    assert result.phrases
    assert wordstat_server.requests_to("/v2/wordstat/topRequests")
    assert not wordstat_server.requests_to("/v1/topRequests")


def test_an_invalid_token_reaches_the_user(wordstat_server, small_limits):
    wordstat_server.script.append(unauthorized())

    with pytest.raises(SourceAuthError):
        collect(["диван"], regions=[])


def test_a_spent_daily_quota_fails_before_any_search(wordstat_server, small_limits):
    wordstat_server.state["used"] = wordstat_server.state["daily_limit"]

    with pytest.raises(SourceUnavailable, match="Дневная квота"):
        collect(["диван"], regions=[])

    assert not wordstat_server.requests_to("/v1/topRequests")


def test_without_a_token_auto_returns_the_phrases_as_given(settings, isolated_cache):
    settings.WORDSTAT_TOKEN = None
    settings.YANDEX_CLOUD_API_KEY = None

    result = collect(["купить диван", "софа", "купить диван"], regions=[213])

    assert result.source == "manual"
    assert [(p.text, p.frequency) for p in result.phrases] == [("купить диван", 0), ("софа", 0)]
    assert result.api_calls == 0


def test_wordstat_without_a_token_is_a_clear_error(settings, isolated_cache):
    settings.WORDSTAT_TOKEN = None
    settings.YANDEX_CLOUD_API_KEY = None

    with pytest.raises(SemanticError, match="Вордстат не подключён"):
        collect(["диван"], regions=[], source="wordstat")


def test_manual_source_never_calls_wordstat(wordstat_server):
    result = collect(["диван"], regions=[], source="manual")

    assert result.source == "manual"
    assert wordstat_server.requests == []


def test_the_multiplier_produces_the_base_phrases(wordstat_server):
    result = collect([], regions=[], source="manual", multiplier_lists=[["купить", "заказать"], ["диван", "софу"]])

    assert [p.text for p in result.phrases] == ["купить диван", "купить софу", "заказать диван", "заказать софу"]


def test_it_reports_progress_and_can_be_cancelled(wordstat_server, small_limits):
    seen = []
    collect(["диван"], regions=[], progress=lambda percent, message: seen.append((percent, message)))

    assert seen[-1][0] == 100
    assert seen[-1][1].startswith("Собрано фраз:")
    assert [percent for percent, _ in seen] == sorted(percent for percent, _ in seen)

    calls = iter(range(100))
    with pytest.raises(Cancelled):
        collect(["софа"], regions=[], should_stop=lambda: next(calls) >= 2)

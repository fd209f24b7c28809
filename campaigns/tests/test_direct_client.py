"""The Direct API v5 client against the fake: headers, points, errors told in words, retries, the token check."""

import pytest

from campaigns.direct.access import check_direct_access
from campaigns.direct.client import DirectClient, Units
from campaigns.direct.errors import (
    DirectAccessError,
    DirectError,
    DirectPointsExhausted,
    DirectUnavailable,
    OutcomeUnknown,
)
from tests.fakes.direct_api import error_body, server_error
from tests.fakes.server import ScriptedResponse


def client_for(server, **options) -> DirectClient:
    options = {"token": server.token, "base_url": server.base_url, "retry_max_seconds": 0, "units_reserve": 0,
               **options}  # fmt: skip
    return DirectClient(**options)


def test_it_sends_the_headers_and_reads_the_units_of_every_answer(direct):
    with client_for(direct, client_login="shop-login", language="en") as client:
        results = client.add("adextensions", "AdExtensions", [{"Callout": {"CalloutText": "Доставка"}}])

        assert results[0].ok
        assert client.units == Units(11, direct.units_remaining, direct.units_daily)
        usage = client.take_usage()
        assert (usage.calls, usage.errors, usage.units) == (1, 0, 11)
        assert client.take_usage().calls == 0
    headers = direct.requests[0].headers
    assert headers["authorization"] == f"Bearer {direct.token}"
    assert (headers["client-login"], headers["accept-language"]) == ("shop-login", "en")
    body = {"method": "add", "params": {"AdExtensions": [{"Callout": {"CalloutText": "Доставка"}}]}}
    assert direct.requests[0].json() == body


def test_per_object_errors_come_back_with_their_object(direct):
    with client_for(direct) as client:
        results = client.add("adextensions", "AdExtensions", [
            {"Callout": {"CalloutText": "Гарантия"}}, {"Callout": {"CalloutText": "x" * 26}},
        ])  # fmt: skip
    assert results[0].ok
    assert not results[1].ok
    assert "at most 25" in str(results[1].errors[0])


@pytest.mark.parametrize("code", [52, 1000, 1001, 1002])
def test_server_errors_of_a_reading_call_are_retried(direct, code):
    direct.script.append(server_error(code, status=200 if code == 52 else 500))
    with client_for(direct) as client:
        assert client.get("campaigns", {"SelectionCriteria": {}, "FieldNames": ["Id", "Name"]}, "Campaigns") == []
        assert client.take_usage().errors == 1
    assert len(direct.requests) == 2


@pytest.mark.parametrize("how", ["502", "drop"])
def test_a_change_whose_answer_is_lost_is_never_repeated_blindly(direct, how):
    direct.lose_answer("adextensions", how=how)
    with client_for(direct) as client, pytest.raises(OutcomeUnknown):
        client.add("adextensions", "AdExtensions", [{"Callout": {"CalloutText": "Скидки"}}])
    assert len(direct.requests) == 1
    assert len(direct.callouts) == 1  # Direct did it; only the answer was lost


def test_a_get_reads_every_page(direct):
    direct.campaigns.update({number: {"Name": f"Кампания {number}"} for number in range(1, 12_002)})
    with client_for(direct) as client:
        campaigns = client.get("campaigns", {"SelectionCriteria": {}, "FieldNames": ["Id", "Name"]}, "Campaigns")
    assert len(campaigns) == 12_001
    assert len(direct.requests) == 2


def test_a_server_that_keeps_failing_ends_in_direct_unavailable(direct):
    direct.script.extend(ScriptedResponse(503, b"busy") for _ in range(3))
    with client_for(direct, attempts=3) as client, pytest.raises(DirectUnavailable):
        client.call("clients", "get", {"FieldNames": ["Login"]})


def test_a_bad_token_is_the_users_problem_told_in_words(direct, english_messages):
    with client_for(direct, token="wrong") as client, pytest.raises(DirectAccessError) as raised:
        client.call("clients", "get", {"FieldNames": ["Login"]})
    assert str(raised.value).startswith("The token does not work for the Direct API: Authorization error")
    assert len(direct.requests) == 1  # never retried


@pytest.mark.parametrize("code", [54, 58])
def test_no_rights_and_an_unapproved_application_are_access_errors(direct, code):
    direct.script.append(ScriptedResponse(200, error_body(code, "Access denied")))
    with client_for(direct) as client, pytest.raises(DirectAccessError):
        client.call("clients", "get", {"FieldNames": ["Login"]})


def test_it_stops_before_the_points_run_out(direct, english_messages):
    with client_for(direct, units_reserve=direct.units_daily - 5) as client:
        client.call("clients", "get", {})
        with pytest.raises(DirectPointsExhausted, match="continues where it stopped"):
            client.call("clients", "get", {})
    assert len(direct.requests) == 1


def test_points_used_up_at_direct_is_error_152(direct):
    direct.units_remaining = 3
    with client_for(direct) as client, pytest.raises(DirectPointsExhausted):
        client.call("clients", "get", {})


def test_other_refusals_carry_directs_words_and_more_than_1000_objects_never_leave(direct):
    with client_for(direct) as client:
        with pytest.raises(DirectError, match="no method"):
            client.call("clients", "delete", {})
        with pytest.raises(ValueError, match="at most 1000"):
            client.add("keywords", "Keywords", [{}] * 1001)


def test_the_fake_refuses_more_than_1000_objects_in_one_call(direct):
    with client_for(direct) as client, pytest.raises(DirectError, match="1000"):
        client.call("keywords", "add", {"Keywords": [{}] * 1001})


def test_the_token_check_says_whether_direct_takes_the_token(direct, settings):
    settings.YANDEX_DIRECT_API_URL = direct.base_url
    works = check_direct_access(direct.token)
    assert (works.usable, works.checked, works.login) == (True, True, "test-advertiser")
    refused = check_direct_access("wrong")
    assert (refused.usable, refused.checked) == (False, True)
    assert refused.error
    settings.YANDEX_DIRECT_API_URL = "http://127.0.0.1:9/json/v5/"
    unreachable = check_direct_access(direct.token)
    assert (unreachable.usable, unreachable.checked) == (False, False)

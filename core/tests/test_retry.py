from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
from tenacity import RetryCallState, Retrying

from core.retry import RetryPolicy, response_retry_after, retry_after_seconds


class Refused(Exception):
    """A failure that carries the wait its server asked for, the way Telegram's and Wordstat's errors do."""

    def __init__(self, asked: float | None = None):
        super().__init__(f"refused, asked {asked}")
        self.asked = asked


def failed_attempt(number: int, error: BaseException) -> RetryCallState:
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.set_exception((type(error), error, None))
    state.attempt_number = number
    return state


def test_retry_after_is_read_as_seconds_as_an_http_date_or_as_milliseconds():
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)

    assert retry_after_seconds({"Retry-After": "7"}) == 7
    assert 25 < retry_after_seconds({"Retry-After": later}) <= 30
    assert retry_after_seconds({"retry-after-ms": "1500", "Retry-After": "7"}) == 1.5
    assert retry_after_seconds({"Retry-After": "-3"}) == 0
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({}) is None
    assert retry_after_seconds(None) is None


def test_the_header_is_found_on_the_response_an_http_error_carries_in_any_case():
    response = requests.Response()
    response.status_code = 429
    response.headers.update({"retry-after": "4"})
    error = requests.HTTPError(response=response)

    assert response_retry_after(error) == 4
    assert response_retry_after(ConnectionError("reset")) is None
    assert response_retry_after(None) is None


def test_the_server_wait_is_honoured_and_capped():
    policy = RetryPolicy(attempts=3, base_seconds=1.0, max_seconds=5.0)

    assert policy.wait_seconds(failed_attempt(1, Refused()), asked=2.5) == 2.5
    assert policy.wait_seconds(failed_attempt(1, Refused()), asked=70.0) == 5.0
    assert policy.wait_seconds(failed_attempt(1, Refused()), asked=0.0) == 0.0


@pytest.mark.parametrize("attempt", [1, 2, 3, 4])
def test_without_a_server_wait_it_backs_off_exponentially_with_jitter(attempt):
    policy = RetryPolicy(attempts=5, base_seconds=1.0, max_seconds=30.0)

    waits = {policy.wait_seconds(failed_attempt(attempt, ConnectionError("reset")), asked=None) for _ in range(20)}

    exponential = 2.0 ** (attempt - 1)
    assert all(exponential <= wait <= exponential + 1.0 for wait in waits)
    assert len(waits) > 1  # jitter: clients that failed together come back apart


def test_the_backoff_never_exceeds_the_cap():
    policy = RetryPolicy(attempts=20, base_seconds=1.0, max_seconds=5.0)

    assert policy.wait_seconds(failed_attempt(12, ConnectionError("reset")), asked=None) == 5.0


def test_it_retries_what_the_client_accepts_waiting_what_the_server_asked_then_succeeds():
    slept = []
    answers = iter([Refused(asked=3.0), Refused(asked=None), "done"])

    def call():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    policy = RetryPolicy(attempts=3, base_seconds=0.5, max_seconds=10.0)
    retrying = policy.retrying(lambda error: isinstance(error, Refused), lambda error: error.asked, sleep=slept.append)

    assert retrying(call) == "done"
    assert slept[0] == 3.0
    assert 0.5 * 2 <= slept[1] <= 0.5 * 2 + 0.5


def test_it_gives_up_after_its_attempts_with_the_last_error_and_never_retries_the_others():
    calls = []

    def failing(error):
        calls.append(error)
        raise error

    policy = RetryPolicy(attempts=3, base_seconds=0.0, max_seconds=0.0)
    retrying = policy.retrying(lambda error: isinstance(error, Refused), sleep=lambda seconds: None)

    with pytest.raises(Refused):
        retrying(failing, Refused())
    assert len(calls) == 3
    with pytest.raises(ValueError, match="bad request"):
        retrying(failing, ValueError("bad request"))
    assert len(calls) == 4


def test_a_policy_without_an_attempt_is_refused():
    with pytest.raises(ValueError, match="at least one attempt"):
        RetryPolicy(attempts=0, base_seconds=1.0, max_seconds=1.0)

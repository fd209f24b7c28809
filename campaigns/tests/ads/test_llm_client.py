from __future__ import annotations

import pytest
from tenacity import RetryCallState, Retrying

from campaigns.ads.llm_client import LlmClient, LlmConfig, LlmUnavailable, _ServerAwareWait, retry_after_seconds
from tests.fakes.openai_api import FakeOpenAIServer, rate_limited

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["ok"],
    "properties": {"ok": {"type": "boolean"}},
}


def client_for(server, max_retries=0) -> LlmClient:
    return LlmClient(LlmConfig(server.api_key, server.url + "/v1", "test-model", 2.0, max_retries, 0.01, 0.05))


def failure_from(server, scripted) -> BaseException:
    server.script.append(scripted)
    with pytest.raises(LlmUnavailable) as caught:
        client_for(server).complete_json([{"role": "user", "content": "?"}], SCHEMA, "check")
    return caught.value.__cause__


def test_it_returns_the_content_and_token_usage():
    with FakeOpenAIServer() as server:
        server.replies.append({"ok": True})

        completion = client_for(server).complete_json(
            [{"role": "user", "content": "Всё ли в порядке?"}], SCHEMA, "check"
        )

    assert completion.content == '{"ok": true}'
    assert completion.prompt_tokens > 0
    assert completion.completion_tokens > 0
    sent = server.completions()[0]
    assert sent.headers["authorization"] == f"Bearer {server.api_key}"
    assert sent.json()["response_format"]["json_schema"]["name"] == "check"


def test_it_reads_the_wait_a_server_asks_for():
    with FakeOpenAIServer() as server:
        error = failure_from(server, rate_limited(retry_after="7"))

    assert retry_after_seconds(error) == 7.0


def test_the_wait_honours_retry_after_and_caps_it():
    with FakeOpenAIServer() as server:
        error = failure_from(server, rate_limited(retry_after="7"))
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.set_exception((type(error), error, error.__traceback__))

    assert _ServerAwareWait(base=1.0, maximum=30.0)(state) == 7.0
    assert _ServerAwareWait(base=1.0, maximum=5.0)(state) == 5.0


def test_the_wait_backs_off_exponentially_with_jitter_without_retry_after():
    state = RetryCallState(Retrying(), fn=None, args=(), kwargs={})
    state.set_exception((ConnectionError, ConnectionError("reset"), None))
    state.attempt_number = 3

    waits = {_ServerAwareWait(base=1.0, maximum=30.0)(state) for _ in range(20)}

    assert all(0 <= wait <= 4.0 for wait in waits)  # up to base × 2^(attempt-1)
    assert len(waits) > 1  # jitter


def test_it_gives_up_after_the_configured_retries():
    with FakeOpenAIServer() as server:
        server.script.extend([rate_limited("0"), rate_limited("0"), rate_limited("0")])
        with pytest.raises(LlmUnavailable, match="RateLimitError"):
            client_for(server, max_retries=2).complete_json([{"role": "user", "content": "?"}], SCHEMA, "check")

    assert len(server.completions()) == 3

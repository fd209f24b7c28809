from __future__ import annotations

import pytest

from campaigns.ads.llm_client import LlmClient, LlmConfig, LlmUnavailable
from core.retry import response_retry_after
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


def test_the_policy_reads_the_wait_an_openai_style_server_asks_for():
    with FakeOpenAIServer() as server:
        error = failure_from(server, rate_limited(retry_after="7"))

    assert response_retry_after(error) == 7.0


def test_the_retry_policy_is_built_from_the_config():
    policy = LlmConfig("key", None, "model", 2.0, 3, 1.0, 30.0).retry_policy()

    assert (policy.attempts, policy.base_seconds, policy.max_seconds) == (4, 1.0, 30.0)


def test_it_gives_up_after_the_configured_retries():
    with FakeOpenAIServer() as server:
        server.script.extend([rate_limited("0"), rate_limited("0"), rate_limited("0")])
        with pytest.raises(LlmUnavailable, match="RateLimitError"):
            client_for(server, max_retries=2).complete_json([{"role": "user", "content": "?"}], SCHEMA, "check")

    assert len(server.completions()) == 3


def test_every_attempt_its_errors_and_429s_are_counted_for_the_dashboard():
    from core.api_counters import ServiceCounts, counting

    with FakeOpenAIServer() as server, counting() as counts:
        server.script.extend([rate_limited("0"), rate_limited("0"), rate_limited("0")])
        with pytest.raises(LlmUnavailable):
            client_for(server, max_retries=2).complete_json([{"role": "user", "content": "?"}], SCHEMA, "check")
        server.script.clear()
        client_for(server, max_retries=0).complete_json([{"role": "user", "content": "?"}], SCHEMA, "check")

    assert counts["openai"] == ServiceCounts(calls=4, errors=3, rate_limited=3)

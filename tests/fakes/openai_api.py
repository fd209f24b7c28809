"""A fake OpenAI-compatible server: `POST /v1/chat/completions` (and `/chat/completions` for base URLs without
`/v1`), answering in the real response shape (`id`, `object`, `created`, `model`, `choices[].message.content`,
`usage`) and the real error shape (`{"error": {"message", "type", "param", "code"}}`).

Tests decide what the "model" writes: `server.replies` is a queue of message contents (a dict is sent as its
JSON, a str as it is, so broken JSON is just a string); when it is empty, `server.responder(request_json)` writes
the content. Transport failures (429 with Retry-After, 500, slow answers) go on `server.script` as usual, built with
the helpers below.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest, ScriptedResponse

COMPLETION_PATHS = ("/v1/chat/completions", "/chat/completions")
_ids = itertools.count(1)


def error_body(message: str, error_type: str, code: str | None = None) -> dict:
    return {"error": {"message": message, "type": error_type, "param": None, "code": code}}


def rate_limited(retry_after: str = "1") -> ScriptedResponse:
    return ScriptedResponse(
        429,
        error_body("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
        {"Retry-After": retry_after},
    )


def server_error() -> ScriptedResponse:
    return ScriptedResponse(500, error_body("The server had an error while processing your request.", "server_error"))


def slow(seconds: float, content: dict | str) -> ScriptedResponse:
    """A correct answer that arrives too late for a client with a shorter timeout."""
    return ScriptedResponse(200, completion_body(content, model="slow-model"), delay=seconds)


def completion_body(content: dict | str, *, model: str, prompt_tokens: int = 0, completion_tokens: int = 0) -> dict:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return {
        "id": f"chatcmpl-fake{next(_ids)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "system_fingerprint": "fp_fake",
    }


class OpenAIHandler(FakeApiHandler):
    def route(self, request: RecordedRequest) -> tuple:
        server: FakeOpenAIServer = self.server  # type: ignore[assignment]
        if request.method != "POST" or request.path not in COMPLETION_PATHS:
            return 404, error_body(f"Unknown request URL: {request.method} {request.path}", "invalid_request_error")
        if request.headers.get("authorization") != f"Bearer {server.api_key}":
            return 401, error_body("Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
        try:
            body = request.json()
        except json.JSONDecodeError:
            return 400, error_body("We could not parse the JSON body of your request.", "invalid_request_error")
        if not isinstance(body, dict) or not body.get("model") or not body.get("messages"):
            return 400, error_body("'model' and 'messages' are required properties.", "invalid_request_error")
        with server.lock:
            content = server.replies.popleft() if server.replies else None
        if content is None:
            content = server.responder(body)
        prompt_tokens = sum(len(str(message.get("content", ""))) for message in body["messages"]) // 4
        completion_tokens = len(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)) // 4
        return 200, completion_body(
            content, model=body["model"], prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )


class FakeOpenAIServer(FakeApiServer):
    def __init__(self, responder: Callable[[dict], Any] | None = None, api_key: str = "sk-test-fake"):
        super().__init__(OpenAIHandler)
        self.api_key = api_key
        self.replies: deque[dict | str] = deque()
        self.responder = responder or (lambda body: {})

    def completions(self) -> list[RecordedRequest]:
        return [request for request in self.requests if request.path in COMPLETION_PATHS]

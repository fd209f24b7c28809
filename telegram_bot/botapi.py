"""A small synchronous Bot API client for workers: no PTB Application, same token and base URL settings.

Errors are sorted the way Telegram means them: 429 carries `retry_after` (honoured by the retry wait), 5xx and
network failures are retried with the project's backoff (`core.retry`), and 400/403 are permanent and raised at once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

from core.retry import RetryPolicy

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_RETRY_AFTER_SECONDS = 60


@dataclass
class BotApiError(Exception):
    error_code: int
    description: str
    retry_after: int | None = None

    def __str__(self):
        return f"{self.error_code}: {self.description}"

    @property
    def is_retryable(self) -> bool:
        return self.error_code == 429 or self.error_code >= 500

    @property
    def bot_blocked(self) -> bool:
        """403 'bot was blocked by the user' (or the user deleted their account): never worth retrying."""
        return self.error_code == 403

    @property
    def not_modified(self) -> bool:
        return self.error_code == 400 and "message is not modified" in self.description


def _is_retryable(error: BaseException) -> bool:
    if isinstance(error, BotApiError):
        return error.is_retryable and (error.retry_after or 0) <= MAX_RETRY_AFTER_SECONDS
    return isinstance(error, httpx.TransportError)


def _asked_wait(error: BaseException) -> float | None:
    """Telegram writes the wait into the answer's JSON (`parameters.retry_after`), not into a header."""
    return float(error.retry_after) if isinstance(error, BotApiError) and error.retry_after else None


# Four attempts; a longer wait than Telegram may ask for is never retried (see _is_retryable).
RETRY_POLICY = RetryPolicy(attempts=4, base_seconds=0.5, max_seconds=MAX_RETRY_AFTER_SECONDS)


def _method_url(method: str) -> str:
    return f"{settings.TELEGRAM_API_BASE_URL}{settings.TELEGRAM_BOT_TOKEN}/{method}"


def _decode(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except ValueError:
        raise BotApiError(response.status_code, f"not JSON: {response.text[:200]}") from None
    if body.get("ok"):
        return body.get("result")
    parameters = body.get("parameters") or {}
    raise BotApiError(
        int(body.get("error_code") or response.status_code),
        str(body.get("description") or ""),
        parameters.get("retry_after"),
    )


def call_once(method: str, payload: dict[str, Any], files: dict[str, tuple] | None = None) -> Any:
    """One request, no retries: progress edits use it because waiting would stall the pipeline."""
    if not settings.TELEGRAM_BOT_TOKEN:
        raise BotApiError(401, "TELEGRAM_BOT_TOKEN is not set")
    with httpx.Client(timeout=TIMEOUT) as client:
        if files:
            form = {key: value if isinstance(value, str) else json.dumps(value) for key, value in payload.items()}
            response = client.post(_method_url(method), data=form, files=files)
        else:
            response = client.post(_method_url(method), json=payload)
    return _decode(response)


def call(method: str, payload: dict[str, Any], files: dict[str, tuple] | None = None) -> Any:
    """A request retried on 429 (after Telegram's retry_after), 5xx and network errors."""
    retrying = RETRY_POLICY.retrying(_is_retryable, _asked_wait, name=f"Bot API {method}")
    return retrying(call_once, method, payload, files)

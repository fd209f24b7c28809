"""The one retry policy of every HTTP client: exponential backoff with jitter, and the server's own wait honoured.

Each client (Wordstat, OpenAI-compatible servers, Google Sheets, the Bot API) decides which failures are worth
another attempt and where its server writes how long to wait (a `Retry-After` header, `retry-after-ms`, a JSON
field, a sentence in the body); the waiting itself is decided here, the same way for all of them:
- the server said how long: wait that long, but never more than `max_seconds` (a client that must not wait longer
  fails before retrying, so the user hears why instead of a stalled run);
- it did not: `base_seconds · 2^(attempt − 1)` plus a random jitter of up to `base_seconds`, capped at
  `max_seconds`, so the waits grow and clients that failed together do not come back together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

logger = logging.getLogger(__name__)

# Reads the wait a failed answer asked for (seconds), or None when it asked nothing.
ServerWait = Callable[[BaseException], float | None]


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """The wait asked by `retry-after-ms` (milliseconds, OpenAI-style) or `Retry-After` (seconds or an HTTP date)."""
    if not headers:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def response_retry_after(error: BaseException | None) -> float | None:
    """`retry_after_seconds` of the response an HTTP library's error carries (`error.response.headers`)."""
    response = getattr(error, "response", None)
    return retry_after_seconds(getattr(response, "headers", None))


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a client makes and how long it waits between them (see the module's docstring)."""

    attempts: int
    base_seconds: float
    max_seconds: float

    def __post_init__(self):
        if self.attempts < 1:
            raise ValueError("a retry policy makes at least one attempt")
        if self.base_seconds < 0 or self.max_seconds < 0:
            raise ValueError("retry waits cannot be negative")

    def wait_seconds(self, state: RetryCallState, asked: float | None) -> float:
        """The wait before the next attempt after `state`'s failure, given what the server `asked` (or None)."""
        if asked is not None:
            return min(max(0.0, asked), self.max_seconds)
        backoff = wait_exponential_jitter(multiplier=self.base_seconds, max=self.max_seconds, jitter=self.base_seconds)
        return backoff(state)

    def retrying(
        self,
        retry_on: Callable[[BaseException], bool],
        server_wait: ServerWait = response_retry_after,
        *,
        sleep: Callable[[float], None] = time.sleep,
        name: str = "HTTP call",
        within_seconds: float | None = None,
    ) -> Retrying:
        """A tenacity `Retrying` that retries the errors `retry_on` accepts and re-raises the last one.

        `within_seconds`: no attempt starts later than this after the first (a caller's deadline)."""

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            return self.wait_seconds(state, server_wait(error) if error is not None else None)

        def log_retry(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            logger.warning(
                "%s failed (attempt %d of %d, %s: %s); retrying in %.1fs",
                name,
                state.attempt_number,
                self.attempts,
                type(error).__name__,
                error,
                state.next_action.sleep if state.next_action else 0,
            )

        return Retrying(
            retry=retry_if_exception(retry_on),
            wait=wait,
            stop=stop_after_attempt(self.attempts)
            if within_seconds is None
            else stop_after_attempt(self.attempts) | stop_before_delay(within_seconds),
            sleep=sleep,
            before_sleep=log_retry,
            reraise=True,
        )

"""The one way out to Google's Sheets and Drive APIs: gspread, with our base URL, timeouts and retries.

gspread's own client sends every call through `HTTPClient.request(method, url, ...)`, and gspread accepts another
client class (`http_client=`). Ours rewrites Google's two hosts to `GOOGLE_API_BASE_URL` there (gspread copies its
URL constants into several modules at import time, so changing `gspread.urls` alone would not reach them), and
retries 429, 5xx, Drive's 403 rate-limit answers and network errors with exponential backoff and jitter, waiting
as long as a `Retry-After` header asks. The token endpoint is the service-account JSON's `token_uri`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import gspread
import requests
from django.conf import settings
from django.utils.translation import gettext as _
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

logger = logging.getLogger(__name__)

GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com")
SCOPES = ("https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive.file")
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})


class GoogleSheetsNotConfigured(RuntimeError):
    pass


def is_retryable(error: BaseException) -> bool:
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return True
    if not isinstance(error, APIError):
        return False
    status = error.response.status_code
    if status == 429 or status >= 500:
        return True
    reasons = {item.get("reason") for item in error.error.get("errors", []) if isinstance(item, Mapping)}
    return status == 403 and bool(reasons & RATE_LIMIT_REASONS)


def retry_after_seconds(error: BaseException | None) -> float | None:
    """The server's `Retry-After` (seconds or an HTTP date), if the failed answer had one."""
    response = getattr(error, "response", None)
    value = response.headers.get("Retry-After") if response is not None else None
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


class WaitRetryAfterOrBackoff:
    """tenacity wait: the server's Retry-After when it sent one, else exponential backoff with full jitter."""

    def __init__(self, base_seconds: float, max_seconds: float):
        self.backoff = wait_random_exponential(multiplier=base_seconds, max=max_seconds)
        self.max_seconds = max_seconds

    def __call__(self, retry_state: RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        asked = retry_after_seconds(error)
        return min(asked, self.max_seconds) if asked is not None else self.backoff(retry_state)


def _log_retry(retry_state: RetryCallState) -> None:
    error = retry_state.outcome.exception() if retry_state.outcome else None
    logger.warning(
        "Google API call failed (attempt %d, %s); retrying in %.1fs",
        retry_state.attempt_number,
        error,
        retry_state.next_action.sleep if retry_state.next_action else 0,
    )


class GoogleHTTPClient(HTTPClient):
    def __init__(self, auth: Any, session: requests.Session | None = None) -> None:
        super().__init__(auth, session)
        self.base_url: str | None = settings.GOOGLE_API_BASE_URL
        self.set_timeout((settings.GOOGLE_API_CONNECT_TIMEOUT, settings.GOOGLE_API_READ_TIMEOUT))

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        retrying = Retrying(
            retry=retry_if_exception(is_retryable),
            wait=WaitRetryAfterOrBackoff(settings.GOOGLE_API_RETRY_BASE_SECONDS, settings.GOOGLE_API_RETRY_MAX_SECONDS),
            stop=stop_after_attempt(settings.GOOGLE_API_MAX_ATTEMPTS),
            before_sleep=_log_retry,
            reraise=True,
        )
        return retrying(super().request, method, self.rewrite(endpoint), *args, **kwargs)

    def rewrite(self, url: str) -> str:
        if self.base_url:
            for host in GOOGLE_HOSTS:
                if url.startswith(host):
                    return self.base_url.rstrip("/") + url[len(host) :]
        return url


def google_client() -> gspread.Client:
    """A gspread client for the configured service account; raises when Sheets export is not configured."""
    if not settings.GOOGLE_SERVICE_ACCOUNT_FILE:
        raise GoogleSheetsNotConfigured(
            _("Google Sheets export is not configured: set GOOGLE_SERVICE_ACCOUNT_FILE to a service-account JSON key")
        )
    try:
        return gspread.service_account(
            filename=settings.GOOGLE_SERVICE_ACCOUNT_FILE, scopes=list(SCOPES), http_client=GoogleHTTPClient
        )
    except (ValueError, KeyError, GoogleAuthError) as error:
        raise GoogleSheetsNotConfigured(
            _("GOOGLE_SERVICE_ACCOUNT_FILE is not a valid service-account JSON key (%(error)s)") % {"error": error}
        ) from None

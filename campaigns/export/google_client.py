"""The one way out to Google's Sheets and Drive APIs: gspread, with our base URL, timeouts and retries.

gspread's own client sends every call through `HTTPClient.request(method, url, ...)`, and gspread accepts another
client class (`http_client=`). Ours rewrites Google's two hosts to `GOOGLE_API_BASE_URL` there (gspread copies its
URL constants into several modules at import time, so changing `gspread.urls` alone would not reach them), and
retries 429, 5xx, Drive's 403 rate-limit answers and network errors with the project's retry policy
(`core.retry`: backoff with jitter, or as long as a `Retry-After` header asks). The token endpoint is the
service-account JSON's `token_uri`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import gspread
import requests
from django.conf import settings
from django.utils.translation import gettext as _
from google.auth.exceptions import GoogleAuthError
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from core.api_counters import note_call
from core.retry import RetryPolicy

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


class GoogleHTTPClient(HTTPClient):
    def __init__(self, auth: Any, session: requests.Session | None = None) -> None:
        super().__init__(auth, session)
        self.base_url: str | None = settings.GOOGLE_API_BASE_URL
        self.set_timeout((settings.GOOGLE_API_CONNECT_TIMEOUT, settings.GOOGLE_API_READ_TIMEOUT))

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        policy = RetryPolicy(
            attempts=settings.GOOGLE_API_MAX_ATTEMPTS,
            base_seconds=settings.GOOGLE_API_RETRY_BASE_SECONDS,
            max_seconds=settings.GOOGLE_API_RETRY_MAX_SECONDS,
        )
        retrying = policy.retrying(is_retryable, name="Google API call")
        return retrying(self._counted_request, method, self.rewrite(endpoint), *args, **kwargs)

    def _counted_request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:
        """One attempt, reported to core.api_counters (the dashboard's calls, errors and rate-limit hits)."""
        try:
            response = super().request(method, url, *args, **kwargs)
        except APIError as error:
            status = error.response.status_code
            note_call("google", status=status, rate_limited=status != 429 and is_retryable(error) and status == 403)
            raise
        except requests.RequestException:
            note_call("google", failed=True)
            raise
        note_call("google", status=response.status_code)
        return response

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

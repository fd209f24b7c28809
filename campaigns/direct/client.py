"""The Yandex Direct API v5 JSON client: one POST per call to `<base>/<service>` with `{"method", "params"}`.

What every answer carries is read here once: `RequestId` (logged and put in error messages, so support can find the
call) and `Units: spent/remaining/daily` (the day's API points). Before each call the client checks the points left
against a reserve and stops with `DirectPointsExhausted` instead of letting Direct refuse half-way (error 152).

Failures are sorted the way the API documents them (reference §6.4, https://yandex.ru/dev/direct/doc/en/concepts/
errors-list): 52 (the authorisation server is busy), 1000–1002 (Direct's server errors), HTTP 5xx and network errors
are retried with the shared policy (`core.retry`); 53/54/58 are the user's token or access, told in words; 152 is
the points; anything else is a refused request with Direct's own text. Errors about single objects inside a
successful answer (`AddResults[i].Errors`) are not exceptions: `add` returns them with each object.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.conf import settings
from django.utils.translation import gettext

from campaigns.direct.errors import DirectAccessError, DirectError, DirectPointsExhausted, DirectUnavailable
from core.direct_limits import API_OBJECTS_PER_CALL_MAX
from core.retry import RetryPolicy

logger = logging.getLogger(__name__)

RETRIED_CODES = frozenset({52, 1000, 1001, 1002})  # auth server busy; Direct's internal errors
ACCESS_CODES = frozenset({53, 54, 58})  # invalid token; no rights; API access not approved yet
POINTS_CODE = 152  # not enough points
RETRY_BASE_SECONDS = 1.0


@dataclass(frozen=True)
class Units:
    """The `Units` header: points this call cost, points left today, the daily allowance."""

    spent: int
    remaining: int
    daily: int

    @classmethod
    def parse(cls, header: str | None) -> Units | None:
        try:
            spent, remaining, daily = (int(part) for part in (header or "").split("/"))
        except ValueError:
            return None
        return cls(spent, remaining, daily)


@dataclass(frozen=True)
class Notice:
    """One entry of an object's `Errors` or `Warnings`."""

    code: int
    message: str
    details: str = ""

    def __str__(self) -> str:
        text = f"{self.message}: {self.details}" if self.details and self.details != self.message else self.message
        return f"{text} ({self.code})"


@dataclass(frozen=True)
class ObjectResult:
    """What Direct said about one object of an `add` (or `moderate`) call, in the order they were sent."""

    id: int | None
    errors: list[Notice] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.id is not None and not self.errors


@dataclass
class Usage:
    """Calls, failed calls and points since the last `DirectClient.take_usage()`."""

    calls: int = 0
    errors: int = 0
    units: int = 0


class _Transient(Exception):
    """A failure worth another attempt."""


def _notices(items: Any) -> list[Notice]:
    return [
        Notice(int(item.get("Code", 0)), str(item.get("Message", "")), str(item.get("Details") or ""))
        for item in items or []
        if isinstance(item, dict)
    ]


class DirectClient:
    """One advertiser's session: a token, an optional Client-Login and the language of Direct's messages.

    Safe to share between threads (the upload sends up to five calls at once); the counters take a lock.
    """

    def __init__(
        self,
        token: str,
        *,
        client_login: str = "",
        language: str = "ru",
        base_url: str | None = None,
        timeout: float | None = None,
        attempts: int | None = None,
        retry_max_seconds: float | None = None,
        units_reserve: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept-Language": language or "ru",
            "Content-Type": "application/json; charset=utf-8",
        }
        if client_login:
            headers["Client-Login"] = client_login
        base = base_url or settings.YANDEX_DIRECT_API_URL
        self._client = httpx.Client(
            base_url=base.rstrip("/") + "/",
            timeout=settings.YANDEX_DIRECT_TIMEOUT if timeout is None else timeout,
            headers=headers,
        )
        self._policy = RetryPolicy(
            attempts=attempts or settings.YANDEX_DIRECT_RETRIES,
            base_seconds=RETRY_BASE_SECONDS,
            max_seconds=settings.YANDEX_DIRECT_RETRY_MAX_SECONDS if retry_max_seconds is None else retry_max_seconds,
        )
        self._reserve = settings.YANDEX_DIRECT_UNITS_RESERVE if units_reserve is None else units_reserve
        self._sleep = sleep
        self._lock = threading.Lock()
        self._usage = Usage()
        self.units: Units | None = None  # the last answer's header: what is left today

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> DirectClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def take_usage(self) -> Usage:
        """The usage since the last call of this method (what the caller has not recorded yet)."""
        with self._lock:
            usage, self._usage = self._usage, Usage()
        return usage

    # --- calls ----------------------------------------------------------------------------------------------------

    def call(self, service: str, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """One API call; its `result`. Retries what is worth retrying; raises a `DirectError` for the rest."""
        retrying = self._policy.retrying(
            lambda error: isinstance(error, _Transient), lambda error: None, sleep=self._sleep, name=f"Direct {service}"
        )
        try:
            return retrying(self._attempt, service, method, params)
        except _Transient as error:
            raise DirectUnavailable(
                gettext("Yandex Direct is not answering right now (%(error)s). The upload will continue later.")
                % {"error": error}
            ) from None

    def add(self, service: str, key: str, items: list[dict[str, Any]]) -> list[ObjectResult]:
        """`<service>.add` of up to 1000 objects under `params[key]`; one result per object, in order."""
        if len(items) > API_OBJECTS_PER_CALL_MAX:
            raise ValueError(f"at most {API_OBJECTS_PER_CALL_MAX} objects per call, got {len(items)}")
        result = self.call(service, "add", {key: items})
        return self._object_results(result.get("AddResults"), len(items))

    def moderate(self, ad_ids: list[int]) -> list[ObjectResult]:
        """`Ads.moderate`: send the ads to Direct's moderators."""
        result = self.call("ads", "moderate", {"SelectionCriteria": {"Ids": ad_ids}})
        return self._object_results(result.get("ModerateResults"), len(ad_ids))

    @staticmethod
    def _object_results(results: Any, expected: int) -> list[ObjectResult]:
        if not isinstance(results, list) or len(results) != expected:
            raise DirectUnavailable(
                gettext("Yandex Direct sent an answer of an unexpected shape; the upload will continue later.")
            )
        return [
            ObjectResult(
                id=int(item["Id"]) if isinstance(item, dict) and item.get("Id") is not None else None,
                errors=_notices(item.get("Errors")) if isinstance(item, dict) else [],
                warnings=_notices(item.get("Warnings")) if isinstance(item, dict) else [],
            )
            for item in results
        ]

    # --- one attempt ----------------------------------------------------------------------------------------------

    def _attempt(self, service: str, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._check_points()
        with self._lock:
            self._usage.calls += 1
        try:
            response = self._client.post(service, json={"method": method, "params": params})
        except httpx.TransportError as error:  # timeouts, refused and reset connections
            self._count_error()
            raise _Transient(f"{type(error).__name__}: {error}") from None
        self._read_units(response)
        request_id = response.headers.get("RequestId", "")
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            self._count_error()
            self._raise_api_error(body["error"], request_id or str(body["error"].get("request_id", "")))
        if response.status_code >= 500 or body is None:
            self._count_error()
            raise _Transient(f"HTTP {response.status_code}")
        if response.status_code >= 400 or not isinstance(body.get("result"), dict):
            self._count_error()
            raise DirectError(
                gettext("Yandex Direct refused the request (HTTP %(status)d, request %(request)s).")
                % {"status": response.status_code, "request": request_id or "—"}
            )
        logger.debug("Direct %s.%s answered (request %s, units %s)", service, method, request_id, self.units)
        return body["result"]

    def _check_points(self) -> None:
        units = self.units
        if units is not None and units.remaining < self._reserve:
            raise DirectPointsExhausted(
                gettext(
                    "Only %(remaining)d of today's %(daily)d Yandex Direct API points are left, so the upload stopped "
                    "here. Run it again tomorrow: it continues where it stopped."
                )
                % {"remaining": units.remaining, "daily": units.daily}
            )

    def _read_units(self, response: httpx.Response) -> None:
        units = Units.parse(response.headers.get("Units"))
        if units is None:
            return
        with self._lock:
            self.units = units
            self._usage.units += units.spent

    def _count_error(self) -> None:
        with self._lock:
            self._usage.errors += 1

    def _raise_api_error(self, error: dict[str, Any], request_id: str) -> None:
        code = int(error.get("error_code") or 0)
        text = str(error.get("error_string") or "")
        detail = str(error.get("error_detail") or "")
        reason = f"{text}: {detail}" if detail and detail != text else text
        logger.warning("Direct error %s (request %s): %s", code, request_id, reason)
        if code in RETRIED_CODES:
            raise _Transient(f"{code} {reason}")
        if code in ACCESS_CODES:
            raise DirectAccessError(
                gettext("The token does not work for the Direct API: %(reason)s (error %(code)d).")
                % {"reason": reason, "code": code}
            )
        if code == POINTS_CODE:
            raise DirectPointsExhausted(
                gettext(
                    "Today's Yandex Direct API points are used up (%(reason)s). Run the upload again tomorrow: it "
                    "continues where it stopped."
                )
                % {"reason": reason}
            )
        raise DirectError(
            gettext("Yandex Direct refused the request: %(reason)s (error %(code)d, request %(request)s).")
            % {"reason": reason, "code": code, "request": request_id or "—"}
        )

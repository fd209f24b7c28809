"""Wordstat clients: the standalone Wordstat API (`/v1/…`, OAuth Bearer) and Wordstat in Yandex Cloud Search API
v2 (`/v2/wordstat/…`, Api-Key), behind one `KeywordSource` interface.

Every request goes through the same path: the Django cache (a repeated campaign makes no calls), the shared rate
limiter, then HTTP with the project's retry policy (`core.retry`) on 429, 5xx, malformed answers and network
errors: exponential backoff with jitter, or what the server asks ("Retry-After", or "Time to refill: N seconds").
A 400 is never retried; 401/403 become SourceAuthError, whose message the user reads. Facts about both APIs are
in ../shared/reference/yandex-direct.md §4.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext

from core.api_counters import note_call
from core.retry import RetryPolicy, retry_after_seconds
from semantic.errors import SourceAuthError, SourceRequestError, SourceUnavailable
from semantic.sources.base import DynamicsPoint, Quota, RegionShare, TopRequests
from semantic.sources.ratelimit import bucket_key, rates_for, shared_limiter
from semantic.types import Phrase

logger = logging.getLogger(__name__)

REFILL_HINT = re.compile(r"time to refill:?\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
BACKOFF_INITIAL = 0.5
CACHE_PREFIX = "semantic:wordstat:"


class _Transient(Exception):
    """A failure worth retrying; `retry_after` is the server's own hint in seconds, if it gave one."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def _error_text(response: httpx.Response) -> str:
    """The human part of an error body; both APIs' shapes differ and are not fully documented, so look around."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        for key in ("message", "error_description", "error_str", "error_detail"):
            if isinstance(body.get(key), str):
                return body[key]
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return error["message"]
        if isinstance(error, str):
            return error
    return response.text[:300]


def _retry_after(response: httpx.Response, message: str) -> float | None:
    asked = retry_after_seconds(response.headers)
    if asked is not None:
        return asked
    match = REFILL_HINT.search(message)
    return float(match.group(1)) if match else None


def _unexpected(detail: str) -> SourceUnavailable:
    return SourceUnavailable(
        gettext("Wordstat sent an answer of an unexpected shape (%(detail)s).") % {"detail": detail}
    )


def _count(value: Any) -> int:
    """Counts arrive as numbers from v1 and as strings (protobuf int64) from Cloud v2."""
    if isinstance(value, bool):
        raise _unexpected(f"count {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _unexpected(f"count {value!r}") from None


def _phrases(items: Any) -> list[Phrase]:
    if not isinstance(items, list):
        raise _unexpected("phrases are not a list")
    try:
        return [Phrase(str(item["phrase"]), _count(item["count"])) for item in items]
    except (KeyError, TypeError):
        raise _unexpected("a phrase without `phrase` or `count`") from None


class WordstatHttp(ABC):
    """HTTP, rate limit, retries and cache shared by both backends; subclasses know paths and payload shapes."""

    name = ""
    auth_scheme = ""

    def __init__(
        self,
        credential: str,
        *,
        base_url: str,
        timeout: float | None = None,
        retries: int | None = None,
        backoff_initial: float = BACKOFF_INITIAL,
        backoff_max: float | None = None,
        per_second: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.calls = 0
        self._credential = credential
        self._retries = retries or settings.WORDSTAT_RETRIES
        self._backoff_initial = backoff_initial
        self._backoff_max = settings.WORDSTAT_BACKOFF_MAX if backoff_max is None else backoff_max
        self._per_second = per_second or settings.WORDSTAT_RATE_PER_SECOND
        self._daily_limit: int | None = None
        self._quota_known = False
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=settings.WORDSTAT_TIMEOUT if timeout is None else timeout,
            headers={"Authorization": f"{self.auth_scheme} {credential}", "Accept": "application/json"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    # --- the request path -------------------------------------------------------------------------------------

    def _post(self, path: str, body: dict[str, Any], *, limited: bool = True) -> Any:
        policy = RetryPolicy(attempts=self._retries, base_seconds=self._backoff_initial, max_seconds=self._backoff_max)
        retrying = policy.retrying(
            lambda error: isinstance(error, _Transient),
            lambda error: getattr(error, "retry_after", None),
            sleep=self._sleep,
            name=f"Wordstat {self.name} {path}",
        )
        try:
            return retrying(self._attempt, path, body, limited)
        except _Transient as error:
            logger.warning("Wordstat %s %s failed after %d attempts: %s", self.name, path, self._retries, error)
            raise SourceUnavailable(
                gettext("Wordstat is not answering right now (%(error)s). Try again in a few minutes.")
                % {"error": error}
            ) from None

    def _attempt(self, path: str, body: dict[str, Any], limited: bool) -> Any:
        if limited:
            self._acquire()
        self.calls += 1
        try:
            response = self._client.post(path, json=body)
        except httpx.TransportError as error:  # timeouts, refused and reset connections
            note_call("wordstat", failed=True)
            raise _Transient(f"{type(error).__name__}: {error}") from None
        note_call("wordstat", status=response.status_code)
        if response.status_code >= 400:
            self._raise_for(response)
        try:
            return response.json()
        except ValueError:
            raise _Transient(gettext("malformed answer")) from None

    def _raise_for(self, response: httpx.Response) -> None:
        status = response.status_code
        message = _error_text(response)
        if status in (401, 403):
            raise SourceAuthError(
                gettext(
                    "Wordstat rejected the token or key (HTTP %(status)d: %(message)s): it is invalid or has no "
                    "access to Wordstat. Check it in the settings."
                )
                % {"status": status, "message": message}
            )
        if status == 429 or status >= 500:
            retry_after = _retry_after(response, message)
            if retry_after is not None and retry_after > self._backoff_max:
                raise SourceUnavailable(
                    gettext("The Wordstat quota is used up; it refills in %(minutes)d min.")
                    % {"minutes": max(1, round(retry_after / 60))}
                )
            raise _Transient(f"HTTP {status}: {message}", retry_after)
        raise SourceRequestError(
            gettext("Wordstat refused the request (HTTP %(status)d: %(message)s).")
            % {"status": status, "message": message}
        )

    def _acquire(self) -> None:
        self._before_first_request()
        limiter = shared_limiter(
            bucket_key(self.name, self._credential), rates_for(self._per_second, per_day=self._daily_limit)
        )
        if not limiter.try_acquire(self.name, blocking=True, timeout=max(1.0, self._backoff_max)):
            raise SourceUnavailable(gettext("The Wordstat request budget of this token is used up; try again later."))

    def _object(self, path: str, body: dict[str, Any], *, limited: bool = True) -> dict[str, Any]:
        data = self._post(path, body, limited=limited)
        if not isinstance(data, dict):
            raise _unexpected("not a JSON object")
        return data

    # --- cache --------------------------------------------------------------------------------------------------

    def _cache_key(self, *parts: Any) -> str:
        raw = json.dumps([self.name, *parts], ensure_ascii=False, sort_keys=True)
        return CACHE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()

    def top_requests(
        self, phrase: str, *, regions: list[int], devices: tuple[str, ...] = ("all",), num_phrases: int = 50
    ) -> TopRequests:
        key = self._cache_key("topRequests", phrase, sorted(regions), sorted(devices), num_phrases)
        cached = cache.get(key)
        if cached is not None:
            return TopRequests(
                phrase=cached["phrase"],
                total_count=cached["total"],
                top=[Phrase(text, count) for text, count in cached["top"]],
                associations=[Phrase(text, count) for text, count in cached["associations"]],
            )
        result = self._fetch_top(phrase, regions=sorted(regions), devices=tuple(devices), num_phrases=num_phrases)
        cache.set(
            key,
            {
                "phrase": result.phrase,
                "total": result.total_count,
                "top": [(p.text, p.frequency) for p in result.top],
                "associations": [(p.text, p.frequency) for p in result.associations],
            },
            settings.WORDSTAT_CACHE_TTL,
        )
        return result

    @abstractmethod
    def _fetch_top(self, phrase: str, *, regions: list[int], devices: tuple[str, ...], num_phrases: int) -> TopRequests:
        """One uncached `/topRequests` call in the backend's wire format."""

    def quota(self) -> Quota | None:
        """The token's limits, where the backend can tell them (Cloud v2 has no such method)."""
        return None

    def _before_first_request(self) -> None:
        """Read the quota once, just before the first uncached request: a spent daily quota fails fast and clearly,
        and a fully cached run makes no call at all."""
        if self._quota_known:
            return
        self._quota_known = True
        try:
            quota = self.quota()
        except SourceRequestError:  # /v1/userInfo is not in every API version; the quota stays unknown
            return
        if quota is not None and quota.daily_remaining == 0:
            raise SourceUnavailable(gettext("The daily Wordstat quota of this token is used up; try again tomorrow."))


class WordstatClient(WordstatHttp):
    """The standalone Wordstat API (api.wordstat.yandex.net): POST JSON, `Authorization: Bearer <OAuth token>`."""

    name = "wordstat"
    auth_scheme = "Bearer"

    def __init__(self, token: str, *, base_url: str | None = None, **options: Any):
        super().__init__(token, base_url=base_url or settings.WORDSTAT_API_URL, **options)

    def _fetch_top(self, phrase: str, *, regions: list[int], devices: tuple[str, ...], num_phrases: int) -> TopRequests:
        body: dict[str, Any] = {"phrase": phrase, "numPhrases": num_phrases, "devices": list(devices)}
        if regions:
            body["regions"] = regions
        data = self._object("/v1/topRequests", body)
        return TopRequests(
            phrase=str(data.get("requestPhrase", phrase)),
            total_count=_count(data.get("totalCount", 0)),
            top=_phrases(data.get("topRequests", [])),
            associations=_phrases(data.get("associations", [])),
        )

    def dynamics(
        self, phrase: str, *, period: str, from_date: str, to_date: str | None = None, regions: list[int] = ()
    ) -> list[DynamicsPoint]:
        body: dict[str, Any] = {"phrase": phrase, "period": period, "fromDate": from_date}
        if to_date:
            body["toDate"] = to_date
        if regions:
            body["regions"] = list(regions)
        data = self._object("/v1/dynamics", body)
        return [
            DynamicsPoint(str(item["date"])[:10], _count(item["count"]), float(item.get("share", 0)))
            for item in data.get("dynamics", [])
        ]

    def regions(self, phrase: str, *, region_type: str = "all") -> list[RegionShare]:
        data = self._object("/v1/regions", {"phrase": phrase, "regionType": region_type})
        return [
            RegionShare(
                _count(item["regionId"]), _count(item["count"]), float(item["share"]), float(item["affinityIndex"])
            )
            for item in data.get("regions", [])
        ]

    def regions_tree(self) -> list[dict]:
        data = self._post("/v1/getRegionsTree", {}, limited=False)  # free of quota per the Wordstat help
        return data if isinstance(data, list) else data.get("regions", [])

    def quota(self) -> Quota | None:
        """The token's limits from `/v1/userInfo`; later requests respect its per-second and daily numbers."""
        info = self._object("/v1/userInfo", {}, limited=False).get("userInfo") or {}
        quota = Quota(
            login=info.get("login"),
            per_second=_optional_count(info.get("limitPerSecond")),
            daily_limit=_optional_count(info.get("dailyLimit")),
            daily_remaining=_optional_count(info.get("dailyLimitRemaining")),
        )
        if quota.per_second:
            self._per_second = min(self._per_second, quota.per_second)
        self._daily_limit = quota.daily_limit
        return quota


class CloudWordstatClient(WordstatHttp):
    """Wordstat in Yandex Cloud Search API v2: `Authorization: Api-Key`, int64 counts and region ids as strings."""

    name = "cloud"
    auth_scheme = "Api-Key"
    DEVICE_NAMES = {
        "all": "DEVICE_ALL",
        "desktop": "DEVICE_DESKTOP",
        "phone": "DEVICE_PHONE",
        "tablet": "DEVICE_TABLET",
    }

    def __init__(
        self,
        api_key: str,
        *,
        folder_id: str | None = None,
        base_url: str | None = None,
        send_folder_id: bool | None = None,
        **options: Any,
    ):
        super().__init__(api_key, base_url=base_url or settings.YANDEX_CLOUD_SEARCH_API_URL, **options)
        self._folder_id = folder_id if folder_id is not None else settings.YANDEX_CLOUD_FOLDER_ID
        self._send_folder_id = settings.YANDEX_CLOUD_SEND_FOLDER_ID if send_folder_id is None else send_folder_id

    def _body(self, **fields: Any) -> dict[str, Any]:
        body = {key: value for key, value in fields.items() if value not in (None, [], ())}
        if self._send_folder_id and self._folder_id:
            body["folderId"] = self._folder_id
        return body

    def _fetch_top(self, phrase: str, *, regions: list[int], devices: tuple[str, ...], num_phrases: int) -> TopRequests:
        body = self._body(
            phrase=phrase,
            numPhrases=str(num_phrases),
            regions=[str(region) for region in regions],
            devices=[self.DEVICE_NAMES.get(device, "DEVICE_ALL") for device in devices],
        )
        data = self._object("/v2/wordstat/topRequests", body)
        return TopRequests(
            phrase=phrase,
            total_count=_count(data.get("totalCount", "0")),
            top=_phrases(data.get("results", [])),
            associations=_phrases(data.get("associations", [])),
        )

    def dynamics(
        self, phrase: str, *, period: str, from_date: str, to_date: str | None = None, regions: list[int] = ()
    ) -> list[DynamicsPoint]:
        body = self._body(
            phrase=phrase,
            period=f"PERIOD_{period.upper()}",
            fromDate=f"{from_date}T00:00:00Z",
            toDate=f"{to_date}T00:00:00Z" if to_date else None,
            regions=[str(region) for region in regions],
        )
        data = self._object("/v2/wordstat/dynamics", body)
        return [
            DynamicsPoint(str(item["date"])[:10], _count(item["count"]), float(item.get("share", 0)))
            for item in data.get("results", [])
        ]

    def regions(self, phrase: str, *, region_type: str = "all") -> list[RegionShare]:
        data = self._object("/v2/wordstat/regions", self._body(phrase=phrase, region=f"REGION_{region_type.upper()}"))
        return [
            RegionShare(
                _count(item["region"]), _count(item["count"]), float(item["share"]), float(item["affinityIndex"])
            )
            for item in data.get("results", [])
        ]

    def regions_tree(self) -> list[dict]:
        return self._object("/v2/wordstat/getRegionsTree", self._body()).get("regions", [])


def _optional_count(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None

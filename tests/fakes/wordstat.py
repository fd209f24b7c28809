"""A fake Wordstat: the standalone API (`/v1/…`, `Authorization: Bearer`) and Wordstat in Yandex Cloud Search API
v2 (`/v2/wordstat/…`, `Authorization: Api-Key`, int64 counts and region ids as JSON strings) on one local server.

It makes up deterministic, plausible data for any phrase: the same phrase always gets the same counts, longer
phrases are rarer, a phrase with `!`/quotes (exact frequency) gets a smaller count and sometimes 0 (a dead
phrase), and `topRequests` lists the phrase with commercial and non-commercial tails (`купить`, `бесплатно`…).

In pytest, use the `wordstat_server` fixture from `semantic/tests/conftest.py`: it starts the server and points
WORDSTAT_API_URL / YANDEX_CLOUD_SEARCH_API_URL at it, with WORDSTAT_TOKEN = FAKE_TOKEN. Standalone:

    from tests.fakes.wordstat import FAKE_TOKEN, WordstatFake, quota_exceeded

    with WordstatFake() as server:
        server.script.append(quota_exceeded(refill_seconds=1))   # the next request gets a 429
        client = WordstatClient(FAKE_TOKEN, base_url=server.url)
        ...
        server.requests_to("/v1/topRequests")                     # what the client sent

Scripted failures come from `tests.fakes.server.ScriptedResponse`; the helpers below build the real error
shapes: `quota_exceeded` (429), `global_quota` (503), `malformed_json`, `slow`, `unauthorized` (401),
`forbidden` (403).
"""

from __future__ import annotations

import hashlib
from typing import Any

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest, ScriptedResponse

FAKE_TOKEN = "fake-wordstat-oauth-token"
FAKE_API_KEY = "fake-cloud-api-key"
FAKE_FOLDER_ID = "b1gfakefolder"
TAILS = (
    "купить",
    "цена",
    "недорого",
    "москва",
    "отзывы",
    "доставка",
    "интернет магазин",
    "бесплатно",
    "своими руками",
    "скачать",
    "фото",
    "размеры",
    "каталог",
    "на заказ",
    "оптом",
    "в спб",
    "производитель",
    "б у",
    "акция",
    "рейтинг",
)
ASSOCIATION_WORDS = ("аналоги", "ремонт", "аренда", "обзор", "инструкция")
REGIONS = [
    {
        "id": 225,
        "label": "Россия",
        "children": [
            {
                "id": 1,
                "label": "Москва и Московская область",
                "children": [{"id": 213, "label": "Москва", "children": []}],
            },
            {"id": 2, "label": "Санкт-Петербург", "children": []},
        ],
    }
]


def _number(text: str, modulo: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) % modulo


def _bare(phrase: str) -> str:
    return " ".join(word.strip('!+"[]') for word in phrase.split() if not word.startswith("-"))


def broad_count(phrase: str) -> int:
    """Monthly broad-match count: deterministic per phrase, smaller for longer phrases."""
    words = max(1, len(_bare(phrase).split()))
    return 50 + _number(_bare(phrase), 20_000) // (words**2)


def exact_count(phrase: str) -> int:
    """`"!a !b"` count: a fifth of the broad count, and 0 for about one phrase in four (dead phrases)."""
    bare = _bare(phrase)
    return 0 if _number("exact:" + bare, 4) == 0 else broad_count(bare) // 5


def _is_exact(phrase: str) -> bool:
    return "!" in phrase or '"' in phrase


def top_requests(phrase: str, num_phrases: int) -> dict[str, Any]:
    bare = _bare(phrase)
    if _is_exact(phrase):
        return {"requestPhrase": phrase, "totalCount": exact_count(phrase), "topRequests": [], "associations": []}
    top = [{"phrase": bare, "count": broad_count(bare)}]
    top += [{"phrase": f"{bare} {tail}", "count": broad_count(f"{bare} {tail}")} for tail in TAILS]
    top.sort(key=lambda item: (-item["count"], item["phrase"]))
    associations = [
        {"phrase": f"{bare.split()[-1]} {word}", "count": broad_count(f"{bare} {word}")} for word in ASSOCIATION_WORDS
    ]
    total = sum(item["count"] for item in top)
    return {
        "requestPhrase": phrase,
        "totalCount": total,
        "topRequests": top[:num_phrases],
        "associations": associations,
    }


def _error_v1(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": status, "message": message}, "error_description": message}


def _error_v2(grpc_code: int, message: str) -> dict[str, Any]:
    return {"code": grpc_code, "message": message, "details": []}


def quota_exceeded(refill_seconds: int = 1, *, cloud: bool = False, path: str | None = None) -> ScriptedResponse:
    """A 429 as the personal quota gives it, with 'Time to refill' in the message (Cloud: gRPC RESOURCE_EXHAUSTED)."""
    message = f"Quota limit exceeded, try again later. Time to refill: {refill_seconds} seconds"
    payload = _error_v2(8, message) if cloud else _error_v1(429, message)
    return ScriptedResponse(429, payload, path=path)


def global_quota(*, cloud: bool = False, retry_after: int | None = None, path: str | None = None) -> ScriptedResponse:
    """A 503: the service-wide quota is exhausted (not the token's fault)."""
    message = "Service unavailable, try again later"
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return ScriptedResponse(503, _error_v2(14, message) if cloud else _error_v1(503, message), headers, path=path)


def malformed_json(path: str | None = None) -> ScriptedResponse:
    return ScriptedResponse(
        200, raw=b'{"topRequests": [{"phrase": "broken', headers={"Content-Type": "application/json"}, path=path
    )


def slow(seconds: float, path: str | None = None) -> ScriptedResponse:
    """A normal-looking answer after `seconds`; a client with a shorter timeout sees a timeout."""
    return ScriptedResponse(
        200, {"requestPhrase": "", "totalCount": 0, "topRequests": [], "associations": []}, delay=seconds, path=path
    )


def unauthorized(*, cloud: bool = False) -> ScriptedResponse:
    return ScriptedResponse(401, _error_v2(16, "Unauthenticated") if cloud else _error_v1(401, "Invalid OAuth token"))


def forbidden(*, cloud: bool = False) -> ScriptedResponse:
    message = "Permission denied" if cloud else "No access to Wordstat API for this application"
    return ScriptedResponse(403, _error_v2(7, message) if cloud else _error_v1(403, message))


class WordstatHandler(FakeApiHandler):
    def route(self, request: RecordedRequest) -> tuple:
        if request.method != "POST":
            return 405, _error_v1(405, "Method not allowed")
        if request.path.startswith("/v1/"):
            return self._v1(request)
        if request.path.startswith("/v2/wordstat/"):
            return self._v2(request)
        return 404, _error_v1(404, f"Unknown method {request.path}")

    def _body(self, request: RecordedRequest) -> dict[str, Any] | None:
        try:
            body = request.json()
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    # --- standalone Wordstat API ------------------------------------------------------------------------------

    def _v1(self, request: RecordedRequest) -> tuple:
        if request.headers.get("authorization") != f"Bearer {self.server.state['token']}":
            return 401, _error_v1(401, "Invalid OAuth token")
        method = request.path.removeprefix("/v1/")
        if method == "getRegionsTree":
            return 200, REGIONS
        if method == "userInfo":
            return 200, {"userInfo": self._user_info()}
        body = self._body(request)
        if body is None or not isinstance(body.get("phrase"), str) or not body["phrase"].strip():
            return 400, _error_v1(400, "Field 'phrase' is required")
        self._count_request()
        if method == "topRequests":
            num_phrases = body.get("numPhrases", 50)
            if not isinstance(num_phrases, int) or not 1 <= num_phrases <= 2000:
                return 400, _error_v1(400, "numPhrases must be between 1 and 2000")
            return 200, top_requests(body["phrase"], num_phrases)
        if method == "dynamics":
            return 200, {"dynamics": self._dynamics(body["phrase"])}
        if method == "regions":
            return 200, {"regions": self._regions(body["phrase"])}
        return 404, _error_v1(404, f"Unknown method {request.path}")

    def _user_info(self) -> dict[str, Any]:
        state = self.server.state
        return {
            "login": "fake-user",
            "limitPerSecond": state["limit_per_second"],
            "dailyLimit": state["daily_limit"],
            "dailyLimitRemaining": max(0, state["daily_limit"] - state["used"]),
        }

    def _count_request(self) -> None:
        with self.server.lock:
            self.server.state["used"] += 1

    def _dynamics(self, phrase: str) -> list[dict[str, Any]]:
        base = broad_count(phrase)
        return [
            {"date": f"2026-{month:02d}-01", "count": base + _number(f"{phrase}:{month}", base // 2 + 1), "share": 0.01}
            for month in range(1, 7)
        ]

    def _regions(self, phrase: str) -> list[dict[str, Any]]:
        base = broad_count(phrase)
        return [
            {"regionId": 213, "count": base // 2, "share": 0.5, "affinityIndex": 120.0},
            {"regionId": 2, "count": base // 4, "share": 0.25, "affinityIndex": 95.5},
        ]

    # --- Yandex Cloud Search API v2 ---------------------------------------------------------------------------

    def _v2(self, request: RecordedRequest) -> tuple:
        if request.headers.get("authorization") != f"Api-Key {self.server.state['api_key']}":
            return 401, _error_v2(16, "Unauthenticated")
        method = request.path.removeprefix("/v2/wordstat/")
        body = self._body(request)
        if body is None:
            return 400, _error_v2(3, "Invalid JSON payload")
        if method == "getRegionsTree":
            return 200, {"regions": _stringify_ids(REGIONS)}
        if not isinstance(body.get("phrase"), str) or not body["phrase"].strip():
            return 400, _error_v2(3, "phrase: field is required")
        self._count_request()
        if method == "topRequests":
            try:
                num_phrases = int(body.get("numPhrases", "50"))
            except (TypeError, ValueError):
                return 400, _error_v2(3, "numPhrases: invalid value")
            data = top_requests(body["phrase"], num_phrases)
            return 200, {
                "totalCount": str(data["totalCount"]),
                "results": [{"phrase": i["phrase"], "count": str(i["count"])} for i in data["topRequests"]],
                "associations": [{"phrase": i["phrase"], "count": str(i["count"])} for i in data["associations"]],
            }
        if method == "dynamics":
            if not str(body.get("period", "")).startswith("PERIOD_") or "fromDate" not in body:
                return 400, _error_v2(3, "period and fromDate are required")
            points = self._dynamics(body["phrase"])
            return 200, {
                "results": [
                    {"date": f"{p['date']}T00:00:00Z", "count": str(p["count"]), "share": p["share"]} for p in points
                ]
            }
        if method == "regions":
            return 200, {
                "results": [
                    {
                        "region": str(r["regionId"]),
                        "count": str(r["count"]),
                        "share": r["share"],
                        "affinityIndex": r["affinityIndex"],
                    }
                    for r in self._regions(body["phrase"])
                ]
            }
        return 404, _error_v2(5, f"Unknown method {request.path}")


def _stringify_ids(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": str(n["id"]), "label": n["label"], "children": _stringify_ids(n["children"])} for n in nodes]


class WordstatFake(FakeApiServer):
    """Both Wordstat APIs on 127.0.0.1; `state` holds the accepted credentials and the quota numbers it reports."""

    def __init__(self, *, token: str = FAKE_TOKEN, api_key: str = FAKE_API_KEY, daily_limit: int = 1000):
        super().__init__(WordstatHandler)
        self.state.update(token=token, api_key=api_key, limit_per_second=10, daily_limit=daily_limit, used=0)

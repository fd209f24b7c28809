"""A fake Yandex Direct API v5 (JSON): `POST <base>/<service>` with `{"method": ..., "params": {...}}`.

It speaks the wire format of reference §6 (../shared/reference/yandex-direct.md): `{"result": {"AddResults": [{"Id"}
or {"Errors": [{"Code", "Message", "Details"}]}, "Warnings"]}}` per object, `{"error": {"request_id", "error_code",
"error_string", "error_detail"}}` for a refused call, the `RequestId` and `Units: spent/remaining/daily` headers on
every answer, error 53 for a wrong token, 152 when the day's points run out, 8000 for more than 1000 objects a call.
Each object is validated against the limits of reference §1–2 (title and text lengths, sitelinks, callouts,
keywords), so a test sees per-object errors the way Direct sends them. The limits are written out here, not
imported from `core.direct_limits`, so the fake checks our validator instead of agreeing with it.

Server errors are scripted as usual (`server.script.append(server_error(path="keywords"))`).
"""

from __future__ import annotations

import itertools
import json
import uuid

from tests.fakes.server import FakeApiHandler, FakeApiServer, RecordedRequest, ScriptedResponse

BASE_PATH = "/json/v5/"
MAX_OBJECTS = 1000
NARROW = set('.,!:;"')
# Points per call and per object (the real price list differs by method; the shape is what matters).
CALL_COST = 10
OBJECT_COST = 1


def error_body(code: int, text: str, detail: str = "") -> dict:
    return {"error": {"request_id": uuid.uuid4().hex, "error_code": code, "error_string": text, "error_detail": detail}}


def server_error(code: int = 1000, *, path: str | None = None, status: int = 500) -> ScriptedResponse:
    """Direct's internal error (1000–1002) or the busy auth server (52), for one call to `path` (a service)."""
    return ScriptedResponse(status, error_body(code, "Server error", "Please try again later"), path=path)


def _notice(code: int, message: str, details: str = "") -> dict:
    return {"Code": code, "Message": message, "Details": details}


def _too_long(field: str, maximum: int) -> dict:
    return _notice(5001, "Field value is too long", f"{field} must be at most {maximum} characters")


def _counted(text: str) -> int:
    return len([char for char in text if char not in NARROW])


class DirectHandler(FakeApiHandler):
    def route(self, request: RecordedRequest) -> tuple:
        server: FakeDirectServer = self.server  # type: ignore[assignment]
        headers = {"RequestId": uuid.uuid4().hex}
        if request.method != "POST" or not request.path.startswith(BASE_PATH):
            return 404, error_body(8000, "Invalid request", f"unknown URL {request.path}"), headers
        if request.headers.get("authorization") != f"Bearer {server.token}":
            return 200, error_body(53, "Authorization error", "Invalid OAuth token"), headers
        try:
            body = request.json()
            method, params = body["method"], body.get("params") or {}
        except (json.JSONDecodeError, KeyError, TypeError):
            return 200, error_body(8000, "Invalid request", "the body must be {method, params}"), headers
        service = request.path[len(BASE_PATH) :].strip("/")
        with server.lock:
            items = _objects(params)
            cost = CALL_COST + OBJECT_COST * len(items)
            if server.units_remaining < cost:
                headers["Units"] = f"0/{server.units_remaining}/{server.units_daily}"
                return 200, error_body(152, "Not enough units", "Units for the day are used up"), headers
            server.units_remaining -= cost
            headers["Units"] = f"{cost}/{server.units_remaining}/{server.units_daily}"
            if len(items) > MAX_OBJECTS:
                return 200, error_body(8000, "Invalid request", f"at most {MAX_OBJECTS} objects per call"), headers
            handler = getattr(server, f"{service}_{method}", None)
            if handler is None:
                return 200, error_body(8000, "Invalid request", f"no method {service}.{method}"), headers
            return 200, {"result": handler(params)}, headers


def _objects(params: dict) -> list:
    for key in ("Campaigns", "AdGroups", "Keywords", "Ads", "SitelinksSets", "AdExtensions"):
        if isinstance(params.get(key), list):
            return params[key]
    ids = (params.get("SelectionCriteria") or {}).get("Ids")
    return ids if isinstance(ids, list) else []


class FakeDirectServer(FakeApiServer):
    """Holds what was created: `campaigns`, `adgroups`, `keywords`, `ads`, `sitelink_sets`, `callouts` by id."""

    def __init__(self, token: str = "direct-test-token", units_daily: int = 100_000):
        super().__init__(DirectHandler)
        self.token = token
        self.units_daily = self.units_remaining = units_daily
        self.ids = itertools.count(1001)
        self.campaigns: dict[int, dict] = {}
        self.adgroups: dict[int, dict] = {}
        self.keywords: dict[int, dict] = {}
        self.ads: dict[int, dict] = {}
        self.sitelink_sets: dict[int, dict] = {}
        self.callouts: dict[int, dict] = {}
        self.moderated: set[int] = set()

    @property
    def base_url(self) -> str:
        return self.url + BASE_PATH

    # --- services -------------------------------------------------------------------------------------------------

    def _add(self, items: list, store: dict, validate) -> dict:
        results = []
        for item in items:
            errors = validate(item)
            if errors:
                results.append({"Errors": errors})
                continue
            object_id = next(self.ids)
            store[object_id] = item
            results.append({"Id": object_id})
        return {"AddResults": results}

    def campaigns_add(self, params: dict) -> dict:
        return self._add(params["Campaigns"], self.campaigns, _campaign_errors)

    def adgroups_add(self, params: dict) -> dict:
        return self._add(params["AdGroups"], self.adgroups, self._group_errors)

    def keywords_add(self, params: dict) -> dict:
        return self._add(params["Keywords"], self.keywords, self._keyword_errors)

    def ads_add(self, params: dict) -> dict:
        return self._add(params["Ads"], self.ads, self._ad_errors)

    def sitelinks_add(self, params: dict) -> dict:
        return self._add(params["SitelinksSets"], self.sitelink_sets, _sitelink_errors)

    def adextensions_add(self, params: dict) -> dict:
        texts = [str((item.get("Callout") or {}).get("CalloutText", "")) for item in params["AdExtensions"]]

        def errors(item: dict) -> list[dict]:
            text = str((item.get("Callout") or {}).get("CalloutText", ""))
            if not text:
                return [_notice(8000, "Required field missing", "CalloutText")]
            if len(text) > 25:
                return [_too_long("CalloutText", 25)]
            if texts.count(text) > 1:  # "If there are identical extensions, an error is returned for each of them"
                return [_notice(9802, "Duplicate object", text)]
            return []

        return self._add(params["AdExtensions"], self.callouts, errors)

    def ads_moderate(self, params: dict) -> dict:
        results = []
        for ad_id in params["SelectionCriteria"]["Ids"]:
            if ad_id not in self.ads:
                results.append({"Errors": [_notice(8800, "Object not found", str(ad_id))]})
            else:
                self.moderated.add(ad_id)
                results.append({"Id": ad_id})
        return {"ModerateResults": results}

    def clients_get(self, params: dict) -> dict:
        return {"Clients": [{"Login": "test-advertiser"}]}

    # --- validation (reference §1–2) ------------------------------------------------------------------------------

    def _group_errors(self, item: dict) -> list[dict]:
        if item.get("CampaignId") not in self.campaigns:
            return [_notice(8800, "Object not found", f"campaign {item.get('CampaignId')}")]
        if not item.get("Name"):
            return [_notice(8000, "Required field missing", "Name")]
        if not item.get("RegionIds"):
            return [_notice(8000, "Required field missing", "RegionIds")]
        negatives = (item.get("NegativeKeywords") or {}).get("Items") or []
        if sum(len(word.replace(" ", "")) for word in negatives) > 4096:
            return [_too_long("NegativeKeywords", 4096)]
        return []

    def _keyword_errors(self, item: dict) -> list[dict]:
        group_id = item.get("AdGroupId")
        if group_id not in self.adgroups:
            return [_notice(8800, "Object not found", f"ad group {group_id}")]
        phrase = str(item.get("Keyword", ""))
        words = [word for word in phrase.split() if not word.startswith("-")]
        if len(phrase) > 4096:
            return [_too_long("Keyword", 4096)]
        if len(words) > 7:
            return [_notice(5001, "Too many words", "a keyword may have at most 7 words")]
        if any(len(word.strip('"!+[]')) > 35 for word in words):
            return [_too_long("a keyword's word", 35)]
        in_group = [kw for kw in self.keywords.values() if kw["AdGroupId"] == group_id]
        if len(in_group) >= 200:
            return [_notice(7001, "Limit exceeded", "at most 200 keywords per group")]
        if any(kw["Keyword"] == phrase for kw in in_group):
            return [_notice(9802, "Duplicate object", phrase)]
        return []

    def _ad_errors(self, item: dict) -> list[dict]:
        group_id = item.get("AdGroupId")
        if group_id not in self.adgroups:
            return [_notice(8800, "Object not found", f"ad group {group_id}")]
        if sum(1 for ad in self.ads.values() if ad["AdGroupId"] == group_id) >= 50:
            return [_notice(7001, "Limit exceeded", "at most 50 ads per group")]
        if "ResponsiveAd" in item:
            ad = item["ResponsiveAd"]
            titles, texts = ad.get("Titles") or [], ad.get("Texts") or []
            errors = [] if 1 <= len(titles) <= 7 else [_notice(5001, "Invalid value", "1 to 7 Titles")]
            errors += [] if 1 <= len(texts) <= 3 else [_notice(5001, "Invalid value", "1 to 3 Texts")]
            errors += [_too_long("Titles", 56) for title in titles if len(title) > 56]
            errors += [_too_long("Texts", 81) for text in texts if _counted(text) > 81]
        elif "TextAd" in item:
            ad = item["TextAd"]
            errors = [] if ad.get("Mobile") in ("YES", "NO") else [_notice(8000, "Required field missing", "Mobile")]
            if not ad.get("Title") or not ad.get("Text"):
                errors.append(_notice(8000, "Required field missing", "Title, Text"))
            if len(ad.get("Title", "")) > 56:
                errors.append(_too_long("Title", 56))
            if _counted(ad.get("Title2", "")) > 30:
                errors.append(_too_long("Title2", 30))
            if _counted(ad.get("Text", "")) > 81:
                errors.append(_too_long("Text", 81))
        else:
            return [_notice(8000, "Required field missing", "TextAd or ResponsiveAd")]
        href = str(ad.get("Href", ""))
        if not href.startswith(("http://", "https://")) or len(href) > 1024:
            errors.append(_notice(5005, "Invalid link", href[:100]))
        if len(ad.get("DisplayUrlPath", "")) > 20:
            errors.append(_too_long("DisplayUrlPath", 20))
        if "SitelinkSetId" in ad and ad["SitelinkSetId"] not in self.sitelink_sets:
            errors.append(_notice(8800, "Object not found", f"sitelink set {ad['SitelinkSetId']}"))
        errors += [
            _notice(8800, "Object not found", f"ad extension {extension}")
            for extension in ad.get("AdExtensionIds") or []
            if extension not in self.callouts
        ]
        return errors

    # --- what the tests read --------------------------------------------------------------------------------------

    def ad_fields(self) -> list[dict]:
        """Each stored ad's body (the `ResponsiveAd` or `TextAd` object) with its `AdGroupId`."""
        return [
            {"AdGroupId": ad["AdGroupId"], **(ad.get("ResponsiveAd") or ad.get("TextAd"))} for ad in self.ads.values()
        ]


def _campaign_errors(item: dict) -> list[dict]:
    errors = [_notice(8000, "Required field missing", name) for name in ("Name", "StartDate") if not item.get(name)]
    strategy = (item.get("TextCampaign") or {}).get("BiddingStrategy") or {}
    if not (strategy.get("Search") or {}).get("BiddingStrategyType") or not (strategy.get("Network") or {}).get(
        "BiddingStrategyType"
    ):
        errors.append(_notice(8000, "Required field missing", "TextCampaign.BiddingStrategy"))
    return errors


def _sitelink_errors(item: dict) -> list[dict]:
    links = item.get("Sitelinks") or []
    if not 1 <= len(links) <= 8:
        return [_notice(5001, "Invalid value", "a set holds 1 to 8 sitelinks")]
    errors = []
    for link in links:
        title = str(link.get("Title", ""))
        if len(title) > 30:
            errors.append(_too_long("Sitelink Title", 30))
        if len(str(link.get("Description", ""))) > 60:
            errors.append(_too_long("Sitelink Description", 60))
        if not str(link.get("Href", "")).startswith(("http://", "https://")):
            errors.append(_notice(5005, "Invalid link", str(link.get("Href", ""))[:100]))
    for block in (links[:4], links[4:]):
        if sum(len(str(link.get("Title", ""))) for link in block) > 66:
            errors.append(_too_long("the titles of sitelinks in a block of four", 66))
    return errors


def sitelink_titles(item: dict) -> list[str]:
    return [str(link["Title"]) for link in item["Sitelinks"]]


def callout_text(item: dict) -> str:
    return str(item["Callout"]["CalloutText"])


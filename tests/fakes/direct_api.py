"""A fake Yandex Direct API v5 (JSON): `POST <base>/<service>` with `{"method": ..., "params": {...}}`.

It speaks the wire format of reference §6 (../shared/reference/yandex-direct.md): `{"result": {"AddResults": [{"Id"}
or {"Errors": [{"Code", "Message", "Details"}]}, "Warnings"]}}` per object, `{"error": {"request_id", "error_code",
"error_string", "error_detail"}}` for a refused call, the `RequestId` and `Units: spent/remaining/daily` headers on
every answer, error 53 for a wrong token, 152 when the day's points run out, 8000 for more than 1000 objects a call.
Each object is validated against the limits of reference §1–2 (title and text lengths, sitelinks, callouts,
keywords), so a test sees per-object errors the way Direct sends them. The limits are written out here, not
imported from `core.direct_limits`, so the fake checks our validator instead of agreeing with it.

Server errors are scripted as usual (`server.script.append(server_error(path="keywords"))`). A lost answer is a
fault of its own (`server.lose_answer("adgroups")`): the call is processed — the objects exist — and then the
reply is lost, as a proxy's 502 or a connection dropped without a byte. Sitelink sets and callouts are kept once per
content, as Direct does: adding an identical one again returns the id it already has. `responsive_ads = False`
makes `Ads.add` refuse the `ResponsiveAd` structure as a whole (error 8000), like an API version without it.

The Reports service (`POST <base>/reports`, `{"params": {...}}`) answers from `statistics`, rows of one query on one
day (`add_statistics`): any report type groups them by the asked non-money fields and sums the figures. It honours
`processingMode` (the search-query report only offline), queues an offline report for `report_polls` answers (201,
then 202, with `retryIn`), sends money in micros unless `returnMoneyInMicros: false`, and writes the title, column
and summary lines unless the `skip…` headers say not to.
"""

from __future__ import annotations

import itertools
import json
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from tests.fakes.server import DROP_CONNECTION, FakeApiHandler, FakeApiServer, RecordedRequest, ScriptedResponse

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


@dataclass
class Fault:
    """What goes wrong with the next `service.method` call: "502" or "drop" — processed, then the answer is lost;
    "error" — Direct's internal error 1000, nothing done."""

    service: str
    method: str
    how: str


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
        service = request.path[len(BASE_PATH) :].strip("/")
        try:
            body = request.json()
            if service == "reports":
                return server.report(body["params"], request.headers, headers)
            method, params = body["method"], body.get("params") or {}
        except (json.JSONDecodeError, KeyError, TypeError):
            return 200, error_body(8000, "Invalid request", "the body must be {method, params}"), headers
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
            refused = service == "ads" and method == "add" and not server.responsive_ads
            if refused and any("ResponsiveAd" in ad for ad in params.get("Ads") or []):
                return 200, error_body(8000, "Invalid request", "Element ResponsiveAd is not allowed"), headers
            fault = server.take_fault(service, method)
            if fault is not None and fault.how == "error":
                return 500, error_body(1000, "Server error", "Please try again later"), headers
            result = handler(params)
        if fault is None:
            return 200, {"result": result}, headers
        if fault.how == "drop":
            return 200, DROP_CONNECTION
        return 502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", {"Content-Type": "text/html"}


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
        self.archived: set[int] = set()
        self.suspended: set[int] = set()
        self.updated: list[tuple[int, dict]] = []
        self.faults: list[Fault] = []
        self.responsive_ads = True
        self.statistics: list[dict] = []
        self.report_polls = 2  # answers before a queued report is ready (201, then 202)
        self.report_queue: dict[str, int] = {}

    def lose_answer(self, service: str, method: str = "add", how: str = "502") -> None:
        """The next `service.method` is done, and then its answer is lost (a proxy's 502, or a dropped connection)."""
        self.faults.append(Fault(service, method, how))

    def fail_call(self, service: str, method: str = "add", times: int = 1) -> None:
        """The next `times` calls of `service.method` fail with Direct's error 1000 and do nothing."""
        self.faults += [Fault(service, method, "error") for _ in range(times)]

    def take_fault(self, service: str, method: str) -> Fault | None:
        for index, fault in enumerate(self.faults):
            if (fault.service, fault.method) == (service, method):
                return self.faults.pop(index)
        return None

    def calls(self, service: str, method: str) -> int:
        """How many `service.method` calls arrived (answered or not)."""
        return sum(
            1 for request in self.requests_to(service)
            if request.path.endswith(f"/{service}") and (request.json() or {}).get("method") == method
        )

    @property
    def base_url(self) -> str:
        return self.url + BASE_PATH

    # --- services -------------------------------------------------------------------------------------------------

    def _add(self, items: list, store: dict, validate, *, by_content: bool = False) -> dict:
        results = []
        for item in items:
            errors = validate(item)
            if errors:
                results.append({"Errors": errors})
                continue
            existing = [object_id for object_id, held in store.items() if held == item] if by_content else []
            if existing:
                results.append({"Id": existing[0]})
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
        return self._add(params["SitelinksSets"], self.sitelink_sets, _sitelink_errors, by_content=True)

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

        return self._add(params["AdExtensions"], self.callouts, errors, by_content=True)

    def ads_moderate(self, params: dict) -> dict:
        results = []
        for ad_id in params["SelectionCriteria"]["Ids"]:
            if ad_id not in self.ads:
                results.append({"Errors": [_notice(8800, "Object not found", str(ad_id))]})
            else:
                self.moderated.add(ad_id)
                results.append({"Id": ad_id})
        return {"ModerateResults": results}

    # --- Reports ---------------------------------------------------------------------------------------------------

    def add_statistics(self, rows: Iterable[tuple[int, str, str]], days: int, *, seed: int = 25,
                       goal_id: int | None = None, end: date | None = None) -> None:
        """One statistics row per (group id, query, keyword it matched), on a day of the `days` before `end`."""
        rng = random.Random(seed)
        end = end or date.today() - timedelta(days=1)
        for group_id, query, criterion in rows:
            group = self.adgroups[group_id]
            impressions = rng.randint(1, 60)
            clicks = rng.randint(0, max(1, impressions // 8))
            self.statistics.append({
                "Date": (end - timedelta(days=rng.randrange(days))).isoformat(),
                "CampaignId": group["CampaignId"], "CampaignName": self.campaigns[group["CampaignId"]]["Name"],
                "AdGroupId": group_id, "AdGroupName": group["Name"], "Query": query, "Criterion": criterion,
                "Impressions": impressions, "Clicks": clicks, "Cost": clicks * rng.randint(8, 60) * 1_000_000,
                "Conversions": {goal_id: int(clicks and rng.random() < 0.2)} if goal_id else {},
            })

    def report(self, params: dict, request_headers: dict, headers: dict) -> tuple:
        fields = params.get("FieldNames") or []
        report_type, name = params.get("ReportType"), params.get("ReportName")
        if not fields or not report_type or not name or params.get("Format") != "TSV":
            return 400, error_body(8000, "Invalid request", "FieldNames, ReportType, ReportName, Format"), headers
        mode = request_headers.get("processingmode", "auto")
        if report_type == "SEARCH_QUERY_PERFORMANCE_REPORT" and mode == "online":
            return 400, error_body(8000, "Invalid request", "this report is built offline only"), headers
        if mode != "online" and (report_type == "SEARCH_QUERY_PERFORMANCE_REPORT" or len(self.statistics) > 1000):
            with self.lock:
                left = self.report_queue.setdefault(name, self.report_polls)
                self.report_queue[name] = left - 1
            if left > 0:
                headers.update({"retryIn": "1", "reportsInQueue": "1"})
                return (201 if left == self.report_polls else 202), b"", headers
        headers["Content-Type"] = "text/tab-separated-values"
        return 200, self._report_tsv(params, request_headers).encode(), headers

    def _report_tsv(self, params: dict, request_headers: dict) -> str:
        fields, criteria = params["FieldNames"], params.get("SelectionCriteria") or {}
        goals = [int(goal) for goal in params.get("Goals") or []]
        campaign_ids = {int(value) for item in criteria.get("Filter") or [] if item["Field"] == "CampaignId"
                        for value in item["Values"]}
        keys = [field for field in fields if field not in ("Impressions", "Clicks", "Cost", "Conversions")]
        totals: dict[tuple, dict] = {}
        for row in self.statistics:
            if not criteria.get("DateFrom", "") <= row["Date"] <= criteria.get("DateTo", "9999"):
                continue
            if campaign_ids and row["CampaignId"] not in campaign_ids:
                continue
            key = tuple(row[field] for field in keys)
            total = totals.setdefault(
                key, {"Impressions": 0, "Clicks": 0, "Cost": 0, "Conversions": dict.fromkeys(goals, 0)}
            )
            for metric in ("Impressions", "Clicks", "Cost"):
                total[metric] += row[metric]
            for goal in goals:
                total["Conversions"][goal] += row["Conversions"].get(goal, 0)
        in_micros = request_headers.get("returnmoneyinmicros", "true") != "false"
        columns = [column for field in fields for column in (
            [f"Conversions_{goal}_LSC" for goal in goals] if field == "Conversions" and goals else [field])]
        lines = []
        if request_headers.get("skipreportheader") != "true":
            lines.append(f'"{params["ReportName"]} ({criteria.get("DateFrom")} - {criteria.get("DateTo")})"')
        if request_headers.get("skipcolumnheader") != "true":
            lines.append("\t".join(columns))
        for key, total in totals.items():
            values = dict(zip(keys, key, strict=True))
            cells = []
            for field in fields:
                if field == "Cost":
                    cells.append(str(total["Cost"]) if in_micros else f"{total['Cost'] / 1_000_000:.2f}")
                elif field == "Conversions":
                    cells += [str(total["Conversions"][goal]) for goal in goals] or ["--"]
                elif field in ("Impressions", "Clicks"):
                    cells.append(str(total[field]))
                else:
                    cells.append(str(values[field]))
            lines.append("\t".join(cells))
        if request_headers.get("skipreportsummary") != "true":
            lines.append(f"Total rows: {len(totals)}")
        return "\n".join(lines) + "\n"

    # --- get: SelectionCriteria by Ids / CampaignIds / AdGroupIds, pages of `Page.Limit` --------------------------

    @staticmethod
    def _page(params: dict, key: str, found: list[dict]) -> dict:
        page = params.get("Page") or {}
        offset, limit = int(page.get("Offset", 0)), int(page.get("Limit", 10_000))
        result: dict = {key: found[offset : offset + limit]}
        if offset + limit < len(found):
            result["LimitedBy"] = offset + limit
        return result

    def _selected(self, params: dict, store: dict) -> list[tuple[int, dict]]:
        criteria = params.get("SelectionCriteria") or {}
        chosen = []
        for object_id, item in store.items():
            if "Ids" in criteria and object_id not in criteria["Ids"]:
                continue
            if "AdGroupIds" in criteria and item.get("AdGroupId") not in criteria["AdGroupIds"]:
                continue
            if "CampaignIds" in criteria and self.campaign_of(object_id, item) not in criteria["CampaignIds"]:
                continue
            chosen.append((object_id, item))
        return chosen

    def campaign_of(self, object_id: int, item: dict) -> int | None:
        if object_id in self.campaigns:
            return object_id
        if "CampaignId" in item:
            return item["CampaignId"]
        group = self.adgroups.get(item.get("AdGroupId"))
        return group["CampaignId"] if group else None

    def campaigns_get(self, params: dict) -> dict:
        found = [
            {"Id": object_id, "Name": item["Name"], "NegativeKeywords": item.get("NegativeKeywords")}
            for object_id, item in self._selected(params, self.campaigns)
        ]
        return self._page(params, "Campaigns", found)

    def adgroups_get(self, params: dict) -> dict:
        found = [
            {"Id": object_id, "Name": item["Name"], "CampaignId": item["CampaignId"],
             "NegativeKeywords": item.get("NegativeKeywords")}
            for object_id, item in self._selected(params, self.adgroups)
        ]
        return self._page(params, "AdGroups", found)

    def keywords_get(self, params: dict) -> dict:
        found = [
            {"Id": object_id, "Keyword": item["Keyword"], "AdGroupId": item["AdGroupId"]}
            for object_id, item in self._selected(params, self.keywords)
        ]
        return self._page(params, "Keywords", found)

    def ads_get(self, params: dict) -> dict:
        found = []
        for object_id, item in self._selected(params, self.ads):
            kind = "ResponsiveAd" if "ResponsiveAd" in item else "TextAd"
            found.append({"Id": object_id, "AdGroupId": item["AdGroupId"], kind: item[kind],
                          "State": "ARCHIVED" if object_id in self.archived else "ON"})
        return self._page(params, "Ads", found)

    def sitelinks_get(self, params: dict) -> dict:
        found = [{"Id": object_id, **item} for object_id, item in self._selected(params, self.sitelink_sets)]
        return self._page(params, "SitelinksSets", found)

    def adextensions_get(self, params: dict) -> dict:
        found = [{"Id": object_id, "Type": "CALLOUT", **item} for object_id, item in
                 self._selected(params, self.callouts)]
        return self._page(params, "AdExtensions", found)

    # --- update, delete, archive ----------------------------------------------------------------------------------

    def _update(self, items: list, store: dict) -> dict:
        results = []
        for item in items:
            object_id = item.get("Id")
            if object_id not in store:
                results.append({"Errors": [_notice(8800, "Object not found", str(object_id))]})
                continue
            held = store[object_id]
            for field_name, value in item.items():
                if isinstance(value, dict) and isinstance(held.get(field_name), dict):
                    held[field_name] = {**held[field_name], **value}
                elif field_name != "Id":
                    held[field_name] = value
            self.updated.append((object_id, item))
            results.append({"Id": object_id})
        return {"UpdateResults": results}

    def campaigns_update(self, params: dict) -> dict:
        return self._update(params["Campaigns"], self.campaigns)

    def adgroups_update(self, params: dict) -> dict:
        return self._update(params["AdGroups"], self.adgroups)

    def ads_update(self, params: dict) -> dict:
        result = self._update(params["Ads"], self.ads)
        for item in params["Ads"]:
            self.moderated.discard(item.get("Id"))  # changed text goes back to moderation
        return result

    def _by_ids(self, params: dict, store: dict, results_key: str, action) -> dict:
        results = []
        for object_id in params["SelectionCriteria"]["Ids"]:
            if object_id not in store:
                results.append({"Errors": [_notice(8800, "Object not found", str(object_id))]})
            else:
                action(object_id)
                results.append({"Id": object_id})
        return {results_key: results}

    def keywords_delete(self, params: dict) -> dict:
        return self._by_ids(params, self.keywords, "DeleteResults", self.keywords.pop)

    def ads_delete(self, params: dict) -> dict:
        """Only a draft (never sent to moderation) can be deleted; a moderated ad is suspended and archived."""
        results = []
        for ad_id in params["SelectionCriteria"]["Ids"]:
            if ad_id not in self.ads:
                results.append({"Errors": [_notice(8800, "Object not found", str(ad_id))]})
            elif ad_id in self.moderated:
                results.append({"Errors": [_notice(8300, "Invalid object status", "the ad is not a draft")]})
            else:
                self.ads.pop(ad_id)
                results.append({"Id": ad_id})
        return {"DeleteResults": results}

    def ads_suspend(self, params: dict) -> dict:
        return self._by_ids(params, self.ads, "SuspendResults", self.suspended.add)

    def ads_archive(self, params: dict) -> dict:
        return self._by_ids(params, self.ads, "ArchiveResults", self.archived.add)

    def adgroups_delete(self, params: dict) -> dict:
        def delete(group_id: int) -> None:
            self.adgroups.pop(group_id)
            for store in (self.keywords, self.ads):
                for object_id in [key for key, item in store.items() if item["AdGroupId"] == group_id]:
                    store.pop(object_id)

        return self._by_ids(params, self.adgroups, "DeleteResults", delete)

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


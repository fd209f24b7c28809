"""Uploading a built campaign to Yandex Direct, in Direct's order, object by object and resumable.

Order (reference §6.3): sitelink sets and callouts (ads point at them), the campaign, its ad groups, their keywords,
their ads, then optionally `Ads.moderate`. Every object's Direct id is written to `DirectObject` as soon as Direct
returns it, batch by batch, not in one transaction at the end: an upload that stops half-way (a crash, the day's
points, a cancel, Direct down) has already recorded everything Direct holds, so the next upload skips those objects
and creates only the rest. An object Direct refused has no row; it is reported with its group and tried again next
time, after the user fixed it. What is uploaded is what the XLSX holds (`EXPORT_AD_FORMAT`): combinatorial ads as
`ResponsiveAd` (titles and texts), text-image ads as `TextAd` (Title, Title2, Text).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from campaigns.ads.links import with_utm
from campaigns.budget import plan_budget
from campaigns.direct.client import DirectClient, ObjectResult
from campaigns.direct.errors import DirectError, UploadRefused
from campaigns.export.data import ExportGroup, ads_in_format
from campaigns.export.rows import text_image_fields
from campaigns.models import Ad, AdGroup, Campaign, DirectObject, DirectObjectKind, Keyword
from campaigns.summaries import UploadReport
from core.direct_limits import API_CONCURRENT_REQUESTS_MAX, API_OBJECTS_PER_CALL_MAX
from core.progress import ProgressCallback, StopCheck
from semantic.errors import Cancelled

MICRO = 1_000_000  # Direct's money fields are in millionths of the currency (reference §6.3)
WEB_CAMPAIGN_URL = "https://direct.yandex.ru/registered/main.pl?cmd=showCamp&cid={id}"
KINDS = tuple(DirectObjectKind.values)


@dataclass(frozen=True)
class UploadOptions:
    ad_format: str = "combinatorial"
    moderate: bool = False
    start_date: date | None = None  # the campaign's start; today when None
    sandbox: bool = False  # the sandbox has no web interface, so no link to it


@dataclass
class Failure:
    """An object Direct refused (or a warning it gave): what and where, in the user's words."""

    kind: str
    group: str
    name: str
    messages: list[str]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "group": self.group, "object": self.name, "messages": self.messages}


@dataclass
class UploadTally:
    """What the upload did so far; `summary()` is the typed report the run stores."""

    direct_campaign_id: int | None = None
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    moderated: int = 0
    ad_type: str = ""
    url: str = ""

    def summary(self) -> UploadReport:
        """What `PipelineRun.result` holds after an upload, for the chat's final message and `--json`."""
        failed = Counter(failure.kind for failure in self.failures)
        return UploadReport(
            direct_campaign_id=self.direct_campaign_id,
            direct_url=self.url,
            ad_type=self.ad_type,
            created={kind: self.created[kind] for kind in KINDS},
            skipped={kind: self.skipped[kind] for kind in KINDS},
            failed={kind: failed[kind] for kind in KINDS},
            errors=[failure.as_dict() for failure in self.failures],
            warnings=[warning.as_dict() for warning in self.warnings],
            moderated=self.moderated,
        )


@dataclass
class _Pending:
    """One object to create: its key in `DirectObject`, what to send, and how to name it in a report."""

    key: str
    item: dict[str, Any]
    group: str
    name: str


def check_uploadable(campaign: Campaign) -> None:
    """Only a finished build goes to Direct: the upload sends what the exported file holds."""
    if campaign.exported_at is None or not campaign.groups.exists():
        raise UploadRefused(_("Build the campaign first: only a finished campaign can be uploaded to Direct."))
    if not campaign.geo_ids:  # Direct needs RegionIds on every group
        raise UploadRefused(_("The campaign has no region; choose one and build it again before uploading."))


def token_for(campaign: Campaign) -> str:
    """The Direct token an upload of this campaign uses: its owner's own, never the service's.

    The service-wide YANDEX_DIRECT_TOKEN opens the operator's Direct account, so it serves only campaigns without
    an owner (built with the command line by the operator). A bot user's campaign goes to the account of the token
    that user gave in Settings, or nowhere: every way into an upload (the chat, the admin action, the task) passes
    here, so a forged button or an admin's click cannot put a user's campaign into the operator's account.
    """
    if campaign.owner_id is not None:
        token = campaign.owner.yandex_token
        if not token:
            raise UploadRefused(
                _(
                    "There is no Yandex token to upload with: a campaign goes only to its owner's own Direct account. "
                    "Add your OAuth token (with Direct API access) in Settings."
                )
            )
        return token
    if not settings.YANDEX_DIRECT_TOKEN:
        raise UploadRefused(
            _("There is no Yandex token to upload with: set YANDEX_DIRECT_TOKEN for campaigns without an owner.")
        )
    return settings.YANDEX_DIRECT_TOKEN


def campaign_web_url(direct_campaign_id: int, client_login: str = "") -> str:
    url = WEB_CAMPAIGN_URL.format(id=direct_campaign_id)
    return f"{url}&ulogin={client_login}" if client_login else url


class Uploader:
    """Uploads one campaign through `client`. `on_batch` runs after every call (the stage records API usage)."""

    def __init__(
        self,
        campaign: Campaign,
        client: DirectClient,
        options: UploadOptions,
        *,
        progress: ProgressCallback = lambda percent, message: None,
        should_stop: StopCheck = lambda: False,
        on_batch: Callable[[], None] = lambda: None,
    ):
        self.campaign = campaign
        self.client = client
        self.options = options
        self.progress = progress
        self.should_stop = should_stop
        self.on_batch = on_batch
        self.report = UploadTally(ad_type="ResponsiveAd" if options.ad_format == "combinatorial" else "TextAd")
        self.known: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        for kind, key, direct_id in DirectObject.objects.filter(campaign=campaign).values_list(
            "kind", "local_key", "direct_id"
        ):
            self.known[kind][key] = direct_id

    def run(self) -> UploadTally:
        check_uploadable(self.campaign)
        groups = self._groups()
        all_ads = [(group, ad) for group in groups for ad in self._ads_of(group)]
        self.progress(5, _("Uploading sitelinks and callouts"))
        self._sitelink_sets(all_ads)
        self._callouts(all_ads)
        self.progress(15, _("Creating the campaign"))
        campaign_id = self._campaign()
        self.progress(20, _("Creating ad groups"))
        self._groups_in_direct(groups, campaign_id)
        self.progress(40, _("Adding keywords"))
        self._keywords(groups)
        self.progress(70, _("Adding ads"))
        created_ads = self._ads(all_ads)
        if self.options.moderate and created_ads:
            self.progress(95, _("Sending ads to moderation"))
            self._moderate(created_ads)
        self.report.direct_campaign_id = campaign_id
        if not self.options.sandbox:
            self.report.url = campaign_web_url(campaign_id, self.campaign.direct_client_login)
        return self.report

    def _groups(self) -> list[AdGroup]:
        return list(
            AdGroup.objects.filter(campaign=self.campaign)
            .order_by("number")
            .prefetch_related(
                Prefetch("keywords", queryset=Keyword.objects.order_by("-frequency", "phrase")),
                Prefetch("ads", queryset=Ad.objects.order_by("id")),
            )
        )

    def _ads_of(self, group: AdGroup) -> list[Ad]:
        """The group's ads the file holds: the export's own rule (`ads_in_format`), applied to the ad rows."""
        as_exported = ExportGroup(group.number, group.name, [], ads=list(group.ads.all()))
        return ads_in_format(as_exported, self.options.ad_format)

    # --- the steps ------------------------------------------------------------------------------------------------

    def _sitelink_sets(self, all_ads: list[tuple[AdGroup, Ad]]) -> None:
        pending: dict[str, _Pending] = {}
        seen: set[str] = set()  # ads share sets: each is sent (or skipped) once
        for group, ad in all_ads:
            key = sitelink_set_key(ad.sitelinks) if ad.sitelinks else ""
            if not key or key in seen:
                continue
            seen.add(key)
            if self._skip(DirectObjectKind.SITELINK_SET, key):
                continue
            links = [
                {
                    "Title": str(link.get("title", "")),
                    "Href": with_utm(str(link.get("url", ""))),
                    **({"Description": str(link["description"])} if link.get("description") else {}),
                }
                for link in ad.sitelinks
            ]
            titles = ", ".join(str(link.get("title", "")) for link in ad.sitelinks)
            pending[key] = _Pending(key, {"Sitelinks": links}, group.name, titles)
        self._create(DirectObjectKind.SITELINK_SET, "sitelinks", "SitelinksSets", list(pending.values()))

    def _callouts(self, all_ads: list[tuple[AdGroup, Ad]]) -> None:
        pending: dict[str, _Pending] = {}
        seen: set[str] = set()
        for group, ad in all_ads:
            for text in ad.callouts or []:
                key = callout_key(text)
                if key in seen:
                    continue
                seen.add(key)
                if self._skip(DirectObjectKind.CALLOUT, key):
                    continue
                pending[key] = _Pending(key, {"Callout": {"CalloutText": str(text)}}, group.name, str(text))
        self._create(DirectObjectKind.CALLOUT, "adextensions", "AdExtensions", list(pending.values()))

    def _campaign(self) -> int:
        key = str(self.campaign.pk)
        if self._skip(DirectObjectKind.CAMPAIGN, key):
            return self.known[DirectObjectKind.CAMPAIGN][key]
        item: dict[str, Any] = {
            "Name": self.campaign.name,
            "StartDate": (self.options.start_date or date.today()).isoformat(),
            "TextCampaign": {"BiddingStrategy": bidding_strategy(self.campaign.budget)},
        }
        if self.campaign.negative_keywords:
            item["NegativeKeywords"] = {"Items": [str(word) for word in self.campaign.negative_keywords]}
        self._create(
            DirectObjectKind.CAMPAIGN, "campaigns", "Campaigns", [_Pending(key, item, "", self.campaign.name)]
        )
        if key not in self.known[DirectObjectKind.CAMPAIGN]:
            failure = self.report.failures[-1]
            raise DirectError(
                _("Direct did not create the campaign: %(errors)s") % {"errors": "; ".join(failure.messages)}
            )
        return self.known[DirectObjectKind.CAMPAIGN][key]

    def _groups_in_direct(self, groups: list[AdGroup], campaign_id: int) -> None:
        region_ids = [int(geo_id) for geo_id in self.campaign.geo_ids]
        pending = []
        for group in groups:
            key = str(group.pk)
            if self._skip(DirectObjectKind.GROUP, key):
                continue
            item: dict[str, Any] = {"Name": group.name, "CampaignId": campaign_id, "RegionIds": region_ids}
            if group.negative_keywords:
                item["NegativeKeywords"] = {"Items": [str(word) for word in group.negative_keywords]}
            pending.append(_Pending(key, item, group.name, group.name))
        self._create(DirectObjectKind.GROUP, "adgroups", "AdGroups", pending)

    def _keywords(self, groups: list[AdGroup]) -> None:
        pending = []
        for group in groups:
            group_id = self.known[DirectObjectKind.GROUP].get(str(group.pk))
            if group_id is None:  # the group failed: its keywords wait for it
                continue
            for keyword in group.keywords.all():
                key = str(keyword.pk)
                if not self._skip(DirectObjectKind.KEYWORD, key):
                    pending.append(_Pending(key, {"Keyword": keyword.phrase, "AdGroupId": group_id}, group.name,
                                            keyword.phrase))
        self._create(DirectObjectKind.KEYWORD, "keywords", "Keywords", pending)

    def _ads(self, all_ads: list[tuple[AdGroup, Ad]]) -> list[int]:
        pending = []
        for group, ad in all_ads:
            key = str(ad.pk)
            group_id = self.known[DirectObjectKind.GROUP].get(str(group.pk))
            if group_id is None or self._skip(DirectObjectKind.AD, key):
                continue
            extensions = self._extension_ids(ad)
            if extensions is None:
                self.report.failures.append(
                    Failure(DirectObjectKind.AD, group.name, _ad_name(ad),
                            [_("Its sitelinks or callouts were not created; fix them and upload again.")])
                )
                continue
            pending.append(_Pending(key, {"AdGroupId": group_id, **self._ad_body(ad, *extensions)}, group.name,
                                    _ad_name(ad)))
        before = set(self.known[DirectObjectKind.AD])
        self._create(DirectObjectKind.AD, "ads", "Ads", pending)
        return [direct_id for key, direct_id in self.known[DirectObjectKind.AD].items() if key not in before]

    def _moderate(self, ad_ids: list[int]) -> None:
        for batch in _batches(ad_ids):
            self._check_stop()
            results = self.client.moderate(batch)
            self.on_batch()
            for ad_id, result in zip(batch, results, strict=True):
                if result.errors:
                    self.report.warnings.append(
                        Failure("moderation", "", str(ad_id), [str(notice) for notice in result.errors])
                    )
                else:
                    self.report.moderated += 1

    # --- ads ------------------------------------------------------------------------------------------------------

    def _extension_ids(self, ad: Ad) -> tuple[int | None, list[int]] | None:
        """The ad's sitelink set id and callout ids; None when one of them is missing (it failed)."""
        set_id = None
        if ad.sitelinks:
            set_id = self.known[DirectObjectKind.SITELINK_SET].get(sitelink_set_key(ad.sitelinks))
            if set_id is None:
                return None
        callout_ids = [self.known[DirectObjectKind.CALLOUT].get(callout_key(text)) for text in ad.callouts or []]
        if None in callout_ids:
            return None
        return set_id, callout_ids

    def _ad_body(self, ad: Ad, sitelink_set_id: int | None, callout_ids: list[int]) -> dict[str, Any]:
        body: dict[str, Any]
        if self.options.ad_format == "combinatorial":
            body = {"Titles": [str(title) for title in ad.titles], "Texts": [str(text) for text in ad.texts]}
        else:
            title, title_2, text = text_image_fields(ad)
            body = {"Title": title, "Text": text, "Mobile": "NO", **({"Title2": title_2} if title_2 else {})}
        body["Href"] = with_utm(ad.link)
        if ad.display_link:
            body["DisplayUrlPath"] = ad.display_link
        if sitelink_set_id is not None:
            body["SitelinkSetId"] = sitelink_set_id
        if callout_ids:
            body["AdExtensionIds"] = callout_ids
        return {self.report.ad_type: body}

    # --- the one way objects are created --------------------------------------------------------------------------

    def _skip(self, kind: str, key: str) -> bool:
        """True (and counted) when Direct already holds the object."""
        if key in self.known[kind]:
            self.report.skipped[kind] += 1
            return True
        return False

    def _create(self, kind: str, service: str, params_key: str, pending: list[_Pending]) -> None:
        """Add `pending` in batches of ≤ 1000, up to five calls at once; store each id the moment it comes back."""
        batches = list(_batches(pending))
        if not batches:
            return
        with ThreadPoolExecutor(max_workers=min(API_CONCURRENT_REQUESTS_MAX, len(batches))) as pool:
            for start in range(0, len(batches), API_CONCURRENT_REQUESTS_MAX):
                self._check_stop()
                wave = batches[start : start + API_CONCURRENT_REQUESTS_MAX]
                calls = [pool.submit(self.client.add, service, params_key, [p.item for p in batch]) for batch in wave]
                failure: BaseException | None = None
                for batch, call in zip(wave, calls, strict=True):
                    try:
                        results = call.result()
                    except Exception as error:  # the other calls of the wave are stored before it is raised
                        failure = failure or error
                        continue
                    self._store(kind, batch, results)
                self.on_batch()
                if failure is not None:
                    raise failure

    def _store(self, kind: str, batch: list[_Pending], results: list[ObjectResult]) -> None:
        created = []
        for pending, result in zip(batch, results, strict=True):
            if result.warnings:
                self.report.warnings.append(
                    Failure(kind, pending.group, pending.name, [str(notice) for notice in result.warnings])
                )
            if not result.ok:
                self.report.failures.append(
                    Failure(kind, pending.group, pending.name, [str(notice) for notice in result.errors])
                )
                continue
            self.known[kind][pending.key] = result.id
            self.report.created[kind] += 1
            created.append(DirectObject(campaign=self.campaign, kind=kind, local_key=pending.key, direct_id=result.id))
        DirectObject.objects.bulk_create(created)

    def _check_stop(self) -> None:
        if self.should_stop():
            raise Cancelled("cancelled")


def bidding_strategy(monthly_budget: Decimal | None) -> dict[str, Any]:
    """Search only. With a budget: Direct's automatic "maximum clicks" within the weekly budget (the monthly budget
    / 4.3, as `campaigns.budget` plans it). Without one: manual bidding (HIGHEST_POSITION), the user sets bids."""
    network = {"BiddingStrategyType": "SERVING_OFF"}
    if not monthly_budget:
        return {"Search": {"BiddingStrategyType": "HIGHEST_POSITION"}, "Network": network}
    weekly = plan_budget(monthly_budget, []).weekly
    return {
        "Search": {
            "BiddingStrategyType": "WB_MAXIMUM_CLICKS",
            "WbMaximumClicks": {"WeeklySpendLimit": int(weekly) * MICRO},
        },
        "Network": network,
    }


def sitelink_set_key(sitelinks: list[dict]) -> str:
    """Direct's sitelink sets are immutable and shared by ads, so a set is known by its content."""
    fields = [[str(link.get("title", "")), str(link.get("url", "")), str(link.get("description") or "")]
              for link in sitelinks]
    canonical = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:64]


def callout_key(text: str) -> str:
    return str(text)[:64]


def _ad_name(ad: Ad) -> str:
    return str(ad.titles[0]) if ad.titles else f"#{ad.pk}"


def _batches(items: list) -> Iterator[list]:
    for start in range(0, len(items), API_OBJECTS_PER_CALL_MAX):
        yield items[start : start + API_OBJECTS_PER_CALL_MAX]

"""Uploading a built campaign to Yandex Direct, in Direct's order, object by object and resumable.

Order (reference §6.3): sitelink sets and callouts (ads point at them), the campaign, its ad groups, their keywords,
their ads, then optionally `Ads.moderate`. Every object's Direct id is written to `DirectObject` as soon as Direct
returns it, batch by batch, not in one transaction at the end: an upload that stops half-way (a crash, the day's
points, a cancel, Direct down) has already recorded everything Direct holds, so the next upload skips those objects
and creates only the rest. An object Direct refused has no row; it is reported with its group and tried again next
time, after the user fixed it. What is uploaded is what the XLSX holds (`EXPORT_AD_FORMAT`): combinatorial ads as
`ResponsiveAd` (titles and texts), text-image ads as `TextAd` (Title, Title2, Text). When Direct refuses the
`ResponsiveAd` structure as a whole (a request-format error, not one ad's), the ads go as `TextAd` and the report
says so.

Nothing is created twice, even when an answer is lost. An `add` whose outcome is unknown (`OutcomeUnknown`: a network
error, a 5xx, a malformed answer) is followed by a `get` of what the campaign holds; objects matched by name and
parent (`campaigns.direct.existing`) get their ids stored, and only the rest is added again. The same reading comes
first on every upload once Direct was called for the campaign (an earlier attempt may have lost an answer, and a
rebuilt campaign has new rows for the objects Direct already holds); a first upload of a new campaign reads nothing.
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
from functools import partial
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from campaigns.ads.links import with_utm
from campaigns.budget import plan_budget
from campaigns.direct.client import MAX_CONCURRENT_REQUESTS, MAX_OBJECTS_PER_CALL, DirectClient, ObjectResult
from campaigns.direct.errors import DirectError, DirectRefused, DirectUnavailable, OutcomeUnknown, UploadRefused
from campaigns.direct.existing import read_existing, signature
from campaigns.export.data import ExportGroup, ads_in_format
from campaigns.export.rows import text_image_fields
from campaigns.models import (
    Ad,
    AdGroup,
    ApiUsage,
    Campaign,
    DirectObject,
    DirectObjectKind,
    ExternalService,
    Keyword,
)
from core.progress import ProgressCallback, StopCheck
from semantic.errors import Cancelled

MICRO = 1_000_000  # Direct's money fields are in millionths of the currency (reference §6.3)
WEB_CAMPAIGN_URL = "https://direct.yandex.ru/registered/main.pl?cmd=showCamp&cid={id}"
KINDS = tuple(DirectObjectKind.values)
REQUEST_FORMAT_ERROR = 8000  # Direct's "invalid request": the structure itself, not one object's values


@dataclass(frozen=True)
class UploadOptions:
    ad_format: str = "combinatorial"
    moderate: bool = False
    start_date: date | None = None  # the campaign's start; today when None
    delete_removed: bool = False  # delete (ads: archive) what the campaign no longer has; else only count it
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
class UploadReport:
    direct_campaign_id: int | None = None
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)  # already in Direct though not recorded here: ids read back
    updated: Counter = field(default_factory=Counter)  # changed by a rebuild or an edit, changed in Direct too
    removed: Counter = field(default_factory=Counter)  # gone from the campaign, deleted (archived) in Direct
    removable: Counter = field(default_factory=Counter)  # gone from the campaign, still in Direct: ask first
    failures: list[Failure] = field(default_factory=list)
    warnings: list[Failure] = field(default_factory=list)
    moderated: int = 0
    ad_type: str = ""
    ad_type_fallback: bool = False  # Direct refused ResponsiveAd, so the ads went as TextAd
    url: str = ""

    def as_dict(self) -> dict:
        """What `PipelineRun.result` holds after an upload, for the chat's final message and `--json`."""
        failed = Counter(failure.kind for failure in self.failures)
        return {
            "direct_campaign_id": self.direct_campaign_id,
            "direct_url": self.url,
            "ad_type": self.ad_type,
            "created": {kind: self.created[kind] for kind in KINDS},
            "skipped": {kind: self.skipped[kind] for kind in KINDS},
            "found": {kind: self.found[kind] for kind in KINDS},
            "updated": {kind: self.updated[kind] for kind in KINDS},
            "removed": {kind: self.removed[kind] for kind in KINDS},
            "removable": {kind: self.removable[kind] for kind in KINDS},
            "ad_type_fallback": self.ad_type_fallback,
            "failed": {kind: failed[kind] for kind in KINDS},
            "errors": [failure.as_dict() for failure in self.failures],
            "warnings": [warning.as_dict() for warning in self.warnings],
            "moderated": self.moderated,
        }


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
    """The owner's token from their settings, else the service-wide YANDEX_DIRECT_TOKEN (for CLI campaigns)."""
    token = (campaign.owner.yandex_token if campaign.owner else None) or settings.YANDEX_DIRECT_TOKEN
    if not token:
        raise UploadRefused(
            _("There is no Yandex token to upload with: add your OAuth token in Settings (it needs Direct API access).")
        )
    return token


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
        self.report = UploadReport(ad_type="ResponsiveAd" if options.ad_format == "combinatorial" else "TextAd")
        self.known: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
        for kind, key, direct_id in DirectObject.objects.filter(campaign=campaign).values_list(
            "kind", "local_key", "direct_id"
        ):
            self.known[kind][key] = direct_id
        # Direct was called for this campaign before (an earlier run, or this one before a retry): it may hold
        # objects this database has no id for, since an answer may have been lost.
        self.uncertain = bool(self.known[DirectObjectKind.CAMPAIGN]) or ApiUsage.objects.filter(
            run__campaign=campaign, service=ExternalService.DIRECT, calls__gt=0
        ).exists()
        # The campaign is in Direct already: this upload brings Direct to the campaign's current state.
        self.updating = bool(self.known[DirectObjectKind.CAMPAIGN])
        self.unmatched: dict[str, dict] = {}  # per kind: what the last look-up found and nothing here matched
        self.new_ad_ids: list[int] = []  # ads created or changed by this upload: what moderation gets

    def run(self) -> UploadReport:
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
        if self.updating:
            self.progress(90, _("Updating what changed since the last upload"))
            self._sync_changes(campaign_id, groups, all_ads)
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
            pending.append(_Pending(key, {"AdGroupId": group_id, "ad": ad, "extensions": extensions}, group.name,
                                    _ad_name(ad)))
        items = self._ad_items(pending)
        if items and self.uncertain:
            items = self._update_changed_ads(self._not_in_direct(DirectObjectKind.AD, items), all_ads)
        try:
            self._create(DirectObjectKind.AD, "ads", "Ads", items, looked_up=True)
        except DirectRefused as error:
            if error.code != REQUEST_FORMAT_ERROR or self.report.ad_type != "ResponsiveAd":
                raise
            self.report.ad_type, self.report.ad_type_fallback = "TextAd", True
            self.report.warnings.append(
                Failure(DirectObjectKind.AD, "", "ResponsiveAd",
                        [_("Direct refused combinatorial ads (%(error)s); the ads were sent as text-image ads.")
                         % {"error": error}])
            )
            pending = [item for item in pending if item.key not in self.known[DirectObjectKind.AD]]
            self._create(DirectObjectKind.AD, "ads", "Ads", self._ad_items(pending))
        return self.new_ad_ids

    def _ad_items(self, pending: list[_Pending]) -> list[_Pending]:
        """The ads' `Ads.add` items in the structure the upload sends now (`report.ad_type`)."""
        return [
            _Pending(p.key, {"AdGroupId": p.item["AdGroupId"], **self._ad_body(p.item["ad"], *p.item["extensions"])},
                     p.group, p.name)
            for p in pending
        ]

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
        if self.report.ad_type == "ResponsiveAd":
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

    # --- a campaign already in Direct: what changed --------------------------------------------------------------

    def _current_ids(self, kind: str, keys: list[str]) -> set[int]:
        return {self.known[kind][key] for key in keys if key in self.known[kind]}

    def _update_changed_ads(self, pending: list[_Pending], all_ads: list[tuple[AdGroup, Ad]]) -> list[_Pending]:
        """A group's ads whose text changed take the place of its ads Direct holds that nothing matches any more:
        `Ads.update` keeps their ids (and the moderation of the group's unchanged ads); the rest is added."""
        current = self._current_ids(DirectObjectKind.AD, [str(ad.pk) for _, ad in all_ads])
        free: dict[int, list[int]] = {}
        for (group_id, _content), direct_id in (self.unmatched.get(DirectObjectKind.AD) or {}).items():
            if direct_id not in current:
                free.setdefault(group_id, []).append(direct_id)
        replacing, rest = [], []
        for item in pending:
            spare = free.get(item.item["AdGroupId"])
            if spare:
                replacing.append((item, spare.pop(0)))
            else:
                rest.append(item)
        for batch in _batches(replacing):
            updates = [{"Id": direct_id, **_as_update(item.item)} for item, direct_id in batch]
            results = self._idempotent(partial(self.client.update, "ads", "Ads", updates))
            stored = []
            for (item, direct_id), result in zip(batch, results, strict=True):
                if not result.ok:
                    self.report.failures.append(
                        Failure(DirectObjectKind.AD, item.group, item.name, [str(n) for n in result.errors])
                    )
                    continue
                self.known[DirectObjectKind.AD][item.key] = direct_id
                self.report.updated[DirectObjectKind.AD] += 1
                self.new_ad_ids.append(direct_id)
                stored.append(DirectObject(campaign=self.campaign, kind=DirectObjectKind.AD, local_key=item.key,
                                           direct_id=direct_id))
            self._record(DirectObjectKind.AD, stored)
        return rest

    def _sync_changes(self, campaign_id: int, groups: list[AdGroup], all_ads: list[tuple[AdGroup, Ad]]) -> None:
        """Negatives set to the campaign's, and what the campaign no longer has removed from Direct (with
        `delete_removed`) or counted for the user to decide; ids of rows a rebuild replaced are forgotten."""
        (held_campaign,) = self.client.get(
            "campaigns", {"SelectionCriteria": {"Ids": [campaign_id]}, "FieldNames": ["Id", "NegativeKeywords"]},
            "Campaigns",
        )
        negatives = [str(word) for word in self.campaign.negative_keywords or []]
        if _negatives_of(held_campaign) != negatives:
            wanted = {"Id": campaign_id, "NegativeKeywords": _negatives_field(negatives)}
            self._idempotent(partial(self.client.update, "campaigns", "Campaigns", [wanted]))
            self.report.updated[DirectObjectKind.CAMPAIGN] += 1
        held_groups = {
            group["Id"]: group for group in self.client.get(
                "adgroups", {"SelectionCriteria": {"CampaignIds": [campaign_id]},
                             "FieldNames": ["Id", "Name", "NegativeKeywords"]}, "AdGroups")
        }
        changed = []
        for group in groups:
            group_id = self.known[DirectObjectKind.GROUP].get(str(group.pk))
            wanted = [str(word) for word in group.negative_keywords or []]
            if group_id in held_groups and _negatives_of(held_groups[group_id]) != wanted:
                changed.append({"Id": group_id, "NegativeKeywords": _negatives_field(wanted)})
        for batch in _batches(changed):
            self._idempotent(partial(self.client.update, "adgroups", "AdGroups", batch))
            self.report.updated[DirectObjectKind.GROUP] += len(batch)
        keywords = [str(keyword.pk) for group in groups for keyword in group.keywords.all()]
        current = {
            DirectObjectKind.GROUP: self._current_ids(DirectObjectKind.GROUP, [str(group.pk) for group in groups]),
            DirectObjectKind.KEYWORD: self._current_ids(DirectObjectKind.KEYWORD, keywords),
            DirectObjectKind.AD: self._current_ids(DirectObjectKind.AD, [str(ad.pk) for _, ad in all_ads]),
        }
        held = {
            DirectObjectKind.GROUP: set(held_groups),
            DirectObjectKind.KEYWORD: {int(item["Id"]) for item in self.client.get(
                "keywords", {"SelectionCriteria": {"CampaignIds": [campaign_id]}, "FieldNames": ["Id"]}, "Keywords")},
            DirectObjectKind.AD: {int(item["Id"]) for item in self.client.get(
                "ads", {"SelectionCriteria": {"CampaignIds": [campaign_id]}, "FieldNames": ["Id", "State"]}, "Ads")
                if item.get("State") != "ARCHIVED"},
        }
        gone = {kind: sorted(held[kind] - current[kind]) for kind in held}
        if self.options.delete_removed:
            self._remove(gone)
        else:
            for kind, ids in gone.items():
                self.report.removable[kind] += len(ids)
        keys = {DirectObjectKind.GROUP: {str(group.pk) for group in groups}, DirectObjectKind.KEYWORD: set(keywords),
                DirectObjectKind.AD: {str(ad.pk) for _, ad in all_ads}}
        for kind, alive in keys.items():
            DirectObject.objects.filter(campaign=self.campaign, kind=kind).exclude(local_key__in=alive).delete()

    def _remove(self, gone: dict[str, list[int]]) -> None:
        """Keywords are deleted; ads deleted when they are drafts, else suspended and archived (an ad that was
        moderated cannot be deleted); then the groups, which Direct deletes only when nothing active is left."""
        self._by_ids(DirectObjectKind.KEYWORD, "keywords", "delete", gone[DirectObjectKind.KEYWORD])
        shown = self._by_ids(DirectObjectKind.AD, "ads", "delete", gone[DirectObjectKind.AD], quiet=True)
        self._by_ids(DirectObjectKind.AD, "ads", "suspend", shown, count=False)
        self._by_ids(DirectObjectKind.AD, "ads", "archive", shown)
        self._by_ids(DirectObjectKind.GROUP, "adgroups", "delete", gone[DirectObjectKind.GROUP])

    def _by_ids(
        self, kind: str, service: str, method: str, ids: list[int], *, quiet: bool = False, count: bool = True
    ) -> list[int]:
        """`method` on the objects; the ids Direct refused (reported as warnings unless `quiet`)."""
        refused = []
        for batch in _batches(ids):
            results = self._idempotent(partial(self.client.by_ids, service, method, batch))
            for direct_id, result in zip(batch, results, strict=True):
                if result.errors:
                    refused.append(direct_id)
                    if not quiet:
                        self.report.warnings.append(
                            Failure(kind, "", str(direct_id), [str(notice) for notice in result.errors])
                        )
                elif count:
                    self.report.removed[kind] += 1
        return refused

    def _idempotent(self, call: Callable[[], list[ObjectResult]]) -> list[ObjectResult]:
        """A call whose repetition does no harm (set a value, delete by id): sent again after a lost answer."""
        for _attempt in range(settings.YANDEX_DIRECT_RETRIES - 1):
            try:
                return call()
            except OutcomeUnknown:
                continue
            finally:
                self.on_batch()
        return call()

    # --- the one way objects are created --------------------------------------------------------------------------

    def _skip(self, kind: str, key: str) -> bool:
        """True (and counted) when Direct already holds the object."""
        if key in self.known[kind]:
            self.report.skipped[kind] += 1
            return True
        return False

    def _create(
        self, kind: str, service: str, params_key: str, pending: list[_Pending], *, looked_up: bool = False
    ) -> None:
        """Add `pending` in batches of ≤ 1000, up to five calls at once; store each id the moment it comes back.

        Objects Direct may already hold are looked up first (unless the caller just did); a batch whose answer was
        lost is looked up again and only what Direct does not hold is sent again, at most YANDEX_DIRECT_RETRIES
        times."""
        if pending and self.uncertain and not looked_up:
            pending = self._not_in_direct(kind, pending)
        for _attempt in range(settings.YANDEX_DIRECT_RETRIES):
            unknown = self._add_batches(kind, service, params_key, pending)
            if not unknown:
                return
            self.uncertain = True
            pending = self._not_in_direct(kind, unknown)
            if not pending:
                return
        raise DirectUnavailable(
            _("Yandex Direct kept losing its answers; the upload will continue later and create nothing twice.")
        )

    def _add_batches(self, kind: str, service: str, params_key: str, pending: list[_Pending]) -> list[_Pending]:
        """One `add` of each batch; the objects of batches whose outcome is unknown, to be looked up."""
        batches = list(_batches(pending))
        unknown: list[_Pending] = []
        if not batches:
            return unknown
        with ThreadPoolExecutor(max_workers=min(MAX_CONCURRENT_REQUESTS, len(batches))) as pool:
            for start in range(0, len(batches), MAX_CONCURRENT_REQUESTS):
                self._check_stop()
                wave = batches[start : start + MAX_CONCURRENT_REQUESTS]
                calls = [pool.submit(self.client.add, service, params_key, [p.item for p in batch]) for batch in wave]
                failure: BaseException | None = None
                for batch, call in zip(wave, calls, strict=True):
                    try:
                        results = call.result()
                    except OutcomeUnknown:
                        unknown += batch
                        continue
                    except Exception as error:  # the other calls of the wave are stored before it is raised
                        failure = failure or error
                        continue
                    self._store(kind, batch, results)
                self.on_batch()
                if failure is not None:
                    raise failure
        return unknown

    def _not_in_direct(self, kind: str, pending: list[_Pending]) -> list[_Pending]:
        """Stores the ids of the objects Direct already holds (matched by name and parent); the rest."""
        campaign_id = self.known[DirectObjectKind.CAMPAIGN].get(str(self.campaign.pk))
        # Never a namesake another campaign here uploaded (a repeated build keeps the name).
        taken = set(
            DirectObject.objects.filter(kind=kind).exclude(campaign=self.campaign).values_list("direct_id", flat=True)
        ) if kind == DirectObjectKind.CAMPAIGN else set()
        existing = read_existing(self.client, kind, campaign_id, ad_type=self.report.ad_type, exclude=taken)
        self.on_batch()
        rest, found = [], []
        for item in pending:
            direct_id = existing.pop(signature(kind, item.item), None)
            if direct_id is None:
                rest.append(item)
                continue
            self.known[kind][item.key] = direct_id
            self.report.found[kind] += 1
            found.append(DirectObject(campaign=self.campaign, kind=kind, local_key=item.key, direct_id=direct_id))
        self._record(kind, found)
        self.unmatched[kind] = existing
        return rest

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
            if kind == DirectObjectKind.AD:
                self.new_ad_ids.append(result.id)
        self._record(kind, created)

    @staticmethod
    def _record(kind: str, objects: list[DirectObject]) -> None:
        DirectObject.objects.bulk_create(objects)

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


def _negatives_of(held: dict) -> list[str]:
    return [str(word) for word in ((held.get("NegativeKeywords") or {}).get("Items") or [])]


def _negatives_field(words: list[str]) -> dict | None:
    """`NegativeKeywords` of an update: Direct clears the list with null, not with an empty `Items`."""
    return {"Items": words} if words else None


def _as_update(item: dict[str, Any]) -> dict[str, Any]:
    """An `Ads.add` item as an `Ads.update` one: no group, callouts set through `CalloutSetting`."""
    ad_type, body = next((key, value) for key, value in item.items() if key in ("ResponsiveAd", "TextAd"))
    body = dict(body)
    callouts = body.pop("AdExtensionIds", [])
    body.pop("Mobile", None)
    body["CalloutSetting"] = {"AdExtensions": [{"AdExtensionId": i, "Operation": "SET"} for i in callouts]}
    return {ad_type: body}


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
    for start in range(0, len(items), MAX_OBJECTS_PER_CALL):
        yield items[start : start + MAX_OBJECTS_PER_CALL]

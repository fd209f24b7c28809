"""A campaign already in Direct brought to the campaign's current state by the next upload (`Uploader` mixes this
in): after a rebuild or an edit, the rows are new but most of what they describe is in Direct already.

The upload matches the rows to Direct's objects first (`campaigns.direct.existing`); what this module adds:
- a group's ads whose texts changed take the place of its ads nothing matches any more (`Ads.update`), so they keep
  their ids, and the group's unchanged ads keep their ids and their moderation;
- the campaign's and the groups' negatives are set to the campaign's when they differ (null clears a list);
- what the campaign no longer has (keywords, ads, groups in Direct no row maps to) is only counted (`removable`)
  unless the user agreed (`UploadOptions.delete_removed`): keywords deleted, ads deleted when drafts else suspended
  and archived, groups deleted;
- ids of rows a rebuild replaced are forgotten.
Every call here sets a value or acts by id, so one whose answer was lost is simply sent again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings

from campaigns.direct.client import ObjectResult, in_batches
from campaigns.direct.errors import OutcomeUnknown
from campaigns.models import Ad, AdGroup, DirectObject, DirectObjectKind


class ChangesMixin:
    """The `Uploader`'s steps for a campaign already in Direct; they use its client, options, report, `known` ids,
    `unmatched` look-ups, `new_ad_ids`, `_record`, `_refused` and `on_batch`."""

    def _current_ids(self, kind: str, keys: list[str]) -> set[int]:
        return {self.known[kind][key] for key in keys if key in self.known[kind]}

    def _update_changed_ads(self, pending: list, all_ads: list[tuple[AdGroup, Ad]]) -> list:
        """A group's ads whose text changed take the place of its ads Direct holds that nothing matches any more:
        `Ads.update` keeps their ids (and the moderation of the group's unchanged ads); the rest (the upload's
        pending items) is returned to be added."""
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
        for batch in in_batches(replacing):
            updates = [{"Id": direct_id, **_as_update(item.item)} for item, direct_id in batch]
            results = self._idempotent(partial(self.client.update, "ads", "Ads", updates))
            stored = []
            for (item, direct_id), result in zip(batch, results, strict=True):
                if not result.ok:
                    self._refused(DirectObjectKind.AD, item.group, item.name, result.errors)
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
        for batch in in_batches(changed):
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
        for batch in in_batches(ids):
            results = self._idempotent(partial(self.client.by_ids, service, method, batch))
            for direct_id, result in zip(batch, results, strict=True):
                if result.errors:
                    refused.append(direct_id)
                    if not quiet:
                        self._refused(kind, "", str(direct_id), result.errors, warning=True)
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

"""What Direct already holds, matched to what an upload is about to add: by name and parent.

An `add` whose answer was lost may have been done, and a campaign rebuilt after its upload has new rows (new local
keys) for objects Direct already holds. Before adding such objects again the upload reads the account with `get`
and matches each object it would send by what identifies it under its parent: the campaign by name, a group by
name in the campaign, a keyword by phrase in the group, an ad by its group and texts, a sitelink set and a callout
by their content (Direct keeps those once per content). The signature of an object is computed from the very item
the upload would send, and from what `get` returns shaped the same way, so both sides agree by construction.
"""

from __future__ import annotations

from collections.abc import Hashable, Set
from typing import Any

from campaigns.direct.client import DirectClient
from campaigns.models import DirectObjectKind

AD_TYPES = ("ResponsiveAd", "TextAd")


def signature(kind: str, item: dict[str, Any]) -> Hashable:
    """What identifies an object of `kind` under its parent, from an `add` item or a `get` answer alike."""
    if kind == DirectObjectKind.CAMPAIGN:
        return (str(item.get("Name", "")),)
    if kind == DirectObjectKind.GROUP:
        return item.get("CampaignId"), str(item.get("Name", ""))
    if kind == DirectObjectKind.KEYWORD:
        return item.get("AdGroupId"), " ".join(str(item.get("Keyword", "")).lower().split())
    if kind == DirectObjectKind.AD:
        return item.get("AdGroupId"), _ad_content(item)
    if kind == DirectObjectKind.SITELINK_SET:
        return tuple(
            (str(link.get("Title", "")), str(link.get("Href", "")), str(link.get("Description") or ""))
            for link in item.get("Sitelinks") or []
        )
    if kind == DirectObjectKind.CALLOUT:
        return (str((item.get("Callout") or {}).get("CalloutText", "")),)
    raise ValueError(f"unknown kind {kind!r}")


def _ad_content(item: dict[str, Any]) -> tuple:
    for ad_type in AD_TYPES:
        body = item.get(ad_type)
        if isinstance(body, dict):
            if ad_type == "ResponsiveAd":
                return ad_type, tuple(body.get("Titles") or ()), tuple(body.get("Texts") or ())
            return ad_type, body.get("Title", ""), body.get("Title2") or "", body.get("Text", "")
    return ()


def read_existing(
    client: DirectClient,
    kind: str,
    campaign_id: int | None,
    *,
    ad_type: str = "TextAd",
    exclude: Set[int] = frozenset(),
) -> dict[Hashable, int]:
    """Signature → Direct id of every object of `kind` in the campaign (or the account, for the campaign itself,
    sitelink sets and callouts, which belong to no campaign). Empty when the campaign is not known yet.

    `ad_type`: the ads' structure the upload sends; the `ResponsiveAd` fields are asked for only then, so an
    account whose API refuses that structure is still read. `exclude`: ids that belong to something else."""
    if kind == DirectObjectKind.CAMPAIGN:
        found = client.get("campaigns", {"SelectionCriteria": {}, "FieldNames": ["Id", "Name"]}, "Campaigns")
    elif kind == DirectObjectKind.SITELINK_SET:
        found = client.get("sitelinks", {"FieldNames": ["Id", "Sitelinks"]}, "SitelinksSets")
    elif kind == DirectObjectKind.CALLOUT:
        criteria = {"Types": ["CALLOUT"], "States": ["ON"]}
        found = client.get(
            "adextensions",
            {"SelectionCriteria": criteria, "FieldNames": ["Id"], "CalloutFieldNames": ["CalloutText"]},
            "AdExtensions",
        )
    elif campaign_id is None:
        return {}
    elif kind == DirectObjectKind.GROUP:
        found = client.get(
            "adgroups",
            {"SelectionCriteria": {"CampaignIds": [campaign_id]}, "FieldNames": ["Id", "Name", "CampaignId"]},
            "AdGroups",
        )
    elif kind == DirectObjectKind.KEYWORD:
        found = client.get(
            "keywords",
            {"SelectionCriteria": {"CampaignIds": [campaign_id]}, "FieldNames": ["Id", "Keyword", "AdGroupId"]},
            "Keywords",
        )
    elif kind == DirectObjectKind.AD:
        params: dict[str, Any] = {
            "SelectionCriteria": {"CampaignIds": [campaign_id]},
            "FieldNames": ["Id", "AdGroupId", "State"],
            "TextAdFieldNames": ["Title", "Title2", "Text"],
        }
        if ad_type == "ResponsiveAd":
            params["ResponsiveAdFieldNames"] = ["Titles", "Texts"]
        found = client.get("ads", params, "Ads")
        found = [ad for ad in found if ad.get("State") != "ARCHIVED"]
    else:
        raise ValueError(f"unknown kind {kind!r}")
    existing: dict[Hashable, int] = {}
    for item in found:
        if item.get("Id") is not None and int(item["Id"]) not in exclude:
            existing.setdefault(signature(kind, item), int(item["Id"]))
    return existing

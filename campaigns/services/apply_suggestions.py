"""Applying search-query suggestions: in Direct first, then in the campaign's rows and its XLSX, so the account,
the file and the review page agree.

Negatives are merged into what Direct holds now (`Campaigns.update` / `AdGroups.update` `NegativeKeywords`, read
first: the user may have added some in Direct's interface), within Direct's limits for a list; setting a whole list
is idempotent, so a lost answer is simply sent again. New phrases go through `Keywords.add`; a lost answer there is
followed by reading the group's keywords, as the upload does, so none is added twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from campaigns.direct.client import DirectClient
from campaigns.direct.errors import OutcomeUnknown
from campaigns.direct.existing import read_existing, signature
from campaigns.models import (
    AdGroup,
    Campaign,
    DirectObject,
    DirectObjectKind,
    Keyword,
    QuerySuggestion,
    SuggestionKind,
    SuggestionStatus,
)
from campaigns.services.stats import direct_campaign_id, direct_group_ids
from core.direct_limits import CAMPAIGN_NEGATIVES_CHARS_MAX, GROUP_NEGATIVES_CHARS_MAX
from semantic.normalize import lemma_key


@dataclass
class ApplyReport:
    negatives: int = 0
    phrases: int = 0
    skipped: list[str] = field(default_factory=list)  # what did not fit or Direct refused, in words


def apply_suggestions(campaign: Campaign, suggestions: list[QuerySuggestion], client: DirectClient) -> ApplyReport:
    report = ApplyReport()
    campaign_id = direct_campaign_id(campaign)
    negatives = [item for item in suggestions if item.kind == SuggestionKind.NEGATIVE]
    applied = _campaign_negatives(campaign, campaign_id, [item for item in negatives if item.direct_group_id is None],
                                  client, report)
    applied += _group_negatives(campaign, [item for item in negatives if item.direct_group_id is not None], client,
                                report)
    applied += _phrases(campaign, campaign_id, [item for item in suggestions if item.kind == SuggestionKind.PHRASE],
                        client, report)
    QuerySuggestion.objects.filter(pk__in=[item.pk for item in applied]).update(status=SuggestionStatus.APPLIED)
    if applied:
        rewrite_export_file(campaign)
    return report


def dismiss_suggestions(suggestions: list[QuerySuggestion]) -> None:
    QuerySuggestion.objects.filter(pk__in=[item.pk for item in suggestions]).update(status=SuggestionStatus.DISMISSED)


def _campaign_negatives(
    campaign: Campaign, campaign_id: int, suggestions: list[QuerySuggestion], client: DirectClient,
    report: ApplyReport,
) -> list[QuerySuggestion]:
    if not suggestions:
        return []
    (held,) = client.get("campaigns", {"SelectionCriteria": {"Ids": [campaign_id]},
                                       "FieldNames": ["Id", "NegativeKeywords"]}, "Campaigns")
    words, added = _merged(_items(held), suggestions, CAMPAIGN_NEGATIVES_CHARS_MAX, report)
    if added:
        _set_idempotent(client, "campaigns", "Campaigns", {"Id": campaign_id, "NegativeKeywords": {"Items": words}})
        local = list(campaign.negative_keywords or [])
        campaign.negative_keywords = local + [item.text for item in added if item.text not in local]
        # The user's minus words too, so a rebuild (which recomputes the negatives) keeps them.
        minus = list(campaign.minus_words or [])
        campaign.minus_words = minus + [item.text for item in added if item.text not in minus]
        campaign.save(update_fields=["negative_keywords", "minus_words", "updated_at"])
        report.negatives += len(added)
    return added


def _group_negatives(
    campaign: Campaign, suggestions: list[QuerySuggestion], client: DirectClient, report: ApplyReport
) -> list[QuerySuggestion]:
    if not suggestions:
        return []
    by_group: dict[int, list[QuerySuggestion]] = defaultdict(list)
    for item in suggestions:
        by_group[item.direct_group_id].append(item)
    held = {
        group["Id"]: _items(group)
        for group in client.get("adgroups", {"SelectionCriteria": {"Ids": list(by_group)},
                                             "FieldNames": ["Id", "NegativeKeywords"]}, "AdGroups")
    }
    rows = _group_rows(campaign)
    applied = []
    for group_id, items in by_group.items():
        if group_id not in held:
            report.skipped += [item.text for item in items]
            continue
        words, added = _merged(held[group_id], items, GROUP_NEGATIVES_CHARS_MAX, report)
        if not added:
            continue
        _set_idempotent(client, "adgroups", "AdGroups", {"Id": group_id, "NegativeKeywords": {"Items": words}})
        row = rows.get(group_id)
        if row is not None:
            local = list(row.negative_keywords or [])
            row.negative_keywords = local + [item.text for item in added if item.text not in local]
            row.save(update_fields=["negative_keywords"])
        report.negatives += len(added)
        applied += added
    return applied


def _phrases(
    campaign: Campaign, campaign_id: int, suggestions: list[QuerySuggestion], client: DirectClient,
    report: ApplyReport,
) -> list[QuerySuggestion]:
    if not suggestions:
        return []
    items = [{"Keyword": item.text, "AdGroupId": item.direct_group_id} for item in suggestions]
    try:
        ids = [result.id if result.ok else None for result in client.add("keywords", "Keywords", items)]
    except OutcomeUnknown:
        ids = _added_after_a_lost_answer(client, campaign_id, items)
    rows = _group_rows(campaign)
    applied = []
    with transaction.atomic():
        for item, direct_id in zip(suggestions, ids, strict=True):
            if direct_id is None:
                report.skipped.append(item.text)
                continue
            group = rows.get(item.direct_group_id)
            keyword, _ = Keyword.objects.update_or_create(
                campaign=campaign, phrase=item.text, defaults={"group": group, "normalized": lemma_key(item.text)}
            )
            DirectObject.objects.update_or_create(
                campaign=campaign, kind=DirectObjectKind.KEYWORD, local_key=str(keyword.pk),
                defaults={"direct_id": direct_id},
            )
            applied.append(item)
    report.phrases += len(applied)
    return applied


def _added_after_a_lost_answer(client: DirectClient, campaign_id: int, items: list[dict]) -> list[int | None]:
    """The keywords Direct holds are matched by phrase and group; only the others are added again (once)."""
    existing = read_existing(client, DirectObjectKind.KEYWORD, campaign_id)
    ids = [existing.get(signature(DirectObjectKind.KEYWORD, item)) for item in items]
    missing = [index for index, direct_id in enumerate(ids) if direct_id is None]
    if missing:
        results = client.add("keywords", "Keywords", [items[index] for index in missing])
        for index, result in zip(missing, results, strict=True):
            ids[index] = result.id if result.ok else None
    return ids


def _merged(
    held: list[str], suggestions: list[QuerySuggestion], limit: int, report: ApplyReport
) -> tuple[list[str], list[QuerySuggestion]]:
    """Direct's list with the suggested words added while the list stays within `limit` characters."""
    words = list(held)
    size = sum(len(word.replace(" ", "")) + 1 for word in words)
    added = []
    for item in suggestions:
        if item.text in words:
            added.append(item)
            continue
        weight = len(item.text.replace(" ", "")) + 1
        if size + weight > limit:
            report.skipped.append(item.text)
            continue
        words.append(item.text)
        size += weight
        added.append(item)
    return words, added


def _items(held: dict) -> list[str]:
    return [str(word) for word in ((held.get("NegativeKeywords") or {}).get("Items") or [])]


def _set_idempotent(client: DirectClient, service: str, key: str, item: dict) -> None:
    """An update that sets a whole value: sending it again after a lost answer does no harm."""
    for attempt in range(settings.YANDEX_DIRECT_RETRIES):
        try:
            client.update(service, key, [item])
            return
        except OutcomeUnknown:
            if attempt == settings.YANDEX_DIRECT_RETRIES - 1:
                raise


def _group_rows(campaign: Campaign) -> dict[int, AdGroup]:
    """Direct group id → our group row (groups a rebuild removed have none)."""
    direct_ids = direct_group_ids(campaign)
    return {direct_ids[group.pk]: group for group in AdGroup.objects.filter(campaign=campaign, pk__in=direct_ids)}


def rewrite_export_file(campaign: Campaign) -> None:
    """The campaign's XLSX written again from its rows, so the file holds what Direct now holds."""
    from campaigns.export import render_file
    from campaigns.export.data import export_data_for

    filename, content = render_file(export_data_for(campaign.pk), fmt="xlsx", ad_format=settings.EXPORT_AD_FORMAT)
    if campaign.export_file:
        campaign.export_file.delete(save=False)
    campaign.export_file.save(filename, ContentFile(content), save=False)
    campaign.keyword_count = campaign.keywords.filter(group__isnull=False).count()
    campaign.save(update_fields=["export_file", "keyword_count", "updated_at"])

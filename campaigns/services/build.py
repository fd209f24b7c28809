"""The work of each pipeline stage: read the previous stage's rows, compute, store this stage's rows.

Each stage is split in two on purpose. `compute` runs outside any transaction (it may call APIs or embed
thousands of phrases for a minute), and `store` replaces the stage's output in one short transaction that also
marks the stage done (see `campaigns.pipeline`). A crash between the two loses only the computation, and running
a stage again replaces its rows instead of adding to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Ad, AdGroup, ApiUsage, Campaign, ExternalService, Keyword, PipelineRun
from semantic.types import Cluster, Phrase

# Direct's limit on a stored phrase is far above any real keyword; longer rows are garbage from a bad file.
MAX_PHRASE_LENGTH = Keyword._meta.get_field("phrase").max_length


@dataclass
class StageContext:
    run: PipelineRun
    campaign: Campaign
    progress: Callable[[int, str], None]
    should_stop: Callable[[], bool]


@dataclass
class StageOutput:
    """What `compute` hands to `store`, and the message users see when the stage is done."""

    data: Any
    message: str


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def _phrases_of(campaign: Campaign) -> list[Phrase]:
    return [
        Phrase(text=phrase, frequency=frequency, exact_frequency=exact)
        for phrase, frequency, exact in campaign.keywords.filter(is_negative=False)
        .order_by("-frequency", "phrase")
        .values_list("phrase", "frequency", "exact_frequency")
    ]


def _replace_keywords(campaign: Campaign, phrases: list[Phrase], normalized: Callable[[str], str]) -> None:
    campaign.keywords.all().delete()
    Keyword.objects.bulk_create(
        Keyword(
            campaign=campaign,
            phrase=phrase.text,
            normalized=normalized(phrase.text)[:MAX_PHRASE_LENGTH],
            frequency=phrase.frequency,
            exact_frequency=phrase.exact_frequency,
        )
        for phrase in phrases
    )


def _update_data(campaign: Campaign, **values) -> None:
    campaign.refresh_from_db(fields=["campaign_data"])
    campaign.campaign_data = {**campaign.campaign_data, **values}
    campaign.save(update_fields=["campaign_data", "updated_at"])


# --- collect -------------------------------------------------------------------------------------------------
def compute_collect(ctx: StageContext) -> StageOutput:
    from semantic.sources import collect
    from semantic.sources.files import read_keyword_file

    campaign = ctx.campaign
    if campaign.keyword_source == "file" or (campaign.keywords_file and not campaign.base_keywords):
        with campaign.keywords_file.open("rb") as file:
            phrases = read_keyword_file(file.read(), campaign.keywords_file.name)
        associations, api_calls, source = [], 0, "file"
    else:
        result = collect(
            list(campaign.base_keywords),
            regions=[int(geo_id) for geo_id in campaign.geo_ids],
            user_token=campaign.owner.yandex_token if campaign.owner else None,
            source=campaign.keyword_source,
            multiplier_lists=campaign.campaign_data.get("multiplier_lists"),
            progress=ctx.progress,
            should_stop=ctx.should_stop,
        )
        phrases, associations, api_calls, source = result.phrases, result.associations, result.api_calls, result.source
    unique: dict[str, Phrase] = {}
    too_long = []
    for phrase in phrases:
        if len(phrase.text) > MAX_PHRASE_LENGTH:
            too_long.append({"phrase": phrase.text[:200] + "…", "frequency": phrase.frequency, "reason": _("too long")})
        elif phrase.text not in unique or unique[phrase.text].frequency < phrase.frequency:
            unique[phrase.text] = phrase
    if not unique:
        from semantic.errors import SemanticError

        raise SemanticError(_("No keyword phrases were found. Add base keywords or upload a keyword file."))
    data = {
        "phrases": list(unique.values()),
        "associations": associations,
        "too_long": too_long,
        "api_calls": api_calls,
        "source": source,
    }
    return StageOutput(data, _("Collected %(count)s phrases") % {"count": _number(len(unique))})


def store_collect(ctx: StageContext, data: dict) -> None:
    _replace_keywords(ctx.campaign, data["phrases"], normalized=lambda text: "")
    ctx.campaign.groups.all().delete()
    _update_data(
        ctx.campaign,
        associations=[{"phrase": item.text, "frequency": item.frequency} for item in data["associations"]],
        collect_removed=data["too_long"],
        keyword_source_used=data["source"],
    )
    if data["api_calls"]:
        _add_usage(ctx.run, ExternalService.WORDSTAT, calls=data["api_calls"])


# --- clean ---------------------------------------------------------------------------------------------------
def compute_clean(ctx: StageContext) -> StageOutput:
    from semantic.normalize import clean

    result = clean(
        _phrases_of(ctx.campaign),
        minus_words=list(ctx.campaign.minus_words),
        min_frequency=settings.PIPELINE_MIN_FREQUENCY,
        progress=ctx.progress,
        should_stop=ctx.should_stop,
    )
    if not result.kept:
        from semantic.errors import SemanticError

        raise SemanticError(_("Cleaning removed every phrase. Check your minus words or add more keywords."))
    message = _("Kept %(kept)s phrases, removed %(removed)s") % {
        "kept": _number(len(result.kept)),
        "removed": _number(len(result.removed)),
    }
    return StageOutput(result, message)


def store_clean(ctx: StageContext, result) -> None:
    from semantic.normalize import lemma_key

    _replace_keywords(ctx.campaign, result.kept, normalized=lemma_key)
    removed = [{"phrase": item.text, "frequency": item.frequency, "reason": item.reason} for item in result.removed]
    _update_data(ctx.campaign, removed=ctx.campaign.campaign_data.get("collect_removed", []) + removed)


# --- cluster -------------------------------------------------------------------------------------------------
def compute_cluster(ctx: StageContext) -> StageOutput:
    from semantic.clustering import cluster

    result = cluster(_phrases_of(ctx.campaign), progress=ctx.progress, should_stop=ctx.should_stop)
    return StageOutput(result, _("Formed %(count)s ad groups") % {"count": _number(len(result.clusters))})


def store_cluster(ctx: StageContext, result) -> None:
    campaign = ctx.campaign
    campaign.groups.all().delete()
    groups = AdGroup.objects.bulk_create(
        AdGroup(campaign=campaign, number=number, name=cluster.name[:255])
        for number, cluster in enumerate(result.clusters, start=1)
    )
    keyword_ids = dict(campaign.keywords.filter(is_negative=False).values_list("phrase", "pk"))
    for group, cluster in zip(groups, result.clusters, strict=True):
        ids = [keyword_ids[phrase.text] for phrase in cluster.phrases if phrase.text in keyword_ids]
        Keyword.objects.filter(pk__in=ids).update(group=group)
    _update_data(campaign, cluster_notes=list(result.notes))


def _clusters_of(campaign: Campaign) -> tuple[list[AdGroup], list[Cluster]]:
    groups = list(campaign.groups.order_by("number"))
    phrases: dict[int, list[Phrase]] = {group.pk: [] for group in groups}
    for group_id, phrase, frequency, exact in (
        campaign.keywords.filter(is_negative=False, group__isnull=False)
        .order_by("-frequency", "phrase")
        .values_list("group_id", "phrase", "frequency", "exact_frequency")
    ):
        phrases[group_id].append(Phrase(phrase, frequency, exact))
    clusters = [
        Cluster(name=group.name, phrases=phrases[group.pk], total_frequency=sum(p.frequency for p in phrases[group.pk]))
        for group in groups
    ]
    return groups, clusters


# --- negatives -----------------------------------------------------------------------------------------------
def compute_negatives(ctx: StageContext) -> StageOutput:
    from semantic.negatives import build_negatives

    groups, clusters = _clusters_of(ctx.campaign)
    associations = [
        Phrase(item["phrase"], item.get("frequency", 0)) for item in ctx.campaign.campaign_data.get("associations", [])
    ]
    result = build_negatives(clusters, stop_words=list(ctx.campaign.minus_words), associations=associations)
    total = sum(len(words) for words in result.group_negatives) + len(result.campaign_negatives)
    return StageOutput((groups, result), _("Added %(count)s negative keywords") % {"count": _number(total)})


def store_negatives(ctx: StageContext, data) -> None:
    groups, result = data
    for group, negatives in zip(groups, result.group_negatives, strict=True):
        AdGroup.objects.filter(pk=group.pk).update(negative_keywords=list(negatives))
    _update_data(
        ctx.campaign, negative_keywords=list(result.campaign_negatives), unplaced_negatives=list(result.unplaced)
    )


# --- ads -----------------------------------------------------------------------------------------------------
def compute_ads(ctx: StageContext) -> StageOutput:
    from campaigns.ads import get_writer
    from campaigns.ads.types import GroupBrief, Sitelink

    campaign = ctx.campaign
    groups, clusters = _clusters_of(campaign)
    sitelinks = [Sitelink(**item) for item in campaign.sitelinks]
    briefs = [
        GroupBrief(
            key=group.number,
            name=group.name,
            phrases=[phrase.text for phrase in cluster.phrases[: settings.PIPELINE_PHRASES_PER_BRIEF]],
            product_description=campaign.product_description,
            region_name=campaign.region_name,
            landing_url=campaign.target_url,
            benefits=list(campaign.benefits),
            sitelinks=sitelinks,
            callouts=list(campaign.callouts),
            language=campaign.language,
            campaign_id=campaign.pk,
        )
        for group, cluster in zip(groups, clusters, strict=True)
    ]
    result = get_writer().write(briefs, progress=ctx.progress, should_stop=ctx.should_stop)
    count = sum(len(ads) for ads in result.ads.values())
    return StageOutput((groups, result), _("Wrote %(count)s ads") % {"count": _number(count)})


def store_ads(ctx: StageContext, data) -> None:
    groups, result = data
    Ad.objects.filter(group__campaign=ctx.campaign).delete()
    Ad.objects.bulk_create(
        Ad(group=group, **draft.as_model_fields()) for group in groups for draft in result.ads.get(group.number, [])
    )
    _update_data(ctx.campaign, ad_fallbacks=list(result.fallbacks), rejected_ads=list(result.rejected))
    usage = result.usage or {}
    if usage.get("requests"):
        _add_usage(
            ctx.run,
            ExternalService.OPENAI,
            calls=usage.get("requests", 0),
            errors=usage.get("failed_requests", 0),
            prompt_tokens=usage.get("prompt_tokens", 0),
            completion_tokens=usage.get("completion_tokens", 0),
            cost_usd=usage.get("estimated_cost_usd", 0),
        )


# --- export --------------------------------------------------------------------------------------------------
def compute_export(ctx: StageContext) -> StageOutput:
    from campaigns.export import export_campaign_file

    campaign = ctx.campaign
    ctx.progress(10, _("Writing the XLSX file"))
    filename, content = export_campaign_file(campaign.pk, fmt="xlsx", ad_format=settings.EXPORT_AD_FORMAT)
    spreadsheet_url, sheet_error = "", ""
    if settings.GOOGLE_SERVICE_ACCOUNT_FILE:
        from campaigns.export.data import export_data_for
        from campaigns.export.sheets import export_to_google_sheets

        ctx.progress(60, _("Creating the Google Sheet"))
        owner = campaign.owner
        try:
            spreadsheet_url = export_to_google_sheets(
                export_data_for(campaign.pk),
                share_with=owner.google_email if owner and owner.google_email else None,
                ad_format=settings.EXPORT_AD_FORMAT,
            )
        except Exception as error:  # the XLSX is the product; a Sheets outage is reported, not fatal
            sheet_error = str(error)[:500]
    return StageOutput((filename, content, spreadsheet_url, sheet_error), _("Campaign file is ready"))


def store_export(ctx: StageContext, data) -> None:
    filename, content, spreadsheet_url, sheet_error = data
    campaign = ctx.campaign
    if campaign.export_file:
        campaign.export_file.delete(save=False)
    campaign.export_file.save(filename, ContentFile(content), save=False)
    campaign.spreadsheet_url = spreadsheet_url or campaign.spreadsheet_url
    campaign.keyword_count = campaign.keywords.filter(is_negative=False, group__isnull=False).count()
    campaign.group_count = campaign.groups.count()
    campaign.ad_count = Ad.objects.filter(group__campaign=campaign).count()
    campaign.save(
        update_fields=["export_file", "spreadsheet_url", "keyword_count", "group_count", "ad_count", "updated_at"]
    )
    _update_data(campaign, sheets_error=sheet_error, exported_at=timezone.now().isoformat())
    if spreadsheet_url or sheet_error:
        _add_usage(ctx.run, ExternalService.GOOGLE, calls=1, errors=1 if sheet_error else 0)


def _add_usage(run: PipelineRun, service: str, **counts) -> None:
    usage, _created = ApiUsage.objects.get_or_create(run=run, service=service)
    for name, value in counts.items():
        setattr(usage, name, getattr(usage, name) + value)
    usage.save()


STAGE_WORK = {
    "collect": (compute_collect, store_collect),
    "clean": (compute_clean, store_clean),
    "cluster": (compute_cluster, store_cluster),
    "negatives": (compute_negatives, store_negatives),
    "ads": (compute_ads, store_ads),
    "export": (compute_export, store_export),
}

"""Stage 5: ads for every group, by the LLM writer when configured, the template writer otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from campaigns.models import Ad, AdGroup, ExternalService
from campaigns.pipeline.context import StageContext, StageOutput, add_usage, clusters_of, save_fields
from campaigns.pipeline.options import landing_text, page_of
from core.formatting import format_number
from semantic.operators import parse_phrase
from semantic.seller import detect_seller

if TYPE_CHECKING:  # the writers load their models only when the stage runs
    from campaigns.ads.types import WriteResult


@dataclass
class WrittenAds:
    groups: list[AdGroup]  # the stored groups; `result.ads` is keyed by their numbers
    result: WriteResult


def compute(ctx: StageContext) -> StageOutput[WrittenAds]:
    from campaigns.ads import get_writer
    from campaigns.ads.types import GroupBrief, Sitelink

    campaign = ctx.campaign
    groups, clusters = clusters_of(campaign)
    sitelinks = [Sitelink(**item) for item in campaign.sitelinks]
    region_name = campaign.region_name
    page = page_of(campaign)
    seller = detect_seller(
        [campaign.name, campaign.product_description, *campaign.benefits],
        landing_text(page),
        [phrase.text for cluster in clusters for phrase in cluster.phrases],
    )  # once for the campaign: a group's ten phrases are too few to tell a shop from a service
    briefs = [
        GroupBrief(
            key=group.number,
            name=group.name,
            # bare words: a head term is stored in quotes (`"скуд"`), an ad never shows them
            phrases=[
                parse_phrase(phrase.text).bare_text or phrase.text
                for phrase in cluster.phrases[: settings.PIPELINE_PHRASES_PER_BRIEF]
            ],
            product_description=campaign.product_description,
            region_name=region_name,
            landing_url=campaign.target_url,
            benefits=list(campaign.benefits),
            sitelinks=sitelinks,
            callouts=list(campaign.callouts),
            language=campaign.language,
            campaign_id=campaign.pk,
            page=page,
            names=[campaign.name],
            seller=seller,
        )
        for group, cluster in zip(groups, clusters, strict=True)
    ]
    result = get_writer().write(briefs, progress=ctx.progress, should_stop=ctx.should_stop)
    count = sum(len(ads) for ads in result.ads.values())
    return StageOutput(WrittenAds(groups, result), _("Wrote %(count)s ads") % {"count": format_number(count)})


def store(ctx: StageContext, data: WrittenAds) -> None:
    groups, result = data.groups, data.result
    Ad.objects.filter(group__campaign=ctx.campaign).delete()
    Ad.objects.bulk_create(
        Ad(group=group, **draft.as_model_fields()) for group in groups for draft in result.ads.get(group.number, [])
    )
    save_fields(ctx.campaign, ad_fallbacks=list(result.fallbacks), rejected_ads=list(result.rejected))
    usage = result.usage or {}
    if usage.get("requests"):
        # Calls, errors and rate-limit hits are counted per HTTP attempt by core.api_counters (see the runner).
        add_usage(
            ctx.run,
            ExternalService.OPENAI,
            prompt_tokens=usage.get("prompt_tokens", 0),
            completion_tokens=usage.get("completion_tokens", 0),
            cost_usd=usage.get("estimated_cost_usd", 0),
        )

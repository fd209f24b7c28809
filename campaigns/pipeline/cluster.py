"""Stage 3: the cleaned phrases grouped into ad groups; phrases naming a competitor, when kept, get one of their
own (RELEVANCE_COMPETITOR_BRANDS=group), so their ads and bids can be set apart."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import AdGroup, Keyword
from campaigns.pipeline.context import StageContext, StageOutput, phrases_of, save_fields
from campaigns.pipeline.options import clustering_options
from core.formatting import format_number
from semantic.head_terms import quoted
from semantic.types import Cluster, ClusterResult


def compute(ctx: StageContext) -> StageOutput[ClusterResult]:
    from semantic.clustering import cluster

    result = cluster(
        phrases_of(ctx.campaign, names_competitor=False),
        options=clustering_options(),
        progress=ctx.progress,
        should_stop=ctx.should_stop,
        brief=ctx.campaign.product_description,
    )
    competitors = phrases_of(ctx.campaign, names_competitor=True)
    if competitors:
        total = sum(phrase.frequency or 0 for phrase in competitors)
        result.clusters.append(Cluster(name=_("Competitor brands"), phrases=competitors, total_frequency=total))
    return StageOutput(result, _("Formed %(count)s ad groups") % {"count": format_number(len(result.clusters))})


def store(ctx: StageContext, result: ClusterResult) -> None:
    campaign = ctx.campaign
    campaign.groups.all().delete()
    groups = AdGroup.objects.bulk_create(
        AdGroup(campaign=campaign, number=number, name=cluster.name[:255])
        for number, cluster in enumerate(result.clusters, start=1)
    )
    keyword_ids = dict(campaign.keywords.values_list("phrase", "pk"))
    for group, cluster in zip(groups, result.clusters, strict=True):
        ids = [keyword_ids[phrase.text] for phrase in cluster.phrases if phrase.text in keyword_ids]
        Keyword.objects.filter(pk__in=ids).update(group=group)
    for text in result.head_terms:  # one-word broad keys run as phrase match (semantic/head_terms.py)
        if not campaign.keywords.filter(phrase=quoted(text)).exists():  # the list may hold both already
            campaign.keywords.filter(phrase=text).update(phrase=quoted(text))
    save_fields(campaign, cluster_notes=list(result.notes))

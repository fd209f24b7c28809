"""Stage 4: campaign negatives and cross-negatives between the user's own groups."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import AdGroup
from campaigns.pipeline.context import StageContext, StageOutput, clusters_of, save_fields
from core.formatting import format_number
from semantic.types import Phrase


def compute(ctx: StageContext) -> StageOutput:
    from semantic.negatives import build_negatives

    groups, clusters = clusters_of(ctx.campaign)
    associations = [Phrase(item["phrase"], item.get("frequency", 0)) for item in ctx.campaign.associations]
    result = build_negatives(clusters, stop_words=list(ctx.campaign.minus_words), associations=associations)
    total = sum(len(words) for words in result.group_negatives) + len(result.campaign_negatives)
    return StageOutput((groups, result), _("Added %(count)s negative keywords") % {"count": format_number(total)})


def store(ctx: StageContext, data) -> None:
    groups, result = data
    for group, negatives in zip(groups, result.group_negatives, strict=True):
        AdGroup.objects.filter(pk=group.pk).update(negative_keywords=list(negatives))
    save_fields(
        ctx.campaign, negative_keywords=list(result.campaign_negatives), unplaced_negatives=list(result.unplaced)
    )

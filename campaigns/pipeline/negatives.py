"""Stage 4: campaign negatives (intent dictionaries, what sets certain or confirmed removals apart, other cities)
and cross-negatives between the user's own groups; none blocks a kept phrase, a judged removal is not negated until
the user confirms it, and what does not fit is reported."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from campaigns.models import AdGroup
from campaigns.pipeline.context import StageContext, StageOutput, clusters_of, save_fields
from campaigns.pipeline.options import brief_of, negative_options
from core.formatting import format_number
from semantic.types import NegativesResult, RemovedPhrase


@dataclass
class GroupNegatives:
    groups: list[AdGroup]  # the stored groups, in the order of `result.group_negatives`
    result: NegativesResult


def compute(ctx: StageContext) -> StageOutput[GroupNegatives]:
    from semantic.negatives import build_negatives

    campaign = ctx.campaign
    groups, clusters = clusters_of(campaign)
    removed = [
        RemovedPhrase(*row)
        for row in campaign.removed_phrases.values_list("phrase", "frequency", "reason", "code", "confidence")
    ]
    result = build_negatives(
        clusters,
        brief=brief_of(campaign),
        removed=removed,
        stop_words=list(campaign.minus_words),
        options=negative_options(),
    )
    total = sum(len(words) for words in result.group_negatives) + len(result.campaign_negatives)
    message = _("Added %(count)s negative keywords") % {"count": format_number(total)}
    return StageOutput(GroupNegatives(groups, result), message)


def store(ctx: StageContext, data: GroupNegatives) -> None:
    result = data.result
    for group, negatives in zip(data.groups, result.group_negatives, strict=True):
        AdGroup.objects.filter(pk=group.pk).update(negative_keywords=list(negatives))
    save_fields(
        ctx.campaign,
        negative_keywords=list(result.campaign_negatives),
        dropped_negatives=[asdict(item) for item in result.dropped],
    )

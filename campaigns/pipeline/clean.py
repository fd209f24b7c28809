"""Stage 2: phrases Direct would reject, stop words, dead and duplicate phrases go, each with its reason."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from campaigns.models import RemovalStage, RemovedPhrase
from campaigns.pipeline.context import StageContext, StageOutput, phrases_of, replace_keywords
from core.formatting import format_number
from semantic.errors import SemanticError


def compute(ctx: StageContext) -> StageOutput:
    from semantic.normalize import clean

    result = clean(
        phrases_of(ctx.campaign),
        minus_words=list(ctx.campaign.minus_words),
        min_frequency=settings.PIPELINE_MIN_FREQUENCY,
        progress=ctx.progress,
        should_stop=ctx.should_stop,
    )
    if not result.kept:
        raise SemanticError(_("Cleaning removed every phrase. Check your minus words or add more keywords."))
    message = _("Kept %(kept)s phrases, removed %(removed)s") % {
        "kept": format_number(len(result.kept)),
        "removed": format_number(len(result.removed)),
    }
    return StageOutput(result, message)


def store(ctx: StageContext, result) -> None:
    from semantic.normalize import lemma_key

    campaign = ctx.campaign
    replace_keywords(campaign, result.kept, normalized=lemma_key)
    campaign.removed_phrases.filter(stage=RemovalStage.CLEAN).delete()
    RemovedPhrase.objects.bulk_create(
        RemovedPhrase(
            campaign=campaign, stage=RemovalStage.CLEAN, phrase=item.text, frequency=item.frequency, reason=item.reason
        )
        for item in result.removed
    )

"""Stage 2: what Direct would reject, stop words, dead and duplicate phrases go, then whatever is not the user's
market (other markets, informational queries, other cities, used goods, marketplaces, competitors), each with a
reason the user reads on the removed-phrases sheet and can undo (`Campaign.kept_phrases`), and a confidence: judged
removals wait for the user, and kept phrases a judged rule doubts are marked (`Keyword.doubt_code`) so the user can
remove them too (`Campaign.confirmed_removals`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.models import Keyword, RemovalStage, RemovedPhrase
from campaigns.pipeline.context import StageContext, StageOutput, phrases_of, replace_keywords
from campaigns.pipeline.options import brief_of, cleaning_options, relevance_options
from core.formatting import format_number
from semantic.types import Phrase, confidence_of
from semantic.types import RemovedPhrase as Removed


@dataclass
class Cleaned:
    kept: list[Phrase]
    removed: list[Removed]
    competitor_phrases: list[Phrase]
    doubtful: list[Removed]  # kept, but a judged rule doubts them: listed with "remove these too"


def compute(ctx: StageContext) -> StageOutput[Cleaned]:
    from semantic.normalize import clean
    from semantic.relevance import judge_relevance

    campaign = ctx.campaign
    brief = brief_of(campaign)
    cleaned = clean(
        phrases_of(campaign),
        cleaning_options(campaign),
        minus_words=list(campaign.minus_words),
        brief=brief,
        progress=lambda percent, message: ctx.progress(int(percent * 0.7), message),
        should_stop=ctx.should_stop,
    )
    ctx.progress(70, _("Checking which phrases are your market"))
    judged = judge_relevance(
        cleaned.kept,
        brief,
        relevance_options(),
        keep=campaign.kept_phrases,
        confirmed=campaign.confirmed_removals,
    )
    result = Cleaned(judged.kept, cleaned.removed + judged.removed, judged.competitor_phrases, judged.doubtful)
    message = _("Kept %(kept)s phrases, removed %(removed)s") % {
        "kept": format_number(len(result.kept)),
        "removed": format_number(len(result.removed)),
    }
    return StageOutput(result, message)


def store(ctx: StageContext, result: Cleaned) -> None:
    from semantic.normalize import lemma_key

    campaign = ctx.campaign
    replace_keywords(campaign, result.kept, normalized=lemma_key)
    if result.competitor_phrases:
        competitors = [phrase.text for phrase in result.competitor_phrases]
        Keyword.objects.filter(campaign=campaign, phrase__in=competitors).update(names_competitor=True)
    for item in result.doubtful:
        Keyword.objects.filter(campaign=campaign, phrase=item.text).update(
            doubt_code=item.code, doubt_reason=item.reason[:255]
        )
    campaign.removed_phrases.filter(stage=RemovalStage.CLEAN).delete()
    RemovedPhrase.objects.bulk_create(
        RemovedPhrase(
            campaign=campaign,
            stage=RemovalStage.CLEAN,
            phrase=item.text,
            frequency=item.frequency,
            reason=item.reason,
            code=item.code,
            confidence=item.confidence or confidence_of(item.code),
        )
        for item in result.removed
    )

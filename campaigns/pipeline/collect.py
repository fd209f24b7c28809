"""Stage 1: the inputs. The phrases with their frequencies (from Wordstat, the uploaded file or the base keywords),
and the landing page: what it sells, its sections and facts, which relevance and the ads use. A page that cannot
be read is a warning kept with the campaign, never a failed build."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.keyword_files import read_keyword_file_isolated
from campaigns.landing import LandingPage, read_landing
from campaigns.models import RemovalStage, RemovedPhrase
from campaigns.pipeline.context import (
    MAX_PHRASE_LENGTH,
    StageContext,
    StageOutput,
    replace_keywords,
    save_fields,
)
from campaigns.pipeline.options import landing_options
from core.formatting import format_number
from semantic.errors import SemanticError
from semantic.types import Phrase


@dataclass
class Collected:
    phrases: list[Phrase]
    too_long: list[RemovedPhrase]  # unsaved rows: phrases too long to store, reported as removed
    source: str  # where the phrases came from (`Campaign.keyword_source_used`)
    page: LandingPage


def compute(ctx: StageContext) -> StageOutput[Collected]:
    from semantic.sources import collect

    campaign = ctx.campaign
    ctx.progress(0, _("Reading the landing page"))
    page = read_landing(campaign.target_url, landing_options(), stored=campaign.landing_page)
    if campaign.keyword_source == "file" or (campaign.keywords_file and not campaign.base_keywords):
        with campaign.keywords_file.open("rb") as file:
            phrases = read_keyword_file_isolated(file.read(), campaign.keywords_file.name).phrases
        source = "file"
    else:
        result = collect(
            list(campaign.base_keywords),
            regions=[int(geo_id) for geo_id in campaign.geo_ids],
            user_token=campaign.owner.yandex_token if campaign.owner else None,
            source=campaign.keyword_source,
            multiplier_lists=campaign.multiplier_lists or None,
            progress=ctx.progress,
            should_stop=ctx.should_stop,
        )
        phrases, source = result.phrases, result.source  # its calls are counted by core.api_counters
    unique: dict[str, Phrase] = {}
    too_long = []
    for phrase in phrases:
        if len(phrase.text) > MAX_PHRASE_LENGTH:
            cut = phrase.text[:200] + "…"
            too_long.append(RemovedPhrase(phrase=cut, frequency=phrase.frequency, reason=_("too long")))
        elif phrase.text not in unique or unique[phrase.text].frequency < phrase.frequency:
            unique[phrase.text] = phrase
    if not unique:
        raise SemanticError(_("No keyword phrases were found. Add base keywords or upload a keyword file."))
    data = Collected(phrases=list(unique.values()), too_long=too_long, source=source, page=page)
    return StageOutput(data, _("Collected %(count)s phrases") % {"count": format_number(len(unique))})


def store(ctx: StageContext, data: Collected) -> None:
    campaign = ctx.campaign
    replace_keywords(campaign, data.phrases, normalized=lambda text: "")
    campaign.groups.all().delete()
    campaign.removed_phrases.all().delete()
    for row in data.too_long:
        row.campaign, row.stage = campaign, RemovalStage.COLLECT
    RemovedPhrase.objects.bulk_create(data.too_long)
    save_fields(campaign, keyword_source_used=data.source, landing_page=data.page.to_dict())


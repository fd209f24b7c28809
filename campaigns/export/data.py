"""What an export contains, as plain data: the writers, the limit check and the reader share these classes.

The writers never touch the database, so the same code serves the pipeline (`export_data_for`), the benchmark
(a campaign built in memory) and round trips (`reader.read_direct_file` gives back the same classes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from campaigns.models import BY_FREQUENCY, Ad, AdGroup, Campaign, Keyword

AD_FORMATS = ("combinatorial", "text_image")


@dataclass(frozen=True)
class ExportSitelink:
    title: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class ExportAd:
    """One ad. `kind` is the format it was written for; a writer asked for the other format converts it."""

    kind: str
    titles: list[str]
    texts: list[str]
    link: str
    display_link: str = ""
    sitelinks: list[ExportSitelink] = field(default_factory=list)
    callouts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportKeyword:
    phrase: str
    frequency: int | None = 0  # None: unknown
    bid: Decimal | None = None
    exact_frequency: int | None = None


@dataclass
class ExportGroup:
    number: int
    name: str
    keywords: list[ExportKeyword]
    negative_keywords: list[str] = field(default_factory=list)
    ads: list[ExportAd] = field(default_factory=list)


@dataclass(frozen=True)
class RemovedRow:
    phrase: str
    frequency: int
    reason: str
    code: str = ""  # a `semantic.types.Removal` value: what the summary counts by
    confidence: str = ""  # a `semantic.types.Confidence` value; empty: the code's own (`confidence_of`)


@dataclass
class ExportCampaign:
    name: str
    campaign_id: int | None = None  # Direct Helper's id, for file names; Direct's own number is never written
    region_names: list[str] = field(default_factory=list)
    negative_keywords: list[str] = field(default_factory=list)
    groups: list[ExportGroup] = field(default_factory=list)
    removed: list[RemovedRow] = field(default_factory=list)
    doubtful: list[RemovedRow] = field(default_factory=list)  # kept phrases a judged rule doubts
    dropped_negatives: list[str] = field(default_factory=list)  # why each wanted negative is not in the file
    budget: Decimal | None = None  # the user's monthly budget, split on the summary sheet
    description: str = ""  # what the user sells: its services' searches weigh more in the budget split
    landing_text: str = ""  # the landing page's text: the vendors it names keep their weight in the budget split
    min_exact: int = 0  # the exact-frequency threshold the phrases were filtered by (0: off)
    exact_known: bool = True  # whether the input had exact frequencies at all (a plain list or file may not)
    currency: str = "RUB"


def ads_in_format(group: ExportGroup, ad_format: str) -> list[ExportAd]:
    """The ads a group exports in one format: its ads of that kind (the first is the main ad).

    A group whose ads were all written in the other format keeps them, converted by the writer, so switching the
    format option never produces a group without ads.
    """
    if ad_format not in AD_FORMATS:
        raise ValueError(f"ad_format must be one of {', '.join(AD_FORMATS)}, got {ad_format!r}")
    same_kind = [ad for ad in group.ads if ad.kind == ad_format]
    return same_kind or list(group.ads)


def ads_in_file(data: ExportCampaign, ad_format: str) -> int:
    """How many ads a file of this format holds: what every count shown to the user means by "ads"."""
    return sum(len(ads_in_format(group, ad_format)) for group in data.groups)


def export_data_for(campaign_id: int) -> ExportCampaign:
    """Reads a built campaign from the database: groups by number, keywords by frequency, ads by id."""
    campaign = Campaign.objects.get(pk=campaign_id)
    groups = (
        AdGroup.objects.filter(campaign=campaign)
        .order_by("number")
        .prefetch_related(
            Prefetch("keywords", queryset=Keyword.objects.order_by(BY_FREQUENCY, "phrase")),
            Prefetch("ads", queryset=Ad.objects.order_by("id")),
        )
    )
    return ExportCampaign(
        name=campaign.name,
        campaign_id=campaign.pk,
        region_names=campaign.region_names(),
        negative_keywords=[str(word) for word in campaign.negative_keywords],
        groups=[
            ExportGroup(
                number=group.number,
                name=group.name,
                keywords=[
                    ExportKeyword(keyword.phrase, keyword.frequency, exact_frequency=keyword.exact_frequency)
                    for keyword in group.keywords.all()
                ],
                negative_keywords=[str(word) for word in group.negative_keywords or []],
                ads=[_export_ad(ad) for ad in group.ads.all()],
            )
            for group in groups
        ],
        removed=[
            RemovedRow(*row)
            for row in campaign.removed_phrases.order_by("pk").values_list(
                "phrase", "frequency", "reason", "code", "confidence"
            )
        ],
        doubtful=[
            RemovedRow(*row, confidence="judged")
            for row in campaign.keywords.doubtful().values_list("phrase", "frequency", "doubt_reason", "doubt_code")
        ],
        dropped_negatives=[str(item.get("message") or item.get("negative")) for item in campaign.dropped_negatives],
        min_exact=campaign.min_exact,
        exact_known=campaign.keywords.filter(exact_frequency__isnull=False).exists()
        or campaign.removed_phrases.filter(code="low_exact_frequency").exists(),
        budget=campaign.budget,
        description=campaign.product_description,
        landing_text=campaign.landing_text,
    )


def _export_ad(ad: Ad) -> ExportAd:
    return ExportAd(
        kind=ad.kind,
        titles=[str(title) for title in ad.titles or []],
        texts=[str(text) for text in ad.texts or []],
        link=ad.link,
        display_link=ad.display_link,
        sitelinks=[
            ExportSitelink(str(item.get("title", "")), str(item.get("url", "")), str(item.get("description") or ""))
            for item in ad.sitelinks or []
        ],
        callouts=[str(callout) for callout in ad.callouts or []],
    )

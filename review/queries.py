"""What the review page shows, read a page at a time so a 2,500-phrase campaign stays fast.

Groups come warnings first (an ad with problems, a group without ads, a single phrase, a competitor's phrases),
then by searches; each page reads its groups' phrases and ads in three queries. Removed phrases come by reason,
those the user may overrule (relevance's doubtful verdicts and the reviewer's own removals) first. Negatives are
shown with the kept phrases each would block (a conflict to fix) and the removed phrases it stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, Count, Exists, ExpressionWrapper, OuterRef, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from campaigns.ads.text import counted_length
from campaigns.ads.validator import Problem
from campaigns.models import Ad, AdGroup, AdKind, Campaign, Keyword, RemovalConfidence
from campaigns.services.review_edits import REMOVED_BY_REVIEWER, REMOVED_BY_REVIEWER_LABEL, RESTORABLE_REASONS
from core import direct_limits as limits
from semantic.negatives import blocked_phrases
from semantic.types import removal_label

REMOVED_PER_PAGE = 50
SHOWN_HITS = 5


@dataclass
class CopyField:
    """One input of the ad form: its name, value, the Direct limit and how Direct counts it."""

    name: str
    label: str
    value: str
    maximum: int
    narrow_free: bool = False  # Title 2 and texts: narrow punctuation is not counted
    multiline: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def length(self) -> int:
        """The length as Direct counts it (the page's script recounts as the reviewer types)."""
        return counted_length(self.value) if self.narrow_free else len(self.value)

    def html(self) -> SafeString:
        """The input with its label, counter and errors, every value escaped. Built here rather than in a template:
        a page holds hundreds of these, and format_html is many times faster than a template include."""
        pattern = 'name="{}" data-max="{}" data-narrow-free' if self.narrow_free else 'name="{}" data-max="{}"'
        attributes = format_html(pattern, self.name, self.maximum)
        if self.multiline:
            control = format_html('<textarea {} rows="2">{}</textarea>', attributes, self.value)
        else:
            control = format_html('<input type="text" {} value="{}">', attributes, self.value)
        return format_html(
            '<div class="field{}"><label>{}{}</label><span class="counter{}">{}/{}</span>{}</div>',
            " invalid" if self.errors else "",
            self.label,
            control,
            " over" if self.length > self.maximum else "",
            self.length,
            self.maximum,
            format_html_join("", '<p class="error" role="alert">{}</p>', ((error,) for error in self.errors)),
        )


@dataclass
class AdCard:
    ad: Ad
    titles: list[CopyField]
    texts: list[CopyField]
    display_link: CopyField
    sitelinks: list[tuple[CopyField, CopyField, CopyField]]
    callouts: list[CopyField]
    general_errors: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[CopyField]:
        """Every input in the form's order."""
        sitelinks = [part for parts in self.sitelinks for part in parts]
        return [*self.titles, *self.texts, self.display_link, *sitelinks, *self.callouts]

    @property
    def has_errors(self) -> bool:
        """Open the form when the validator refused something in it (stored problems or what was just typed)."""
        return bool(self.general_errors or self.ad.validation_problems or any(item.errors for item in self.fields))


@dataclass
class GroupCard:
    group: AdGroup
    keywords: list[Keyword]
    frequency: int
    share: float
    budget: Decimal | None
    ads: list[AdCard]
    negatives: list[tuple[str, list[str]]]  # (negative, own phrases it blocks)
    warnings: list[str]

    @property
    def percent(self) -> float:
        return self.share * 100


def match_type(phrase: str) -> str:
    """Direct's match type, from the operators written in the phrase."""
    text = phrase.strip()
    if text.startswith('"') and text.endswith('"'):
        return _("exact phrase")
    if "[" in text:
        return _("fixed order")
    if "!" in text:
        return _("fixed form")
    return _("broad")


def campaign_totals(campaign: Campaign) -> dict:
    totals = Keyword.objects.filter(campaign=campaign, group__isnull=False).aggregate(
        phrases=Count("pk"), frequency=Coalesce(Sum("frequency"), 0)
    )
    return {**totals, "groups": campaign.groups.count(), "removed": campaign.removed_phrases.count()}


def group_page(campaign: Campaign, number: int, total_frequency: int, search: str = "") -> Page:
    """One page of group cards, warnings first; with `search`, only groups whose name or a phrase contains it."""
    bad_ads = Ad.objects.filter(group=OuterRef("pk")).exclude(validation_problems=[])
    any_ads = Ad.objects.filter(group=OuterRef("pk"))
    groups = (
        AdGroup.objects.filter(campaign=campaign)
        .annotate(
            phrase_count=Count("keywords"),
            frequency=Coalesce(Sum("keywords__frequency"), 0),
            competitor=Count("keywords", filter=Q(keywords__names_competitor=True)),
            bad_ads=Exists(bad_ads),
            has_ads=Exists(any_ads),
        )
        .annotate(single=ExpressionWrapper(Q(phrase_count=1), output_field=BooleanField()))
        .order_by("-bad_ads", "has_ads", "-competitor", "-single", "-frequency", "number")
    )
    if search:
        matching = Keyword.objects.filter(campaign=campaign, phrase__icontains=search.lower()).values("group_id")
        groups = groups.filter(Q(name__icontains=search) | Q(pk__in=matching))
    page = Paginator(groups, settings.REVIEW_GROUPS_PER_PAGE).get_page(number)
    ids = [group.pk for group in page.object_list]
    keywords: dict[int, list[Keyword]] = {pk: [] for pk in ids}
    for keyword in Keyword.objects.filter(group_id__in=ids).order_by("-frequency", "phrase"):
        keyword.match_label = match_type(keyword.phrase)
        keywords[keyword.group_id].append(keyword)
    ads: dict[int, list[Ad]] = {pk: [] for pk in ids}
    for ad in Ad.objects.filter(group_id__in=ids).order_by("id"):
        ads[ad.group_id].append(ad)
    page.object_list = [
        _card(campaign, group, keywords[group.pk], ads[group.pk], total_frequency) for group in page.object_list
    ]
    return page


def _card(campaign: Campaign, group: AdGroup, keywords: list[Keyword], ads: list[Ad], total: int) -> GroupCard:
    share = group.frequency / total if total else 0.0
    phrases = [keyword.phrase for keyword in keywords]
    negatives = list(blocked_phrases(group.negative_keywords, phrases).items())
    warnings = []
    if any(ad.validation_problems for ad in ads):
        warnings.append(_("an ad breaks Direct's rules"))
    if not ads:
        warnings.append(_("no ads"))
    if len(keywords) == 1:
        warnings.append(_("a single phrase"))
    if group.competitor:
        warnings.append(_("names a competitor"))
    if any(hits for _negative, hits in negatives):
        warnings.append(_("a negative blocks the group's own phrases"))
    return GroupCard(
        group=group,
        keywords=keywords,
        frequency=group.frequency,
        share=share,
        budget=(campaign.budget * group.frequency / total).quantize(Decimal(1)) if campaign.budget and total else None,
        ads=[ad_card(ad) for ad in ads],
        negatives=negatives,
        warnings=warnings,
    )


def ad_card(ad: Ad, values: dict | None = None, problems: list[Problem] | None = None) -> AdCard:
    """The ad's form: stored copy, or what the reviewer typed (`values`) with the validator's `problems`."""
    titles = values["titles"] if values else list(ad.titles)
    texts = values["texts"] if values else list(ad.texts)
    display_link = values["display_link"] if values else ad.display_link
    sitelinks = values["sitelinks"] if values else [
        (item.get("title", ""), item.get("url", ""), item.get("description") or "") for item in ad.sitelinks or []
    ]
    callouts = values["callouts"] if values else list(ad.callouts)
    text_image = ad.kind == AdKind.TEXT_IMAGE
    card = AdCard(
        ad=ad,
        titles=[
            CopyField(
                f"titles[{index}]",
                _("Title %(number)d") % {"number": index + 1},
                title,
                limits.TITLE2_MAX if text_image and index == 1 else limits.TITLE1_MAX,
                narrow_free=text_image and index == 1,
            )
            for index, title in enumerate(titles)
        ],
        texts=[
            CopyField(
                f"texts[{index}]", _("Text %(number)d") % {"number": index + 1}, text, limits.TEXT_MAX, True, True
            )
            for index, text in enumerate(texts)
        ],
        display_link=CopyField("display_link", _("Display path"), display_link, limits.DISPLAY_PATH_MAX),
        sitelinks=[_sitelink_fields(index, *sitelink) for index, sitelink in enumerate(sitelinks)],
        callouts=[
            CopyField(f"callouts[{index}]", _("Callout"), callout, limits.CALLOUT_MAX)
            for index, callout in enumerate(callouts)
        ],
    )
    _place_problems(card, problems or [], text_image)
    return card


def _sitelink_fields(index: int, title: str, url: str, description: str) -> tuple[CopyField, CopyField, CopyField]:
    number = {"number": index + 1}
    name = f"sitelinks[{index}]"
    return (
        CopyField(f"{name}.title", _("Sitelink %(number)d") % number, title, limits.SITELINK_TITLE_MAX),
        CopyField(f"{name}.url", _("Sitelink %(number)d: address") % number, url, limits.HREF_MAX),
        CopyField(
            f"{name}.description",
            _("Sitelink %(number)d: description") % number,
            description,
            limits.SITELINK_DESCRIPTION_MAX,
        ),
    )


# The validator names Title 1/Title 2/the text of a text-image ad by role; the form names every input by position.
ROLE_FIELDS = {"title1": "titles[0]", "title2": "titles[1]", "text": "texts[0]"}


def _place_problems(card: AdCard, problems: list[Problem], text_image: bool) -> None:
    inputs = {copy_field.name: copy_field for copy_field in card.fields}
    for problem in problems:
        name = ROLE_FIELDS.get(problem.field, problem.field) if text_image else problem.field
        if name in inputs:
            inputs[name].errors.append(problem.message)
        else:
            card.general_errors.append(str(problem))


@dataclass(frozen=True)
class RemovedReason:
    code: str
    label: str
    count: int
    restorable: bool


def removed_reasons(campaign: Campaign) -> list[RemovedReason]:
    """Reasons with counts: the ones the user may overrule first, then the largest."""
    rows = campaign.removed_phrases.values("code").annotate(count=Count("pk"))
    reasons = [
        RemovedReason(
            row["code"],
            _reason_label(row["code"]),
            row["count"],
            row["code"] in RESTORABLE_REASONS,
        )
        for row in rows
    ]
    return sorted(reasons, key=lambda reason: (not reason.restorable, -reason.count, reason.code))


def _reason_label(code: str) -> str:
    if code == REMOVED_BY_REVIEWER:
        return str(REMOVED_BY_REVIEWER_LABEL)
    return str(removal_label(code)) if code else _("other")


def removed_page(campaign: Campaign, code: str, number: int) -> Page:
    """One reason's removed phrases, relevance's doubtful verdicts first (the user's to decide), then by searches."""
    doubtful_first = Case(When(confidence=RemovalConfidence.JUDGED, then=0), default=1)
    removed = campaign.removed_phrases.filter(code=code).order_by(doubtful_first, "-frequency", "phrase")
    return Paginator(removed, REMOVED_PER_PAGE).get_page(number)


@dataclass
class NegativeRow:
    negative: str
    blocks_kept: list[str]  # kept phrases it would stop: a conflict
    stops_removed: list[str]  # removed phrases it stops: what it is for
    stops_count: int


def campaign_negatives(campaign: Campaign) -> list[NegativeRow]:
    """The campaign's negatives, conflicts first, each with the phrases it blocks (the first few shown)."""
    kept = list(Keyword.objects.filter(campaign=campaign, group__isnull=False).values_list("phrase", flat=True))
    removed = list(campaign.removed_phrases.order_by("-frequency").values_list("phrase", flat=True))
    negatives = [str(negative) for negative in campaign.negative_keywords]
    blocked = blocked_phrases(negatives, kept)
    stopped = blocked_phrases(negatives, removed)
    rows = [
        NegativeRow(negative, blocked[negative][:SHOWN_HITS], stopped[negative][:SHOWN_HITS], len(stopped[negative]))
        for negative in negatives
    ]
    return sorted(rows, key=lambda row: (not row.blocks_kept, negatives.index(row.negative)))


def group_choices(campaign: Campaign) -> list[tuple[int, str]]:
    """(number, name) of every group, for the one list the move, merge and restore inputs share."""
    return list(campaign.groups.order_by("number").values_list("number", "name"))


"""Campaign drafts: the bot's conversation fills a Campaign row (status draft) answer by answer.

Keeping the draft in the database means the admin sees half-finished campaigns, a bot restart loses nothing,
and "repeat" is just a new draft copied from an old campaign. Validators return clean values or raise
`DraftError` with a message for the user that says what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, ValidationError
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from campaigns.keyword_files import read_keyword_file_isolated
from campaigns.landing import LandingPage, read_landing
from campaigns.landing.saved import SavedPageError, read_saved_page, saved_address
from campaigns.models import Campaign, CampaignStatus, KeywordSource
from campaigns.pipeline.options import landing_options
from core.errors import UserError
from semantic.errors import SemanticError
from semantic.sources.manual import multiply, parse_keyword_text, parse_multiplier_text

NAME_MAX_LENGTH = 100
DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 2000
URL_MAX_LENGTH = 1024
MAX_KEYWORDS = 1000
BRACKETED_LISTS = re.compile(r"\[[^\]]*\]")
MAX_BENEFITS = 10
BENEFIT_MAX_LENGTH = 200
# An uploaded file's stored name: its stem and extension cut to these, inside the FileField's 100 characters.
STORED_NAME_CHARS = 60
STORED_SUFFIX_CHARS = 10
EDITABLE_FIELDS = frozenset(
    {"name", "product_description", "base_keywords", "keyword_source", "geo_ids", "target_url", "budget", "benefits"}
)


class DraftError(UserError):
    """Bad input for a draft field; the message is for the user, in their language."""


@dataclass(frozen=True)
class CampaignSummary:
    """What the confirmation step and the history details show, read in one query."""

    id: int
    name: str
    product_description: str
    keywords: list[str]
    keyword_source: str
    has_keywords_file: bool
    region_name: str
    target_url: str
    budget: Decimal | None
    geo_ids: list[int]
    benefits: list[str]
    landing_page: dict
    min_exact: int  # the exact-frequency threshold the build will use (campaign, else owner, else service)


def validate_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise DraftError(_("The name cannot be empty. Send a short name, e.g. “Sofas Moscow”."))
    if len(name) > NAME_MAX_LENGTH:
        raise DraftError(
            _("The name is %(length)d characters long; keep it to %(limit)d.")
            % {"length": len(name), "limit": NAME_MAX_LENGTH}
        )
    return name


def validate_description(text: str) -> str:
    description = text.strip()
    if len(description) < DESCRIPTION_MIN_LENGTH:
        raise DraftError(
            _("Describe the product in at least %(limit)d characters: what you sell and to whom.")
            % {"limit": DESCRIPTION_MIN_LENGTH}
        )
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise DraftError(
            _("The description is %(length)d characters long; keep it to %(limit)d.")
            % {"length": len(description), "limit": DESCRIPTION_MAX_LENGTH}
        )
    return description


def validate_landing_url(text: str) -> str:
    """Checks the form only: whether the host answers cannot be known offline and is not pretended."""
    url = text.strip()
    if not url:
        raise DraftError(_("Send the address of the page ads should lead to, e.g. https://example.com/sofas."))
    if any(character.isspace() for character in url):
        raise DraftError(_("The address must not contain spaces."))
    if len(url) > URL_MAX_LENGTH:
        raise DraftError(_("The address is longer than %(limit)d characters.") % {"limit": URL_MAX_LENGTH})
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # e.g. an unbalanced "[" that urlsplit takes for an IPv6 address
        raise DraftError(_("This does not look like a web address. Example: https://example.com/sofas.")) from None
    if parts.scheme not in ("http", "https"):
        raise DraftError(_("The address must start with http:// or https://."))
    if not hostname or "." not in hostname:
        raise DraftError(_("The address needs a site name with a domain, e.g. example.com."))
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise DraftError(_("This does not look like a web address. Example: https://example.com/sofas.")) from None
    return url


def parse_keywords(text: str) -> list[str]:
    """A comma/newline list, or word lists in brackets (`[купить, заказать] [диван, софа]`) for the multiplier."""
    if BRACKETED_LISTS.search(text):
        try:
            phrases = multiply(parse_multiplier_text(text))
        except SemanticError as error:
            raise DraftError(str(error)) from None
    else:
        phrases = parse_keyword_text(text)
    if not phrases:
        raise DraftError(_("I found no keywords. Send them separated by commas or one per line."))
    if len(phrases) > MAX_KEYWORDS:
        raise DraftError(
            _("That is %(count)d phrases; send at most %(limit)d.") % {"count": len(phrases), "limit": MAX_KEYWORDS}
        )
    return phrases


def parse_benefits(text: str) -> list[str]:
    """Selling points one per line (or separated by semicolons), as the ads may repeat them."""
    items = [" ".join(part.split()).strip(" •-—·") for part in re.split(r"[\n;]", text)]
    items = list(dict.fromkeys(item for item in items if item))
    if not items:
        raise DraftError(_("Send the selling points one per line, e.g. “Delivery in 1 day”."))
    if len(items) > MAX_BENEFITS:
        raise DraftError(
            _("That is %(count)d selling points; send at most %(limit)d.")
            % {"count": len(items), "limit": MAX_BENEFITS}
        )
    too_long = next((item for item in items if len(item) > BENEFIT_MAX_LENGTH), None)
    if too_long:
        raise DraftError(
            _("“%(item)s…” is longer than %(limit)d characters; keep each selling point short.")
            % {"item": too_long[:40], "limit": BENEFIT_MAX_LENGTH}
        )
    return items


@dataclass(frozen=True)
class DraftLanding:
    """The draft's landing address and the page kept for it, if any: what a read of the page starts from."""

    url: str
    stored: dict

    @property
    def kept_page(self) -> LandingPage | None:
        """The page kept for this very address (even a warning, so a site that is down is not waited for twice)."""
        return LandingPage.from_dict(self.stored) if self.stored.get("url") == self.url else None


def draft_landing(campaign_id: int, owner_id: int) -> DraftLanding:
    campaign = _owned_draft(campaign_id, owner_id)
    return DraftLanding(campaign.target_url, dict(campaign.landing_page or {}))


def read_page(landing: DraftLanding) -> LandingPage:
    """Read the page over the network (bounded by the reader's timeout; no database work, so a caller may run it
    in a thread of its own while the database stays free for others)."""
    return read_landing(landing.url, landing_options(), stored=landing.stored)


def keep_draft_landing(campaign_id: int, owner_id: int, page: LandingPage) -> None:
    """Keep the page on the draft, so the build's collect stage does not fetch it again."""
    Campaign.objects.filter(pk=campaign_id, owner_id=owner_id, status=CampaignStatus.DRAFT).update(
        landing_page=page.to_dict(), updated_at=timezone.now()
    )


def attach_landing_file(campaign_id: int, owner_id: int, content: bytes) -> LandingPage:
    """Keep a page the user saved from their site (for sites that refuse robots) as the draft's landing page, read
    as if from the draft's address, or from the address the page names when the draft has none yet."""
    campaign = _owned_draft(campaign_id, owner_id)
    url = campaign.target_url or saved_address(content)
    if not url:
        raise DraftError(_("The saved page does not name its address: send the address first, then the file."))
    url = validate_landing_url(url)
    try:
        page = read_saved_page(content, url)
    except SavedPageError as error:
        raise DraftError(str(error)) from None
    update_draft(campaign_id, owner_id, target_url=url)
    keep_draft_landing(campaign_id, owner_id, page)
    return page


def latest_draft(owner_id: int) -> CampaignSummary | None:
    """The user's unfinished draft, if any: a new conversation offers to continue it or discard it."""
    drafts = Campaign.objects.select_related("owner").filter(owner_id=owner_id, status=CampaignStatus.DRAFT)
    draft = drafts.order_by("-updated_at").first()
    return _summary(draft) if draft else None


def start_draft(owner_id: int, *, language: str = "ru") -> Campaign:
    return Campaign.objects.create(owner_id=owner_id, language=language, name="")  # a new campaign is a draft


def _owned_draft(campaign_id: int, owner_id: int) -> Campaign:
    return Campaign.objects.get(pk=campaign_id, owner_id=owner_id, status=CampaignStatus.DRAFT)


def update_draft(campaign_id: int, owner_id: int, **fields) -> None:
    """Save answers to a draft the user owns in one UPDATE; another user's or a queued campaign is DoesNotExist."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable on a draft: {', '.join(sorted(unknown))}")
    updated = Campaign.objects.filter(pk=campaign_id, owner_id=owner_id, status=CampaignStatus.DRAFT).update(
        **fields, updated_at=timezone.now()
    )
    if not updated:
        raise Campaign.DoesNotExist(f"no draft {campaign_id} of user {owner_id}")


def attach_keywords_file(campaign_id: int, owner_id: int, filename: str, content: bytes) -> list[str]:
    """Store an uploaded keyword file on the draft after the importer has read it; returns its phrases.

    The file is read in a capped child process (see `keyword_files`), so the count the chat reports is the real
    one. The importer's `KeywordFileError` (naming the row, column or limit) propagates untouched; nothing is saved.
    """
    filename = stored_file_name(filename)
    phrases = [phrase.text for phrase in read_keyword_file_isolated(content, filename).phrases]
    if not phrases:
        raise DraftError(_("The file has no keywords in it."))
    campaign = _owned_draft(campaign_id, owner_id)
    campaign.keywords_file.save(filename, ContentFile(content), save=False)
    campaign.base_keywords = phrases
    campaign.keyword_source = KeywordSource.FILE
    campaign.save(update_fields=["keywords_file", "base_keywords", "keyword_source", "updated_at"])
    return phrases


def stored_file_name(filename: str) -> str:
    """The name a chat sent for a file, reduced to a safe base name of its own (extension kept, for the reader):
    a path in it (`../../x`, `..\\x`) must neither leave the upload folder nor reach the user as a storage error."""
    base = _valid_or_empty(filename.replace("\\", "/").rsplit("/", 1)[-1])
    stem, suffix = Path(base).stem.strip("."), Path(base).suffix
    return f"{stem[:STORED_NAME_CHARS] or 'keywords'}{suffix[:STORED_SUFFIX_CHARS]}"


def _valid_or_empty(name: str) -> str:
    try:
        return get_valid_filename(name)
    except SuspiciousFileOperation:  # "", ".", ".." and the like: nothing of the name is usable
        return ""


def summarize(campaign_id: int, owner_id: int) -> CampaignSummary:
    return _summary(Campaign.objects.select_related("owner").get(pk=campaign_id, owner_id=owner_id))


def _summary(campaign: Campaign) -> CampaignSummary:
    return CampaignSummary(
        id=campaign.pk,
        name=campaign.name,
        product_description=campaign.product_description,
        keywords=list(campaign.base_keywords),
        keyword_source=campaign.keyword_source,
        has_keywords_file=bool(campaign.keywords_file),
        region_name=campaign.region_name,
        target_url=campaign.target_url,
        budget=campaign.budget,
        geo_ids=[int(geo_id) for geo_id in campaign.geo_ids],
        benefits=list(campaign.benefits),
        landing_page=dict(campaign.landing_page),
        min_exact=campaign.min_exact,
    )


def repeat_campaign(campaign_id: int, owner_id: int) -> Campaign:
    """A new draft with the same inputs as an earlier campaign of the same user (not its results)."""
    source = Campaign.objects.get(pk=campaign_id, owner_id=owner_id)
    copy = Campaign.objects.create(
        owner_id=owner_id,
        name=source.name,
        product_description=source.product_description,
        target_url=source.target_url,
        language=source.language,
        base_keywords=list(source.base_keywords),
        keyword_source=source.keyword_source,
        minus_words=list(source.minus_words),
        geo_ids=list(source.geo_ids),
        budget=source.budget,
        benefits=list(source.benefits),
        sitelinks=list(source.sitelinks),
        callouts=list(source.callouts),
        landing_page=dict(source.landing_page),
        min_exact_frequency=source.min_exact_frequency,
        kept_phrases=list(source.kept_phrases),
        confirmed_removals=list(source.confirmed_removals),
    )
    if source.keywords_file:
        with source.keywords_file.open("rb") as file:
            copy.keywords_file.save(source.keywords_file.name.rsplit("/", 1)[-1], ContentFile(file.read()))
    return copy


def discard_draft(campaign_id: int, owner_id: int) -> bool:
    """The user cancelled the conversation: a draft that was never queued has nothing worth keeping."""
    deleted, _details = Campaign.objects.filter(pk=campaign_id, owner_id=owner_id, status=CampaignStatus.DRAFT).delete()
    return bool(deleted)

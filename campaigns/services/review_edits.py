"""A reviewer's edits of a built campaign, each stored on the campaign's own rows in one transaction with an audit
entry (accounts' ActivityEvent: who, what, when).

The review page (the `review` app) calls these; so can anything else that edits a built campaign. Every edit locks
the campaign row, refuses while a run is building or uploading it (the run would overwrite the edit or upload half
of it), and never saves what Direct would refuse: ad copy passes the writers' own validator, negatives must not
block a kept phrase (a negative that blocks a buying phrase loses sales for good).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.activity import Action, record
from accounts.models import ActivityEvent
from campaigns.ads import get_writer
from campaigns.ads.types import AdDraft, GroupBrief, Sitelink
from campaigns.ads.validator import Problem, validate
from campaigns.export.limits import negatives_length
from campaigns.models import (
    Ad,
    AdGroup,
    Campaign,
    Keyword,
    PipelineRun,
    RemovalStage,
    RemovedPhrase,
    RunKind,
    RunStatus,
)
from campaigns.pipeline.options import page_of
from campaigns.services.removed import RESTORABLE
from core.errors import UserError
from semantic.negatives import blocked_phrases
from semantic.types import NegativeOptions

REMOVED_BY_REVIEWER = "removed_by_reviewer"
REMOVED_BY_REVIEWER_LABEL = gettext_lazy("removed on the review page")
GROUP_NAME_MAX = 255
NEGATIVE_LIMITS = NegativeOptions()  # Direct's limits on negative lists, as the negatives stage packs them
NEGATIVE_WORD = re.compile(r"[!+]?[^\W_]+(?:-[^\W_]+)*")
# Reasons a reviewer may overrule (as in the chat's put-back); stop words, duplicates, the user's own minus words
# and phrases Direct would reject stay removed.
RESTORABLE_REASONS = RESTORABLE | {REMOVED_BY_REVIEWER}


class EditRefused(UserError):
    """An edit that was not made; the message says why, in the reviewer's language."""


class AdRefused(EditRefused):
    """Ad copy Direct would refuse: every problem, by field, and nothing saved."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(_("The ad was not saved: fix the fields marked below."))


@dataclass(frozen=True)
class Actor:
    """Who edits: the campaign's owner (a TelegramUser pk) or a staff member (their login), for the audit log."""

    user_id: int | None
    staff_name: str = ""


@dataclass(frozen=True)
class AdCopy:
    """An ad's editable fields as the reviewer typed them."""

    titles: list[str]
    texts: list[str]
    display_link: str
    sitelinks: list[Sitelink]
    callouts: list[str]


def _locked(campaign_id: int) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    running = PipelineRun.objects.filter(campaign_id=campaign_id, status__in=(RunStatus.PENDING, RunStatus.RUNNING))
    if running.exists():
        raise EditRefused(_("The campaign is being built or uploaded right now; edit it when the run has finished."))
    return campaign


def _audit(campaign: Campaign, actor: Actor, edit: str, **details: Any) -> None:
    extra = {"staff": actor.staff_name} if actor.staff_name else {}
    record(actor.user_id, Action.CAMPAIGN_EDITED, campaign_id=campaign.pk, edit=edit, **extra, **details)


def _recount(campaign: Campaign) -> None:
    campaign.keyword_count = campaign.keywords.filter(group__isnull=False).count()
    campaign.group_count = campaign.groups.count()
    campaign.save(update_fields=["keyword_count", "group_count", "updated_at"])


def _group(campaign: Campaign, group_id: int) -> AdGroup:
    try:
        return campaign.groups.get(pk=group_id)
    except (AdGroup.DoesNotExist, ValueError, TypeError):
        raise EditRefused(_("There is no such group in this campaign.")) from None


def _keywords(campaign: Campaign, keyword_ids: list[int]) -> list[Keyword]:
    keywords = list(campaign.keywords.filter(pk__in=keyword_ids).select_related("group"))
    if not keywords:
        raise EditRefused(_("Choose at least one phrase."))
    return keywords


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise EditRefused(_("A group needs a name."))
    if len(name) > GROUP_NAME_MAX:
        raise EditRefused(_("A group name may be at most %(max)d characters.") % {"max": GROUP_NAME_MAX})
    return name


def _drop_negatives_blocking_own(group: AdGroup) -> list[str]:
    """After phrases join a group, its negatives that would stop them go: a group never blocks its own phrases."""
    phrases = list(group.keywords.values_list("phrase", flat=True))
    blocking = {negative for negative, hits in blocked_phrases(group.negative_keywords, phrases).items() if hits}
    if blocking:
        group.negative_keywords = [negative for negative in group.negative_keywords if negative not in blocking]
        group.save(update_fields=["negative_keywords"])
    return sorted(blocking)


def move_keywords(campaign_id: int, actor: Actor, keyword_ids: list[int], target_group_id: int) -> int:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        target = _group(campaign, target_group_id)
        keywords = [keyword for keyword in _keywords(campaign, keyword_ids) if keyword.group_id != target.pk]
        Keyword.objects.filter(pk__in=[keyword.pk for keyword in keywords]).update(group=target)
        dropped = _drop_negatives_blocking_own(target)
        _audit(campaign, actor, "move", phrases=[k.phrase for k in keywords], to_group=target.name, dropped=dropped)
        _recount(campaign)
    return len(keywords)


def merge_groups(campaign_id: int, actor: Actor, source_group_id: int, target_group_id: int) -> AdGroup:
    """The source group's phrases join the target; the source group and its ads go (the target's ads stay)."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        source, target = _group(campaign, source_group_id), _group(campaign, target_group_id)
        if source.pk == target.pk:
            raise EditRefused(_("Choose another group to merge with."))
        source.keywords.update(group=target)
        target.negative_keywords = list(dict.fromkeys([*target.negative_keywords, *source.negative_keywords]))
        target.save(update_fields=["negative_keywords"])
        dropped = _drop_negatives_blocking_own(target)
        source.delete()
        _audit(campaign, actor, "merge", group=source.name, into=target.name, dropped=dropped)
        _recount(campaign)
    return target


def split_group(campaign_id: int, actor: Actor, keyword_ids: list[int], name: str) -> AdGroup:
    """The chosen phrases become a new group with a copy of their group's ads (the ads can be rewritten after)."""
    name = _clean_name(name)
    with transaction.atomic():
        campaign = _locked(campaign_id)
        keywords = _keywords(campaign, keyword_ids)
        origin = keywords[0].group
        number = (campaign.groups.aggregate(top=Max("number"))["top"] or 0) + 1
        group = AdGroup.objects.create(campaign=campaign, number=number, name=name)
        Keyword.objects.filter(pk__in=[keyword.pk for keyword in keywords]).update(group=group)
        if origin is not None:
            group.negative_keywords = list(origin.negative_keywords)
            group.save(update_fields=["negative_keywords"])
            _drop_negatives_blocking_own(group)
            Ad.objects.bulk_create(_copy_ad(ad, group) for ad in origin.ads.all())
        _audit(campaign, actor, "split", group=name, phrases=[keyword.phrase for keyword in keywords])
        _recount(campaign)
    return group


def _copy_ad(ad: Ad, group: AdGroup) -> Ad:
    fields = ("kind", "titles", "texts", "link", "display_link", "sitelinks", "callouts", "source")
    return Ad(group=group, **{field: getattr(ad, field) for field in fields})


def rename_group(campaign_id: int, actor: Actor, group_id: int, name: str) -> AdGroup:
    name = _clean_name(name)
    with transaction.atomic():
        campaign = _locked(campaign_id)
        group = _group(campaign, group_id)
        before, group.name = group.name, name
        group.save(update_fields=["name"])
        _audit(campaign, actor, "rename", group=before, name=name)
    return group


def remove_keywords(campaign_id: int, actor: Actor, keyword_ids: list[int]) -> int:
    """The phrases leave the campaign for the removed list, with the reviewer as the reason (restorable there)."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        keywords = _keywords(campaign, keyword_ids)
        RemovedPhrase.objects.bulk_create(
            RemovedPhrase(
                campaign=campaign,
                stage=RemovalStage.CLEAN,
                phrase=keyword.phrase,
                frequency=keyword.frequency,
                reason=str(REMOVED_BY_REVIEWER_LABEL),
                code=REMOVED_BY_REVIEWER,
            )
            for keyword in keywords
        )
        phrases = {keyword.phrase for keyword in keywords}
        Keyword.objects.filter(pk__in=[keyword.pk for keyword in keywords]).delete()
        campaign.kept_phrases = [phrase for phrase in campaign.kept_phrases if phrase not in phrases]
        campaign.save(update_fields=["kept_phrases"])
        _audit(campaign, actor, "remove", phrases=sorted(phrases))
        _recount(campaign)
    return len(keywords)


def restore_phrase(campaign_id: int, actor: Actor, removed_id: int, group_id: int) -> list[str]:
    """A removed phrase goes back into a group, and on the campaign's kept list so a rebuild keeps it too.

    Returns the campaign and group negatives that would still stop it, for the page to point at.
    """
    with transaction.atomic():
        campaign = _locked(campaign_id)
        group = _group(campaign, group_id)
        try:
            removed = campaign.removed_phrases.get(pk=removed_id)
        except (RemovedPhrase.DoesNotExist, ValueError, TypeError):
            raise EditRefused(_("This phrase is no longer among the removed ones.")) from None
        if removed.code not in RESTORABLE_REASONS:
            raise EditRefused(_("Phrases removed for this reason stay removed: only relevance's verdicts can be kept."))
        if campaign.keywords.filter(phrase=removed.phrase).exists():
            removed.delete()
            raise EditRefused(_("This phrase is already in the campaign."))
        Keyword.objects.create(campaign=campaign, group=group, phrase=removed.phrase, frequency=removed.frequency)
        removed.delete()
        if removed.phrase not in campaign.kept_phrases:
            campaign.kept_phrases = [*campaign.kept_phrases, removed.phrase]
            campaign.save(update_fields=["kept_phrases"])
        negatives = [*campaign.negative_keywords, *group.negative_keywords]
        blocking = [negative for negative, hits in blocked_phrases(negatives, [removed.phrase]).items() if hits]
        _audit(campaign, actor, "restore", phrase=removed.phrase, group=group.name, reason=removed.code)
        _recount(campaign)
    return blocking


def delete_negative(campaign_id: int, actor: Actor, negative: str, group_id: int | None = None) -> None:
    with transaction.atomic():
        campaign = _locked(campaign_id)
        holder = _group(campaign, group_id) if group_id else campaign
        if negative not in holder.negative_keywords:
            raise EditRefused(_("This negative is no longer in the list."))
        holder.negative_keywords = [item for item in holder.negative_keywords if item != negative]
        holder.save(update_fields=["negative_keywords"])
        _audit(campaign, actor, "delete_negative", negative=negative, group=getattr(holder, "name", None))


def _clean_negative(negative: str) -> str:
    """A negative as Direct takes it: words of letters and digits (`!` fixes the form, `+` a stop word), at most
    NegativeOptions' words and characters per word."""
    negative = " ".join((negative or "").strip().lstrip("-").split()).lower()
    if not negative:
        raise EditRefused(_("Type a negative keyword."))
    words = negative.split()
    if len(words) > NEGATIVE_LIMITS.max_words:
        raise EditRefused(_("A negative phrase may have at most %(max)d words.") % {"max": NEGATIVE_LIMITS.max_words})
    if not all(NEGATIVE_WORD.fullmatch(word) for word in words):
        raise EditRefused(_("A negative keyword is made of letters and digits (and ! or + before a word)."))
    if any(len(word.lstrip("!+")) > NEGATIVE_LIMITS.max_word_length for word in words):
        raise EditRefused(
            _("A word of a negative may have at most %(max)d characters.") % {"max": NEGATIVE_LIMITS.max_word_length}
        )
    return negative


def add_negative(campaign_id: int, actor: Actor, negative: str, group_id: int | None = None) -> str:
    """Refused when it would block a kept phrase (of the group, or of the whole campaign for a campaign negative),
    or make the list longer than Direct takes."""
    negative = _clean_negative(negative)
    with transaction.atomic():
        campaign = _locked(campaign_id)
        holder = _group(campaign, group_id) if group_id else campaign
        limit = NEGATIVE_LIMITS.group_limit if group_id else NEGATIVE_LIMITS.campaign_limit
        if negatives_length([*holder.negative_keywords, negative]) > limit:
            raise EditRefused(
                _("The list would be longer than Direct's %(max)d characters; delete a negative first.")
                % {"max": limit}
            )
        phrases = (holder.keywords if group_id else campaign.keywords.filter(group__isnull=False)).values_list(
            "phrase", flat=True
        )
        blocked = blocked_phrases([negative], phrases)[negative]
        if blocked:
            raise EditRefused(
                _("«-%(negative)s» would stop phrases you keep: %(phrases)s")
                % {"negative": negative, "phrases": ", ".join(f"«{phrase}»" for phrase in blocked[:5])}
            )
        if negative not in holder.negative_keywords:
            holder.negative_keywords = [*holder.negative_keywords, negative]
            holder.save(update_fields=["negative_keywords"])
        _audit(campaign, actor, "add_negative", negative=negative, group=getattr(holder, "name", None))
    return negative


def ad_draft(ad: Ad, copy: AdCopy | None = None) -> AdDraft:
    """The ad as the validator reads it, with the reviewer's copy in place of the stored one when given."""
    stored_sitelinks = [
        Sitelink(str(item.get("title", "")), str(item.get("url", "")), str(item.get("description") or ""))
        for item in ad.sitelinks or []
    ]
    return AdDraft(
        kind=ad.kind,
        titles=list(copy.titles if copy else ad.titles),
        texts=list(copy.texts if copy else ad.texts),
        link=ad.link,
        display_link=copy.display_link if copy else ad.display_link,
        sitelinks=list(copy.sitelinks if copy else stored_sitelinks),
        callouts=list(copy.callouts if copy else ad.callouts),
        source=ad.source,
    )


def edit_ad(campaign_id: int, actor: Actor, ad_id: int, copy: AdCopy) -> Ad:
    """Save the ad's new copy only if Direct's rules (the writers' own validator) accept all of it."""
    with transaction.atomic():
        campaign = _locked(campaign_id)
        try:
            ad = Ad.objects.select_for_update().get(pk=ad_id, group__campaign=campaign)
        except (Ad.DoesNotExist, ValueError, TypeError):
            raise EditRefused(_("There is no such ad in this campaign.")) from None
        draft = ad_draft(ad, copy)
        problems = validate(draft)
        if problems:
            raise AdRefused(problems)
        for field, value in draft.as_model_fields().items():
            if field != "source":
                setattr(ad, field, value)
        ad.save()
        _audit(campaign, actor, "edit_ad", ad_id=ad.pk, group=ad.group.name, titles=draft.titles)
    return ad


def rewrite_group_ads(campaign_id: int, actor: Actor, group_id: int) -> int:
    """The group's ads written anew by the campaign's writer (LLM when configured) from its phrases as they are now.

    The writer runs outside the transaction (it may call an LLM); its ads replace the group's in one short one.
    Returns how many ads were written (0 leaves the old ads in place).
    """
    campaign = Campaign.objects.get(pk=campaign_id)
    group = _group(campaign, group_id)
    phrases = list(group.keywords.order_by("-frequency", "phrase").values_list("phrase", flat=True))
    brief = GroupBrief(
        key=group.number,
        name=group.name,
        phrases=phrases[: settings.PIPELINE_PHRASES_PER_BRIEF],
        product_description=campaign.product_description,
        region_name=campaign.region_name,
        landing_url=campaign.target_url,
        benefits=list(campaign.benefits),
        sitelinks=[Sitelink(**item) for item in campaign.sitelinks],
        callouts=list(campaign.callouts),
        language=campaign.language,
        campaign_id=campaign.pk,
        page=page_of(campaign),
        names=[campaign.name],
    )
    drafts = get_writer().write([brief]).ads.get(group.number, [])
    if not drafts:
        raise EditRefused(_("The writer could not write a valid ad for this group; its ads stay as they were."))
    with transaction.atomic():
        campaign = _locked(campaign_id)
        group = _group(campaign, group_id)
        group.ads.all().delete()
        Ad.objects.bulk_create(Ad(group=group, **draft.as_model_fields()) for draft in drafts)
        _audit(campaign, actor, "rewrite_ads", group=group.name, ads=len(drafts))
    return len(drafts)


def was_edited_since_build(campaign_id: int) -> bool:
    """Whether a reviewer changed the campaign after its last build finished: a rebuild replaces those edits."""
    built = (
        PipelineRun.objects.filter(campaign_id=campaign_id, kind=RunKind.BUILD, status=RunStatus.COMPLETED)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    edits = ActivityEvent.objects.filter(action=Action.CAMPAIGN_EDITED, details__campaign_id=campaign_id)
    return (edits.filter(created_at__gt=built) if built else edits).exists()

"""The review page's views: the two handshakes, the page, its edits, files and runs. Thin: parse, call one
`campaigns` service, answer (edits redirect back to where the reviewer was, so a reload never repeats one)."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.models import TelegramUser
from campaigns.ads.types import Sitelink
from campaigns.export import render_file
from campaigns.export.data import export_data_for
from campaigns.export.limits import check_export_limits
from campaigns.models import Campaign, PipelineRun, RunKind
from campaigns.services import review_edits as edits
from campaigns.services.review_links import read_review_token
from campaigns.services.runs import queue_campaign_run
from campaigns.services.upload import queue_upload
from core.errors import UserError
from review import access, queries
from review.tasks import rewrite_group_ads
from review.telegram_auth import InitDataError, validate_init_data

TABS = ("groups", "removed", "negatives")
SEARCH_MAX = 100
FILE_FORMATS = {"xlsx": "xlsx", "commander": "tsv"}
# Telegram's web client shows a Mini App in a frame; nothing else may frame the page (clickjacking).
FRAME_ANCESTORS = "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org"


def _framed_by_telegram(view):
    @functools.wraps(view)
    @xframe_options_exempt
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = FRAME_ANCESTORS
        return response

    return wrapper


def reviewer_view(view):
    """Authorise (403/404, see `review.access`), then answer in the owner's language (staff: the browser's)."""

    @functools.wraps(view)
    @_framed_by_telegram
    def wrapper(request: HttpRequest, campaign_id: int, *args, **kwargs):
        campaign, actor = access.authorise(request, campaign_id)
        language = campaign.owner.language if campaign.owner and not actor.staff_name else request.LANGUAGE_CODE
        with translation.override(language):
            response = view(request, campaign, actor, *args, **kwargs)
            response.setdefault("Content-Language", language)
            return response

    return wrapper


# --- handshakes ----------------------------------------------------------------------------------------------


@require_GET
@_framed_by_telegram
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """A signed link: forged or expired → 403; a campaign no longer its owner's (or deleted) → 404."""
    try:
        signed = read_review_token(token)
    except signing.BadSignature:
        raise PermissionDenied from None
    campaign = access.reviewable(signed.campaign_id)
    if campaign.owner_id != signed.owner_id:
        raise Http404
    if campaign.owner is not None and campaign.owner.is_blocked:
        raise PermissionDenied
    access.grant(request, campaign)
    return redirect("review:page", campaign.pk)


@require_GET
@_framed_by_telegram
def mini_app(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The Mini App's entry: Telegram's script hands the page initData, which it posts to `handshake`."""
    return render(request, "review/mini_app.html", {"campaign_id": campaign_id})


@require_POST
@_framed_by_telegram
def handshake(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """initData checked as Telegram documents it (403 otherwise); its user must own the campaign (404 otherwise)."""
    try:
        signed = validate_init_data(
            request.POST.get("init_data", ""), settings.TELEGRAM_BOT_TOKEN or "", settings.REVIEW_LINK_MAX_AGE
        )
    except InitDataError:
        raise PermissionDenied from None
    campaign = access.reviewable(campaign_id)
    owner = TelegramUser.objects.filter(telegram_id=signed.telegram_id, is_blocked=False).first()
    if owner is None or campaign.owner_id != owner.pk:
        raise Http404
    access.grant(request, campaign, in_telegram=True)
    return JsonResponse({"next": reverse("review:page", args=[campaign.pk])})


# --- the page ------------------------------------------------------------------------------------------------


def _place(source) -> dict:
    """Where the reviewer is on the page (tab, search, page, reason), from a query string or a form; nothing else."""
    tab = source.get("tab") if source.get("tab") in TABS else "groups"
    place = {"tab": tab}
    search = " ".join(str(source.get("q", "")).split())[:SEARCH_MAX]
    if tab == "groups" and search:
        place["q"] = search
    if str(source.get("page", "")).isdigit():
        place["page"] = int(source["page"])
    if tab == "removed" and re.fullmatch(r"[a-z_]{1,32}", source.get("reason", "")):
        place["reason"] = source["reason"]
    return place


def _page_link(place: dict, page: int) -> str:
    """A pager link: the same place on another page."""
    return "?" + urlencode({**place, "page": page})


def _page_url(campaign: Campaign, place: dict, anchor: str = "") -> str:
    return f"{reverse('review:page', args=[campaign.pk])}?{urlencode(place)}{'#' + anchor if anchor else ''}"


def _place_inputs(place: dict):
    """The hidden inputs every form carries to come back to the same place (rendered once per page, not per form)."""
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', place.items())


def _page_context(request, campaign: Campaign, actor: edits.Actor, place: dict, ad_override=None) -> dict:
    totals = queries.campaign_totals(campaign)
    context = {
        "campaign": campaign,
        "actor": actor,
        "place": place,
        "place_inputs": _place_inputs(place),
        "in_telegram": bool(request.session.get(access.IN_TELEGRAM_KEY)),
        "totals": totals,
        # one list the move, merge and restore inputs share, however many groups (not a <select> per form)
        "group_options": format_html_join(
            "", '<option value="{}. {}"></option>', queries.group_choices(campaign)
        ),
        "latest_run": PipelineRun.objects.filter(campaign=campaign).exclude(kind=RunKind.BUILD).first(),
        "edited_since_build": edits.was_edited_since_build(campaign.pk),
    }
    tab = place["tab"]
    if tab == "groups":
        page = queries.group_page(campaign, place.get("page", 1), totals["frequency"], place.get("q", ""))
        if ad_override is not None:
            _swap_ad_card(page, *ad_override)
        context["groups"] = page
    elif tab == "removed":
        reasons = queries.removed_reasons(campaign)
        codes = [reason.code for reason in reasons]
        current = place.get("reason") if place.get("reason") in codes else (codes[0] if codes else "")
        context["reasons"] = reasons
        context["reason"] = current
        context["reason_restorable"] = any(reason.restorable for reason in reasons if reason.code == current)
        context["removed"] = queries.removed_page(campaign, current, place.get("page", 1)) if current else None
    else:
        context["negatives"] = queries.campaign_negatives(campaign)
    pages = context.get("groups", context.get("removed"))
    if pages is not None:
        context["previous_link"] = _page_link(place, pages.number - 1) if pages.has_previous() else ""
        context["next_link"] = _page_link(place, pages.number + 1) if pages.has_next() else ""
    return context


def _swap_ad_card(page, ad_id: int, values: dict, problems) -> None:
    for card in page.object_list:
        card.ads = [queries.ad_card(ad.ad, values, problems) if ad.ad.pk == ad_id else ad for ad in card.ads]


@require_GET
@reviewer_view
def review_page(request: HttpRequest, campaign: Campaign, actor: edits.Actor) -> HttpResponse:
    access.audit_staff_view(actor, campaign)
    return render(request, "review/page.html", _page_context(request, campaign, actor, _place(request.GET)))


# --- edits ---------------------------------------------------------------------------------------------------


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _id(request: HttpRequest, name: str) -> int:
    """One posted row id; 0 (no such row) for anything that is not a number."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


def _group_id(campaign: Campaign, value: str) -> int:
    """A group typed as «12» or «12. Name» (the shared group list), or a group id from a hidden field."""
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        raise edits.EditRefused(_("Choose a group by its number."))
    group_id = campaign.groups.filter(number=int(match.group(1))).values_list("pk", flat=True).first()
    if group_id is None:
        raise edits.EditRefused(_("There is no group number %(number)s.") % {"number": match.group(1)})
    return group_id


def _move(request, campaign, actor) -> str:
    target = _group_id(campaign, request.POST.get("target", ""))
    count = edits.move_keywords(campaign.pk, actor, _ids(request, "keyword"), target)
    return ngettext("Moved %(count)d phrase.", "Moved %(count)d phrases.", count) % {"count": count}


def _remove(request, campaign, actor) -> str:
    count = edits.remove_keywords(campaign.pk, actor, _ids(request, "keyword"))
    return ngettext("Removed %(count)d phrase.", "Removed %(count)d phrases.", count) % {"count": count}


def _split(request, campaign, actor) -> str:
    group = edits.split_group(campaign.pk, actor, _ids(request, "keyword"), request.POST.get("name", ""))
    return _("New group «%(name)s».") % {"name": group.name}


def _merge(request, campaign, actor) -> str:
    source = _group_id(campaign, request.POST.get("group", ""))
    target = edits.merge_groups(campaign.pk, actor, source, _group_id(campaign, request.POST.get("target", "")))
    return _("Merged into «%(name)s».") % {"name": target.name}


def _rename(request, campaign, actor) -> str:
    group = edits.rename_group(
        campaign.pk, actor, _group_id(campaign, request.POST.get("group", "")), request.POST.get("name", "")
    )
    return _("Renamed to «%(name)s».") % {"name": group.name}


def _restore(request, campaign, actor) -> str:
    target = _group_id(campaign, request.POST.get("target", ""))
    blocking = edits.restore_phrase(campaign.pk, actor, _id(request, "removed"), target)
    if blocking:
        return _("Restored; these negatives still stop it: %(negatives)s") % {
            "negatives": ", ".join(f"-{negative}" for negative in blocking)
        }
    return _("Restored.")


def _negative_group(campaign, request) -> int | None:
    return _group_id(campaign, request.POST["group"]) if request.POST.get("group") else None


def _delete_negative(request, campaign, actor) -> str:
    negative = request.POST.get("negative", "")
    edits.delete_negative(campaign.pk, actor, negative, _negative_group(campaign, request))
    return _("Deleted -%(negative)s.") % {"negative": negative}


def _add_negative(request, campaign, actor) -> str:
    group_id = _negative_group(campaign, request)
    negative = edits.add_negative(campaign.pk, actor, request.POST.get("negative", ""), group_id)
    return _("Added -%(negative)s.") % {"negative": negative}


def _rewrite_ads(request, campaign, actor) -> str:
    group_id = _group_id(campaign, request.POST.get("group", ""))
    rewrite_group_ads.delay_on_commit(campaign.pk, group_id, actor.user_id, actor.staff_name)
    return _("The group's ads are being rewritten; reload the page in a minute to see them.")


def ad_values(post) -> dict:
    """The ad form as typed: inputs named `titles[0]`, `sitelinks[1].url`, … (the validator's own field names)."""

    def listed(prefix: str, suffix: str = "") -> list[str]:
        found = {}
        for key, value in post.items():
            match = re.fullmatch(rf"{re.escape(prefix)}\[(\d{{1,2}})\]{re.escape(suffix)}", key)
            if match:
                found[int(match.group(1))] = value.replace("\r", "")
        return [found[index] for index in sorted(found)]

    parts = (listed("sitelinks", ".title"), listed("sitelinks", ".url"), listed("sitelinks", ".description"))
    sitelinks = list(zip(*parts, strict=False))
    return {
        "titles": listed("titles"),
        "texts": listed("texts"),
        "display_link": post.get("display_link", ""),
        "sitelinks": [(title, url, description) for title, url, description in sitelinks if title or url],
        "callouts": [callout for callout in listed("callouts") if callout],
    }


def _edit_ad(request, campaign, actor) -> str:
    values = ad_values(request.POST)
    copy = edits.AdCopy(
        titles=values["titles"],
        texts=values["texts"],
        display_link=values["display_link"],
        sitelinks=[Sitelink(title, url, description) for title, url, description in values["sitelinks"]],
        callouts=values["callouts"],
    )
    edits.edit_ad(campaign.pk, actor, _id(request, "ad"), copy)
    return _("The ad is saved.")


EDITS = {
    "move": _move,
    "remove": _remove,
    "split": _split,
    "merge": _merge,
    "rename": _rename,
    "restore": _restore,
    "delete_negative": _delete_negative,
    "add_negative": _add_negative,
    "edit_ad": _edit_ad,
    "rewrite_ads": _rewrite_ads,
}


def _within_rate_limit(request: HttpRequest, actor: edits.Actor) -> bool:
    """REVIEW_EDITS_PER_MINUTE per viewer, counted in the shared cache (one-minute windows)."""
    who = actor.staff_name or actor.user_id or request.session.session_key
    key = f"review-edits:{who}"
    cache.add(key, 0, timeout=60)
    try:
        return cache.incr(key) <= settings.REVIEW_EDITS_PER_MINUTE
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=60)
        return True


@require_POST
@reviewer_view
def edit(request: HttpRequest, campaign: Campaign, actor: edits.Actor, action: str) -> HttpResponse:
    handler = EDITS.get(action)
    if handler is None:
        raise Http404
    place = _place(request.POST)
    if not _within_rate_limit(request, actor):
        messages.error(request, _("Too many edits in a minute; wait a little and try again."))
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    try:
        messages.success(request, handler(request, campaign, actor))
    except edits.AdRefused as refusal:
        messages.error(request, str(refusal))
        typed = (_id(request, "ad"), ad_values(request.POST), refusal.problems)
        context = _page_context(request, campaign, actor, place, typed)
        return render(request, "review/page.html", context, status=422)
    except UserError as refusal:
        messages.error(request, str(refusal))
    return redirect(_page_url(campaign, place, request.POST.get("anchor", "")))


# --- files and runs ------------------------------------------------------------------------------------------


@require_GET
@reviewer_view
def download(request: HttpRequest, campaign: Campaign, actor: edits.Actor, file_format: str) -> HttpResponse:
    """The edited campaign as Direct's XLSX or Commander's file, written now from the campaign's rows."""
    if file_format not in FILE_FORMATS:
        raise Http404
    data = export_data_for(campaign.pk)
    try:
        check_export_limits(data, ad_format=settings.EXPORT_AD_FORMAT)
    except UserError as refusal:
        messages.error(request, str(refusal))
        return redirect(_page_url(campaign, {"tab": "groups"}))
    filename, content = render_file(data, fmt=FILE_FORMATS[file_format], ad_format=settings.EXPORT_AD_FORMAT)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_POST
@reviewer_view
def export_again(request: HttpRequest, campaign: Campaign, actor: edits.Actor) -> HttpResponse:
    """A new export run: the stored file (the one the chat sends) and the Google Sheet, from the edited rows."""
    try:
        queue_campaign_run(campaign.pk, user_id=actor.user_id, kind=RunKind.EXPORT)
        messages.success(request, _("Export queued: the file and the Sheet are written again from your edits."))
    except UserError as refusal:
        messages.error(request, str(refusal))
    return redirect(_page_url(campaign, _place(request.POST)))


@require_POST
@reviewer_view
def upload(request: HttpRequest, campaign: Campaign, actor: edits.Actor) -> HttpResponse:
    try:
        queue_upload(campaign.pk, actor.user_id)
        messages.success(request, _("Upload to Direct queued; the chat shows its progress."))
    except UserError as refusal:
        messages.error(request, str(refusal))
    return redirect(_page_url(campaign, _place(request.POST)))

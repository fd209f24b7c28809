"""Who may open a campaign's review page: its owner (after a signed link or a Mini App handshake), or staff.

The handshake (a signed link or Telegram's initData) proves the visitor is the owner of one campaign; it leaves a
grant in the session, so the page's following requests (paging, edits) are authorised without carrying the token.
A grant names the campaign and the owner and expires after REVIEW_LINK_MAX_AGE. Answers follow the issue:
no grant at all → 403 (forged, expired, or never handed one); a grant for someone, but not for this campaign of
theirs → 404, so a stranger learns nothing about which campaign ids exist. Staff (Django's `is_staff`, logged in to
the admin) open any campaign, and each of their views is written to the audit log.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.activity import Action, record
from campaigns.models import Campaign
from campaigns.services.review_edits import Actor

SESSION_KEY = "review_grants"
IN_TELEGRAM_KEY = "review_in_telegram"  # opened as a Mini App: the page loads Telegram's script for its theme


def grant(request: HttpRequest, campaign: Campaign, *, in_telegram: bool = False) -> None:
    """Authorise this session for the campaign, as its owner, for REVIEW_LINK_MAX_AGE seconds."""
    grants = _live_grants(request)
    if not grants:
        request.session.cycle_key()  # a fresh session id once it carries a grant: no fixation
    grants[str(campaign.pk)] = {"owner": campaign.owner_id, "until": time.time() + settings.REVIEW_LINK_MAX_AGE}
    request.session[SESSION_KEY] = grants
    request.session[IN_TELEGRAM_KEY] = in_telegram
    record(campaign.owner_id, Action.REVIEW_OPENED, campaign_id=campaign.pk)


def _live_grants(request: HttpRequest) -> dict:
    now = time.time()
    return {key: value for key, value in request.session.get(SESSION_KEY, {}).items() if value.get("until", 0) > now}


def is_staff(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def _live(campaign_id: int) -> Campaign | None:
    return Campaign.objects.live().select_related("owner").filter(pk=campaign_id).first()


def reviewable(campaign_id: int) -> Campaign:
    """A campaign that has a review page: any but deleted ones (404 otherwise)."""
    campaign = _live(campaign_id)
    if campaign is None:
        raise Http404
    return campaign


def authorise(request: HttpRequest, campaign_id: int) -> tuple[Campaign, Actor]:
    """The campaign and who is looking at it, or 403/404 as the module says."""
    if is_staff(request):
        return reviewable(campaign_id), Actor(None, staff_name=request.user.get_username())
    grants = _live_grants(request)
    if not grants:
        raise PermissionDenied
    held = grants.get(str(campaign_id))
    campaign = _live(campaign_id)
    if held is None or campaign is None or campaign.owner_id != held["owner"]:
        raise Http404
    if campaign.owner is not None and campaign.owner.is_blocked:
        raise PermissionDenied  # blocked by an admin after the link was made
    return campaign, Actor(campaign.owner_id)


def audit_staff_view(actor: Actor, campaign: Campaign) -> None:
    if actor.staff_name:
        record(None, Action.REVIEW_STAFF_VIEWED, campaign_id=campaign.pk, staff=actor.staff_name)

"""Links to a campaign's review page: signed, bound to the campaign and its owner, and short-lived.

The page itself lives in the `review` app, a floor above; the link is made here so that `review_link`, the bot
and the admin build the same URL without importing `review` (they reverse its URL names). A token carries the
campaign id and the owner's id, signed with SECRET_KEY by `django.core.signing` under a salt of its own: a link
for one campaign never opens another, and a campaign given to another owner no longer opens with an old link.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "review.link"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class ReviewGrant:
    campaign_id: int
    owner_id: int | None  # TelegramUser pk; None for a campaign built from the command line


def review_token(campaign_id: int, owner_id: int | None) -> str:
    return signing.dumps({"c": campaign_id, "o": owner_id}, salt=SALT, compress=True)


def read_review_token(token: str, max_age: int | None = None) -> ReviewGrant:
    """The campaign and owner a token was made for; raises `signing.BadSignature` (forged or altered) or its
    subclass `signing.SignatureExpired` (older than REVIEW_LINK_MAX_AGE)."""
    payload = signing.loads(token, salt=SALT, max_age=settings.REVIEW_LINK_MAX_AGE if max_age is None else max_age)
    if not isinstance(payload, dict) or not isinstance(payload.get("c"), int):
        raise signing.BadSignature("not a review token")
    owner = payload.get("o")
    return ReviewGrant(payload["c"], owner if isinstance(owner, int) else None)


def review_link_url(campaign_id: int, owner_id: int | None) -> str:
    """The absolute signed URL a browser opens (the command prints it; the bot sends it where no Mini App opens)."""
    return settings.SITE_URL + reverse("review:link", args=[review_token(campaign_id, owner_id)])


def review_app_url(campaign_id: int) -> str:
    """The Mini App's URL: Telegram opens it with signed initData, which the page checks before anything else."""
    return settings.SITE_URL + reverse("review:miniapp", args=[campaign_id])


def chat_button_kind() -> str:
    """How the chat offers the page: "web_app" (a Mini App needs https), "url" (the signed link, for http sites),
    or "" when SITE_URL is a loopback address Telegram refuses in a button (a developer's machine)."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https":
        return "web_app"
    if parts.hostname in LOOPBACK_HOSTS:
        return ""
    return "url"

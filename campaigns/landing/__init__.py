"""Reading the campaign's landing page: what it sells, its sections and the facts an ad may repeat.

One call for the pipeline: `read_landing(url, options)`. It never raises: a page that cannot be read comes back
as a `LandingPage` with `warning` set, and the campaign is built without it. A page read successfully is cached
per URL for a day, so a repeat build (or several campaigns for one site) fetches it once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace

from celery.exceptions import SoftTimeLimitExceeded
from django.utils.translation import gettext as _

from campaigns.landing.fetch import FetchError, FetchOptions, fetch_html
from campaigns.landing.parse import parse_page
from campaigns.landing.types import LandingPage, PageFact, PageLink

__all__ = ["LandingOptions", "LandingPage", "PageFact", "PageLink", "read_landing"]

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60
CACHE_VERSION = 1


@dataclass(frozen=True)
class LandingOptions:
    """`enabled=False` turns reading off (LANDING_FETCH); `fetch` says how (LANDING_ALLOW_PRIVATE_HOSTS and limits);
    `use_cache` lets a caller ask for a fresh read."""

    enabled: bool = True
    fetch: FetchOptions = field(default_factory=FetchOptions)
    use_cache: bool = True


def read_landing(
    url: str, options: LandingOptions | None = None, *, stored: dict | None = None, cache=None
) -> LandingPage:
    """The page at `url`. `stored` is what an earlier build kept (`LandingPage.to_dict()`): a repeat of the campaign
    reuses it when it was read from the same URL. Otherwise the cache (any Django cache, default "default") serves
    a page read within a day, and only then is the site fetched."""
    options = options or LandingOptions()
    url = (url or "").strip()
    if stored and stored.get("url") == url and not stored.get("warning"):
        return LandingPage.from_dict(stored)
    if not options.enabled:
        return LandingPage(url=url, warning=_("reading the landing page is turned off"))
    cache = cache if cache is not None else _default_cache()
    key = cache_key(url, options)
    if options.use_cache:
        stored = cache.get(key)
        if stored:
            return LandingPage.from_dict(stored)
    try:
        fetched = fetch_html(url, options.fetch)
        page = parse_page(fetched.html, fetched.url)
    except SoftTimeLimitExceeded:  # the task's time is up: the run must stop here, not go on without the page
        raise
    except FetchError as error:
        logger.info("landing page %s not read: %s", url, error)
        return LandingPage(url=url, warning=_("The landing page was not read: %(reason)s") % {"reason": error})
    except Exception:  # a parser failure on a strange page must not fail the build: log it with the traceback
        logger.exception("landing page %s could not be parsed", url)
        return LandingPage(url=url, warning=_("The landing page was not read: it could not be parsed"))
    page = replace(page, url=url)
    cache.set(key, page.to_dict(), CACHE_SECONDS)
    return page


def cache_key(url: str, options: LandingOptions) -> str:
    """Per URL, and apart for reads that allowed private hosts, so such a read is never served where they are not."""
    scope = "private" if options.fetch.allow_private_hosts else "public"
    return f"landing:v{CACHE_VERSION}:{scope}:{hashlib.sha256(url.encode()).hexdigest()}"


def _default_cache():
    from django.core.cache import caches

    return caches["default"]

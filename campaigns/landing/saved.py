"""A landing page the user saved as a file («Сохранить как…» in a browser), for sites that refuse robots.

The HTML goes through the same parser as a fetched page (`parse.parse_page`), with the campaign's address as its
URL, so same-site links, facts and prices come out as they would from the site itself. No network is touched.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from selectolax.lexbor import LexborHTMLParser

from campaigns.landing.parse import parse_page
from campaigns.landing.types import LandingPage

MAX_BYTES = 5 * 1024 * 1024  # a saved page with its inline styles and scripts; the parser needs far less
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


class SavedPageError(Exception):
    """The file is not a page that can be read; the message is for the user (translated)."""


def read_saved_page(content: bytes, url: str) -> LandingPage:
    """The page in `content` (HTML bytes) as if read from `url`; SavedPageError when it is too big or not HTML."""
    if len(content) > MAX_BYTES:
        raise SavedPageError(_("the page file is larger than %(size)d MB") % {"size": MAX_BYTES // 2**20})
    html = content.decode(html_encoding(content[:4096]), errors="replace")
    if "<" not in html or not re.search(r"<(?:html|body|head|title|div|p|a)\b", html, re.IGNORECASE):
        raise SavedPageError(_("the file is not an HTML page"))
    page = parse_page(html, url)
    if not (page.title or page.h1 or page.links or page.facts):
        raise SavedPageError(_("the page file holds no title, heading, links or facts"))
    return page


def saved_address(content: bytes) -> str:
    """The address a saved page names for itself (its canonical link or og:url), "" when it names none: a page
    sent without its address still gets one."""
    page = LexborHTMLParser(content[:MAX_BYTES].decode(html_encoding(content[:4096]), errors="replace"))
    for selector, attribute in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = page.css_first(selector)
        value = (node.attributes.get(attribute) or "").strip() if node is not None else ""
        if value.startswith(("http://", "https://")):
            return value
    return ""


def html_encoding(head: bytes) -> str:
    """The page's own `<meta charset>` (saved Russian pages are often windows-1251), else UTF-8 (a BOM says so)."""
    match = _META_CHARSET.search(head)
    if match:
        name = match[1].decode("ascii", errors="ignore").lower()
        try:
            "".encode(name)
        except LookupError:
            return "utf-8"
        return name
    return "utf-8-sig"

"""Landing links with UTM tags, and the display path Direct shows after the domain.

UTM decision: the template's `{campaign_id}`, `{ad_id}` and `{keyword}` default to Direct's own substitution
markers, left literal (unencoded) in the link, because Direct replaces them at click time with its real ids and the
matched keyword — values this service cannot know when it writes the ad. A caller may pass concrete values instead.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from django.conf import settings

from campaigns.ads.text import is_allowed_char
from core import direct_limits as limits

DIRECT_MARKERS = {"campaign_id": "{campaign_id}", "ad_id": "{ad_id}", "keyword": "{keyword}"}
_PLACEHOLDER = re.compile(r"\{(campaign_id|ad_id|keyword)\}")
_PATH_MARK_RUN = re.compile(r"([-№/%#])\1+")


def with_utm(
    url: str,
    *,
    campaign_id: int | str = DIRECT_MARKERS["campaign_id"],
    ad_id: int | str = DIRECT_MARKERS["ad_id"],
    keyword: str = DIRECT_MARKERS["keyword"],
    template: str | None = None,
) -> str:
    """The URL with the UTM template's parameters added. Parameters already in the URL win: the marketer set them
    on purpose. Braces stay literal so Direct's `{markers}` work; everything else in a value is percent-encoded.
    """
    template = settings.ADS_UTM_TEMPLATE if template is None else template
    values = {"campaign_id": campaign_id, "ad_id": ad_id, "keyword": keyword}
    parts = urlsplit(url)
    existing = parse_qsl(parts.query, keep_blank_values=True)
    present = {name for name, _ in existing}
    added = []
    for name, raw in parse_qsl(template, keep_blank_values=True):
        if name in present:
            continue
        value = _PLACEHOLDER.sub(lambda match: str(values[match[1]]), raw)
        added.append(f"{quote(name, safe='')}={quote(value, safe='{}')}")
    query = "&".join(filter(None, [parts.query, *added]))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def display_path(text: str) -> str:
    """A display link from free text the way Direct would clean it: spaces become `-`, other characters go,
    runs of marks collapse, and the result is cut at a word boundary to fit 20 characters.
    """
    kept = []
    for char in text.strip().replace("_", " "):
        if char.isspace():
            kept.append("-")
        elif char in limits.DISPLAY_PATH_MARKS or (char.isalnum() and is_allowed_char(char)):
            kept.append(char)
    path = _PATH_MARK_RUN.sub(r"\1", "".join(kept)).strip("-/")
    if len(path) <= limits.DISPLAY_PATH_MAX:
        return path
    cut = path[: limits.DISPLAY_PATH_MAX + 1]
    boundary = max(cut.rfind("-"), cut.rfind("/"))
    return (cut[:boundary] if boundary > 0 else path[: limits.DISPLAY_PATH_MAX]).strip("-/")

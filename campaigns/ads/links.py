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
from semantic.morph import analyzer

DIRECT_MARKERS = {"campaign_id": "{campaign_id}", "ad_id": "{ad_id}", "keyword": "{keyword}"}
_PLACEHOLDER = re.compile(r"\{(campaign_id|ad_id|keyword)\}")
_PATH_MARK_RUN = re.compile(r"([-№/%#])\1+")
_DANGLING_PREPOSITION = re.compile(r"(?:[-/](?:в|во|на|с|со|для|по|из|от|до|и|к|у|о|об|за|без|под|при))+$", re.I)


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


def product_path(words: list[str], names: frozenset[str] = frozenset()) -> str:
    """The display path of a product name too long for one: the noun that names the product with the names beside
    it, never a fragment that ends on an adjective or a preposition. «Электромеханический замок СКУД» →
    «Замок-СКУД», «Система контроля и управления доступом СКУД» → «Система-СКУД», «Диван со спальным местом» →
    «Диван»; a name that fits is written whole. `names` are the lowercased abbreviations and brands."""
    whole = _path_chars(" ".join(words))
    head = next((index for index, word in enumerate(words) if _is_nominative_noun(word, names)), None)
    candidates = [words]
    if head is not None:
        before = [word for word in words[:head] if word.casefold() in names]
        after = [word for word in words[head + 1 :] if word.casefold() in names]
        following = words[head + 1 : head + 2]
        candidates += [
            words[: head + 1] if head else [],  # «Жидкое стекло»
            [*before, words[head], *after] if before or after else [],  # «Замок СКУД», «СКУД сигнализация»
            [words[head], *following] if following and _is_noun(following[0], names) else [],  # «Покрытие авто»
            words[head:],
            [words[head]],
        ]
    for candidate in candidates:
        path = _path_chars(" ".join(candidate))
        if candidate and len(path) <= limits.DISPLAY_PATH_MAX:
            return path[:1].upper() + path[1:]
    return display_path(whole)


def _is_nominative_noun(word: str, names: frozenset[str]) -> bool:
    lowered = word.lower()
    if lowered in names or len(lowered) < 3 or not analyzer().word_is_known(lowered):  # «с» reads as «секунда»
        return False
    return any(parse.tag.POS == "NOUN" and "nomn" in parse.tag for parse in analyzer().parse(lowered))


def _is_noun(word: str, names: frozenset[str]) -> bool:
    lowered = word.lower()
    if lowered in names:
        return False
    return analyzer().word_is_known(lowered) and analyzer().parse(lowered)[0].tag.POS == "NOUN"


def _path_chars(text: str) -> str:
    """The text as Direct cleans a display path, before any cut."""
    kept = []
    for char in text.strip().replace("_", " "):
        if char.isspace():
            kept.append("-")
        elif char in limits.DISPLAY_PATH_MARKS or (char.isalnum() and is_allowed_char(char)):
            kept.append(char)
    return _PATH_MARK_RUN.sub(r"\1", "".join(kept)).strip("-/")


def display_path(text: str) -> str:
    """A display link from free text the way Direct would clean it: spaces become `-`, other characters go,
    runs of marks collapse, and the result is cut at a word boundary to fit 20 characters.
    """
    path = _path_chars(text)
    if len(path) <= limits.DISPLAY_PATH_MAX:
        return path
    cut = path[: limits.DISPLAY_PATH_MAX + 1]
    boundary = max(cut.rfind("-"), cut.rfind("/"))
    cut = (cut[:boundary] if boundary > 0 else path[: limits.DISPLAY_PATH_MAX]).strip("-/")
    return _DANGLING_PREPOSITION.sub("", cut)  # «СКУД-с-распознаванием-лиц» → «СКУД», not «СКУД-с»

"""Direct's rules for one ad, checked all at once so a marketer (or the LLM) sees every problem in one pass.

Field names in problems: `title1`, `title2`, `text` for text-image ads; `titles[i]`, `texts[i]` for combinatorial
ones; then `link`, `display_link`, `sitelinks`, `sitelinks[i].title|url|description`, `callouts[i]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from campaigns.ads.text import (
    bare_word,
    counted_length,
    forbidden_chars,
    holds_contact,
    is_allowed_char,
    is_shouting,
    narrow_count,
    words,
)
from campaigns.ads.types import AdDraft
from campaigns.models import AdKind
from core import direct_limits as limits


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def validate(ad: AdDraft) -> list[Problem]:
    problems: list[Problem] = []
    if ad.kind == AdKind.TEXT_IMAGE:
        problems += _text_image_copy(ad)
    elif ad.kind == AdKind.COMBINATORIAL:
        problems += _combinatorial_copy(ad)
    else:
        problems.append(Problem("kind", _("unknown ad kind %(kind)r") % {"kind": ad.kind}))
    problems += link_problems(ad.link, "link")
    problems += _display_link(ad.display_link)
    problems += _sitelinks(ad.sitelinks)
    problems += _callouts(ad.callouts)
    return problems


def _text_image_copy(ad: AdDraft) -> list[Problem]:
    problems = []
    if not 1 <= len(ad.titles) <= 2:
        problems.append(Problem("titles", _("a text-image ad has Title 1 and an optional Title 2")))
    if len(ad.texts) != 1:
        problems.append(Problem("texts", _("a text-image ad has exactly one text")))
    if ad.titles:
        problems += _full_length_copy(ad.titles[0], "title1", limits.TITLE1_MAX, is_title=True)
    if len(ad.titles) > 1 and ad.titles[1]:
        problems += _narrow_free_copy(ad.titles[1], "title2", limits.TITLE2_MAX, is_title=True)
    if ad.texts:
        problems += _narrow_free_copy(ad.texts[0], "text", limits.TEXT_MAX, is_title=False)
    return problems


def _combinatorial_copy(ad: AdDraft) -> list[Problem]:
    problems = []
    if not 1 <= len(ad.titles) <= limits.COMBINATORIAL_TITLES_MAX:
        problems.append(
            Problem(
                "titles", _("a combinatorial ad has 1 to %(max)d titles") % {"max": limits.COMBINATORIAL_TITLES_MAX}
            )
        )
    if not 1 <= len(ad.texts) <= limits.COMBINATORIAL_TEXTS_MAX:
        problems.append(
            Problem("texts", _("a combinatorial ad has 1 to %(max)d texts") % {"max": limits.COMBINATORIAL_TEXTS_MAX})
        )
    for index, title in enumerate(ad.titles):
        problems += _full_length_copy(title, f"titles[{index}]", limits.TITLE1_MAX, is_title=True)
    for index, text in enumerate(ad.texts):
        problems += _narrow_free_copy(text, f"texts[{index}]", limits.TEXT_MAX, is_title=False)
    for label, items in (("titles", ad.titles), ("texts", ad.texts)):
        folded = [item.casefold() for item in items]
        if len(set(folded)) != len(folded):
            problems.append(Problem(label, _("the variants repeat each other")))
    return problems


def _full_length_copy(text: str, field: str, maximum: int, *, is_title: bool) -> list[Problem]:
    problems = []
    if len(text) > maximum:
        problems.append(_too_long(field, len(text), maximum))
    return problems + _copy_rules(text, field, is_title=is_title)


def _narrow_free_copy(text: str, field: str, maximum: int, *, is_title: bool) -> list[Problem]:
    problems = []
    length = counted_length(text)
    if length > maximum:
        problems.append(
            Problem(
                field,
                _("%(length)d characters without narrow punctuation, at most %(max)d allowed")
                % {"length": length, "max": maximum},
            )
        )
    marks = narrow_count(text)
    if marks > limits.NARROW_MAX:
        problems.append(
            Problem(
                field,
                _('%(count)d narrow punctuation marks (. , ! : ; "), at most %(max)d allowed')
                % {"count": marks, "max": limits.NARROW_MAX},
            )
        )
    return problems + _copy_rules(text, field, is_title=is_title)


def _copy_rules(text: str, field: str, *, is_title: bool) -> list[Problem]:
    problems = []
    if not text.strip():
        return [Problem(field, _("is empty"))]
    if "  " in text:
        problems.append(Problem(field, _("contains doubled spaces")))
    if text != text.strip():
        problems.append(Problem(field, _("starts or ends with a space")))
    bad = forbidden_chars(text)
    if bad:
        shown = " ".join(repr(char) for char in bad[:5])
        problems.append(Problem(field, _("contains characters Direct does not accept: %(chars)s") % {"chars": shown}))
    for word in words(text):
        if len(bare_word(word)) > limits.WORD_MAX:
            problems.append(
                Problem(
                    field,
                    _("the word %(word)r is longer than %(max)d characters") % {"word": word, "max": limits.WORD_MAX},
                )
            )
        if is_shouting(word):
            problems.append(
                Problem(field, _("the word %(word)r is in capitals and is not an abbreviation") % {"word": word})
            )
    if is_title and text.count("!") > limits.TITLE_EXCLAMATIONS_MAX:
        problems.append(Problem(field, _("a title may hold only one exclamation mark")))
    return problems


def link_problems(url: str, field: str) -> list[Problem]:
    if not url:
        return [Problem(field, _("is empty"))]
    problems = []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(Problem(field, _("must be an absolute http:// or https:// address")))
    if len(url) > limits.HREF_MAX:
        problems.append(_too_long(field, len(url), limits.HREF_MAX))
    if any(char.isspace() for char in url):
        problems.append(Problem(field, _("contains spaces")))
    return problems


def _display_link(path: str) -> list[Problem]:
    problems = []
    if len(path) > limits.DISPLAY_PATH_MAX:
        problems.append(_too_long("display_link", len(path), limits.DISPLAY_PATH_MAX))
    bad = sorted({char for char in path if not _display_char(char)})
    if bad:
        problems.append(
            Problem(
                "display_link",
                _("only letters, digits and - № / %% # are allowed, found %(chars)s")
                % {"chars": " ".join(repr(char) for char in bad[:5])},
            )
        )
    return problems


def _too_long(field: str, length: int, maximum: int) -> Problem:
    return Problem(field, _("%(length)d characters, at most %(max)d allowed") % {"length": length, "max": maximum})


def _display_char(char: str) -> bool:
    return char in limits.DISPLAY_PATH_MARKS or (
        char != " " and char not in limits.ALLOWED_MARKS and is_allowed_char(char)
    )


def _sitelinks(sitelinks) -> list[Problem]:
    problems = []
    if len(sitelinks) > limits.SITELINKS_MAX:
        problems.append(Problem("sitelinks", _("at most %(max)d sitelinks allowed") % {"max": limits.SITELINKS_MAX}))
    seen = set()
    for index, sitelink in enumerate(sitelinks):
        field = f"sitelinks[{index}]"
        title = sitelink.title
        if not title.strip():
            problems.append(Problem(f"{field}.title", _("is empty")))
        elif len(title) > limits.SITELINK_TITLE_MAX:
            problems.append(_too_long(f"{field}.title", len(title), limits.SITELINK_TITLE_MAX))
        if any(char in limits.SITELINK_TITLE_FORBIDDEN for char in title):
            problems.append(Problem(f"{field}.title", _("sitelink titles may not contain ! or ?")))
        if (title.strip() and title.strip() != title) or "  " in title:
            problems.append(Problem(f"{field}.title", _("contains extra spaces")))
        if forbidden_chars(title):
            problems.append(Problem(f"{field}.title", _("contains characters Direct does not accept")))
        if title.casefold() in seen:
            problems.append(Problem(f"{field}.title", _("repeats another sitelink's title")))
        seen.add(title.casefold())
        if len(sitelink.description) > limits.SITELINK_DESCRIPTION_MAX:
            problems.append(
                _too_long(f"{field}.description", len(sitelink.description), limits.SITELINK_DESCRIPTION_MAX)
            )
        if forbidden_chars(sitelink.description):
            problems.append(Problem(f"{field}.description", _("contains characters Direct does not accept")))
        if holds_contact(sitelink.description):
            problems.append(Problem(f"{field}.description", _("holds a phone number or an address")))
        problems += link_problems(sitelink.url, f"{field}.url")
    for start in range(0, len(sitelinks), limits.SITELINK_BLOCK_SIZE):
        block = sitelinks[start : start + limits.SITELINK_BLOCK_SIZE]
        total = sum(len(sitelink.title) for sitelink in block)
        if total > limits.SITELINK_BLOCK_TITLES_MAX:
            problems.append(
                Problem(
                    "sitelinks",
                    _("titles of sitelinks %(first)d–%(last)d total %(total)d characters, at most %(max)d allowed")
                    % {
                        "first": start + 1,
                        "last": start + len(block),
                        "total": total,
                        "max": limits.SITELINK_BLOCK_TITLES_MAX,
                    },
                )
            )
    return problems


def _callouts(callouts: list[str]) -> list[Problem]:
    problems = []
    for index, callout in enumerate(callouts):
        field = f"callouts[{index}]"
        if not callout.strip():
            problems.append(Problem(field, _("is empty")))
        if len(callout) > limits.CALLOUT_MAX:
            problems.append(_too_long(field, len(callout), limits.CALLOUT_MAX))
        if forbidden_chars(callout) or "  " in callout or callout != callout.strip():
            problems.append(Problem(field, _("contains characters or spaces Direct does not accept")))
    return problems

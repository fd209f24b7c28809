"""Turns a slightly-off ad into one Direct accepts, keeping its meaning, and says what it changed.

An ad it cannot fix comes back as `RepairOutcome(ad=None, ...)`: the writers reject it instead of exporting it.
Repairs only remove or shorten (spacing, forbidden characters, filler words, short forms, a Title 1 tail moved
to Title 2, surplus variants); they never invent copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaigns.ads.links import display_path
from campaigns.ads.shortening import shorten, split_title
from campaigns.ads.text import (
    bare_word,
    capitalize_first,
    clean_copy,
    counted_length,
    forbidden_chars,
    holds_contact,
    is_shouting,
    narrow_count,
)
from campaigns.ads.types import AdDraft, Sitelink
from campaigns.ads.validator import link_problems, validate
from campaigns.models import AdKind
from core import direct_limits as limits


@dataclass(frozen=True)
class RepairOutcome:
    ad: AdDraft | None
    changes: list[str]


def repair(ad: AdDraft) -> RepairOutcome:
    if not validate(ad):
        return RepairOutcome(ad, [])
    changes: list[str] = []
    if ad.kind == AdKind.TEXT_IMAGE:
        ad = _repair_text_image(ad, changes)
    elif ad.kind == AdKind.COMBINATORIAL:
        ad = _repair_combinatorial(ad, changes)
    ad = _repair_extras(ad, changes)
    remaining = validate(ad)
    if remaining:
        return RepairOutcome(None, changes + [str(problem) for problem in remaining])
    return RepairOutcome(ad.with_changes(problems=[]), changes)


def fits_title1(text: str) -> bool:
    return len(text) <= limits.TITLE1_MAX and _words_fit(text)


def fits_title2(text: str) -> bool:
    return _fits_narrow_free(text, limits.TITLE2_MAX)


def fits_text(text: str) -> bool:
    return _fits_narrow_free(text, limits.TEXT_MAX)


def _fits_narrow_free(text: str, maximum: int) -> bool:
    return counted_length(text) <= maximum and narrow_count(text) <= limits.NARROW_MAX and _words_fit(text)


def _words_fit(text: str) -> bool:
    return all(len(bare_word(word)) <= limits.WORD_MAX for word in text.split())


def tidy(text: str, *, is_title: bool) -> str:
    """Characters, spacing, capitals and exclamation marks as Direct wants them; the length is left alone."""
    text = capitalize_first(clean_copy(text))
    if is_title and text.count("!") > limits.TITLE_EXCLAMATIONS_MAX:
        first = text.index("!")
        text = text[: first + 1] + text[first + 1 :].replace("!", ".")
        text = clean_copy(text)
    return text


def _note(changes: list[str], field: str, before: str, after: str) -> None:
    if before != after:
        changes.append(_("%(field)s: %(before)r → %(after)r") % {"field": field, "before": before, "after": after})


def _repair_text_image(ad: AdDraft, changes: list[str]) -> AdDraft:
    titles = list(ad.titles[:2])
    texts = list(ad.texts)
    if len(ad.titles) > 2:
        changes.append(_("titles: dropped extra titles %(titles)r") % {"titles": ad.titles[2:]})
    title1 = tidy(titles[0], is_title=True) if titles else ""
    title2 = tidy(titles[1], is_title=True) if len(titles) > 1 else ""
    title1_shorter = shorten(title1, fits_title1, may_drop_sentences=False)
    if not fits_title1(title1_shorter) and not title2:
        moved = split_title(title1_shorter, fits_title1, fits_title2)
        if moved:
            title1_shorter, title2 = moved
            changes.append(_("title1: moved %(tail)r to Title 2") % {"tail": title2})
    _note(changes, "title1", titles[0] if titles else "", title1_shorter)
    new_title2 = shorten(title2, fits_title2, may_drop_sentences=False)
    if len(titles) > 1:
        _note(changes, "title2", titles[1], new_title2)
    text = " ".join(texts) if texts else ""
    if len(texts) > 1:
        changes.append(_("text: joined %(count)d texts into one") % {"count": len(texts)})
    new_text = shorten(tidy(text, is_title=False), fits_text, may_drop_sentences=True)
    _note(changes, "text", text, new_text)
    new_titles = [title1_shorter, new_title2] if new_title2 else [title1_shorter]
    return ad.with_changes(titles=new_titles, texts=[new_text])


def _repair_combinatorial(ad: AdDraft, changes: list[str]) -> AdDraft:
    titles = _repair_variants(
        ad.titles, "titles", changes, limit=limits.COMBINATORIAL_TITLES_MAX, fits=fits_title1, is_title=True
    )
    texts = _repair_variants(
        ad.texts, "texts", changes, limit=limits.COMBINATORIAL_TEXTS_MAX, fits=fits_text, is_title=False
    )
    return ad.with_changes(titles=titles, texts=texts)


def _repair_variants(items, label, changes, *, limit, fits, is_title) -> list[str]:
    """Fix each variant; drop one only when it cannot be fixed and others remain, or it repeats another."""
    fixed: list[tuple[str, str, bool]] = []
    for index, original in enumerate(items):
        new = shorten(tidy(original, is_title=is_title), fits, may_drop_sentences=not is_title)
        field = f"{label}[{index}]"
        _note(changes, field, original, new)
        fixed.append((field, new, bool(new) and fits(new) and _clean(new)))
    result, seen = [], set()
    any_good = any(ok for _field, _new, ok in fixed)
    for field, new, ok in fixed:
        if new.casefold() in seen:
            changes.append(_("%(field)s: dropped, it repeats another variant") % {"field": field})
            continue
        if not ok and any_good:
            changes.append(_("%(field)s: dropped, it cannot be made to fit") % {"field": field})
            continue
        seen.add(new.casefold())
        result.append(new)
    if len(result) > limit:
        changes.append(_("%(label)s: kept the first %(max)d variants") % {"label": label, "max": limit})
        result = result[:limit]
    return result


def _clean(text: str) -> bool:
    return not forbidden_chars(text) and not any(is_shouting(word) for word in text.split())


def _repair_extras(ad: AdDraft, changes: list[str]) -> AdDraft:
    link = ad.link.strip()
    _note(changes, "link", ad.link, link)
    display = display_path(ad.display_link) if ad.display_link else ""
    _note(changes, "display_link", ad.display_link, display)
    return ad.with_changes(
        link=link,
        display_link=display,
        sitelinks=repair_sitelinks(ad.sitelinks, changes),
        callouts=repair_callouts(ad.callouts, changes),
    )


def repair_sitelinks(sitelinks: list[Sitelink], changes: list[str]) -> list[Sitelink]:
    """Keep sitelinks in order while they fit: a title that cannot be fixed, a repeat, one past the eighth, or one
    that would push its block of four past 66 title characters is left out (and reported).
    """
    kept: list[Sitelink] = []
    seen: set[str] = set()
    for index, sitelink in enumerate(sitelinks):
        field = f"sitelinks[{index}]"
        title = shorten(
            clean_copy(sitelink.title.replace("!", " ").replace("?", " ")),
            lambda text: len(text) <= limits.SITELINK_TITLE_MAX,
            may_drop_sentences=False,
        )
        title = capitalize_first(title)
        description = clean_copy(sitelink.description)
        if len(description) > limits.SITELINK_DESCRIPTION_MAX:
            description = shorten(
                description, lambda text: len(text) <= limits.SITELINK_DESCRIPTION_MAX, may_drop_sentences=True
            )
        if len(description) > limits.SITELINK_DESCRIPTION_MAX:
            changes.append(_("%(field)s.description: dropped, too long") % {"field": field})
            description = ""
        if holds_contact(description):
            changes.append(
                _("%(field)s.description: dropped, it holds a phone number or an address") % {"field": field}
            )
            description = ""
        block_start = len(kept) - len(kept) % limits.SITELINK_BLOCK_SIZE
        block_total = sum(len(item.title) for item in kept[block_start:]) + len(title)
        url = sitelink.url.strip()
        if link_problems(url, field):
            reason = _("its link is not a valid http(s) address")
        elif not title or len(title) > limits.SITELINK_TITLE_MAX:
            reason = _("its title cannot be made to fit")
        elif title.casefold() in seen:
            reason = _("its title repeats another")
        elif len(kept) >= limits.SITELINKS_MAX:
            reason = _("at most %(max)d sitelinks allowed") % {"max": limits.SITELINKS_MAX}
        elif block_total > limits.SITELINK_BLOCK_TITLES_MAX:
            reason = _("titles of its block of four would exceed %(max)d characters") % {
                "max": limits.SITELINK_BLOCK_TITLES_MAX
            }
        else:
            reason = ""
        if reason:
            changes.append(_("%(field)s: dropped, %(reason)s") % {"field": field, "reason": reason})
            continue
        _note(changes, f"{field}.title", sitelink.title, title)
        _note(changes, f"{field}.description", sitelink.description, description)
        seen.add(title.casefold())
        kept.append(Sitelink(title=title, url=url, description=description))
    return kept


def repair_callouts(callouts: list[str], changes: list[str]) -> list[str]:
    kept: list[str] = []
    for index, callout in enumerate(callouts):
        field = f"callouts[{index}]"
        new = shorten(
            capitalize_first(clean_copy(callout)),
            lambda text: len(text) <= limits.CALLOUT_MAX,
            may_drop_sentences=False,
        )
        if not new or len(new) > limits.CALLOUT_MAX or new.casefold() in {item.casefold() for item in kept}:
            changes.append(_("%(field)s: dropped %(callout)r") % {"field": field, "callout": callout})
            continue
        _note(changes, field, callout, new)
        kept.append(new)
    return kept

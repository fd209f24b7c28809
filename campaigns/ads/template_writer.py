"""The default writer: offline and deterministic, it builds ads from the campaign's own words.

For each group: one combinatorial ad (up to 7 titles, 3 texts) and one text-image ad (Title 1, Title 2, Text).
Title 1 carries the group's main phrase, with the region in the locative ("в Москве") when it fits, because
Direct bolds the query words in the title. Every piece is chosen so that it fits by construction; the shared gate
(`writer.admit`) still validates each ad before it leaves.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

from campaigns.ads import limits
from campaigns.ads.grammar import in_region, mentions_region
from campaigns.ads.links import display_path, with_utm
from campaigns.ads.repairer import fits_text, fits_title1, fits_title2, tidy
from campaigns.ads.shortening import apply_short_forms, sentences, shorten_long_words, trim_to_words
from campaigns.ads.text import bare_word, capitalize_first
from campaigns.ads.types import AdDraft, GroupBrief, Sitelink, WriteResult
from campaigns.ads.wording import Wording, wording_for
from campaigns.ads.writer import Progress, ShouldStop, admit, empty_usage, progress_message
from campaigns.models import AdKind, AdSource
from semantic.control import StageControl

OTHER_PHRASES_IN_TITLES = 3
_OPERATORS = str.maketrans({char: " " for char in '!+"[]()|'})


class TemplateWriter:
    def write(
        self,
        briefs: list[GroupBrief],
        *,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> WriteResult:
        control = StageControl(progress, should_stop)
        result = WriteResult(usage=empty_usage())
        for done, brief in enumerate(briefs):
            control.check()
            admit(result, brief.key, write_group(brief))
            control.report(100 * (done + 1) / len(briefs), progress_message(done + 1, len(briefs)))
        return result


def write_group(brief: GroupBrief, source: str = AdSource.TEMPLATE) -> list[AdDraft]:
    """The group's combinatorial and text-image drafts (not yet through the gate)."""
    copy = GroupCopy(brief)
    common = common_fields(brief, source, copy)
    combinatorial = AdDraft(kind=AdKind.COMBINATORIAL, titles=copy.titles, texts=copy.texts, **common)
    title2 = copy.title2
    text_image = AdDraft(
        kind=AdKind.TEXT_IMAGE,
        titles=[copy.title1, title2] if title2 else [copy.title1],
        texts=[copy.texts[0]],
        **common,
    )
    return [combinatorial, text_image]


def common_fields(brief: GroupBrief, source: str, copy: GroupCopy | None = None) -> dict:
    """What every ad of a group shares whoever writes its copy: the tagged link, display path, sitelinks, callouts."""
    copy = copy or GroupCopy(brief)
    return {
        "link": with_utm(brief.landing_url),
        "display_link": display_path(copy.main_phrase),
        "sitelinks": campaign_sitelinks(brief),
        "callouts": campaign_callouts(brief),
        "source": source,
    }


def source_words(text: str) -> str:
    """The campaign's own words made fit for ad copy: clean characters and no word longer than Direct allows
    (a known shorter synonym replaces it, otherwise it is left out).
    """
    text = shorten_long_words(tidy(text, is_title=False))
    return " ".join(word for word in text.split(" ") if len(bare_word(word)) <= limits.WORD_MAX)


def plain_phrase(keyword: str) -> str:
    """A keyword as people read it: Direct's operators (`! + " [ ]`) and its minus words (`-бесплатно`) removed,
    the letters' case kept (`ремонт у МКАД` stays so; the semantic core's parser lowercases everything).
    """
    words = keyword.split()
    kept = [word for position, word in enumerate(words) if position == 0 or not word.startswith("-")]
    return " ".join(kept).translate(_OPERATORS).lstrip("-")


def as_sentence(text: str) -> str:
    text = capitalize_first(source_words(text)).rstrip(" ,:;—–-")
    if text and text[-1] not in ".!?":
        text += "."
    return text


class GroupCopy:
    """The pieces of one group's copy, each already within its limit."""

    def __init__(self, brief: GroupBrief):
        self.brief = brief
        self.wording: Wording = wording_for(brief.language)
        phrases = [self._phrase(phrase) for phrase in brief.phrases]
        self.phrases = [phrase for phrase in dict.fromkeys(phrases) if phrase]
        name = self._phrase(brief.name)
        self.main_phrase = (self.phrases or [name])[0] or name or _site_name(brief.landing_url)
        self.name = name
        self.region = in_region(brief.region_name, brief.language) if brief.region_name.strip() else ""
        self.benefits = [sentence for sentence in (as_sentence(item) for item in brief.benefits) if sentence]
        self.product = self._product_sentence()

    def _phrase(self, text: str) -> str:
        return capitalize_first(source_words(plain_phrase(text)))

    def _product_sentence(self) -> str:
        first = (sentences(source_words(self.brief.product_description)) or [""])[0]
        if not fits_text(first):
            first = apply_short_forms(first)
        return as_sentence(trim_to_words(first.rstrip("."), lambda text: fits_text(text + "."))) if first else ""

    def _with_region(self, phrase: str) -> str:
        if not phrase or not self.region or mentions_region(phrase, self.brief.region_name):
            return phrase
        return f"{phrase} {self.region}"

    @cached_property
    def title1(self) -> str:
        candidates = [self._with_region(self.main_phrase), self.main_phrase]
        candidates.append(trim_to_words(self.main_phrase, fits_title1))
        candidates += [self.name, trim_to_words(self.name, fits_title1), _site_name(self.brief.landing_url)]
        return _first_fitting(_as_titles(candidates), fits_title1) or self.wording.title2_fallbacks[0]

    @cached_property
    def title2(self) -> str:
        candidates = [benefit.rstrip(".") for benefit in self.benefits] + list(self.wording.title2_fallbacks)
        title1 = self.title1.casefold()
        return _first_fitting([c for c in _as_titles(candidates) if c.casefold() != title1], fits_title2)

    @cached_property
    def titles(self) -> list[str]:
        main = self.main_phrase
        candidates = [self.title1, main, *self.phrases[1 : 1 + OTHER_PHRASES_IN_TITLES]]
        benefit = self.benefits[0].rstrip(".!?") if self.benefits else ""
        if main and benefit:
            candidates.append(f"{main} — {_lower_first(benefit)}")
        candidates += [self._with_region(self.name), self.name]
        return _unique_fitting(_as_titles(candidates), fits_title1)[: limits.COMBINATORIAL_TITLES_MAX]

    @cached_property
    def texts(self) -> list[str]:
        cta_first, cta_second, cta_third = self.wording.calls_to_action
        variants = [
            _fill([self.product, *self.benefits], closing=cta_first),
            _fill([*self.benefits[1:], *self.benefits[:1]], closing=cta_second),
            _fill([self.product or as_sentence(self._with_region(self.main_phrase))], closing=cta_third),
        ]
        texts = _unique_fitting(variants, fits_text)
        return texts or [cta_first]


def _fill(parts: list[str], closing: str) -> str:
    """As many of the sentences, in order, as fit one text together with the closing call to action (in short
    forms if that makes one fit); a sentence that does not fit is skipped. The call to action is dropped only
    when it cannot fit even alone beside the first sentence.
    """
    text = ""
    for part in filter(None, parts):
        for option in (part, apply_short_forms(part)):
            candidate = f"{text} {option}".strip()
            if fits_text(f"{candidate} {closing}") or (not text and fits_text(candidate)):
                text = candidate
                break
    closed = f"{text} {closing}".strip()
    return closed if fits_text(closed) else text


def _lower_first(text: str) -> str:
    """`Доставка за 1 день` → `доставка за 1 день` after a dash; abbreviations (`МКАД`, `SEO`) keep their capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _as_titles(candidates: list[str]) -> list[str]:
    """Candidates tidied the way titles must be (one exclamation mark at most)."""
    return [tidy(candidate, is_title=True) for candidate in candidates]


def _first_fitting(candidates: list[str], fits) -> str:
    return next((candidate for candidate in candidates if candidate and fits(candidate)), "")


def _unique_fitting(candidates: list[str], fits) -> list[str]:
    seen, kept = set(), []
    for candidate in candidates:
        if candidate and fits(candidate) and candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            kept.append(candidate)
    return kept


def _site_name(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return capitalize_first(host.removeprefix("www."))


def campaign_sitelinks(brief: GroupBrief) -> list[Sitelink]:
    """The campaign's sitelinks with UTM tags. A sitelink given only as a URL gets its title from the URL's path
    (…/dostavka → Доставка); one whose path means nothing known is left out rather than guessed.
    """
    wording = wording_for(brief.language)
    sitelinks = []
    for sitelink in brief.sitelinks:
        title, description = sitelink.title.strip(), sitelink.description.strip()
        if not title:
            title = _title_from_path(sitelink.url, wording)
            description = description or wording.sitelink_descriptions.get(title, "")
        if title and sitelink.url.strip():
            sitelinks.append(Sitelink(title=title, url=with_utm(sitelink.url.strip()), description=description))
    return sitelinks


def _title_from_path(url: str, wording: Wording) -> str:
    segments = [segment for segment in urlsplit(url.strip()).path.lower().split("/") if segment]
    return wording.sitelink_titles.get(segments[-1].removesuffix(".html"), "") if segments else ""


def campaign_callouts(brief: GroupBrief) -> list[str]:
    """The campaign's callouts; without any, its short benefits, as many as one mobile line shows."""
    if brief.callouts:
        return [tidy(callout, is_title=False).rstrip(".") for callout in brief.callouts]
    callouts, total = [], 0
    for benefit in brief.benefits:
        callout = source_words(benefit).rstrip(".")
        if callout and len(callout) <= limits.CALLOUT_MAX and total + len(callout) <= limits.CALLOUTS_MOBILE_TOTAL:
            callouts.append(capitalize_first(callout))
            total += len(callout)
    return callouts

"""The default writer: offline and deterministic, it builds ads from the campaign's own words and its landing page.

For each group: one combinatorial ad (up to 7 titles, 3 texts) and one text-image ad (Title 1, Title 2, Text).
Title 1 carries the group's main phrase, read the way a person would title it («тахта купить» → «Купить тахту»),
with the region in the locative ("в Москве") when it fits, because Direct bolds the query words in the title.
Texts state facts (selling points, the page's price, delivery, guarantee…) and name the product. Sitelinks and
callouts come from `extensions`. Every piece is chosen so that it fits by construction; the shared gate
(`writer.admit`) still validates each ad before it leaves.
"""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

from campaigns.ads.extensions import group_callouts, group_sitelinks
from campaigns.ads.grammar import in_case, in_region, mentions_region
from campaigns.ads.links import display_path, with_utm
from campaigns.ads.phrasing import OFFER_LEADS, PhraseReader, Title, compounds_from, tokens
from campaigns.ads.repairer import fits_text, fits_title1, fits_title2, tidy
from campaigns.ads.shortening import apply_short_forms, sentences, shorten_long_words, trim_to_words
from campaigns.ads.spelling import respell, spellings
from campaigns.ads.text import bare_word, capitalize_first
from campaigns.ads.types import AdDraft, GroupBrief, WriteResult
from campaigns.ads.wording import Wording, wording_for
from campaigns.ads.writer import Progress, ShouldStop, admit, empty_usage, progress_message
from campaigns.landing.parse import fact_kind
from campaigns.landing.types import DELIVERY, GUARANTEE, PAYMENT, RETURNS, STOCK, YEARS
from campaigns.models import AdKind, AdSource
from core import direct_limits as limits
from semantic.control import StageControl
from semantic.morph import analyzer, lemma

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
        "display_link": display_path(copy.bare_product),
        "sitelinks": group_sitelinks(brief),
        "callouts": group_callouts(brief),
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
    """The pieces of one group's copy, each already within its limit.

    Titles come from the group's clean phrases read by `PhraseReader` (commercial word first, product in the
    accusative after it, names in the advertiser's spelling); texts from facts: the brief's selling points, the page's
    lowest price when the page is about this group's product, then the page's delivery, guarantee, payment, returns,
    stock and years. Every text names the product, so groups with the same facts still differ.
    """

    def __init__(self, brief: GroupBrief):
        self.brief = brief
        self.wording: Wording = wording_for(brief.language)
        page = brief.page
        page_texts = [page.title, page.h1, page.description, *(link.text for link in page.links)] if page else []
        page_facts = [fact.text for fact in page.facts] if page else []
        brief_texts = [brief.name, brief.product_description, *brief.benefits, *brief.names]
        self.names = spellings([*brief_texts, *page_texts], brief.phrases)
        self.reader = PhraseReader(
            [source_words(plain_phrase(phrase)) for phrase in brief.phrases],
            region_name=brief.region_name,
            names=self.names,
            supported_text=" ".join([*brief_texts, *page_texts, *page_facts]),
            compounds=compounds_from([*brief_texts, *page_texts, *brief.phrases]),
        )
        self.read_titles = self._read_titles()
        self.region = in_region(brief.region_name, brief.language) if brief.region_name.strip() else ""
        self.benefits = [sentence for sentence in (as_sentence(item) for item in brief.benefits) if sentence]
        self.facts = self._facts()
        self.product_sentence = self._product_sentence()

    def _read_titles(self) -> list[Title]:
        if self.brief.language != "ru":
            phrases = [self._phrase(phrase) for phrase in [*self.brief.phrases, self.brief.name]]
            titles = [Title("", phrase.split()) for phrase in dict.fromkeys(phrases) if phrase]
        else:
            name = source_words(plain_phrase(self.brief.name))
            read = [self.reader.read(phrase) for phrase in [*self.reader.phrases, name]]
            titles = [title for title in read if title is not None]
        if not titles:
            titles.append(Title("", [self._group_word()]))
        return titles

    def _group_word(self) -> str:
        """A name built from the group's own product word when no phrase reads as a title."""
        counts: dict[str, int] = {}
        for phrase in self.brief.phrases:
            for word in tokens(phrase.lower()):
                if 2 < len(word) <= limits.WORD_MAX and analyzer().parse(word)[0].tag.POS in ("NOUN", None):
                    counts[word] = counts.get(word, 0) + 1
        return max(counts, key=counts.get) if counts else _site_name(self.brief.landing_url)

    def _phrase(self, text: str) -> str:
        return capitalize_first(respell(source_words(plain_phrase(text)), self.names))

    @cached_property
    def product(self) -> str:
        """The group's product as a title names it, in the nominative: «Диван-кровать», «СКУД». Outside Russian,
        where phrases are not read for their commercial words, the group's name."""
        if self.brief.language != "ru" and self._phrase(self.brief.name):
            return self._phrase(self.brief.name)
        main = self.read_titles[0]
        if main.tail or main.lead in OFFER_LEADS:  # «Диван на заказ», «Скидки на диван»: the offer is the product
            return main.text(self.names)
        return capitalize_first(" ".join(self.names.get(word.casefold(), word) for word in main.product))

    @cached_property
    def bare_product(self) -> str:
        """The product without the offer around it: «Диван» for «Скидки на диван»; what the display path names."""
        main = self.read_titles[0]
        return capitalize_first(" ".join(self.names.get(word.casefold(), word) for word in main.product))

    @cached_property
    def product_object(self) -> str:
        """The product after a verb: «тахту», «диван-кровать», «СКУД», «Parsec СКУД»."""
        main = self.read_titles[0]
        words = in_case(main.product, "accs", frozenset(self.names)) if self.brief.language == "ru" else main.product
        words = [self.names.get(word.casefold(), word) for word in words]
        if words and words[0].casefold() not in self.names and not words[0].isupper():
            words[0] = words[0][:1].lower() + words[0][1:]
        return " ".join(words)

    @cached_property
    def main_phrase(self) -> str:
        return self.read_titles[0].text(self.names)

    def _facts(self) -> list[str]:
        """Selling points, then the page's lowest price when the page is about this group's product, then the page's
        facts of kinds the selling points do not cover."""
        facts = [benefit.rstrip(".") for benefit in self.benefits]
        covered = {fact_kind(fact) for fact in facts} - {""}
        page = self.brief.page
        if page is not None:
            if page.prices and self._page_is_about_the_group(page):
                facts.append(self.wording.price_from.format(price=page.prices[0].removeprefix("от ")))
            for kind in FACT_KINDS_IN_TEXTS:
                found = page.facts_of(kind)
                if found and kind not in covered:
                    facts.append(capitalize_first(source_words(found[0])))
                    covered.add(kind)
        return [fact for fact in facts if fact and fits_text(fact + ".")]

    def _page_is_about_the_group(self, page) -> bool:
        page_words = {lemma(word) for word in tokens(f"{page.h1} {page.title}".lower())}
        product = " ".join(self.read_titles[0].product).replace("-", " ").lower()
        product_words = {lemma(word) for word in product.split()}
        return bool(page_words & product_words)

    def _product_sentence(self) -> str:
        first = (sentences(source_words(self.brief.product_description)) or [""])[0]
        if not fits_text(first):
            first = apply_short_forms(first)
        text = as_sentence(trim_to_words(first.rstrip("."), lambda text: fits_text(text + "."))) if first else ""
        return respell(text, self.names)

    def _with_region(self, phrase: str) -> str:
        if not phrase or not self.region or mentions_region(phrase, self.brief.region_name):
            return phrase
        return f"{phrase} {self.region}"

    @cached_property
    def title1(self) -> str:
        main = self.main_phrase
        candidates = [self._with_region(main), main, trim_to_words(main, fits_title1)]
        candidates += [self.product, _site_name(self.brief.landing_url)]
        return _first_fitting(_as_titles(candidates), fits_title1) or self.wording.title2_fallbacks[0]

    @cached_property
    def title2(self) -> str:
        candidates = [fact for fact in self.facts] + list(self.wording.title2_fallbacks)
        title1 = self.title1.casefold()
        return _first_fitting([c for c in _as_titles(candidates) if c.casefold() != title1], fits_title2)

    @cached_property
    def titles(self) -> list[str]:
        main = self.main_phrase
        others = [title.text(self.names) for title in self.read_titles[1:]]
        others = _unique_fitting(_as_titles([main, *others]), fits_title1, _same_words)[1:]
        candidates = [self.title1, main, *others[:OTHER_PHRASES_IN_TITLES]]
        if self.facts:
            candidates.append(f"{self.product} — {_lower_first(self.facts[0])}")
        candidates.append(self._with_region(self.product))
        return _unique_fitting(_as_titles(candidates), fits_title1, _same_words)[: limits.COMBINATORIAL_TITLES_MAX]

    @cached_property
    def texts(self) -> list[str]:
        facts = self.facts
        names_region = facts and mentions_region(facts[0], self.brief.region_name)
        lead = self.product if names_region else self._with_region(self.product)
        first = f"{lead}: {_lower_first(facts[0])}." if facts else f"{lead}."
        if not fits_text(first):
            first = f"{self.product}: {_lower_first(facts[0])}." if facts else f"{self.product}."
        if not facts:  # nothing known but the product: each text still names it, so groups never share one
            named_third = self._closings(2)[0]
            third = _fill([self.product_sentence], [named_third])
            variants = [
                _fill([first], self._closings(0)),
                _fill([first, self.product_sentence], self._closings(1)),
                third if third.endswith(named_third) else "",
            ]
        else:
            rotated = [*facts[1:], *facts[:1]]
            offer = [f"{self.product}."] if self.product != self.bare_product else []
            variants = [
                _fill([first, *map(as_sentence, facts[1:]), self.product_sentence], self._closings(0)),
                _fill([*offer, *map(as_sentence, rotated[:2]), self.product_sentence], self._closings(1)),
                _fill([*offer, *map(as_sentence, rotated[2:] or facts[:1]), self.product_sentence], self._closings(2)),
            ]
        texts = _unique_fitting([respell(text, self.names) for text in variants], fits_text)
        fallbacks = [first, trim_to_words(first.rstrip("."), fits_text), self.wording.title2_fallbacks[0]]
        return texts or [_first_fitting(fallbacks, fits_text)]

    def _closings(self, variant: int) -> list[str]:
        """The call to action that names the product, or the plain one when that does not fit."""
        plain = self.wording.calls_to_action[variant]
        if self.brief.language != "ru":  # the product is a whole phrase there («Buy a sofa»), not an object
            return [plain]
        return [self.wording.object_calls_to_action[variant].format(object=self.product_object), plain]


FACT_KINDS_IN_TEXTS = (DELIVERY, GUARANTEE, PAYMENT, RETURNS, STOCK, YEARS)


def _fill(parts: list[str], closings: list[str]) -> str:
    """The first sentence, then as many of the others, in order, as fit one text together with a closing call to
    action (in short forms if that makes one fit). The first closing that fits beside the first sentence is used;
    the text goes without one only when none does, so a text is never a call to action alone.
    """
    parts = [part for part in parts if part]
    if not parts:
        return ""
    for closing in [*closings, ""]:
        text = ""
        for position, part in enumerate(parts):
            for option in (part, apply_short_forms(part)):
                candidate = f"{text} {option}".strip()
                if fits_text(f"{candidate} {closing}".strip()):
                    text = candidate
                    break
            if position == 0 and not text:
                break
        if text:
            return f"{text} {closing}".strip()
    return ""


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


def _unique_fitting(candidates: list[str], fits, key=str.casefold) -> list[str]:
    seen, kept = set(), []
    for candidate in candidates:
        if candidate and fits(candidate) and key(candidate) not in seen:
            seen.add(key(candidate))
            kept.append(candidate)
    return kept


def _same_words(title: str) -> str:
    """Titles that differ only in word forms («Диван», «Диваны») say the same thing: one is enough."""
    return " ".join(lemma(word) for word in tokens(title.lower()))


def _site_name(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return capitalize_first(host.removeprefix("www."))

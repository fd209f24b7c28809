"""The default writer: offline and deterministic, it builds ads from the campaign's own words and its landing page.

For each group: one combinatorial ad (up to 7 titles, 3 texts) and one text-image ad (Title 1, Title 2, Text).
Title 1 carries the group's main phrase, read the way a person would title it («тахта купить» → «Купить тахту»),
with the region in the locative ("в Москве") when it fits, because Direct bolds the query words in the title.
Texts lead with the brief's offer for this product («Угловые диваны от фабрики», «Продажа, монтаж и
проектирование»; groups take its parts in turns), state facts (selling points, the page's price for this very
product, delivery, guarantee…) and close with the seller's call to action (`voice`). Every line passes the group's
`truth` before it is chosen. The ad links to the group's own section of the site when the page has one. Sitelinks
and callouts come from `extensions`. Every piece is chosen so that it fits by construction; the shared gate
(`writer.admit`) still validates each ad before it leaves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from campaigns.ads.extensions import (
    CALLOUTS_MAX,
    CALLOUTS_MIN,
    group_callouts,
    group_sitelinks,
    matching_section,
    named_section,
)
from campaigns.ads.grammar import (
    abbreviation_genders,
    agree,
    agree_with_abbreviations,
    declinable,
    in_case,
    in_region,
    is_common_noun,
    mentions_region,
)
from campaigns.ads.links import product_path, with_utm
from campaigns.ads.naming import NAME_KEY_LETTERS, brand_words, latin_key, market_words, written_names
from campaigns.ads.offering import (
    BUSINESS_LEMMAS,
    is_noun,
    joins_another,
    names_product,
    offer_lists_products,
    offered_names,
    offered_part,
    said_lemmas,
    sold_part,
)
from campaigns.ads.parts import installing_work, says_it_installs
from campaigns.ads.phrasing import (
    FUNCTION_WORDS,
    OFFER_LEADS,
    PRICE_LEAD,
    PhraseReader,
    Title,
    compounds_from,
    tokens,
)
from campaigns.ads.repairer import fits_text, fits_title1, fits_title2, tidy
from campaigns.ads.shortening import apply_short_forms, sentences, shorten_long_words, trim_to_words
from campaigns.ads.spelling import respell, spellings
from campaigns.ads.text import bare_word, capitalize_first
from campaigns.ads.truth import (
    GroupTruth,
    head_noun,
    lemmas_of,
    page_sources,
    priced_subjects,
    same_subject,
    unique_sentences,
)
from campaigns.ads.types import AdDraft, GroupBrief, WriteResult
from campaigns.ads.voice import (
    WORK_STEM,
    names_a_work,
    offer_phrases,
    offered_works,
    unoffered_work,
    voice_for,
    work_objects,
    work_stem,
)
from campaigns.ads.wording import Wording, wording_for
from campaigns.ads.writer import Progress, ShouldStop, admit, empty_usage, progress_message
from campaigns.landing.parse import fact_kind
from campaigns.landing.types import BUSINESS_FACT_KINDS, ESTIMATE, SELLING, LandingPage, PageLink
from campaigns.models import AdKind, AdSource
from core import direct_limits as limits
from semantic.control import StageControl
from semantic.morph import analyzer, lemma, readings
from semantic.seller import SERVICE_LEMMAS, SellerKind

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
        market = market_words([brief.phrases for brief in briefs])
        listed = offer_lists_products(briefs)
        read = [NamesRead.of(brief) for brief in briefs]
        brands = campaign_brands(read)
        for done, (brief, names_read) in enumerate(zip(briefs, read, strict=True)):
            control.check()
            copy = GroupCopy(brief, market=market, listed=listed, campaign_brands=brands, names_read=names_read)
            admit(result, brief, write_group(brief, copy=copy), copy.truth)
            control.report(100 * (done + 1) / len(briefs), progress_message(done + 1, len(briefs)))
        return result


def read_names(brief: GroupBrief, phrases: list[str], supported_text: str) -> tuple[dict[str, str], frozenset, dict]:
    """(how the ad writes each name, the brands among the phrases' words, the names read from the phrases alone):
    the advertiser's spelling from the brief and the page first; abbreviations in capitals, brands as names («СОТ»,
    «СКУД Страж») read from the phrases."""
    page = brief.page
    page_texts = [page.title, page.h1, page.description, *(link.text for link in page.links)] if page else []
    brief_texts = [brief.name, brief.product_description, *brief.benefits, *brief.names]
    names = spellings([*brief_texts, *page_texts, _latin_names(page)], brief.phrases)
    if brief.language != "ru":
        return names, frozenset(), {}
    fixed = frozenset(key for key, form in names.items() if len(form) > 1 and form.isupper())
    brands = brand_words(phrases, fixed, frozenset(lemmas_of(supported_text)))
    read = written_names(phrases, names, brands)
    return {**read, **names}, brands, read


def users_text(brief: GroupBrief, truth: GroupTruth) -> str:
    """What the user and the site say (the brief, the page's title, heading, description, menu and facts), not the
    search phrases: the text a claim or a name must come from."""
    page = brief.page
    page_texts = [page.title, page.h1, page.description, *(link.text for link in page.links)] if page else []
    page_facts = [fact.text for fact in page.facts] if page else []
    return " ".join([*truth.brief_texts, *page_texts, *page_facts])


@dataclass(frozen=True)
class NamesRead:
    """One group's claims and names, read once: the campaign's brands are gathered from every group's before any
    group's copy is written with them."""

    truth: GroupTruth
    phrases: list[str]  # the search phrases' own words
    supported_text: str  # `users_text`
    names: dict[str, str]  # `read_names`: how the ad writes each name
    brands: frozenset[str]  # the brands among the phrases' words
    read: dict[str, str]  # the names read from the phrases alone

    @classmethod
    def of(cls, brief: GroupBrief) -> NamesRead:
        truth = GroupTruth(brief)
        phrases = [source_words(plain_phrase(phrase)) for phrase in brief.phrases]
        supported_text = users_text(brief, truth)
        names, brands, read = read_names(brief, phrases, supported_text)
        return cls(truth, phrases, supported_text, names, brands, read)

    @property
    def found_brands(self) -> frozenset[str]:
        """The brands, and the Latin names read from the phrases («bastion»)."""
        return self.brands | {word for word in self.read if _LATIN_WORD.fullmatch(word)}


def campaign_brands(read: Iterable[NamesRead]) -> frozenset[str]:
    """The brands read in any group's phrases: «бастион» is a vendor in «Контроллер бастион СКУД» too, though only
    the group that also writes «bastion» tells it so."""
    return frozenset().union(*(names_read.found_brands for names_read in read))


def write_group(brief: GroupBrief, source: str = AdSource.TEMPLATE, copy: GroupCopy | None = None) -> list[AdDraft]:
    """The group's combinatorial and text-image drafts (not yet through the gate)."""
    copy = copy or GroupCopy(brief)
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
    """What every ad of a group shares whoever writes its copy: the tagged link (the group's own section of the site
    when the page links to one), display path, sitelinks (that section first), callouts (only true ones)."""
    copy = copy or GroupCopy(brief)
    section = copy.section
    return {
        "link": with_utm(section.url if section is not None else brief.landing_url),
        "display_link": product_path(copy.display_words, frozenset(copy.names)),
        "sitelinks": group_sitelinks(brief, section),
        "callouts": copy.callouts,
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

    def __init__(
        self,
        brief: GroupBrief,
        market: frozenset[str] = frozenset(),
        listed: bool = True,
        campaign_brands: frozenset[str] = frozenset(),
        names_read: NamesRead | None = None,
    ):
        self.brief = brief
        self.listed = listed  # the brief and the page list the products sold (see `offer_lists_products`)
        self.wording: Wording = wording_for(brief.language)
        page = brief.page
        page_texts = [page.title, page.h1, page.description, *(link.text for link in page.links)] if page else []
        brief_texts = [brief.name, brief.product_description, *brief.benefits, *brief.names]
        names_read = names_read or NamesRead.of(brief)
        self.truth = names_read.truth
        phrases, supported_text = names_read.phrases, names_read.supported_text
        self.supported_text = supported_text
        self.names, brands, read = names_read.names, names_read.brands, names_read.read
        self.reader = PhraseReader(
            phrases,
            region_name=brief.region_name,
            names=self.names,
            supported_text=supported_text,
            compounds=_common_compounds(compounds_from([*brief_texts, *page_texts, *brief.phrases]), self.names),
            market=market,
            brands=brands,
            read_names=frozenset(read) | brands,
        )
        self.brands = names_read.found_brands | campaign_brands
        self.named_on_page = name_keys(" ".join([supported_text, page.text if page else ""]))
        self.read_titles = [title for title in self._read_titles() if self.truth.allows(title.text(self.names))]
        if brief.language == "ru":
            self.read_titles = self._titles_of_the_groups_product(self.read_titles)
            # «Сетевая СКУД»: an abbreviation takes its head noun's gender (система)
            abbreviations = [form for form in self.names.values() if len(form) > 1 and form.isupper()]
            genders = abbreviation_genders(abbreviations, [*brief_texts, *page_texts, page.text if page else ""])
            self.read_titles = [_agreeing(title, genders) for title in self.read_titles]
        if not self.read_titles:  # every phrase makes a claim no source makes («скидка»): the site's name stands in
            word = self._group_word()
            self.read_titles = [Title("", [word if self.truth.allows(word) else _site_name(brief.landing_url)])]
        self.region = in_region(brief.region_name, brief.language) if brief.region_name.strip() else ""
        self.region = self.region if self.truth.allows(tidy(self.region, is_title=False)) else ""  # «в 0 рублях»
        self.benefits = [sentence for sentence in (as_sentence(item) for item in brief.benefits) if sentence]
        self.facts = self._facts()
        self.product_sentence = self._product_sentence()
        supported = self.truth.supported_kinds
        estimates = page.facts_of(ESTIMATE) if page else []  # «Смета за 1 день»: the page offers an estimate
        self.voice = voice_for(
            self.truth.seller,
            [*self.truth.brief_texts, *estimates],
            delivers="delivery" in supported,
            calls_out="engineer" in supported,
            books_online="booking" in supported,
            made_to_order=self.truth.makes_to_order,
            sketches=self.truth.works_from_sketches,
        )

    def _read_titles(self) -> list[Title]:
        if self.brief.language != "ru":
            phrases = [self._phrase(phrase) for phrase in [*self.brief.phrases, self.brief.name]]
            titles = [Title("", phrase.split()) for phrase in dict.fromkeys(phrases) if phrase]
        else:
            name = source_words(plain_phrase(self.brief.name))
            # The group's name is a title only when its phrases search for it: «Прочие фразы» names no product.
            searched = frozenset().union(*(lemmas_of(phrase) for phrase in self.reader.phrases))
            named = [name] if lemmas_of(name) <= searched else []
            read = [self.reader.read(phrase) for phrase in [*self.reader.phrases, *named]]
            titles = [title for title in read if title is not None]
            # «Цены на СКУД школа»: a commercial word cannot govern a noun left beside a name
            governed = [title for title in titles if not title.lead or declinable(title.product, frozenset(self.names))]
            titles = governed or titles
            if not titles:  # no phrase and not the group's name reads as a product: the market's, from the brief
                titles = self._market_titles()
        if not titles:
            titles.append(Title("", [self._group_word()]))
        return titles

    def _market_titles(self) -> list[Title]:
        """The campaign's own product as the brief names it («СКУД» of «СКУД под ключ»): the general ad's title. A
        name that reads as no noun once its shop word is gone («Ювелирный» of «Ювелирный магазин») stays whole."""
        titles = []
        for text in self.brief.names:
            title = self.reader.read(self._without_offer(text))
            if title is not None and not any(is_common_noun(word) or is_noun(word) for word in title.product):
                title = Title("", source_words(plain_phrase(self._without_offer(text))).split())
            titles += [title] if title is not None else []
        return titles[:1]

    def _titles_of_the_groups_product(self, titles: list[Title]) -> list[Title]:
        """The read titles led by the one that names what the group's phrases share, or by the campaign's own
        product (the general ad) when none does.

        A tail group of odd queries («прайм скуд», «gate скуд», «скуд ворота»…) shares no product beyond the
        campaign's: the word its first phrase adds («Gate») is in few of its phrases (under `SHARED_BY_MIN`), and
        a title built on it sells what nobody in the group asked for; the title whose words most of its phrases
        share leads instead («СКУД с распознаванием лиц» before «СКУД биометрия»). A group about a vendor neither
        the brief nor the page names («Скуд сфинкс» from an installer of PERCo and Sigur) gets the general ad:
        the advertiser may not claim to work with it; nor may a group about another system («Опс скуд»,
        «Видеонаблюдение и скуд») or a work the business does not list («Реставрация кожи» from a detailing studio)
        claim it (`offers`).
        """
        if not titles:
            return titles
        if any(self.is_unlisted_brand(word) for word in titles[0].product):
            return self._market_titles() or titles
        if self.share(titles[0]) >= SHARED_BY_MIN:
            if self._reads_as_written(titles[0]):
                return titles
            foreign = self._left_out(titles[0].product)  # «видеонаблюдение» of «Видеонаблюдение и СКУД»
            written = [title for title in titles if self._reads_as_written(title)]
            written = [title for title in written if not lemmas_of(title.text(self.names)) & foreign]
            on_topic = [title for title in written if not self._adds_a_quality(title)]
            if written and not on_topic:  # «Транспортная безопасность СКУД» of «скуд пожарная безопасность»
                return self._market_titles() or titles
            written = on_topic
            shared = [title for title in written if self.share(title) >= SHARED_BY_MIN]
            if not shared and not self.offers(titles[0].text(self.names)):
                return self._market_titles() or titles  # «ОПС СКУД» from an installer of СКУД alone
            # the one closest to the main phrase: «СКУД для школы» before «Система СКУД в школах»
            lead = max(shared, key=self._closeness, default=titles[0])
            return [lead, *(title for title in titles if title is not lead)]  # «Кнопка разблокировки СКУД»
        best, position = max((self.share(title), -index) for index, title in enumerate(titles))
        if best < SHARED_BY_MIN:
            return self._market_titles() or titles
        lead = titles[-position]
        if not self.offers(lead.text(self.names)):
            return self._market_titles() or titles
        return [lead, *(title for title in titles if title is not lead)]

    def _adds_a_quality(self, title: Title) -> bool:
        """Whether a title stands for the group's main phrase with a quality the phrase does not say: «Безопасная
        школа СКУД» for «скуд школа», «Откатные ворота СКУД» for «скуд ворота» advertise what a minor phrase adds,
        while «СКУД для школы» or «Кнопка разблокировки СКУД» (for «кнопка выход скуд») say the group's topic."""
        return any(map(_is_quality, self._beyond_main_phrase(title.product)))

    def _replaces_a_quality(self, title: str) -> bool:
        """Whether a title gives the group's product another quality in place of its main phrase's: «Транспортная
        безопасность СКУД» under «Пожарная безопасность СКУД», «Электромеханический замок» under «Электромагнитный
        замок»; a title that keeps it and adds one names a kind of the product («Мужские обручальные кольца»), as
        does one under a main phrase with none («Сетевой контроллер СКУД»)."""
        words = tokens(title)
        said = {reading for word in words for reading in readings(word.lower())}
        dropped = [word for word in tokens(self.brief.phrases[0]) if _is_quality(word) and not readings(word) & said]
        return bool(dropped) and self._adds_a_quality(Title("", words))

    def _closeness(self, title: Title) -> tuple[float, bool, int]:
        """How well a title stands for the group: the share of its phrases it names, no preposition («Кнопка на
        СКУД» last), then the fewest words beyond the main phrase."""
        prepositional = bool({word.casefold() for word in title.product} & FUNCTION_WORDS)
        return self.share(title), not prepositional, -len(self._beyond_main_phrase(title.product))

    def _beyond_main_phrase(self, words: list[str]) -> list[str]:
        """The words of a title's product that the group's main phrase does not say."""
        said = {reading for word in tokens(self.brief.phrases[0].lower()) for reading in readings(word)}
        product = [word for word in words if word.casefold() not in FUNCTION_WORDS]
        return [word for word in product if not readings(word.lower()) & said]

    def _reads_as_written(self, title: Title) -> bool:
        """Whether a title reads as an advertiser writes it and names nothing the business does not offer."""
        text = title.text(self.names)
        return not _reads_as_typed(tokens(text), self.names, codes=False) and self.offers(text)

    def offers(self, title: str) -> bool:
        """Whether a title names only what the business offers: no other product joined to its own by «и»
        («Видеонаблюдение и СКУД»), no system's abbreviation the brief and the page do not name («ОПС СКУД»), no
        work a business that lists its works does not list («Детейлинг-мойка», «Реставрация кожи»)."""
        words = tokens(title)
        return not (
            joins_another(words, self.truth_lemmas) or self._names_another_system(title) or self._unoffered_work(words)
        )

    def _unoffered_work(self, words: list[str]) -> str:
        """The work a title names that a service listing its works never says it does, or "" (`unoffered_work`)."""
        if not self.truth.works or not self.truth.seller.sells_services:
            return ""
        return unoffered_work(_word_lemmas(" ".join(words)), self._said_work_stems, self._work_objects)

    @cached_property
    def _said_work_stems(self) -> frozenset[str]:
        """The `work_stem`s of every word the brief and the page say, the page's whole text and what it prices too
        («настраиваем ПО», «Обслуживание СКУД — от 5 000 ₽»: works it does)."""
        page = self.brief.page
        page_texts = [page.text, *(fact.subject for fact in page.priced)] if page and page.is_read else []
        text = " ".join([self.supported_text, *page_texts])
        return frozenset(work_stem(word) for word in lemmas_of(text))

    @cached_property
    def _work_objects(self) -> frozenset[str]:
        return work_objects([*self.brief.names, self.brief.product_description])

    def share(self, title: Title) -> float:
        """The share of the group's phrases that name the title's own product word (the best of its words beyond
        the campaign's name); 1 for a title of the campaign's name alone, a group too small to tell or a word the
        group is named after (`shared_word`); 0 for a title that names a vendor the advertiser does not."""
        own = [word for word in title.product if self._is_own_word(word)]
        if any(self.is_unlisted_brand(word) for word in own):
            return 0.0
        if not own or len(self.brief.phrases) < SHARED_PHRASES_MIN:
            return 1.0
        return max(phrase_share(word, self.brief.phrases, self.brief.name) for word in own)

    def _is_own_word(self, word: str) -> bool:
        """A word of the group's product beyond the campaign's own name and the function words."""
        market = name_keys(" ".join(self._without_offer(text) for text in self.brief.names))
        keys = name_keys(word)
        return bool(keys) and not keys & market and word.casefold() not in FUNCTION_WORDS

    def is_unlisted_brand(self, word: str) -> bool:
        """Whether a word is a vendor or a product code the advertiser's read page and brief never name, though
        they list what it sells («Сфинкс», «1с» of «СКУД 1с»: another company's product): a site that names no
        products (a shop of thousands) or a page not read tell nothing of its brands."""
        page = self.brief.page
        listing = page is not None and page.is_read and self.listed
        code = len(word) > 1 and _is_model_code(word.casefold())  # a stray letter («z» of «z 5r») names nothing
        named_thing = word.casefold() in self.brands or code
        return listing and named_thing and not self._is_named(word)

    def _is_named(self, word: str) -> bool:
        """Whether the brief or the page writes this name, in any script («Болид», «PERCo» / «перко»)."""
        return bool(name_keys(word) & self.named_on_page)

    def _without_offer(self, text: str) -> str:
        """The market's name without the brief's selling words, which the texts say on their own: «СКУД под ключ»
        → «СКУД»."""
        text = source_words(plain_phrase(text))
        for phrase in offer_phrases([text]):
            text = text.replace(phrase, " ")
        return " ".join(text.split())

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
        named = self._phrase(self.brief.name) if self.brief.language != "ru" else ""
        if named and self.truth.allows(named):
            return named
        main = self.read_titles[0]
        if main.tail or main.lead in OFFER_LEADS:  # «Диван на заказ», «Скидки на диван»: the offer is the product
            return main.text(self.names)
        return self.bare_product

    @cached_property
    def offered(self) -> list[str]:
        """The words of the group's product that the business offers: a product joined by «и» to one the brief and
        the page never name is left out («Видеонаблюдение и СКУД» from an installer of СКУД: «СКУД»), and so is an
        abbreviation beside the offered one («ОПС СКУД»: another system), so texts and calls promise only what is
        sold; Title 1 still says what was searched. A noun before the product that says where it goes is left out
        too («Школа СКУД» → «СКУД», see `sold_part`)."""
        return sold_part(self.titled_product, self.truth_lemmas, self.brief.phrases)

    @cached_property
    def titled_product(self) -> list[str]:
        """The offered words other titles must name: «Калитка СКУД» keeps «калитка» here, so «СКУД на калитку
        ворот» is a title of the group and «Ограждение СКУД» is not, while its calls name the system alone."""
        return self._offered_words(self.read_titles[0].product)

    def _offered_words(self, product: list[str]) -> list[str]:
        """A product's words without another product joined to it («Видеонаблюдение и СКУД» → «СКУД») or another
        system's abbreviation beside it («ОПС СКУД» → «СКУД»)."""
        return offered_names(offered_part(product, self.truth_lemmas), self.names, self.truth_lemmas)

    def _left_out(self, product: list[str]) -> set[str]:
        """The lemmas of what `_offered_words` leaves out of a product: no other title may name them."""
        return lemmas_of(" ".join(product)) - lemmas_of(" ".join(self._offered_words(product)))

    @cached_property
    def truth_lemmas(self) -> frozenset[str]:
        return said_lemmas(self.brief, self.truth)

    @cached_property
    def bare_product(self) -> str:
        """The product without the offer around it: «Диван» for «Скидки на диван»; what the display path names."""
        return capitalize_first(" ".join(self.names.get(word.casefold(), word) for word in self.offered))

    @cached_property
    def display_words(self) -> list[str]:
        """The words of the product the display path names, as the ad writes them."""
        return [self.names.get(word.casefold(), word) for word in self.offered]

    @cached_property
    def product_object(self) -> str:
        """The product after a verb: «тахту», «диван-кровать», «СКУД», «Parsec СКУД»."""
        offered = self.offered
        words = in_case(offered, "accs", frozenset(self.names)) if self.brief.language == "ru" else offered
        words = [self.names.get(word.casefold(), word) for word in words]
        if words and words[0].casefold() not in self.names and not words[0].isupper():
            words[0] = words[0][:1].lower() + words[0][1:]
        return " ".join(words)

    @cached_property
    def main_phrase(self) -> str:
        return self._shown(self.read_titles[0])

    def _shown(self, title: Title) -> str:
        """A read title as the ad shows it: «Цены на установку СКУД» only when the ad states this product's price
        (a searcher who asked for prices and finds none leaves), otherwise the product alone («Установка СКУД»)."""
        if title.lead == PRICE_LEAD and not self.price_line:
            title = Title("", title.product, title.tail)
        if self.part and title.lead and title.lead != PRICE_LEAD:  # an installer sells no «Купить карту СКУД»
            title = Title("", title.product, title.tail)
        elif title.lead and self._sells_nothing and lemma(title.lead.split()[0]) == "купить":
            title = Title("", title.product, title.tail)  # nor «Купить систему СКУД»: it installs, it sells nothing
        return title.text(self.names)

    @cached_property
    def _sells_nothing(self) -> bool:
        """A business that lists an installing work and no sale (seller kind services): its titles never say
        «Купить»."""
        return self.truth.seller.kind == SellerKind.SERVICES and bool(self._installing)

    @cached_property
    def part(self) -> str:
        """The lemma of the part of the system this group is named by («контроллер» of «Контроллер СКУД»), when a
        business that lists an installing work and sells nothing writes it; "" otherwise (`parts`). A work
        («Проект СКУД», «Установка СКУД»), a kind of the system («Биометрическая СКУД»), the market's own name
        («Система СКУД») or a vendor («СКУД Sigur») is no part."""
        if self.brief.language != "ru" or not self._sells_nothing:
            return ""
        nouns = [word for word in self.offered if is_noun(word)]
        head = nouns[0] if len(nouns) > 1 else ""  # a part of something: «Контроллер СКУД», not «СКУД» alone
        base = lemma(head.lower())
        market = lemmas_of(" ".join(self._without_offer(text) for text in self.brief.names))
        if head.isupper() or not is_common_noun(head) or base in market:  # «Система СКУД» is the market's own
            return ""
        # a noun of an action or its result («подключение», «обеспечение») is no part one installs
        action = base.endswith(ACTION_ENDINGS) or names_a_work({base}) or work_stem(base) in self.truth.works
        return "" if action or base in BUSINESS_LEMMAS else base

    @cached_property
    def _installing(self) -> str:
        return installing_work([*self.brief.names, self.brief.product_description])

    @cached_property
    def _installs_part(self) -> bool:
        """Whether the brief or the page says the business installs this group's part."""
        page = self.brief.page
        page_texts = [*page_sources(page), page.text] if page is not None and page.is_read else []
        return says_it_installs(self.part, [*self.truth.brief_texts, *page_texts])

    def _facts(self) -> list[str]:
        """Selling points, then the page's lowest price given for this group's own product, then the page's facts
        of kinds the selling points do not cover; only those the group's truth allows (no next-day delivery of a
        made-to-order sofa)."""
        facts = [benefit.rstrip(".") for benefit in self.benefits]
        covered = {fact_kind(fact) for fact in facts} - {""}
        page = self.brief.page
        if page is not None:
            product = {lemma(part) for word in self.read_titles[0].product for part in word.lower().split("-")}
            head = head_noun(" ".join(self.read_titles[0].product))
            own = [item for item in priced_subjects(page) if same_subject(item.subject, product, head)]
            if self.truth.made_to_order:  # a catalogue's price is not what a ring made to a sketch costs
                own = [item for item in own if item.subject & MADE_TO_ORDER_LEMMAS]
            if own:
                lowest = min(own, key=lambda item: item.amount)
                price = f"{lowest.amount:,} ₽ {lowest.unit}".replace(",", " ").strip()
                facts.append(self.wording.price_from.format(price=price))
            for kind in BUSINESS_FACT_KINDS:
                found = page.facts_of(kind)
                if found and kind not in covered:  # each selling line is a claim of its own, the others one a kind
                    facts += [capitalize_first(source_words(fact)) for fact in found[: None if kind == SELLING else 1]]
                    covered.add(kind)
        facts = [fact for fact in facts if fact and fits_text(fact + ".") and self.truth.allows(fact)]
        return list(dict.fromkeys(facts))

    @cached_property
    def callouts(self) -> list[str]:
        """True callouts that repeat no claim the texts or titles make (they show together): typed ones as they are,
        otherwise the facts the plan leaves to them and those planned for a text that had no room for them."""
        if self.brief.callouts:
            return self.fact_plan[2]
        said = [*self.fact_plan[1:2], *(sentence for text in self.texts for sentence in sentences(text))]
        unsaid = [fact for fact in self.fact_plan[0] if not _same_claim(fact, said)]
        # the group's own work is its Title 1 («Полировка» under «Полировка кузова»), and the first text, shown
        # with every ad, may already say the brief's offer («Диван от фабрики»): a callout then says it twice
        own, first_text = _stems(self.title1), self.texts[0].casefold()  # «Керамика» under «Керамическое покрытие»
        # what the texts had no room for first: the product's own price says more than a shop-wide term
        candidates = [c for c in [*unsaid, *self.fact_plan[2]] if not _stems(c) <= own]
        return _fitting_callouts([c for c in candidates if c.casefold() not in first_text])

    @cached_property
    def price_line(self) -> str:
        return next((fact for fact in self.facts if fact.startswith(self.wording.price_from.split("{")[0])), "")

    @cached_property
    def fact_plan(self) -> tuple[list[str], str, list[str]]:
        """(facts the texts state, the fact a title states, callouts): each claim once per ad, since a title, a text
        and the callouts show together. The shop-wide facts start at a different one in each group (by its key), so
        the guarantee is in one group's text and the instalments in its neighbour's; the product's own price stays
        in the texts."""
        allowed = [callout for callout in group_callouts(self.brief, self.truth) if self.truth.allows(callout)]
        # the brief's offer a Title 2 can say («Из золота и серебра», «Под ключ») stays in the copy, not a callout
        titled = {title.casefold() for title in self.offer_titles}
        allowed = [callout for callout in allowed if self.brief.callouts or callout.casefold() not in titled]
        if self.brief.callouts:  # typed by the user: they stay, and the texts say the other facts
            return [fact for fact in self.facts if not _same_claim(fact, allowed)], "", allowed
        shared = [fact for fact in self.facts if fact != self.price_line]
        if shared:
            start = self.brief.key % len(shared)
            shared = shared[start:] + shared[:start]
        in_texts_count = 2 if len(shared) >= 5 else min(1, len(shared))
        shared.sort(key=lambda fact: len(fact) <= limits.CALLOUT_MAX)  # too long for a callout: a text says it
        own = [self.price_line] if self.price_line else []
        title_fact = shared[in_texts_count] if len(shared) - in_texts_count >= 3 else ""
        # at least two callouts where the facts allow: a title's, then a text's fact gives way (one stays in a text)
        plans = [(in_texts_count, title_fact), *((count, "") for count in range(in_texts_count, 0, -1))]
        made = []
        for count, title in plans:
            used = [*own, *shared[:count], *([title] if title else [])]
            kept = _fitting_callouts([callout for callout in [*allowed, *shared] if not _same_claim(callout, used)])
            made.append(([*own, *shared[:count]], title, kept))
            if len(kept) >= CALLOUTS_MIN:
                return made[-1]
        return made[0]

    @cached_property
    def section(self) -> PageLink | None:
        """The page's link to this group's own section, where its ads lead; the business's general ad
        («Детейлинг-студия») leads home, not to «О студии». The campaign's general ad («Системы контроля доступа
        СКУД» of a tail group) is placed by its phrases, else in a section named by the market's name whole
        («Сетевое оборудование»): the market's words are in every section's name, and «Контроль доступа для офиса»
        is not where «скуд бастион» belongs."""
        if self._names_the_business():
            return None
        product = self.read_titles[0].product
        if product in [title.product for title in self._market_titles()]:
            return matching_section(self.brief, [], made_to_order=self.truth.makes_to_order) or named_section(
                self.brief, product
            )
        return matching_section(self.brief, product, made_to_order=self.truth.makes_to_order)

    @cached_property
    def offer_lines(self) -> list[str]:
        """The brief's offer said for this group, each a sentence: the product with the brief's selling words
        («Угловые диваны от фабрики»), the works it lists, its counts («Более 2 000 товаров»). Groups start at
        different lines (by their key), so neighbouring groups lead with different parts of the offer."""
        if self.brief.language != "ru":
            return []
        brief_texts = [*self.brief.names, self.brief.product_description]
        phrases = offer_phrases(brief_texts)
        selling = [phrase for phrase in phrases if not any(char.isdigit() for char in phrase)]
        if self._is_unoffered_service():  # «Химчистка салона для мойки и полировки» from a shop says nothing
            selling = []
        # a product the brief does not name gets the brief's own sentence when the brief names no audience either
        named = self._brief_names_the_product() or any(_is_audience(phrase) for phrase in selling)
        lines = [self.product_sentence] if selling and not named and self.product_sentence else []
        selling = self._selling_phrases(selling)
        lines += [f"{self.product} {' '.join(selling)}"] if selling else []
        lines += [f"{self.product} {phrase}" for phrase in selling] if len(selling) > 1 else []
        if self.truth.seller.sells_services:  # the group's own work first: «Химчистка, полировка и тонировка»
            lines.append(offered_works(brief_texts, first=self.read_titles[0].product))
        lines += [capitalize_first(phrase) for phrase in phrases if any(char.isdigit() for char in phrase)]
        lines = [respell(line, self.names) for line in lines if line]
        lines = [line for line in dict.fromkeys(lines) if fits_text(line + ".") and self.truth.allows(line)]
        if not lines:
            return []
        start = self.brief.key % len(lines)
        return lines[start:] + lines[:start]

    @cached_property
    def offer_words(self) -> list[str]:
        return offer_phrases([*self.brief.names, self.brief.product_description]) if self.brief.language == "ru" else []

    @cached_property
    def offer_titles(self) -> list[str]:
        """Title 2 candidates from the offer («От фабрики», «Под ключ»), the group's turn first. A shop's material
        or provenance («Из золота и серебра», «От фабрики») holds for all it sells; a service's offer says how it
        works, so beside a product the brief does not name it holds only as in the texts: «Карта СКУД» — «Под ключ»
        says what the brief does not, whom the business serves («Для офисов и предприятий») holds for any."""
        if self.brief.language != "ru":
            return []
        phrases = offer_phrases([*self.brief.names, self.brief.product_description])
        if self.truth.seller.sells_services:
            phrases = self._selling_phrases(phrases)
        elif self._names_own_audience():
            phrases = [phrase for phrase in phrases if not _is_audience(phrase)]
        titles = [capitalize_first(phrase) for phrase in phrases if fits_title2(capitalize_first(phrase))]
        titles = [title for title in titles if self.truth.allows(title)]
        if not titles:
            return []
        start = self.brief.key % len(titles)
        return titles[start:] + titles[:start]

    @cached_property
    def work_titles(self) -> list[str]:
        """Title 2 candidates from the works a service's brief lists, the group's own first: «Монтаж и продажа»
        says more of an installer than «Подробности на сайте», «Химчистка салона и полировка» more of a studio."""
        if self.brief.language != "ru" or not self.truth.seller.sells_services:
            return []
        texts, product = [*self.brief.names, self.brief.product_description], self.read_titles[0].product
        turns = range(self.brief.key, self.brief.key + WORKS_IN_TITLES_TRIED)  # the next pair when one is too long
        works = [offered_works(texts, first=product, objects=True)]
        works += [offered_works(texts, first=product, most=2, objects=True, turn=turn) for turn in turns]
        return [respell(line, self.names) for line in dict.fromkeys(works) if line and self.truth.allows(line)]

    def _product_sentence(self) -> str:
        first = (sentences(source_words(self.brief.product_description)) or [""])[0]
        if not fits_text(first):
            first = apply_short_forms(first)
        text = as_sentence(trim_to_words(first.rstrip("."), lambda text: fits_text(text + "."))) if first else ""
        text = respell(text, self.names)
        return text if self.truth.allows(text) else ""  # a claim of the brief no fact backs («скидка») is not said

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
        said = [*sentences(self.texts[0]), *self.callouts]
        facts = [fact for fact in [self.fact_plan[1], *self.facts] if fact and not _same_claim(fact, said)]
        candidates = [*self.offer_titles, *facts, *self.work_titles, *self.wording.title2_fallbacks]
        title1, text = self.title1.casefold(), self.texts[0].casefold()
        fresh = [c for c in _as_titles(candidates) if c.casefold() != title1 and c.casefold() not in text]
        fresh = [c for c in fresh if not _same_claim(c, self.callouts)]  # «Под ключ» shows as a callout already
        return _first_fitting(fresh, fits_title2)

    @cached_property
    def titles(self) -> list[str]:
        main = self.main_phrase
        others = [self._shown(title) for title in self.read_titles[1:]]
        titled = " ".join(self.names.get(word.casefold(), word) for word in self.titled_product)
        others = [title for title in others if _names_product(title, _word_lemmas(titled))]
        others = [title for title in others if not _loose_noun(tokens(title))]
        others = [title for title in others if not _reads_as_typed(tokens(title), self.names)]
        others = [title for title in others if not any(self.is_unlisted_brand(word) for word in tokens(title))]
        others = [title for title in others if self.offers(title) and not self._replaces_a_quality(title)]
        left_out = self._left_out(self.read_titles[0].product)
        others = [title for title in others if not lemmas_of(title) & left_out]  # «Видеонаблюдение ОПС СКУД»
        others = _unique_fitting(_as_titles([main, *others]), fits_title1, _same_words)[1:]
        candidates = [self.title1, main]
        if self.offer_lines and self.offer_lines[0].startswith(self.product):
            candidates.append(self.offer_lines[0])
        candidates += others[:OTHER_PHRASES_IN_TITLES]
        if self.fact_plan[1] and not _opens_with_verb(self.fact_plan[1]):  # a fact no text or callout states;
            candidates.append(f"{self.product} — {_lower_first(self.fact_plan[1])}")  # «СКУД — работаем…» is no title
        candidates.append(self._with_region(self.product))
        said = {sentence.casefold().rstrip(".!") for text in self.texts for sentence in sentences(text)}
        candidates = [title for title in _as_titles(candidates) if self.truth.allows(title)]
        candidates = candidates[:1] + [title for title in candidates[1:] if title.casefold() not in said]  # once
        return _unique_fitting(candidates, fits_title1, _same_words)[: limits.COMBINATORIAL_TITLES_MAX]

    @cached_property
    def texts(self) -> list[str]:
        """Up to three texts that say different things (Direct shows any of them under any title, with the
        callouts): the brief's offer for this product with the product's price leads; the offer's other sentences,
        the works and the brief's description (in turns by the group's key, so neighbouring groups differ) and the
        facts of the plan follow, one statement a text; no sentence or fact is in two texts, none repeats a title,
        and each ends with the seller's call to action, which names the product unless the text already does."""
        price = [as_sentence(self.price_line)] if self.price_line else []
        facts = [as_sentence(fact) for fact in self.fact_plan[0] if fact != self.price_line]
        facts = [fact for fact in facts if self.truth.allows(fact)]  # as the gate reads it, a sentence
        offers = self.offer_lines
        product_line = as_sentence(self._with_region(self.product))
        # the product without the region where Title 1 is that very line and the text says more: said once
        bare_line = as_sentence(self.product) if product_line.casefold() == as_sentence(self.title1).casefold() else ""
        if offers and offers[0].startswith(self.product):  # «Угловые диваны от фабрики в Москве.»
            lead = as_sentence(self._with_region(offers[0]))
            if not fits_text(f"{lead} {self.voice.plain[0]}"):  # the region only if a call still fits
                lead = as_sentence(offers[0])
            pool = [as_sentence(line) for line in offers[1:]]
        else:  # the offer is a sentence of the brief («Продажа, монтаж и проектирование»)
            lead = product_line if self.brief.language != "ru" else ""  # only Russian calls name the product
            pool = [as_sentence(line) for line in offers]
        description = self.product_sentence
        offered = [phrase.casefold() for phrase in self.offer_words]
        said_offer = any(phrase in line.casefold() for phrase in offered for line in [lead, *pool])
        works = offered_works([*self.brief.names, self.brief.product_description], first=self.read_titles[0].product)
        lists_works = self.truth.seller.sells_services and len(lemmas_of(works) & lemmas_of(description)) > 1
        if description and not lists_works and not (said_offer and any(p in description.casefold() for p in offered)):
            pool.append(description)  # «от фабрики» or «полировка, керамика…» once is enough
        pool = [line for line in unique_sentences(pool) if line.casefold() != lead.casefold()]
        if len(pool) > 1:
            start = self.brief.key % len(pool)
            pool = pool[start:] + pool[:start]
        pairs = itertools.zip_longest(facts, pool)
        statements = [item for pair in pairs for item in pair if item]  # a fact, a sentence…
        plain = self._closings(0)[-1:]
        if lead:  # the lead names the product: its call need not name it twice
            variants = [_fill([lead, *price], plain)]
        elif price:
            opening = [*price, *statements[:1]]
            variants = [self._naming(opening, 0) or _fill([product_line, *opening], plain)]
            if statements and statements[0] in variants[0]:  # a statement the price left no room for is still said
                statements = statements[1:]
        else:  # the first statement that leaves room for a call naming the product opens
            called = next((index for index, line in enumerate(statements) if self._called([line], 0)), None)
            named = next((index for index, line in enumerate(statements) if self._naming([line], 0)), None)
            if called is not None:
                variants = [self._called([statements.pop(called)], 0)]
            elif named is not None:  # «Видеонаблюдение и СКУД для офисов и предприятий.» names it itself
                variants = [self._naming([statements.pop(named)], 0)]
            else:  # «Выезд за 1 час. Вызовите мастера!» names nothing: the product opens the text
                opening = (bare_line or product_line) if statements else product_line
                variants = [_fill([opening, *statements[:1]], plain)]
                statements = statements[1:]
        rest = [statements[index : index + 1] for index in range(2)]
        variants += [self._naming(parts, index + 1) for index, parts in enumerate(rest)]
        if sum(bool(text) for text in variants) < 2:  # two texts rather than one that names the product
            variants += [_fill(parts, self._closings(index + 1)) for index, parts in enumerate(rest)]
        if sum(bool(text) for text in variants) < 2:  # the brief's own sentence, else the title's words once more
            variants.append(self._naming([description], 1) if description and lead else "")
            closing = self._closings(1)[-1]  # «СКУД в лифт: запросите КП.», not Title 1 once more
            product_call = f"{self.product}: {_lower_first(closing)}" if bare_line else ""
            variants.append("" if lead else _fill([product_call or product_line], [] if bare_line else [closing]))
        # «Бронирование фар. Узнайте…» and «Бронирование фар: узнайте…» are one text
        texts = _unique_fitting([respell(text, self.names) for text in variants], fits_text, _same_words)[:3]
        fallbacks = [lead or product_line, self.wording.title2_fallbacks[0]]
        return texts or [_first_fitting(fallbacks, fits_text)]

    def _called(self, parts: list[str], variant: int) -> str:
        """The parts with a call to action that names the product, or ""."""
        *named_calls, plain = self._closings(variant)
        for named in named_calls:
            text = _fill(parts, [named])
            if text.endswith(named) and named != plain:  # «Вызовите мастера!» names nothing
                return text
        return ""

    def _naming(self, parts: list[str], variant: int) -> str:
        """The parts with a call to action, or "" when the text would not name the product: a text without it
        could be any group's (a sentence of the brief too long to leave room for «…на карту СКУД»). The business's
        own general ad («Детейлинг-студия») is every group's: any of its texts will do."""
        text = _fill(parts, self._closings(variant)) if parts else ""
        names = self.brief.language != "ru" or bool(lemmas_of(self.bare_product) & lemmas_of(text))
        names = names or self._names_the_business()
        return text if names else ""

    @cached_property
    def product_genitive(self) -> str:
        """The product after «стоимость»: «системы контроля доступа», «СКУД»."""
        words = in_case(self.offered, "gent", frozenset(self.names))
        words = [self.names.get(word.casefold(), word) for word in words]
        if words and words[0].casefold() not in self.names and not words[0].isupper():
            words[0] = words[0][:1].lower() + words[0][1:]
        return " ".join(words)

    @cached_property
    def _made_genitive(self) -> str:
        """What a made-to-order call makes: «колец» of «Кольца на заказ», and of «Изготовление колец» too, whose
        own work the call already says («Закажите изготовление колец!»)."""
        if len(self.offered) > 1 and lemma(self.offered[0].lower()) in MAKING_WORKS:
            return " ".join(self.names.get(word.casefold(), word) for word in self.offered[1:])
        return self.product_genitive

    def _closings(self, variant: int) -> list[str]:
        """The seller's calls to action naming the product (the shorter one next), then its plain one for when none
        fits or when the product is a service a shop does not perform («Купите на сайте!», not «Закажите химчистку
        салона»)."""
        if self.brief.language != "ru":  # the product is a whole phrase there («Buy a sofa»), not an object
            return [self.wording.calls_to_action[variant]]
        plain = self.voice.plain[variant]
        if self._is_unoffered_service() or not declinable(self.offered, frozenset(self.names)):
            return [plain]
        if self._names_the_business():  # one books a service, not the studio: «Запишитесь на сайте!»
            return [plain]
        if not self._offer_names_the_product():  # neither a buying call nor a booking for it: a neutral line
            return [NEUTRAL_CALL]
        calls = [call for call in (self.voice.with_object[variant], self.voice.shorter[variant]) if call]
        genitive = self._made_genitive if self.truth.makes_to_order else self.product_genitive
        product = self.product_object
        if self.part:  # an installer's call: «Оставьте заявку на монтаж контроллера СКУД!», or none names the part
            if not self._installs_part:
                return [plain]
            product, genitive = (f"{in_case([self._installing], case)[0]} {self.product_genitive}"
                                 for case in ("accs", "gent"))  # fmt: skip
        named = [call.format(object=product, genitive=genitive) for call in calls]
        return [*(call for call in named if self.truth.allows(call)), plain]

    def _selling_phrases(self, phrases: list[str]) -> list[str]:
        """The brief's selling words that hold for this group's product: all of them for a product the brief names;
        for another («Карта СКУД под ключ» says what the brief does not) only whom the business serves («для офисов
        и предприятий»); and no audience beside a product that names its own («СКУД для дома», «СКУД в лифт»):
        «СКУД для дома для офисов» says «для» twice."""
        if not self._brief_names_the_product():
            phrases = [phrase for phrase in phrases if _is_audience(phrase)]
        if self._names_own_audience():
            phrases = [phrase for phrase in phrases if not _is_audience(phrase)]
        # «Ключ для СКУД под ключ» says «ключ» of two things, «Серьги золотые из золота» gold twice
        product = _stems(" ".join(self.offered)) - FUNCTION_WORDS
        return [phrase for phrase in phrases if not _stems(phrase) & product]

    def _names_own_audience(self) -> bool:
        """Whether the product already says where or for whom, by a preposition of place or purpose («СКУД для
        дома», «СКУД в лифт»)."""
        return any(word.casefold() in AUDIENCE_PREPOSITIONS for word in self.offered)

    def _names_another_system(self, title: str) -> bool:
        """Whether a title names an abbreviation the brief and the page do not («Сервер ОПС СКУД», «СКУД СОУЭ» from
        an installer of СКУД): another system, which the business does not offer."""
        if self.brief.language != "ru":
            return False
        capitals = [word for word in tokens(title) if len(word) > 1 and word.isupper() and word.isalpha()]
        return any(lemma(word.lower()) not in self.truth_lemmas for word in capitals)

    def _names_the_business(self) -> bool:
        """Whether the product's noun names a business, not what it sells: «Детейлинг-студия», not «Химчистка
        салона»."""
        head = next((word for word in self.offered if is_noun(word)), "")
        return bool({lemma(part) for part in head.lower().split("-")} & BUSINESS_LEMMAS)

    def _offer_names_the_product(self) -> bool:
        """Whether a call may name the product: the brief or the page names one of its words («СКУД» of «Контроллер
        СКУД», «диван» of «Угловой диван», «керамика» of «Керамическое покрытие»), so «Купите тахту» comes only
        from a seller that has тахта; a brief and a page that list no products («Товары для дома, более 5 000
        товаров») leave every product to the phrases."""
        return not self.listed or names_product(self.offered, self.truth_lemmas)

    def _brief_names_the_product(self) -> bool:
        """Whether the brief's own words name the group's product (its noun: «диван» for «угловой диван»), so the
        brief's offer may be said of it («Угловой диван от фабрики», but not «Карта СКУД под ключ»)."""
        head = head_noun(" ".join(self.offered))
        return bool(head & lemmas_of(" ".join(self.truth.brief_texts)))

    def _is_unoffered_service(self) -> bool:
        if self.truth.seller.kind != SellerKind.GOODS:
            return False
        product = {lemma(part) for word in self.read_titles[0].product for part in word.lower().split("-")}
        return bool(product & SERVICE_LEMMAS)


ACTION_ENDINGS = ("ение", "ание")  # подключение, обеспечение, оборудование: an action or what it gives
WORKS_IN_TITLES_TRIED = 4  # pairs of works a Title 2 tries, from the group's turn on
NEUTRAL_CALL = "Узнайте подробности на сайте."  # names no product: for one the brief and the page do not name
MAKING_WORKS = frozenset({"изготовление", "производство", "пошив"})  # a made-to-order group's own work
MADE_TO_ORDER_LEMMAS = MAKING_WORKS | {"заказ", "эскиз"}  # a price's subject that is made to order
# Prepositions by which a product name says its own place or audience: «СКУД для дома», «СКУД в лифт».
AUDIENCE_PREPOSITIONS = frozenset({"для", "в", "во"})


SHARED_BY_MIN = 0.3  # a group's product word is in this share of its phrases at least, or it is one phrase's word
SHARED_PHRASES_MIN = 4  # fewer phrases than this tell nothing of what they share
NAMED_SHARED_MIN = 2  # phrases that name the word the group is named after: then it is the group's product


def phrase_share(word: str, phrases: list[str], group_name: str) -> float:
    """The share of the phrases naming `word`, or 1 when the group is named after it and two phrases name it: a
    brief holds only the ten most searched phrases, where «считыватель» of «Считыватель скуд» (half of its 94
    phrases) is in two. A catch-all is named after the product before its colon, not after the words it lists
    («Скуд: прочие запросы (gate, время)»)."""
    keys = name_keys(word)
    shared = sum(bool(keys & name_keys(phrase)) for phrase in phrases)
    if shared >= NAMED_SHARED_MIN and keys & name_keys(group_name.split(":")[0]):
        return 1.0
    return shared / len(phrases)


PLACE_PREPOSITIONS = frozenset({"в", "во", "по"})
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")


def _agreeing(title: Title, genders: dict[str, str]) -> Title:
    return Title(title.lead, agree_with_abbreviations(title.product, genders), title.tail)


def _latin_names(page: LandingPage | None) -> str:
    """The Latin names the page's text writes («PERCo», «Sigur»), in its own letters' case: the ad writes a vendor
    as its installer's site does. Only Latin words: a Cyrillic word capitalised in a list of sections is no name."""
    return " ".join(re.findall(r"\b[A-Za-z][A-Za-z0-9]+\b", page.text)) if page else ""


def name_keys(text: str) -> set[str]:
    """Each word of a text as a key that its forms and its other script share: the lemma, and the Latin
    transliteration's first letters («перко» and «PERCo», «трассир» and «Trassir»)."""
    keys = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        if len(word) > 1:
            keys |= {lemma(word), "~" + latin_key(word)[:NAME_KEY_LETTERS]}
    return keys


def _is_audience(phrase: str) -> bool:
    """Whether a selling phrase says whom the business serves: «для офисов и предприятий»."""
    return phrase.casefold().startswith("для ")


def _stems(text: str) -> set[str]:
    """The first letters of each word's lemma, so a work and its product's adjective match («керамика»,
    «керамическое»)."""
    return {word.replace("ё", "е")[:WORK_STEM] for word in lemmas_of(text)}


def _word_lemmas(text: str) -> set[str]:
    """Lemmas of every word, short ones and model codes too («СКУД 1с»), a compound as its parts."""
    return {lemma(part) for word in tokens(text.lower()) for part in word.split("-") if part}


def _names_product(title: str, product: set[str]) -> bool:
    """Whether a title names the group's product: every word of it, or all but one of a longer name («Мастер по
    ремонту холодильников» for «Ремонт холодильников на дому»). Another product's title («Блок питания СКУД» in
    «Контроллер СКУД») would sit above this product's text."""
    product = product - FUNCTION_WORDS
    missing = product - _word_lemmas(title)
    return not missing or (len(product) >= 3 and len(missing) == 1)


def _loose_noun(words: list[str]) -> bool:
    """Whether a title has a noun in the nominative after a genitive that nothing governs: a search phrase's words
    left in its order («Цены на полировку фар пленка»)."""
    after_genitive = False
    for position, word in enumerate(words):
        lowered = word.lower()
        named = (position > 0 and word[:1].isupper()) or (len(word) > 1 and word.isupper())  # «АРМ Орион СКУД»
        if named or not re.fullmatch(r"[а-яё]+", lowered) or not analyzer().word_is_known(lowered):
            after_genitive = False
            continue
        parses = [parse for parse in analyzer().parse(lowered) if parse.tag.POS == "NOUN"]
        if after_genitive and parses and all("nomn" in parse.tag for parse in parses):
            return True
        if after_genitive and _is_adjective(word):  # «СКУД для гостиниц типовое решение»: the noun follows
            continue
        after_genitive = bool(parses) and analyzer().parse(lowered)[0].tag.POS == "NOUN" and "gent" in parses[0].tag
    return False


def _stray_adjective(words: list[str]) -> bool:
    """Whether an adjective follows a noun it does not agree with and no noun follows it: a search phrase's word
    left where it was typed («СКУД на калитку уличный»)."""
    for index, (noun, word) in enumerate(itertools.pairwise(words)):
        following = words[index + 2] if index + 2 < len(words) else ""
        if not _is_adjective(word) or not re.fullmatch(r"[а-яё]+", noun.lower()) or _is_adjective(following):
            continue
        if following and re.fullmatch(r"[а-яё]+", following.lower()):
            continue  # «…уличный вариант»: the adjective has its own noun
        nouns = [parse for parse in analyzer().parse(noun.lower()) if parse.tag.POS == "NOUN"]
        adjectives = [parse for parse in analyzer().parse(word.lower()) if parse.tag.POS == "ADJF"]
        if nouns and not any(agree(a.tag, n.tag) for a in adjectives for n in nouns):
            return True
    return False


def _opens_with_verb(text: str) -> bool:
    """Whether a statement opens with a verb («Работаем с НДС»): a sentence, not a claim a title can hang on its
    product after a dash."""
    first = (re.findall(r"[а-яё]+", text.lower()) or [""])[0]
    return bool(first) and analyzer().parse(first)[0].tag.POS in ("VERB", "INFN")


def _reads_as_typed(words: list[str], names: dict[str, str], codes: bool = True) -> bool:
    """Whether a title keeps a search phrase's form rather than reading as an advertiser writes it: a common word
    right after an abbreviation («Система СКУД турникет»), a model code or a stray letter («СКУД z 5r», «СКУД 1с»),
    an adjective left after a noun it does not agree with («СКУД на калитку уличный»), a noun said twice,
    a place in lowercase («СКУД в россии»), or two nouns in the nominative, adjectives between, before a name
    («Кнопка выход СКУД», «Видеонаблюдение пожарная сигнализация СКУД»; «Серьги пусеты» is how shops name goods).
    Without `codes` a model code is a product's own name («СКУД 1с» of a group about 1С)."""
    if _word_after_abbreviation(words, names):
        return True
    if codes and any(_is_model_code(word.lower()) for word in words):
        return True
    nouns = [lemma(word.lower()) for word in words if is_common_noun(word)]
    if _stray_adjective(words) or len(nouns) > len(set(nouns)):  # «…кольцо обручальное кольцо»
        return True
    for before, word in itertools.pairwise(words):  # «в россии»: a place after «в», «по», as typed
        if before.lower() in PLACE_PREPOSITIONS and word.islower() and _is_place(word):
            return True
    for index, word in enumerate(words):  # «Кнопка выход СКУД», «Видеонаблюдение пожарная сигнализация СКУД»
        rest = list(itertools.dropwhile(_is_adjective, words[index + 1 :]))
        noun_pair = len(rest) > 1 and _nominative_noun(word) and _nominative_noun(rest[0], only=True)
        if noun_pair and _is_name(rest[1], names):
            return True
    return False


def _is_adjective(word: str) -> bool:
    lowered = word.lower()
    return bool(re.fullmatch(r"[а-яё]+", lowered)) and analyzer().parse(lowered)[0].tag.POS == "ADJF"


def _is_quality(word: str) -> bool:
    """An adjective that says what kind («пожарная», «откатные»), not a pronoun or a numeral («одну», «этот»)."""
    return _is_adjective(word) and "Apro" not in analyzer().parse(word.lower())[0].tag


def _is_name(word: str, names: dict[str, str]) -> bool:
    """An abbreviation or a brand as the ad writes it («СКУД», «PERCo»)."""
    return word.casefold() in names or word.isupper()


def _is_model_code(word: str) -> bool:
    """A token of letters and digits («5r», «е500», «1с») or a stray Latin letter («z» of «z 5r»)."""
    mixed = bool(re.search(r"\d", word)) and bool(re.search(r"[^\W\d_]", word))
    return mixed or bool(re.fullmatch(r"[a-z]", word))


def _is_place(word: str) -> bool:
    return bool(re.fullmatch(r"[а-яё]+", word)) and "Geox" in analyzer().parse(word)[0].tag


def _nominative_noun(word: str, only: bool = False) -> bool:
    """A common noun read in the nominative; with `only`, one that has no other reading but the accusative
    («выход», «карта»; not «питания», which is a genitive too)."""
    lowered = word.lower()
    if not word[1:].islower() or not re.fullmatch(r"[а-яё]+", lowered) or not analyzer().word_is_known(lowered):
        return False
    parses = analyzer().parse(lowered)
    nouns = [parse for parse in parses if parse.tag.POS == "NOUN"]
    if not nouns or parses[0].tag.POS != "NOUN" or "nomn" not in parses[0].tag:
        return False
    return not only or all(parse.tag.case in ("nomn", "accs") for parse in parses)


def _word_after_abbreviation(words: list[str], names: dict[str, str]) -> bool:
    """Whether a common word follows an abbreviation directly, the search phrase's word order left as typed
    («Система СКУД турникет», «СКУД панель управления», «Комплект СКУД автономный»): an advertiser writes
    «Турникет СКУД» or nothing. A preposition («СКУД на дверь»), a name or a model («СКУД PERCo Web») may follow."""
    for word, following in itertools.pairwise(words):
        written = names.get(word.casefold(), word)
        if not (len(written) > 1 and written.isupper() and written.isalpha()):
            continue
        lowered = following.lower()
        if following.casefold() in names or following.isupper() or lowered in FUNCTION_WORDS:
            continue
        if re.fullmatch(r"[а-яё]+", lowered) and analyzer().word_is_known(lowered) and following[:1].islower():
            return True
    return False


def _fill(parts: list[str], closings: list[str]) -> str:
    """The first sentence, then as many of the others, in order, as fit one text together with a closing call to
    action (in short forms if that makes one fit). The first closing that fits beside the first sentence is used;
    the text goes without one only when none does, so a text is never a call to action alone.
    """
    parts = unique_sentences([part for part in parts if part])
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


def _common_compounds(compounds: frozenset[tuple[str, str]], names: dict[str, str]) -> frozenset[tuple[str, str]]:
    """Hyphenated pairs of common words only: «скуд-болид» typed in a phrase joins a name and a brand."""
    named = {lemma(word) for word in names} | set(names)
    return frozenset(pair for pair in compounds if not set(pair) & named)


def _fitting_callouts(candidates: list[str]) -> list[str]:
    """Callouts of distinct claims that fit: each within its limit, all on one mobile line, at most four."""
    kept: list[str] = []
    for callout in _distinct_claims([c for c in dict.fromkeys(candidates) if len(c) <= limits.CALLOUT_MAX]):
        if len(kept) < CALLOUTS_MAX and sum(map(len, [*kept, callout])) <= limits.CALLOUTS_MOBILE_TOTAL:
            kept.append(callout)
    return kept


def _same_claim(line: str, others: list[str]) -> bool:
    """Whether a line says what one of the others says: the same words, or a fact of the same kind (delivery,
    guarantee, instalments…), so «Доставка за 1 день» and «Доставка по Москве за 1 день» count once."""
    kind = fact_kind(line)
    folded = line.casefold().rstrip(".")
    return any(folded == other.casefold().rstrip(".") or (kind and fact_kind(other) == kind) for other in others)


def _distinct_claims(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if not _same_claim(line, kept):
            kept.append(line)
    return kept


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

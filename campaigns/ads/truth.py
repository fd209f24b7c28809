"""What an ad may claim for one group: every claim has a source, a subject and no contradiction with the offer.

A PPC specialist rewrites an ad that promises what the business does not offer, so every line any writer makes
(template or LLM) is checked here before it leaves (`writer.admit`), and a failing line is dropped:

- a claim with no source is never written: «скидки», «акция», «недорого», «в наличии», «бесплатно», «за 1 день»,
  «официальный», «техподдержка» each need the brief or the page to say so first (`CLAIMS`);
- a fact keeps its subject: a price the page gives for shampoos («Автошампуни от 390 ₽») goes only into groups
  about shampoos; delivery, guarantee, payment and returns are the whole shop's, a number in the brief is the
  brief's own;
- a claim that names one of the works a service lists keeps that work: «Гарантия на керамику до 3 лет» goes into
  the ceramic coating's group or a general one, never into the tinting's;
- a claim that contradicts the group's offer is never written: next-day delivery of a made-to-order product;
- a shop (a goods seller, `semantic.seller`) never promises a service its brief and page do not name: «Закажите
  химчистку салона» from a shop that sells the chemicals is a promise it cannot keep.

One `GroupTruth` per group serves the writers (to choose lines that pass) and the gate (to check what they wrote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from campaigns.ads.types import AdDraft, GroupBrief
from campaigns.ads.voice import named_works, names_a_work, work_stems
from campaigns.landing.parse import FACT_PATTERNS
from campaigns.landing.types import BOOKING, LandingPage
from semantic.intents import MADE_TO_ORDER
from semantic.morph import analyzer, lemma, readings
from semantic.seller import SERVICE_LEMMAS, SellerKind, SellerProfile, detect_seller, offered_lemmas
from semantic.synonyms import curated

# A claim kind and what writes it. A line that says one is kept only when the brief or the page says it too.
CLAIMS = {
    "discount": re.compile(r"\bскидк|\bакци[яийюе]|\bраспродаж|\bуценк|\bsale\b|\bdiscount", re.IGNORECASE),
    "cheap": re.compile(r"\bнедорог|\bдешев|\bдешёв|\bнизк\w* цен|\bcheap\b", re.IGNORECASE),
    "stock": re.compile(r"\bв наличии\b|\bна складе\b|\bin stock\b", re.IGNORECASE),
    "fast": re.compile(
        r"\bза\s+\d+\s*(?:час|дн|день|сут|мин)|\bза\s+(?:день|сутки|час)\b|\bсегодня\b|\bзавтра\b|\bсрочн|"
        r"\bв день заказа|\bsame day\b|\bnext day\b",
        re.IGNORECASE,
    ),
    "free": re.compile(r"\bбесплатн|\bfree\b", re.IGNORECASE),
    "official": re.compile(r"\bофициальн|\bофиц\.|\bofficial\b", re.IGNORECASE),
    "best": re.compile(r"\bлучш|№\s?1\b|\bлидер\w*\b|\bтоп\b|\bсамы[ейх] низк|\bbest\b", re.IGNORECASE),
    "support": re.compile(r"\bтехподдержк|\bтехническ\w+ поддержк|\bслужб\w+ поддержк|\bгоряч\w+ лини", re.IGNORECASE),
    "guarantee": re.compile(r"\bгаранти|\bwarrant|\bguarantee", re.IGNORECASE),
    "delivery": re.compile(r"\bдоставк|\bдоставим|\bсамовывоз|\bdelivery\b|\bshipping\b", re.IGNORECASE),
    "credit": re.compile(r"\bрассрочк|\bв кредит|\binstal?lment", re.IGNORECASE),
    "returns": re.compile(r"\bвозврат|\bобмен\b|\brefund", re.IGNORECASE),
    "engineer": re.compile(r"\bвыезд\w*\s+(?:инженер|мастер|замерщик|специалист)|\bвызовите мастера", re.IGNORECASE),
    "booking": FACT_PATTERNS[BOOKING],  # «Запишитесь онлайн» as the page's reader reads it
}
# Claims whose words name the thing claimed, so a number inside one must be the source's number too.
NUMBERED = frozenset({"fast", "guarantee", "delivery", "credit", "returns", "discount", "free"})
# Words by which a business says it makes what it sells, so it may invite an order to be made: «изготовление на
# заказ», «своё производство», «от фабрики», «мастерская».
MAKES = re.compile(r"\bфабрик|\bпроизводств|\bпроизводител|\bмастерск|\bизготавлива|\bшь[её]м\b", re.IGNORECASE)
SKETCH = re.compile(r"\bэскиз", re.IGNORECASE)
_ADJECTIVE_FORM = re.compile(r"[а-яё]{3}(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ых|их|ую|юю)$")
CLAIM_REACH = 24  # characters from a claim's first word that its number may be in («Гарантия на каркас 2 года»)
_AMOUNT = re.compile(r"(\d{1,3}(?:[\s\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d{1,2})?\s*(?:₽|руб|р\.|rub)", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Words that ask for a service (the ad then promises to perform it).
SERVICE_CUES = re.compile(
    r"\b(?:закаж\w*|заказать|запиш\w*|записаться|вызов\w*|вызвать|оставьте заявку|услуг\w*|выполн\w*|сделаем|"
    r"проведём|проведем|выполним)\b",
    re.IGNORECASE,
)
# A verb of buying goods: «Закажите автошампунь» is buying from a shop, «Закажите химчистку» is a service.
SHOP_SERVICES = frozenset({"доставка", "сборка", "подбор", "консультация", "продажа", "самовывоз", "примерка"})


@dataclass(frozen=True)
class PricedSubject:
    """A price the page gives for one product: «от 390 ₽» for «Автошампуни»."""

    amount: int
    subject: frozenset[str]
    unit: str = ""  # what the price is per, as the page says it: «в месяц» for maintenance


def amounts(text: str) -> list[int]:
    return [int(re.sub(r"\D", "", match[1])) for match in _AMOUNT.finditer(text)]


def sentences_of(text: str) -> list[str]:
    """Sentences end at . ! ? before a space or the end, so «divan.example.ru» and «2.5 м» stay whole."""
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def lemmas_of(text: str) -> set[str]:
    return {lemma(word) for word in _WORD.findall(text.lower()) if len(word) > 2}


def same_subject(subject: frozenset[str], product: set[str], head: frozenset[str] = frozenset()) -> bool:
    """Whether a fact is about the group's product: every word of the fact's subject is one of the product's words
    («Диван-кровать Сити» is about «диван-кровать», not about every «диван»), and the product's own head is in the
    subject («Кровать Норд» is not about «диван-кровать»); a compound matches its base («автошампунь», «шампунь»)."""
    covers = all(any(_same_word(word, other) for other in product) for word in subject)
    return bool(subject) and covers and all(any(_same_word(word, other) for other in subject) for word in head)


def _same_word(word: str, other: str) -> bool:
    """One word: the same lemma, a compound and its base, or curated synonyms of one work («монтаж», «установка»:
    «Монтаж СКУД — от 15 000 ₽» is the price of the group «Скуд установка»)."""
    if word == other or curated(word) == curated(other):
        return True
    return min(len(word), len(other)) >= 5 and (word.endswith(other) or other.endswith(word))


def head_noun(text: str) -> frozenset[str]:
    """The lemmas of a product name's noun phrase, its adjectives and its first noun (a hyphenated compound as its
    parts): «Угловой диван «Берген»» → {угловой, диван}; «Диван-кровать «Сити»» → {диван, кровать}; «Автошампуни» →
    {автошампунь}; the first word when no noun is known (a brand)."""
    words = re.findall(r"[а-яёa-z]+(?:-[а-яёa-z]+)*", text.lower())
    adjectives: list[str] = []
    for index, word in enumerate(words):
        parts = word.split("-")
        parses = analyzer().parse(parts[-1])
        adjective = next((parse for parse in parses if parse.tag.POS in ("ADJF", "PRTF")), None)
        if not all(analyzer().word_is_known(part) for part in parts):
            # a brand is skipped, an adjective the dictionary lacks still qualifies: «Помолвочные кольца» are not
            # every ring
            if adjective is not None and _ADJECTIVE_FORM.search(word) and index + 1 < len(words):
                adjectives.append(adjective.normal_form)
            continue
        if adjective is not None and len(parts) == 1 and index + 1 < len(words):  # «угловой» is a noun too
            adjectives.append(adjective.normal_form)
        elif parses[0].tag.POS == "NOUN":
            return frozenset([*adjectives, *(lemma(part) for part in parts)])
    return frozenset(lemma(part) for part in words[0].split("-")) if words else frozenset()


def page_sources(page: LandingPage | None) -> list[str]:
    """What the page itself says, for claims: its title, description, heading and facts (not its menu)."""
    if page is None or not page.is_read:
        return []
    return [page.title, page.description, page.h1, *(fact.text for fact in page.facts)]


def seller_of(brief: GroupBrief) -> SellerProfile:
    """The campaign's seller when the pipeline read it, otherwise read from this group's brief, page and phrases."""
    if brief.seller is not None:
        return brief.seller
    page = brief.page
    page_text = " ".join(page_sources(page) + [link.text for link in page.links]) if page and page.is_read else ""
    return detect_seller([*brief.names, brief.product_description, *brief.benefits], page_text, brief.phrases)


class GroupTruth:
    """The claims one group's ads may make; `allows(line)` for writers, `problems(ad)` for the gate."""

    def __init__(self, brief: GroupBrief):
        self.brief = brief
        # The advertiser's own words: the campaign's name (in `names`), description, selling points and callouts.
        # The group's name is not among them: it comes from search phrases («скидки на диваны»), not from the user.
        self.brief_texts = [*brief.names, brief.product_description, *brief.benefits, *brief.callouts]
        self.sources = [*self.brief_texts, brief.region_name, *page_sources(brief.page)]
        joined = " \n ".join(self.sources)
        self.supported_kinds = {kind for kind, pattern in CLAIMS.items() if pattern.search(joined)}
        self.source_numbers = {number.replace(",", ".") for number in _NUMBER.findall(joined)}
        self.product = lemmas_of(" ".join([brief.name, *brief.phrases[:3]]))
        self.product_head = head_noun((brief.phrases or [brief.name])[0])
        self.made_to_order = bool(MADE_TO_ORDER.search(" ".join([brief.name, *brief.phrases[:3]])))
        # the works the brief lists, and which of them this group is about when it is about a work at all
        self.works = work_stems([brief.product_description])
        self.own_works = named_works(self.product, self.works) if names_a_work(self.product) else None
        page_facts = [fact.text for fact in brief.page.facts] if brief.page else []
        shop_wide = [*self.brief_texts, brief.region_name, *page_facts]
        self.shop_amounts = {amount for text in shop_wide for amount in amounts(text)}
        self.priced = priced_subjects(brief.page)

    @cached_property
    def said_with_page_text(self) -> str:
        """The claims' sources and the page's whole text: where a business says how it works."""
        return " \n ".join([*self.sources, self.brief.page.text if self.brief.page else ""])

    @cached_property
    def makes_to_order(self) -> bool:
        """Whether this group asks for a product made to order («кольца на заказ», «изготовление колец») and the
        business says it makes it (`MADE_TO_ORDER` or `MAKES` in the brief or on the page): its calls then invite an
        order to be made, not a purchase from the catalogue."""
        said = self.said_with_page_text
        return self.made_to_order and bool(MADE_TO_ORDER.search(said) or MAKES.search(said))

    @cached_property
    def works_from_sketches(self) -> bool:
        """Whether the brief or the page says the business works from the customer's sketch («по вашему эскизу»)."""
        return bool(SKETCH.search(self.said_with_page_text))

    @cached_property
    def seller(self) -> SellerProfile:
        return seller_of(self.brief)

    @cached_property
    def offered_services(self) -> set[str]:
        """The services the brief and the page name as offered (not as a purpose: «для мойки»)."""
        texts = [*self.brief_texts, *page_sources(self.brief.page)]
        return {word for text in texts for word in offered_lemmas(text) if word in SERVICE_LEMMAS}

    def allows(self, line: str) -> bool:
        return not self.line_problems(line)

    def line_problems(self, line: str) -> list[str]:
        """Why a line (a title, a sentence, a callout) may not be written for this group; empty when it may."""
        problems = []
        for kind, pattern in CLAIMS.items():
            match = pattern.search(line)
            if match is None:
                continue
            if kind not in self.supported_kinds:
                problems.append(f"unsupported claim «{match[0]}»")
            elif kind in ("fast", "stock") and self.made_to_order:
                problems.append(f"«{match[0]}» contradicts a made-to-order product")
            elif self._about_another_work(line):
                problems.append(f"«{line}» is about another work than this group's")
            elif kind in NUMBERED and any(n not in self.source_numbers for n in _numbers(line[match.start() :])):
                problems.append(f"a number in «{line}» is not the source's")
        problems += self._price_problems(line)
        promise = self.service_promise(line)
        if promise:
            problems.append(f"a shop promising the service «{promise}»")
        return problems

    def _about_another_work(self, line: str) -> bool:
        """A group about one work («Тонировка стекол») may not carry a claim that names only other works."""
        if self.own_works is None:
            return False
        named = named_works({reading for word in _WORD.findall(line.lower()) for reading in readings(word)}, self.works)
        return bool(named) and not named & self.own_works

    def _price_problems(self, line: str) -> list[str]:
        problems = []
        for amount in amounts(line):
            if amount in self.shop_amounts:
                continue
            priced = (item for item in self.priced if item.amount == amount)
            if any(same_subject(item.subject, self.product, self.product_head) for item in priced):
                continue
            problems.append(f"the price {amount} ₽ is not given for this product")
        return problems

    def service_promise(self, line: str) -> str:
        """The service a goods-only seller's line offers to perform though its brief and page do not, or ""."""
        if self.seller.kind != SellerKind.GOODS or not SERVICE_CUES.search(line):
            return ""
        for word in _WORD.findall(line.lower()):
            base = lemma(word)
            if base in SERVICE_LEMMAS and base not in self.offered_services and base not in SHOP_SERVICES:
                return word
        if re.search(r"\b(?:запиш\w*|записаться|вызов\w*|вызвать)\b", line, re.IGNORECASE):
            return line
        return ""

    def problems(self, ad: AdDraft) -> list[str]:
        """Every line of the ad that may not be written, with why: titles, sentences of texts, callouts."""
        found = []
        for field, items in (("titles", ad.titles), ("texts", ad.texts), ("callouts", ad.callouts)):
            for index, item in enumerate(items):
                found += [f"{field}[{index}]: {problem}" for problem in self.line_problems(item)]
        return found


def _numbers(claim: str) -> list[str]:
    """The numbers of a claim (a term, a guarantee's years, a discount's percent): those within a few words after
    where it starts, each whole though it runs past the reach («…купить 000000000» is not «00000000»); prices are
    checked by their subject instead."""
    found = _NUMBER.finditer(_AMOUNT.sub(lambda amount: " " * len(amount[0]), claim))
    return [number[0].replace(",", ".") for number in found if number.start() < CLAIM_REACH]


def priced_subjects(page: LandingPage | None) -> list[PricedSubject]:
    if page is None or not page.is_read:
        return []
    found = []
    for fact in page.priced:
        unit = fact.text.partition("₽")[2].strip()
        found += [PricedSubject(amount, _priced_subject(fact.subject), unit) for amount in amounts(fact.text)]
    return found


def _priced_subject(text: str) -> frozenset[str]:
    """What a price is for: the head noun's phrase, and when the head is a work, the object it is priced for —
    «Полировка кузова — от 9 000 ₽» is about «кузов», not «Полировка фар»."""
    head = head_noun(text)
    words = re.findall(r"[а-яё]+", text.lower())
    for index, word in enumerate(words[:-1]):
        if lemma(word) in head and lemma(word) in SERVICE_LEMMAS and analyzer().word_is_known(words[index + 1]):
            following = analyzer().parse(words[index + 1])[0]
            if following.tag.POS == "NOUN" and "gent" in following.tag:
                return head | {following.normal_form}
    return head


def hold_to_truth(ad: AdDraft, truth: GroupTruth) -> tuple[AdDraft | None, list[str]]:
    """The ad without the lines it may not write, and what was dropped; None when nothing it needs is left (a
    Title 1, or every text). A text loses only its failing sentences and repeated ones; a callout that repeats a
    sentence of the texts word for word is dropped as well, since the ad already says it."""
    changes: list[str] = []
    titles = []
    for index, title in enumerate(ad.titles):
        problems = truth.line_problems(title)
        if problems:
            changes.append(f"titles[{index}] {title!r} dropped: {'; '.join(problems)}")
            if index == 0 and ad.kind == "text_image":
                return None, changes
        else:
            titles.append(title)
    texts = []
    for index, text in enumerate(ad.texts):
        kept = unique_sentences([part for part in sentences_of(text) if not truth.line_problems(part)])
        new = " ".join(kept)
        if new != text:
            changes.append(f"texts[{index}] {text!r} → {new!r}")
        if new and not _call_alone(kept):
            texts.append(new)
    if not titles or not texts:
        return None, changes
    said = {_folded(sentence) for text in texts for sentence in sentences_of(text)}
    callouts = []
    for callout in ad.callouts:
        if truth.line_problems(callout) or _folded(callout) in said:
            changes.append(f"callout {callout!r} dropped")
        else:
            callouts.append(callout)
    return ad.with_changes(titles=titles, texts=texts, callouts=callouts), changes


def unique_sentences(parts: list[str]) -> list[str]:
    seen, kept = set(), []
    for part in parts:
        if _folded(part) not in seen:
            seen.add(_folded(part))
            kept.append(part)
    return kept


_CALL = re.compile(r"^(?:закажите|оставьте|узнайте|купите|выберите|запишитесь|оформите|запросите|рассчитаем)", re.I)


def _call_alone(parts: list[str]) -> bool:
    """A text left with only its call to action says nothing about the product."""
    return all(_CALL.match(part) for part in parts)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[а-яёa-z0-9]+", text.casefold().replace("ё", "е")))

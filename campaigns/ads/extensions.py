"""Sitelinks and callouts for one group's ads, from the landing page and the brief.

Sitelinks: the links the user typed come first; then the page's own navigation, each with its own address on the
site: catalogue sections that share a word with the group, then delivery, promotions and contacts, then the other
service pages and sections, as many as Direct shows (8, titles ≤ 30, each block of four ≤ 66, no ! or ?).
Callouts: the user's callouts if typed; otherwise the brief's selling points, the page's facts that are short
enough (≤ 25), then the brief's own offer and works («Под ключ», «Проектирование»), two to four of them, ≤ 66
together so one mobile line shows them all.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from urllib.parse import urlsplit

from campaigns.ads.grammar import is_common_noun, mentions_region
from campaigns.ads.links import with_utm
from campaigns.ads.text import capitalize_first, clean_copy, holds_contact
from campaigns.ads.truth import MADE_TO_ORDER, GroupTruth, head_noun
from campaigns.ads.types import GroupBrief, Sitelink
from campaigns.ads.voice import SALE_WORKS, names_a_work, offer_phrases, work_stem, works_of
from campaigns.ads.wording import wording_for
from campaigns.landing import types as k
from campaigns.landing.parse import fact_kind
from campaigns.landing.types import LandingPage, PageLink
from core import direct_limits as limits
from semantic.morph import analyzer, lemma
from semantic.synonyms import curated, relative_adjectives

CALLOUTS_MIN, CALLOUTS_MAX = 2, 4
SERVICE_ORDER = ("delivery", "offers", "contacts", "payment", "warranty", "reviews", "about", "prices")
_SERVICE_WORDS = {
    "delivery": ("доставк", "delivery", "shipping", "самовывоз"),
    "offers": ("акци", "скидк", "распродаж", "sale", "offers", "promo"),
    "contacts": ("контакт", "contact", "адрес", "как проехать"),
    "payment": ("оплат", "payment", "рассрочк", "кредит"),
    "warranty": ("гаранти", "warranty", "guarantee"),
    "reviews": ("отзыв", "reviews"),
    "about": ("о компании", "о нас", "about"),
    "prices": ("цены", "прайс", "price"),
}
_NOT_SITELINKS = (
    "корзин", "вход", "войти", "регистрац", "личный кабинет", "cart", "login", "sign in", "политик", "privacy",
    "cookie", "главная", "home", "поиск", "search", "карта сайта", "избранн", "сравнен",
)  # fmt: skip
_KIND_LABELS = {k.DELIVERY: "Доставка", k.GUARANTEE: "Гарантия", k.RETURNS: "Возврат и обмен", k.STOCK: "В наличии"}
_WORD = re.compile(r"[^\W\d_]+")
# The shortest group word a section's noun may be made from by a suffix («домофон» → «домофония»).
DERIVED_BASE_MIN = 6
DERIVED_SUFFIX_MAX = 3
_MADE_TO_ORDER_PATH = re.compile(r"(?:^|[/_-])(?:na|pod)[-_]?zakaz|izgotovl")
_REGION_TAIL = re.compile(r"\s+(?:по|в|во)\s+(?P<place>[^\W\d_]+(?:[\s-][^\W\d_]+)?)$", re.IGNORECASE)


def group_sitelinks(brief: GroupBrief, section: PageLink | None = None) -> list[Sitelink]:
    """The sitelinks for this group's ads, with UTM tags, already within Direct's limits; the group's own section
    of the site (`matching_section`) first, when it has one."""
    wording = wording_for(brief.language)
    chosen: list[Sitelink] = []
    own = [Sitelink(_title(section.text), section.url)] if section is not None and _title(section.text) else []
    for sitelink in own + _typed_sitelinks(brief) + _page_sitelinks(brief):
        if _fits_beside(sitelink, chosen) and sitelink.url not in {item.url for item in chosen}:
            chosen.append(sitelink)
        if len(chosen) == limits.SITELINKS_MAX:
            break
    return [
        Sitelink(item.title, with_utm(item.url), item.description or wording.sitelink_descriptions.get(item.title, ""))
        for item in chosen
    ]


def group_callouts(brief: GroupBrief, truth: GroupTruth | None = None) -> list[str]:
    """Callouts: typed ones as they are; else selling points and short page facts, 2–4 that fit one mobile line.
    `truth`: the group's, when the caller has it already."""
    if brief.callouts:
        return [clean_copy(callout).rstrip(".") for callout in brief.callouts if clean_copy(callout)]
    candidates = [clean_copy(item).rstrip(".") for item in brief.benefits]
    page = brief.page
    if page is not None:
        truth = truth or GroupTruth(brief)
        for kind in k.BUSINESS_FACT_KINDS:
            fitted = [_fitted_callout(text, brief.region_name) for text in page.facts_of(kind)]
            short = [text for text in fitted if len(text) <= limits.CALLOUT_MAX]
            # a long fact becomes its kind's label («Гарантия») only where the fact itself may be said: «Гарантия на
            # керамику до 3 лет» is no «Гарантия» of the tinting
            labelled = kind in _KIND_LABELS and any(truth.allows(text) for text in page.facts_of(kind))
            candidates += short[: None if kind == k.SELLING else 1] or ([_KIND_LABELS[kind]] if labelled else [])
    candidates += brief_callouts(brief)
    callouts: list[str] = []
    covered: set[str] = set()
    for candidate in map(capitalize_first, candidates):
        kind = fact_kind(candidate)
        total = sum(map(len, callouts)) + len(candidate)
        if not candidate or len(candidate) > limits.CALLOUT_MAX or total > limits.CALLOUTS_MOBILE_TOTAL:
            continue
        if (kind and kind in covered) or candidate.casefold() in {c.casefold() for c in callouts}:
            continue
        callouts.append(candidate)
        covered.add(kind)
        if len(callouts) == CALLOUTS_MAX:
            break
    return callouts


def _fitted_callout(fact: str, region_name: str) -> str:
    """A fact too long for a callout without the campaign's own region at its end: the ad is shown only there, so
    «Бесплатная доставка по Москве» says no more as «Бесплатная доставка», which fits where the bare label
    «Доставка» would have lost «бесплатная». Any other tail («на парные кольца», «до 3 лет») is the claim itself."""
    if len(fact) <= limits.CALLOUT_MAX or not region_name.strip():
        return fact
    found = _REGION_TAIL.search(fact)
    if found and mentions_region(found["place"], region_name):
        return fact[: found.start()]
    return fact


def brief_callouts(brief: GroupBrief) -> list[str]:
    """What the brief itself offers, as callouts: its selling words («Под ключ», «Для офисов и предприятий», «От
    фабрики») and the works a service lists («Проектирование», «Химчистка салона»). Only the brief's own words, so
    a campaign whose page cannot be read still gets true callouts, and one whose page states no short fact too."""
    if brief.language != "ru":
        return []
    texts = [*brief.names, brief.product_description]
    offers = [phrase for phrase in offer_phrases(texts) if not any(char.isdigit() for char in phrase)]
    # a work is a callout («Монтаж», «Полировка»); a sale alone («Продажа», «Поставка») says nothing of what
    works = [work for work in works_of(texts) if lemma(work.split()[0]) not in SALE_WORKS]
    return [capitalize_first(clean_copy(item)) for item in [*offers, *works]]


def _typed_sitelinks(brief: GroupBrief) -> list[Sitelink]:
    """Sitelinks the user typed; one given only as a URL gets its title from the path (…/dostavka → Доставка), one
    whose path means nothing known is left out rather than guessed."""
    wording = wording_for(brief.language)
    result = []
    for sitelink in brief.sitelinks:
        url, title = sitelink.url.strip(), _title(sitelink.title)
        if not title:
            segments = [segment for segment in urlsplit(url).path.lower().split("/") if segment]
            title = wording.sitelink_titles.get(segments[-1].removesuffix(".html"), "") if segments else ""
        if title and url:
            result.append(Sitelink(title, url, clean_copy(sitelink.description)))
    return result


def _page_sitelinks(brief: GroupBrief) -> list[Sitelink]:
    page = brief.page
    if page is None or not page.links:
        return []
    landing = _comparable(brief.landing_url)
    links = [link for link in page.links if _comparable(link.url) not in (landing, _comparable(page.final_url))]
    links = [link for link in links if _title(link.text) and not _mentions(link.text.lower(), _NOT_SITELINKS)]
    services = {link.url: _service(link) for link in links}
    group_words = {lemma(word) for phrase in [brief.name, *brief.phrases] for word in _WORD.findall(phrase.lower())}
    sections = [link for link in links if not services[link.url] and link.in_navigation]
    matching = sorted(
        (link for link in sections if _lemmas(link.text) & group_words),
        key=lambda link: -len(_lemmas(link.text) & group_words),
    )
    by_service = {kind: [link for link in links if services[link.url] == kind] for kind in SERVICE_ORDER}
    ordered: list[PageLink] = [*matching]
    ordered += [by_service[kind][0] for kind in SERVICE_ORDER if by_service[kind]]
    ordered += [link for link in sections if link not in ordered]
    return [Sitelink(_title(link.text), link.url, _description(link, services[link.url], page)) for link in ordered]


def matching_section(brief: GroupBrief, product: list[str], made_to_order: bool = False) -> PageLink | None:
    """The page's link to this group's own section: a link whose text names only the group's product («Угловые
    диваны» for «угловой диван», «Диваны-кровати» for «диван-кровать»), or, when its text does not, whose address
    does (/catalog/avtoshampuni/ for «автошампунь»), or one item of the products its text lists names it
    («Считыватели и карты доступа» for «Карта СКУД»). The most specific one wins; a service page never does. The
    nouns of one service action are one word («Монтаж СКУД» is the section of «Скуд установка»), as in the
    grouping. When no section names the product, the words most of the group's phrases add to it count too:
    «Широкие кольца», whose phrases are nearly all «широкие обручальные кольца», belong in «Обручальные кольца».
    A section for making to order («Изготовление на заказ», /na-zakaz/) is the section of a made-to-order group
    («Кольца на заказ», `made_to_order`), the one naming its product first, and of no other group."""
    page = brief.page
    if page is None or not page.is_read:
        return None
    if made_to_order and (made := _made_to_order_section(brief, page, _section_words(product))):
        return made
    words = _section_words(product)
    found = _best_section(brief, page, words) if words else None
    if found is None and (shared := _shared_words(brief.phrases) - words):
        found = _best_section(brief, page, words | shared)
    return found


def named_section(brief: GroupBrief, product: list[str]) -> PageLink | None:
    """The page's section whose name is the product's words, all of them and no other («Сетевое оборудование»)."""
    page, words = brief.page, _section_words(product)
    if page is None or not page.is_read or not words:
        return None
    named = [link for link in _sections(brief, page) if {curated(word) for word in _lemmas(link.text)} == words]
    return next((link for link in named if not _is_made_to_order(link)), None)


def _made_to_order_section(brief: GroupBrief, page: LandingPage, words: set[str]) -> PageLink | None:
    """The page's section for making to order, the one whose text shares most words with the product."""
    sections = [link for link in _sections(brief, page) if _is_made_to_order(link)]
    return max(sections, key=lambda link: len(_section_words([link.text]) & words), default=None)


def _is_made_to_order(link: PageLink) -> bool:
    path = urlsplit(link.url).path.lower()
    return bool(MADE_TO_ORDER.search(link.text) or _MADE_TO_ORDER_PATH.search(path))


def _sections(brief: GroupBrief, page: LandingPage) -> list[PageLink]:
    """The page's links that may be a group's section: not the landing page, a service page or an account's."""
    landing = {_comparable(brief.landing_url), _comparable(page.final_url)}
    return [
        link
        for link in page.links
        if _comparable(link.url) not in landing
        and not _service(link)
        and not _mentions(link.text.lower(), _NOT_SITELINKS)
    ]


def _section_words(texts: list[str]) -> set[str]:
    """The words of the texts as sections are matched: lemmas of three letters or more, one service's nouns one."""
    return {curated(lemma(part)) for text in texts for part in _WORD.findall(text.lower()) if len(part) > 2}


def _shared_words(phrases: list[str]) -> set[str]:
    """The words (as `_section_words` reads them) of the lemmas at least half of the phrases hold."""
    counts = Counter(
        word for phrase in phrases for word in {lemma(part) for part in _WORD.findall(phrase.lower()) if len(part) > 2}
    )
    return {curated(word) for word, count in counts.items() if 2 * count >= len(phrases)}


def _best_section(brief: GroupBrief, page: LandingPage, words: set[str]) -> PageLink | None:
    market = _section_words(brief.names)
    best, best_score = None, 0.0
    for link in _sections(brief, page):
        if _is_made_to_order(link):  # a made-to-order group's section (`_made_to_order_section`), no other's
            continue
        named = {curated(word) for word in _lemmas(link.text)}
        made_from = relative_adjectives(words, named)  # «Помолвочные кольца» for «кольца для помолвки»
        named = {made_from.get(word, word) for word in named}
        named = {_derived_from(word, words) for word in named}  # «Домофония» for «домофон скуд»
        if named and all(_names_word(word, words) for word in named):
            score = 2 * len(named)
        elif heads := _listed_heads(link.text, words) or _purpose_head(link.text, words, market):
            score = len(heads)  # «Считыватели и карты доступа» for «Карта СКУД»
        else:
            segments = [segment for segment in urlsplit(link.url).path.lower().split("/") if segment]
            parts = re.split(r"[-_]", segments[-1].removesuffix(".html")) if segments else []
            matched = [part for part in parts if any(_spells(part, word) for word in words)]
            score = len(matched) if parts and len(matched) == len(parts) else 0
        score += 0.5 * link.in_navigation
        if score >= 1 and score > best_score:
            best, best_score = link, score
    return best


def _names_word(word: str, words: set[str]) -> bool:
    """Whether a section's word is one of the product's words, a work under the name of its result too:
    «Проектирование СКУД» is the section of «Проект СКУД» (a noun of the same stem, `work_stem`)."""
    if word in words:
        return True
    stem = work_stem(word)
    return names_a_work({word}) and any(work_stem(other) == stem and is_common_noun(other) for other in words)


def _derived_from(word: str, words: set[str]) -> str:
    """The group's word a section's noun is made from by a short suffix («домофония» of «домофон»), else the noun."""
    made = (base for base in words if len(base) >= DERIVED_BASE_MIN and word.startswith(base) and word != base)
    return next((base for base in made if len(word) - len(base) <= DERIVED_SUFFIX_MAX), word)


def _listed_heads(text: str, words: set[str]) -> set[str]:
    """The head of an item a section's name lists (split at «и» and commas) that names the group's product: «карты
    доступа» of «Считыватели и карты доступа» for «Карта СКУД» (its noun with the adjectives before it, all among
    the product's words). A list names several products, so this match counts less than a name that is all the
    group's."""
    items = re.split(r",|\s(?:и|или)\s", text.lower())
    for item in items if len(items) > 1 else []:  # «Полировка кузова» is one product, not a list
        head = {curated(word) for word in head_noun(item) if len(word) > 2}
        if head and head <= words:
            return head
    return set()


def _purpose_head(text: str, words: set[str], market: set[str]) -> set[str]:
    """The words of a section's name before the purpose it gives («для офиса», «для дома»), when they are the
    group's product but for the market's own words (`market`: the campaign's name) and the purpose's: «Контроль
    доступа для офиса» is the section of «Контроль доступа СКУД», but «Компьютер для видеомонтажа» is not the
    section of «Графический компьютер», whose own word names another purpose. A section for one audience is less
    the group's own than one its name names whole, so this match counts less."""
    product, purpose, rest = text.lower().partition(" для ")
    named = _section_words([product]) if purpose else set()
    # «Оборудование локальных сетей» names the purpose of «Оборудование для локальной сети» in its own words
    return named if named and named <= words and words - named <= market | _section_words([rest]) else set()


_LATIN = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
     "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
     "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
)  # fmt: skip


# How sites transliterate the letters `_LATIN` writes otherwise: «koltsa», «kholodilniki», «zolotoi».
_LATIN_OTHER = str.maketrans({"ц": "ts", "х": "kh", "й": "i", "щ": "shch"})


def _spells(part: str, word: str) -> bool:
    """Whether a path part is the word in Latin letters, in one of its forms (divany, krovati, avtoshampuni,
    chekhly), or the start of one (avtoshamp); a path that only begins like it is another word: /service/ is
    not «сервер»."""
    forms = _latin_forms(word)
    return len(part) >= 4 and (part in forms or (len(part) >= 5 and any(form.startswith(part) for form in forms)))


@lru_cache(maxsize=20_000)
def _latin_forms(word: str) -> frozenset[str]:
    """Every form of a word, as sites write it in Latin letters."""
    parses = [parse for parse in analyzer().parse(word) if parse.normal_form == word] if _WORD.fullmatch(word) else []
    forms = {word} | {form.word for parse in parses for form in parse.lexeme}
    return frozenset(
        spelled
        for form in forms
        for spelled in (form.translate(_LATIN), form.translate(_LATIN_OTHER).translate(_LATIN))
    )


def _service(link: PageLink) -> str:
    text = f"{link.text} {urlsplit(link.url).path}".lower()
    return next((kind for kind in SERVICE_ORDER if _mentions(text, _SERVICE_WORDS[kind])), "")


def _description(link: PageLink, service: str, page: LandingPage) -> str:
    """A fact of the page about what the link leads to (delivery terms for «Доставка»), when one fits; never a phone
    number or an address, which belong in the ad's contact details, not under a link."""
    kind = {"delivery": k.DELIVERY, "warranty": k.GUARANTEE, "payment": k.PAYMENT}.get(service, "")
    facts = [fact for fact in page.facts_of(kind) if len(fact) <= limits.SITELINK_DESCRIPTION_MAX] if kind else []
    facts = [fact for fact in facts if not holds_contact(fact)]
    return clean_copy(facts[0]) if facts else ""


def _title(text: str) -> str:
    title = clean_copy(re.sub(r"[!?«»\"]", " ", text or ""))
    return capitalize_first(title) if 0 < len(title) <= limits.SITELINK_TITLE_MAX else ""


def _fits_beside(sitelink: Sitelink, chosen: list[Sitelink]) -> bool:
    if sitelink.title.casefold() in {item.title.casefold() for item in chosen}:
        return False
    block = chosen[len(chosen) - len(chosen) % limits.SITELINK_BLOCK_SIZE :]
    return sum(len(item.title) for item in block) + len(sitelink.title) <= limits.SITELINK_BLOCK_TITLES_MAX


def _comparable(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}"


def _mentions(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def _lemmas(text: str) -> set[str]:
    return {lemma(word) for word in _WORD.findall(text.lower()) if len(word) > 2}

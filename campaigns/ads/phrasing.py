"""From a search phrase to a title a person would write: the commercial word leads and governs the product
(«тахта купить в москве» → «Купить тахту»; «скуд цена» → «Цены на СКУД»), the region is added back in its own case
by the writer, hyphenated compounds are joined, names keep the advertiser's spelling, and junk never gets in.

A phrase is junk for a title when it asks for information (фото, видео, отзывы, ТЗ, примеры), names a company form
(ООО), carries a verb other than «купить/заказать», has a word neither the dictionary nor the group knows, or makes a
claim («лучший», «№ 1») the brief and the page do not make: moderation rejects unproven claims. A vendor's support
line or official site («техподдержка», «официальный сайт») is navigation to the vendor: an advertiser who writes it
impersonates the vendor. «недорого» and «скидки» lead a title only when the brief or the page makes that claim.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from campaigns.ads.grammar import NAME_TAGS, in_case, join_compounds, with_governed_cases
from campaigns.ads.naming import arranged, region_lemmas_in
from campaigns.ads.text import capitalize_first
from semantic.morph import analyzer, lemma

VERBS = {"купить": "Купить", "заказать": "Заказать", "приобрести": "Купить"}
PRICE_WORDS = frozenset({"цена", "стоимость", "прайс", "прайс-лист", "расценка", "сколько"})
CHEAP_WORDS = frozenset({"недорого", "дешево", "дёшево", "недорогой", "дешёвый", "дешевый", "бюджетный"})
WHOLESALE_WORDS = frozenset({"оптом", "опт", "оптовый"})
SHOP_WORDS = frozenset({"магазин", "интернет-магазин", "интернет", "продажа", "каталог", "сайт"})
# Offers a title leads with («Скидки на диван»), so the product stays the object of every call to action.
SALE_WORDS = frozenset({"распродажа", "акция", "скидка", "уценка"})
# «на заказ» / «под заказ» is how the product is made, not what it is: titles keep it after the product, calls to
# action leave it out («Закажите диван на сайте!», not «Закажите диван на заказ»).
MADE_TO_ORDER = frozenset({"на", "под"})
SALE_LEAD = "Скидки на"
PRICE_LEAD = "Цены на"
RARE_READING = 0.05  # pymorphy3's score of a reading a word hardly ever has in a corpus
OFFER_LEADS = frozenset({SALE_LEAD})
COMMERCIAL_LEMMAS = frozenset(VERBS) | PRICE_WORDS | CHEAP_WORDS | WHOLESALE_WORDS | SHOP_WORDS | SALE_WORDS
INFO_LEMMAS = frozenset(
    {"фото", "фотография", "видео", "отзыв", "размер", "схема", "пример", "тз", "самый", "свой", "рука", "как",
     "что", "это", "чем", "почему", "зачем", "какой", "википедия", "гост", "инструкция", "реферат", "скачать",
     "бесплатно", "бесплатный", "характеристика", "форум", "ооо", "ип", "зао", "оао", "пао", "вакансия", "работа",
     "своими", "руками", "чертёж", "чертеж", "расшифровка", "определение", "значение", "аббревиатура",
     "кабинет", "вход", "логин", "wiki", "презентация", "лекция", "курсовой", "пдф", "pdf", "doc", "youtube",
     "авито", "avito", "бу", "б/у", "образец", "шаблон", "норма", "нормы", "требование", "информация", "записка",
     "цель", "статья", "учебник", "пособие", "снип", "окпд", "оквэд", "классификатор", "диплом", "дипломный", "тест",
     "вопрос", "ответ", "курсовая", "история", "принцип", "смысл", "вакансии", "обучение", "техподдержка",
     "поддержка", "телефон", "горячий", "линия", "адрес", "официальный", "раздел", "возможность", "класс",
     "сравнение", "документ", "документация", "протокол", "устройство", "вид", "тип", "функция", "назначение",
     "описание", "преимущество", "недостаток", "структура", "состав", "классификация", "положение", "регламент",
     "приказ", "журнал", "договор", "через", "про", "смета", "сметный", "тд"}
)  # fmt: skip
# An organisation's type before its name: a phrase naming a company («торговый дом скуд», «группа компаний …») is a
# search for that company, never a title of what the advertiser sells (legal forms, «ооо», are in `INFO_LEMMAS`).
COMPANY_LEMMAS = frozenset({("торговый", "дом"), ("группа", "компания")})
CLAIM_LEMMAS = frozenset(
    {"официальный", "лучший", "лидер", "№", "топ", "номер", "оригинальный", "гарантированный", "производитель"}
)  # «производитель» is a claim too: a reseller is not the maker («Производители СКУД»)
CLAIM_STEM = 7  # letters a claim shares with the word that supports it («производитель», «своё производство»)
FUNCTION_WORDS = frozenset({"в", "во", "на", "с", "со", "для", "по", "из", "от", "до", "и", "к", "у", "о", "об", "за"})
COMMON_WORD_SHARE = 1 / 3  # a word in a third of the group's phrases is the group's own word, known or not
_YEAR = re.compile(r"(?:19|20)\d\d")

_TOKEN = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*|№")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Title:
    """A phrase read for copy: `product` as written (nominative), `lead` the commercial words that open a title,
    `tail` how it is made («на заказ»), which follows the product in titles only."""

    lead: str
    product: list[str]
    tail: str = ""

    def text(self, names: dict[str, str]) -> str:
        fixed = frozenset(names)
        genitive = self.lead == PRICE_LEAD and bool(self.product) and _best_read_as_genitive(self.product[0])
        sources = ("gent", "nomn") if genitive else ("nomn", "gent")  # «цена монтажа», not «монтажа» as a plural
        product = in_case(self.product, "accs", fixed, sources) if self.lead else self.product
        product = with_governed_cases(product, fixed)
        words = [names.get(word.casefold(), word) for word in product]
        return capitalize_first(" ".join([self.lead, *words, self.tail]).strip())


def _best_read_as_genitive(word: str) -> bool:
    """Whether a word is read as a noun in the genitive and hardly ever as a nominative plural: «проектирования»,
    «обслуживания» (works have no plural in use), but not «системы», which people type as a plural, nor «бит»."""
    lowered = word.lower()
    if not re.fullmatch(r"[а-яё]+", lowered) or not analyzer().word_is_known(lowered):
        return False
    parses = analyzer().parse(lowered)
    nominative = sum(parse.score for parse in parses if "nomn" in parse.tag)
    return parses[0].tag.POS == "NOUN" and "gent" in parses[0].tag and nominative < RARE_READING


class PhraseReader:
    """Reads one group's phrases against what the brief and the page say (for claims and names)."""

    def __init__(
        self,
        phrases: list[str],
        *,
        region_name: str,
        names: dict[str, str],
        supported_text: str,
        compounds: frozenset[tuple[str, str]],
        market: frozenset[str] = frozenset(),
        brands: frozenset[str] = frozenset(),
        read_names: frozenset[str] = frozenset(),
    ):
        self.phrases = phrases
        self.names = names
        self.compounds = compounds
        self.region_name = region_name
        self.region_lemmas = {lemma(word) for word in tokens(region_name.lower()) if len(word) > 2}
        self.supported = {lemma(word) for word in tokens(supported_text.lower())}
        written = tokens(supported_text.lower())
        self.written = frozenset([*written, *(part for word in written for part in word.split("-"))])
        self.market = market
        self.market_lemmas = frozenset(lemma(word) for word in market)
        self.brands = brands
        self.read_names = read_names  # names read from the phrases alone (no one wrote «СП» or «Готовыя» so)
        self.fixed = frozenset(key for key, form in names.items() if len(form) > 1 and form.isupper())

    @cached_property
    def group_words(self) -> frozenset[str]:
        counts = Counter(lemma(word) for phrase in self.phrases for word in set(tokens(phrase.lower())))
        needed = max(2, len(self.phrases) * COMMON_WORD_SHARE)
        return frozenset(word for word, count in counts.items() if count >= needed)

    def read(self, phrase: str) -> Title | None:
        """The phrase as a title, or None when it is junk for a title."""
        words = tokens(phrase)
        if names_a_company(words):
            return None
        region_lemmas = self.region_lemmas | region_lemmas_in(words, self.region_name)
        lead_verb, cheap, wholesale, price, sale, tail = "", False, False, False, False, ""
        product: list[str] = []
        for position, word in enumerate(words):
            lowered = word.lower()
            base = lemma(lowered) if re.fullmatch(r"[а-яё-]+", lowered) else lowered
            following = words[position + 1].lower() if position + 1 < len(words) else ""
            if lowered in MADE_TO_ORDER and following and lemma(following) == "заказ":
                tail = f"{lowered} заказ"
                continue
            if base == "заказ" and tail:
                continue
            if base in SALE_WORDS:
                sale = True
                continue
            if base in region_lemmas:
                if product and product[-1].lower() in FUNCTION_WORDS:
                    product.pop()
                continue
            if base in VERBS:
                lead_verb = lead_verb or VERBS[base]
            elif base in CHEAP_WORDS:
                cheap = True
            elif base in WHOLESALE_WORDS:
                wholesale = True
            elif base in PRICE_WORDS:
                price = True
            elif base in SHOP_WORDS:
                continue
            elif not self._fits_a_title(word, base, position, words):
                return None
            else:  # the phrase's first capital came from tidying, not from the word: «Диван купить» → «диван»
                capitalised_only = position == 0 and word[1:].islower() and lowered not in self.names
                product.append(lowered if capitalised_only else word)
        while product and (product[-1].lower() in FUNCTION_WORDS or _is_preposition(product[-1])):
            product.pop()
        while product and product[0].lower() in FUNCTION_WORDS:
            product.pop(0)
        if not product:
            return None
        product = join_compounds(product, self.compounds)
        heads = self.market_lemmas | self.supported
        product = arranged(product, self.fixed, self.brands, self.written, heads)
        cheap = cheap and bool(self.supported & CHEAP_WORDS)  # «недорого» is a claim: the brief or page must make it
        sale = sale and bool(self.supported & SALE_WORDS)
        if lead_verb or cheap or wholesale:
            manner = ["недорого" if cheap else "", "оптом" if wholesale else ""]
            lead = " ".join(filter(None, [lead_verb or "Купить", *manner]))
        elif sale:
            lead = SALE_LEAD
        else:
            lead = PRICE_LEAD if price else ""
        return Title(lead, product, tail)

    def _supports_claim(self, base: str) -> bool:
        """Whether the brief or the page makes the claim, in a word of its stem: a factory's «своё производство»
        makes «от производителя» true."""
        stems = {word[:CLAIM_STEM] for word in self.supported if len(word) >= CLAIM_STEM}
        return base in self.supported or (len(base) >= CLAIM_STEM and base[:CLAIM_STEM] in stems)

    def _fits_a_title(self, word: str, base: str, position: int, words: list[str]) -> bool:
        lowered = word.lower()
        if base in INFO_LEMMAS or lowered in INFO_LEMMAS:
            return False
        if base in CLAIM_LEMMAS and not self._supports_claim(base):
            return False
        if _YEAR.fullmatch(lowered):
            return False  # «СКУД 2017»: a year says nothing of the product
        if lowered.isdigit():  # «коммутатор 24 порта» counts something; «СКУД 86» is a bare number
            following = words[position + 1].lower() if position + 1 < len(words) else ""
            return counts_a_noun(lowered, following) and following not in {*self.names, *FUNCTION_WORDS}
        known = base in self.group_words or base in self.supported or base in self.market_lemmas
        if not re.search(r"[а-яё]", lowered):
            return known  # Latin names and model codes: the market's own words only («СКУД zkteco» is not)
        if re.search(r"\d", lowered):
            return known
        if lowered in FUNCTION_WORDS:
            return True
        if lowered in self.read_names:  # read from phrases, not written by the advertiser: «СКУД Готовыя» is a typo
            return known
        parse = analyzer().parse(lowered)[0]
        if lowered not in self.names and set(parse.tag.grammemes) & NAME_TAGS:
            # «фиат скуда»: a name other groups use, or the group's own word after the market's noun («серьги конго»)
            after_noun = position > 0 and lemma(words[position - 1].lower()) in self.market_lemmas
            return lowered in self.market or lowered in self.written or (after_noun and base in self.group_words)
        if lowered not in self.names and parse.tag.POS in {"VERB", "INFN", "NPRO", "CONJ", "PRCL", "INTJ"}:
            return False  # «установить СКУД»: a verb other than «купить» is a request, not a product
        if lowered in self.names or base in self.group_words:
            return True
        if any(base in pair for pair in self.compounds) or base in self.supported:
            return True  # the advertiser's own word, known to the dictionary or not («Детейлинг-студия»)
        return len(lowered) > 2 and analyzer().word_is_known(lowered)


def names_a_company(words: list[str]) -> bool:
    """Whether words name a company by its organisation's type: «Торговый дом СКУД», «группа компаний Диваны»."""
    lemmas = [lemma(word.lower()) for word in words]
    return any(pair in COMPANY_LEMMAS for pair in itertools.pairwise(lemmas))


def counts_a_noun(number: str, word: str) -> bool:
    """Whether a number counts the word after it as Russian counts: «21 дверь», «24 порта», «120 см», «5 портов»;
    «968 носки» is an article number before a product, not a count."""
    if not re.fullmatch(r"[а-яё]+", word):
        return False
    parses = [parse for parse in analyzer().parse(word) if parse.tag.POS == "NOUN"]
    if any("Abbr" in parse.tag or "Fixd" in parse.tag for parse in parses):
        return True  # units: «см», «л», «кг»
    last, tens = int(number[-1]), int(number[-2:]) if len(number) > 1 else int(number)
    if last == 1 and tens != 11:
        needed = {"nomn", "sing"}
    elif 2 <= last <= 4 and not 12 <= tens <= 14:
        needed = {"gent", "sing"}
    else:
        needed = {"gent", "plur"}
    return any(needed <= set(parse.tag.grammemes) for parse in parses)


def _is_preposition(word: str) -> bool:
    """«управление СКУД через»: a phrase cut after its preposition."""
    lowered = word.lower()
    return bool(re.fullmatch(r"[а-яё]+", lowered)) and analyzer().parse(lowered)[0].tag.POS in ("PREP", "CONJ")


def ends_with_commercial_word(title: str) -> bool:
    """Whether a title trails off with «купить», «цена», «недорого»… (the bench's measure of pasted phrases)."""
    words = tokens(title.lower())
    return bool(words) and lemma(words[-1]) in COMMERCIAL_LEMMAS - {"каталог", "сайт"}


# Hyphenated nouns as the Russian spelling dictionary (Lopatin's «Русский орфографический словарь») writes them,
# for the goods and services people search for: a search phrase never has the hyphen («диван кровать»).
DICTIONARY_COMPOUNDS = (
    "диван-кровать", "диван-книжка", "диван-еврокнижка", "диван-трансформер", "диван-аккордеон", "диван-кушетка",
    "кресло-кровать", "кресло-качалка",
    "кресло-мешок", "стол-книжка", "стол-трансформер", "шкаф-купе", "шкаф-кровать", "кровать-чердак",
    "кровать-трансформер", "пуф-трансформер", "матрас-топпер", "плащ-палатка", "вагон-ресторан", "бизнес-центр",
    "интернет-магазин", "фитнес-клуб", "кафе-бар", "экспресс-доставка", "веб-камера", "онлайн-школа", "онлайн-курс",
    "бизнес-план", "бизнес-ланч", "мини-печь", "мини-бар", "эко-кожа", "кожа-зам", "фото-обои", "тент-шатёр",
    "смарт-часы", "пылесос-робот", "робот-пылесос", "вакуум-упаковщик", "гриль-барбекю", "джип-тур",
)  # fmt: skip


def compounds_from(texts: list[str]) -> frozenset[tuple[str, str]]:
    """Lemma pairs of hyphenated two-part nouns: the dictionary's, and any the brief, the page or a phrase writes."""
    pairs = set()
    for text in [*DICTIONARY_COMPOUNDS, *texts]:
        for word in re.findall(r"[а-яё]+-[а-яё]+", (text or "").lower()):
            first, second = word.split("-")
            if len(first) > 2 and len(second) > 2:
                pairs.add((lemma(first), lemma(second)))
    return frozenset(pairs)

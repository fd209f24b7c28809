"""Relevance to the brief: phrases that would spend the user's budget on someone else's market leave the core.

A PPC specialist reads each phrase against what the client sells and removes, with a reason the client can check:
- used goods and classifieds (`диван б у`, `авито скуд`) and marketplaces (`диван озон`);
- a competitor's brand (`диван икеа`), or keeps those apart for a group of their own (`competitor_brands`);
- another city than the campaign's regions (`скуд сургут` for Moscow);
- informational queries (`как выбрать диван`, `диван фото`, `что такое скуд`);
- another market: services on goods for a seller of the goods (`ремонт дивана` for a sofa factory) and goods for
  a service (`купить диван` for a cleaning service); and phrases whose product noun is neither the brief's
  product nor a kind of it (`чехол на диван`, `крючки скуд` — fishing hooks, `фиат скуда` — a car model).

The last test needs to know which words are kinds of the user's goods without a catalogue of every market. The
collected list knows: the user's market dominates it. Words of the brief seed the market vocabulary; a word joins
when enough phrases use it together with a word already in it (`RelevanceOptions.min_support`), repeated a few
rounds, so `контроллер` (hundreds of `контроллер скуд …` phrases) and then `считыватель` join while `крючок`
(four phrases) does not. A phrase is off-market when its product noun — the first noun that can be the subject,
not one after a preposition (`чехол на диван` is about a cover) — is outside that vocabulary; Latin and unknown
words next to the user's product are its brands and models (`скуд rubezh`), and abstract or action nouns
(`надёжность`, `внедрение`) are sides of the product. The shipped sentence embedder was tried as a further test
and left out: on the СКУД export `крючок` scored above `монитор` against the market's words (0.54 vs 0.44), and
whole phrases against the list (`игра скуд` 0.79, `прибор скуд` 0.74) did not separate either.

Every removal carries a confidence (`Confidence`), because a wrongly removed buying phrase loses sales while a wrongly
kept junk phrase costs a few clicks. The dictionaries and the map are certain: removed, then negated. Another market,
the seller type and look-alikes are judged: removed but listed for the user, negated only once confirmed. The seller
type comes from evidence (`semantic.seller`: the brief's offered words, the page, the list), never one word. A
look-alike shares the product noun but not its object (`шампунь для собак` for car care): the noun the product is for
must be a word of the brief, the page or the list's own vocabulary (two distinct queries). A phrase naming the
user's product with a buying word is never removed by a judged rule: it stays, listed in `doubtful`. Word vectors
were tried for the objects and left out: navec's news vectors (the `natasha` 1.6.0 wheel) put a car-care shop's own
objects below its look-alikes' against the market's words (`диск` 0.23, `фара` 0.22 vs `собака` 0.35, `волос` 0.46).

Rules that never bend: a word of the brief (name, description, base keywords, selling points) is never a reason
to remove; the landing page's words vouch for a product word but do not protect (a page's menu says `вакансии`
and `фото` too); a phrase the user put back (`keep`) stays whatever the reason, and one the user confirmed removing
(`confirmed`) goes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils.translation import gettext

from semantic.errors import NothingToAdvertise
from semantic.features import MODIFIER_NOUNS, NOT_A_PRODUCT_TAGS, words_of
from semantic.intents import IntentMatcher, brief_lemmas, common_noun_names, content_lemmas, order_spec_lemmas
from semantic.modifiers import general_modifiers
from semantic.morph import analyzer, word_info
from semantic.normalize import lemma_key
from semantic.operators import PREPOSITIONS, STOP_WORDS
from semantic.places import PlaceMatcher, place_lemmas
from semantic.seller import SERVICE_LEMMAS, SellerKind, detect_seller, offered_lemmas
from semantic.stoplists import UNIVERSAL_CATEGORIES, StopEntry, intent_entries, lemmas_of
from semantic.types import Brief, Confidence, Phrase, RelevanceOptions, RelevanceResult, Removal, RemovedPhrase

PROPAGATION_ROUNDS = 3
# Abstract and action nouns (`надёжность`, `синхронизация`, `внедрение`) name a property of the product or
# something done with it, never another product: a homonym's market is a concrete thing (`крючок`, `фиат`).
ABSTRACT_SUFFIXES = ("ость", "есть", "ение", "ание", "тие", "ция", "изм")
# A term written in one form in this share of its uses is not declined: another form of it is another word.
FIXED_FORM_SHARE = 0.98
# A number is another place's code when a place outside the regions stands in this share of its phrases.
PLACE_CODE_SHARE = 0.4
# The shortest market word a compound may end in (`электро|замок`): shorter roots match by chance.
COMPOUND_MIN_ROOT = 4
# A word must be in this many phrases before a share of the list makes it the market: in a list of twelve, two
# `чехол` phrases are no market of their own.
DOMINANT_MIN_PHRASES = 10
OBJECT_PREPOSITIONS = frozenset({"для", "от", "против"})  # what a product is for; `с`, `на`, `в` add features
# «Устройство» followed by what it is of asks how a thing is built («устройство контроллера скуд»), unless that is an
# action: then it is a device doing it («устройство разблокировки», «устройство контроля доступа»).
STRUCTURE_NOUNS = frozenset({"устройство"})
# Action nouns without an abstract suffix (see ABSTRACT_SUFFIXES, plus `-вка`: «блокировка»)
ZERO_SUFFIX_ACTIONS = frozenset({"контроль", "учет", "доступ", "вход", "выход", "ввод", "вывод", "запуск", "подъем"})
# A brief offering design sells the project's documents: «рабочая документация скуд» is its order, not reading.
DESIGN_SERVICES = frozenset({"проектирование"})
# Tags of the word that names one institution after its kind: «университет Синергия», «академия Плеханова», «МГТУ».
INSTITUTION_NAME_TAGS = frozenset({"Name", "Surn", "Orgn", "Abbr", "Geox"})


@dataclass(frozen=True)
class _Token:
    form: str
    lemma: str
    grammemes: frozenset[str]

    @property
    def is_latin(self) -> bool:
        return self.form.isascii() and any(character.isalpha() for character in self.form)


@dataclass
class _Analysed:
    phrase: Phrase
    tokens: list[_Token]
    lemmas: frozenset[str]


def _latin_singular(word: str) -> str:
    """`switches` → `switch`, `modules` → `module`: Latin words have no pymorphy3 lemma, plurals still match."""
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _tokens(text: str) -> list[_Token]:
    words = [part for word in words_of(text) for part in word.split("-") if part]
    tokens = []
    for word in words:
        lemma, grammemes = word_info(word)
        if word.isascii() and word.isalpha():
            lemma = _latin_singular(word)
        tokens.append(_Token(word, lemma, grammemes))
    return tokens


@cache
def _generic() -> frozenset[str]:
    """Words that say how, where or at what price, never what: they cannot make a phrase off-market."""
    purchase = intent_entries("purchase", "commercial") + intent_entries("purchase", "goods")
    # `под ключ` says how, yet `ключ` alone is a product (a key ring, a key fob): a phrase with a preposition lends
    # none of its words.
    commercial = [word for text in purchase if not set(text.split()) & STOP_WORDS for word in text.split()]
    services = [word for text in intent_entries("services", "words") for word in text.split()]
    aspects = intent_entries("aspects", "words")
    words = set(general_modifiers()) | MODIFIER_NOUNS | place_lemmas() | set(commercial) | set(aspects)
    words -= set(services)  # a service noun heads its own market (`ремонт`), it is not a modifier
    return frozenset(word_info(word)[0] for word in words) | frozenset(words)


@cache
def _materials() -> frozenset[str]:
    """What things are made of (`data/intents.json`, materials): never the foreign object of a look-alike."""
    return frozenset(word for entry in intent_entries("materials", "words") for word in lemmas_of(entry))


@lru_cache(maxsize=100_000)
def _can_be_subject(word: str) -> bool:
    """Whether the word can be the product noun: some likely parse is a nominative noun (`двери` is, `дивана` is
    not) and none is an adjective (`угловой` parses as a noun first, yet in a query it describes one)."""
    parses = [parse for parse in analyzer().parse(word) if parse.score >= 0.05]
    if any("ADJF" in parse.tag for parse in parses):
        return False
    return any("NOUN" in parse.tag and "nomn" in parse.tag for parse in parses) or "Fixd" in word_info(word)[1]


def _head(tokens: list[_Token], generic: frozenset[str], market: set[str]) -> _Token | None:
    """The product noun: the first word of the market, or the first noun that can be the subject, skipping what
    follows a preposition (`чехол на диван` is about a cover, `скуд для школы` about an access system).

    A market word first makes the rest its attributes (`скуд стрелец`: a brand of it). Latin words count only when
    the phrase has no Russian noun (`gigabit switch`): next to one they are its brands and model codes.
    """
    after_preposition = False
    latin = None
    for token in tokens:
        if token.form in PREPOSITIONS:
            after_preposition = True
            continue
        if token.form in STOP_WORDS or any(character.isdigit() for character in token.form):
            continue
        is_noun = "NOUN" in token.grammemes
        if after_preposition:
            after_preposition = not is_noun  # adjectives before the noun still belong to the prepositional group
            continue
        if token.lemma in market:
            return token
        if token.lemma in generic or NOT_A_PRODUCT_TAGS & token.grammemes:
            continue
        if token.is_latin:
            latin = latin or token
            continue
        if is_noun and _can_be_subject(token.form):
            return token
    return latin


@lru_cache(maxsize=100_000)
def _can_be_object(word: str, governed: bool) -> bool:
    """Whether the word is a noun the product is for: any noun after «для» (`для ванной`), and without a
    preposition a noun whose likeliest case is oblique (`зубов`, `кузова`); a nominative beside the product is
    another name of it (`диван кровать`), an adjective describes it (`угловой`)."""
    parses = [parse for parse in analyzer().parse(word) if parse.score >= 0.05]
    if not parses or "NOUN" not in parses[0].tag or any("ADJF" in parse.tag for parse in parses):
        return False
    return governed or "nomn" not in parses[0].tag


def _looks_like_a_name(token: _Token) -> bool:
    """Latin words, abbreviations, words of three letters and words no dictionary knows: brands, model names, codes
    and typos (`elsys`, `бд`, `кд`, `элсис`) rather than product classes."""
    return (
        token.is_latin or "Abbr" in token.grammemes or len(token.form) <= 3 or not analyzer().word_is_known(token.form)
    )


def _describe(tokens: list[_Token], head: _Token) -> str:
    """The head as the phrase writes it, with the adjectives right before it: «рыболовные крючки»."""
    index = tokens.index(head)
    start = index
    while start > 0 and "ADJF" in tokens[start - 1].grammemes:
        start -= 1
    return " ".join(token.form for token in tokens[start : index + 1])


def _content(item: _Analysed, generic: frozenset[str]) -> frozenset[str]:
    """Lemmas that may name a product or a kind of it: no stop words, numbers, codes or generic modifiers."""
    return frozenset(
        token.lemma
        for token in item.tokens
        if token.form not in STOP_WORDS
        and len(token.form) > 1
        and not any(character.isdigit() for character in token.form)
        and token.lemma not in generic
    )


def _market_vocabulary(contents: list[frozenset[str]], seeds: frozenset[str], major: int) -> set[str]:
    """Lemmas the user's market uses: the seeds, then, round by round, each word used next to the vocabulary
    either in at least `major` phrases (a main kind: `диван книжка`) or next to two different words of it
    (`кодовая панель доступа`, `терминал доступа скуд`). A homonym sits next to one word only, the one it shares
    with the user's market (`крючок скуд 12`, `фиат скуда`), however many phrases it has."""
    market = set(seeds)
    for _ in range(PROPAGATION_ROUNDS):
        support: Counter[str] = Counter()
        neighbours: dict[str, set[str]] = {}
        for lemmas in contents:
            anchored = lemmas & market
            if not anchored:
                continue
            for word in lemmas - market:
                support[word] += 1
                neighbours.setdefault(word, set()).update(anchored)
        joined = {word for word in support if support[word] >= major or len(neighbours[word]) >= 2}
        if not joined:
            break
        market |= joined
    return market


def _dominant(contents: list[frozenset[str]], options: RelevanceOptions) -> set[str]:
    """Words in a large share of the list: the list's own market, even when the brief names it differently
    (a brief «Украшения» over a list of `кольца …`)."""
    counts = Counter(word for lemmas in contents for word in lemmas)
    need = max(DOMINANT_MIN_PHRASES, options.dominant_share * len(contents))
    return {word for word, count in counts.items() if count >= need}


def _squeezed(word: str) -> str:
    word = word.replace("ё", "е")
    return "".join(letter for index, letter in enumerate(word) if index == 0 or letter != word[index - 1])


def _misspellings(contents: list[frozenset[str]], market: set[str]) -> set[str]:
    """Words that are market words with a letter doubled or undoubled (`контролер` for `контроллер`)."""
    squeezed = {_squeezed(word) for word in market if len(word) >= 5}
    return {word for lemmas in contents for word in lemmas - market if _squeezed(word) in squeezed}


def _object_vocabulary(
    items: list[_Analysed],
    contents: list[frozenset[str]],
    heads: list[_Token | None],
    seeds: frozenset[str],
    judge: _Judge,
) -> set[str]:
    """The objects the market's products are for, from the list's co-occurrence with the market: a word used beside
    a word of the brief, the page or the list's dominant words other than the phrase's own product (`пластик` beside
    `авто`; `ухо` beside `кольца` in `серьги кольца для пирсинга ушей`), or the object of two phrases whose products
    are the market's (`автошампунь для грузовиков`, `шампунь для грузовиков`). A look-alike's object sits beside its
    own product only (`кольца для штор`) or beside products of no market (`антидождь для обуви`, `щётка для обуви`),
    however many such phrases the list holds. Phrases that differ only in generic words count once."""
    beside_seed: Counter[str] = Counter()
    market_heads: Counter[str] = Counter()
    seen: set[frozenset[str]] = set()
    for lemmas, head in zip(contents, heads, strict=True):
        if lemmas in seen:
            continue
        seen.add(lemmas)
        own = head.lemma if head is not None else None
        if (lemmas - {own}) & seeds:
            beside_seed.update(lemmas)
        if head is not None and (judge._of_market(head) or head.is_latin):  # `sfp модулей`: a model's parts
            market_heads.update(lemmas)
    need = judge.options.object_min_phrases
    return {word for counts in (beside_seed, market_heads) for word, count in counts.items() if count >= need}


def _place_codes(items: list[_Analysed], rules: CertainRules) -> dict[str, str]:
    """Numbers the list uses as another place's code: a bare number in at least `PLACE_CODE_SHARE` of whose phrases
    a place outside the regions stands (`скуд 86 сургут заказать`, so `скуд 86` is Surgut's region code too). A
    size, model or assay sits beside every place or none (`кольца 585` in fifty phrases, one of them in Kazan)."""
    seen: Counter[str] = Counter()
    placed: dict[str, Counter[str]] = {}
    for item in items:
        numbers = {token.form for token in item.tokens if token.form.isdigit()}
        if not numbers:
            continue
        place = rules.places.other_place([token.form for token in item.tokens])
        for number in numbers:
            seen[number] += 1
            if place:
                placed.setdefault(number, Counter())[place] += 1
    return {
        number: places.most_common(1)[0][0]
        for number, places in placed.items()
        if places.total() >= PLACE_CODE_SHARE * seen[number]
    }


def _dominant_forms(items: list[_Analysed]) -> tuple[dict[str, str], frozenset[str]]:
    """Each name-like word's commonest written form in the list (`скуд`, not `скуда`: `фиат скуда` is Fiat's car),
    and the words the list almost never declines (`FIXED_FORM_SHARE` of their uses in that form): an abbreviation,
    unlike `автохимия`, whose `магазин автохимии` is the same word."""
    named = {token.lemma for item in items for token in item.tokens if _looks_like_a_name(token)}
    counts: Counter[tuple[str, str]] = Counter(
        (token.lemma, token.form) for item in items for token in item.tokens if token.lemma in named
    )
    uses: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for (lemma, form), count in counts.most_common():
        forms.setdefault(lemma, form)
        uses[lemma] += count
    fixed = frozenset(lemma for lemma, form in forms.items() if counts[lemma, form] >= FIXED_FORM_SHARE * uses[lemma])
    return forms, fixed


def _asks_how_built(tokens: list[_Token], product: frozenset[str]) -> StopEntry | None:
    """«устройство карты скуд»: a structure noun in the singular, not qualified by an adjective, with a concrete noun
    in the genitive right after it. The entry (both words) is what a negative must hold: «устройство» alone is a
    device the user sells. The brief's own product after it stays («устройство скуд» may be the device itself)."""
    for index, token in enumerate(tokens[:-1]):
        if token.lemma not in STRUCTURE_NOUNS or "sing" not in token.grammemes:
            continue
        if index and {"ADJF", "PRTF"} & tokens[index - 1].grammemes:
            continue  # «исполнительное устройство»: a device
        following = tokens[index + 1]
        action = following.lemma.endswith((*ABSTRACT_SUFFIXES, "вка")) or following.lemma in ZERO_SUFFIX_ACTIONS
        if {"NOUN", "gent"} <= following.grammemes and not action and following.lemma not in product:
            return StopEntry(f"{token.form} {following.form}", frozenset({token.lemma, following.lemma}))
    return None


def _named_institution(tokens: list[_Token], institution: StopEntry | None) -> StopEntry | None:
    """«скуд горный университет», «колледж 26», «институт имени …»: one institution, whose students and staff look
    for its own pass system; the entry is the institution with its name, what a negative must hold. A bare one
    («скуд для колледжа», «скуд в вузе») is a customer, whatever its size."""
    if institution is None:
        return None
    for index, token in enumerate(tokens):
        if token.lemma not in institution.lemmas:
            continue
        before = tokens[index - 1] if index else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if before and "ADJF" in before.grammemes:
            return StopEntry(f"{before.form} {token.form}", frozenset({before.lemma, token.lemma}))
        if after and (after.form.isdigit() or after.lemma == "имя" or INSTITUTION_NAME_TAGS & after.grammemes):
            return StopEntry(f"{token.form} {after.form}", frozenset({token.lemma, after.lemma}))
    return None


class CertainRules:
    """The removals that need no evidence beyond the brief: the intent dictionaries and the map. Negatives ask it
    too, about phrases cleaning removed before relevance saw them (rare, duplicates): one no rule removes is the
    user's market, and no negative may block it."""

    def __init__(self, brief: Brief):
        self.protected = brief_lemmas(brief)
        self.intents = IntentMatcher(self.protected, tuple(brief.competitors))
        self.places = PlaceMatcher(brief.geo_ids, self.protected)
        texts = [brief.name, brief.description, *brief.base_keywords, *brief.selling_points]
        # A service the brief offers orders as surely as «купить» buys: «регламент обслуживания скуд» for an installer.
        self.services = frozenset(lemma for text in texts for lemma in offered_lemmas(text)) & SERVICE_LEMMAS
        # The parts of a project («раздел проекта», «рабочая документация») are what a design service delivers.
        self.designs = bool(self.services & DESIGN_SERVICES)
        self.order_specs = order_spec_lemmas(brief)

    def verdict(self, text: str) -> tuple[Removal, str] | None:
        return self.judge(_analyse(Phrase(text)))

    def judge(self, item: _Analysed) -> tuple[Removal, str] | None:
        """Removals by the intent dictionaries and the map: negated at once."""
        found = self._verdict(item)
        return found[:2] if found else None

    def marker(self, text: str) -> StopEntry | None:
        """The dictionary entry that removes a phrase (`бюджетный учет`, `как`, `скачать`), or None (another city,
        or no rule). A negative for the phrase must hold these words: the phrase's other words may be the user's
        market (`как организовать скуд` is removed for «как», and `-организовать` would block «организовать скуд
        на предприятии»)."""
        item = _analyse(Phrase(text))
        found = self._verdict(item)
        if found:
            return found[2]
        matches = (self.intents.match(category, "negatives", item.lemmas) for category in UNIVERSAL_CATEGORIES)
        return next((entry for entry in matches if entry), None)

    def _verdict(self, item: _Analysed) -> tuple[Removal, str, StopEntry | None] | None:
        lemmas = item.lemmas
        forms = [token.form for token in item.tokens]
        if entry := self.intents.match("used", "removes", lemmas):
            return Removal.USED, gettext("used goods and classifieds («%(word)s»)") % {"word": entry.text}, entry
        entry = self.intents.match("marketplace", "removes", lemmas)
        if entry and (entry.text not in common_noun_names() or entry.text in forms):
            # «диван озон» names the marketplace, «химчистка салона озоном» the gas
            return Removal.MARKETPLACE, gettext("marketplace («%(word)s»)") % {"word": entry.text}, entry
        if entry := self.intents.match("competitor", "removes", lemmas):
            return Removal.COMPETITOR_BRAND, gettext("competitor's brand («%(word)s»)") % {"word": entry.text}, entry
        if place := self.places.other_place(forms):
            return Removal.OTHER_CITY, gettext("another city: %(city)s") % {"city": place}, None
        if entry := self.intents.match("navigation", "removes", lemmas):
            reason = gettext("vendor's site, login or support («%(word)s»)") % {"word": entry.text}
            return Removal.NAVIGATION, reason, entry
        if entry := _named_institution(item.tokens, self.intents.match("navigation", "institutions", lemmas)):
            reason = gettext("one institution's own system («%(word)s»)") % {"word": entry.text}
            return Removal.NAVIGATION, reason, entry
        if entry := self.intents.match("entertainment", "removes", lemmas):
            return Removal.INFORMATIONAL, gettext("entertainment («%(word)s»)") % {"word": entry.text}, entry
        commercial = self.intents.has_any("purchase", "commercial", lemmas)
        ordered = commercial or lemmas & SERVICE_LEMMAS or self.intents.has_any("services", "words", lemmas)
        if not ordered and (entry := self.intents.match("jobs", "seekers", lemmas)):
            # a bare trade or «требуется» beside the product looks for work: «монтажник скуд», «требуется монтажник»,
            # not «услуги монтажника скуд» or «требуется установка скуд» (a customer asking for the work)
            return Removal.STOP_WORD, gettext("job seekers («%(word)s»)") % {"word": entry.text}, entry
        asked = lemmas
        if "по" in forms and lemmas & self.order_specs:
            asked = lemmas - self.order_specs  # «кольцо на заказ по фото» orders from a photo, it asks for none
        informational = self.intents.match("informational", "removes", asked)
        if not informational and not commercial and not lemmas & self.services:
            # a customer's paperwork («регламент обслуживания скуд») is an order in the making
            informational = self.intents.match("informational", "paperwork", lemmas)
        if not informational and not commercial and not lemmas & self.services and not self.designs:
            informational = self.intents.match("informational", "design_documents", lemmas)
        if not informational and not self.intents.has_any("purchase", "buying", lemmas):
            # the rules of the work («правила монтажа скуд») are read by the one who does it, not the customer
            informational = self.intents.match("informational", "norms", lemmas)
        if not informational and self.services and not self.intents.has_any("purchase", "buying", lemmas):
            # a norm rate «в смете» is looked up by an estimator pricing the work, the installer's peer; a shop's
            # goods are priced in the same estimate, so its phrases stay
            informational = self.intents.match("informational", "estimates", lemmas)
        if not informational and not commercial:
            informational = self.intents.match("informational", "weak", lemmas)
        if not informational and not commercial:
            informational = _asks_how_built(item.tokens, self.protected)
        if not informational and not commercial:
            plural = frozenset(token.lemma for token in item.tokens if "plur" in token.grammemes)
            informational = self.intents.match("informational", "varieties", plural)
        if informational:
            reason = gettext("informational query («%(words)s»)") % {"words": informational.text}
            return Removal.INFORMATIONAL, reason, informational
        return None


class _Judge:
    def __init__(self, brief: Brief, options: RelevanceOptions, items: list[_Analysed]):
        self.rules = CertainRules(brief)
        self.protected = self.rules.protected
        self.generic = _generic()
        self.intents = self.rules.intents
        self.products = frozenset(
            lemma
            for text in [brief.name, brief.description, *brief.base_keywords]
            for lemma in content_lemmas(text)
            if lemma not in self.generic
        )
        self.seller = detect_seller(
            [brief.name, brief.description, *brief.base_keywords, *brief.selling_points],
            brief.landing_text,
            [item.phrase.text for item in items],
        )
        contents = [_content(item, self.generic) for item in items]
        landing = content_lemmas(brief.landing_text) - self.generic
        seeds = self.products | landing | _dominant(contents, options)
        major = max(options.min_support, math.ceil(options.min_support_share * len(items)))
        self.market = _market_vocabulary(contents, seeds, major) | self.protected
        self.market |= _misspellings(contents, self.market)
        self.options = options
        self.forms, self.fixed_forms = _dominant_forms(items)
        self.place_codes = _place_codes(items, self.rules)
        # The list's own terms: Cyrillic words no dictionary knows that a large share of the list uses (`скуд`,
        # `детейлинг`); an unknown word of a few phrases (`полироль`, `антидождь`) may still have another object.
        self.terms = frozenset(
            word
            for word in _dominant(contents, options)
            if self.forms.get(word) and not self.forms[word].isascii() and len(self.forms[word]) > 3
        )
        # Not the propagated market: a lone object sits next to two market words (`жидкое стекло для фундамента`).
        heads = [_head(item.tokens, self.generic, self.market) for item in items]
        # Each product noun's words across the list: a homonym brings a vocabulary of its own (`рыболовные крючки`).
        # One phrase is no vocabulary: `фитнес клуб скуд` is a place, `тамбур шлюз скуд` a kind of the product.
        self.beside: dict[str, set[str]] = {}
        headed: dict[str, set[frozenset[str]]] = {}
        for item, head, lemmas in zip(items, heads, contents, strict=True):
            if head is not None:
                names = {token.lemma for token in item.tokens if _looks_like_a_name(token)}
                self.beside.setdefault(head.lemma, set()).update(lemmas - {head.lemma} - names)
                headed.setdefault(head.lemma, set()).add(lemmas)
        self.beside = {lemma: words for lemma, words in self.beside.items() if len(headed[lemma]) >= 2}
        self.objects = seeds | self.protected | _object_vocabulary(items, contents, heads, frozenset(seeds), self)

    def _compound_of_market(self, lemma: str) -> bool:
        """`электрозамок`, `видеодомофон`: a prefix on a market word makes a kind of it."""
        return any(lemma[start:] in self.market for start in range(3, len(lemma) - COMPOUND_MIN_ROOT + 1))

    def _of_market(self, token: _Token) -> bool:
        return token.lemma in self.market or self._compound_of_market(token.lemma)

    def certain(self, item: _Analysed) -> tuple[Removal, str] | None:
        if code := next((token.form for token in item.tokens if token.form in self.place_codes), None):
            return Removal.OTHER_CITY, gettext("another city: %(city)s") % {"city": self.place_codes[code]}
        return self.rules.judge(item)

    def judged(self, item: _Analysed) -> tuple[Removal, str] | None:
        """Removals judged against the evidence (seller type, another market, look-alikes): listed for the user and
        negated only once confirmed. None for a phrase nothing doubts."""
        lemmas = item.lemmas
        if self.seller.kind == SellerKind.SERVICES:
            buys = self.intents.has_any("purchase", "goods", lemmas)
            if buys and not self.intents.has_any("services", "words", lemmas):
                return Removal.SELLER_TYPE, gettext("another kind of seller: buying goods")
        elif self.seller.kind == SellerKind.GOODS:
            # Only a service the searcher asks for counts: «автошампунь для мойки» names the purpose of goods.
            offered = frozenset(offered_lemmas(item.phrase.text))
            if entry := self.intents.match("aftercare_services", "removes", offered):
                return Removal.SELLER_TYPE, gettext("another kind of seller: %(what)s") % {"what": entry.text}
        head = _head(item.tokens, self.generic, self.market)
        if declined := self._declined_term(item):
            what = _describe(item.tokens, head) if head is not None and head is not declined else declined.form
            return Removal.OFF_MARKET, gettext("another market: %(what)s") % {"what": what}
        if head is None:
            # A generic product (`средство`, `набор`) is judged by its object alone: `средство от тараканов`.
            product = next(
                (token for token in item.tokens if token.lemma in self.generic and "NOUN" in token.grammemes), None
            )
            if product and (foreign := self._foreign_object(item, product, governed_only=True)):
                return Removal.LOOK_ALIKE, gettext("another object: %(what)s") % {"what": foreign.form}
            return None
        if not lemmas & self.market:
            # Nothing of the user's market: not another market (Wordstat only returns phrases holding a base keyword,
            # so it came from the user's own file: `тахта` from a sofa maker), but a product for an object the
            # market never names is a look-alike (`глина для лица`, `щётка для обуви`).
            if foreign := self._foreign_object(item, head, governed_only=True):
                return Removal.LOOK_ALIKE, gettext("another object: %(what)s") % {"what": foreign.form}
            return None
        # A service on the user's product is the market of a seller of services (`ремонт скуд`).
        service = self.seller.sells_services and (
            head.lemma in SERVICE_LEMMAS or self.intents.has_any("services", "words", frozenset({head.lemma}))
        )
        of_market = self._of_market(head) or head.lemma.endswith(ABSTRACT_SUFFIXES) or _looks_like_a_name(head)
        if not (service or of_market):
            return Removal.OFF_MARKET, gettext("another market: %(what)s") % {"what": _describe(item.tokens, head)}
        if foreign := self._foreign_object(item, head):
            return Removal.LOOK_ALIKE, gettext("another object: %(what)s") % {"what": foreign.form}
        return None

    def _foreign_object(self, item: _Analysed, head: _Token, *, governed_only: bool = False) -> _Token | None:
        """A noun the product is for or of (after «для», «от», «против», or a bare genitive) that neither the
        market, the list nor the page uses: the object a look-alike is for (`шампунь для собак`, `полировка
        зубов`, `воск для депиляции`). What follows other prepositions is a feature (`кольца с бриллиантом`)."""
        preposition = None
        foreign = None
        for token in item.tokens:
            if token.form in PREPOSITIONS:
                preposition = token.form
                continue
            governed, preposition = preposition, (preposition if "ADJF" in token.grammemes else None)
            if (
                token is head
                or (governed is not None and governed not in OBJECT_PREPOSITIONS)
                or (governed_only and governed is None)
                or token.form in STOP_WORDS
                or token.lemma in self.objects
                or token.lemma in _materials()
                or token.lemma in self.generic
                or NOT_A_PRODUCT_TAGS & token.grammemes
                or any(character.isdigit() for character in token.form)
                or _looks_like_a_name(token)
                or self._compound_of_market(token.lemma)
                or not _can_be_object(token.form, governed is not None)
            ):
                continue
            foreign = foreign or token
        after = item.tokens[item.tokens.index(foreign) + 1 :] if foreign is not None else []
        if foreign is None or any(
            token.lemma in self.objects and _can_be_object(token.form, True)
            for token in after
            if "NOUN" in token.grammemes and token.form not in STOP_WORDS
        ):
            return None  # another object beside one of the market's is a part of it (`полироль для пластика авто`)
        return foreign

    def for_market(self, item: _Analysed) -> bool:
        """Whether the product is for something of the market: a market word after «для», «от» or «против», or in the
        genitive run that follows (`аппликатор для воска`, `глина для очистки кузова`, `чехол для дивана`): an
        accessory of the user's goods, which a judged rule doubts but does not remove. Other prepositions add a
        place or a feature (`чехол на диван` is a cover of its own market)."""
        head = _head(item.tokens, self.generic, self.market)
        if head is None:
            return False
        purpose = False
        for token in item.tokens[item.tokens.index(head) + 1 :]:
            if token.form in PREPOSITIONS:
                purpose = token.form in OBJECT_PREPOSITIONS
                continue
            if purpose and self._of_market(token) and token.lemma in self.objects:
                return True
            purpose = purpose and ("gent" in token.grammemes or "ADJF" in token.grammemes)
        return False

    def _declined_term(self, item: _Analysed) -> _Token | None:
        """The list's own term in a form the list does not write it in, and nothing else of the market: another
        word that declines (`фиат скуда`, `сузуки скуда`, `скуду 1 сезон`: a car model and a cartoon), while
        the abbreviation stays `скуд` in every query about access control."""
        terms = [token for token in item.tokens if token.lemma in self.terms]
        if not terms or any(self.forms.get(token.lemma) == token.form for token in terms):
            return None
        if not all(token.lemma in self.fixed_forms for token in terms):
            return None
        others = [token for token in item.tokens if token.lemma not in self.terms and token.lemma not in self.generic]
        return None if any(self._of_market(token) for token in others) else terms[0]

    def names_own_term(self, item: _Analysed) -> bool:
        """The phrase names the user's product by a name-like market word (an abbreviation or a term no dictionary
        knows: `скуд`, `детейлинг`) as the list writes it: such a word has no other meaning, so whatever product or
        object stands beside it is a part, kind or place of the user's (`реле скуд`, `скуд для автостоянки`,
        `детейлинг двигателя`). A form the list does not use is another word (`фиат скуда`: Fiat's Scudo)."""
        named = any(
            token.lemma in self.terms and self.forms.get(token.lemma) == token.form
            for token in item.tokens
            if _looks_like_a_name(token)
        )
        head = _head(item.tokens, self.generic, self.market)
        # A product whose phrases bring words of no market of the user's is a homonym's (`рыболовные крючки скуд`).
        return named and (
            head is None or self._of_market(head) or not self.beside.get(head.lemma, set()) - self.market - self.objects
        )

    def names_product_to_buy(self, item: _Analysed) -> bool:
        """`купить воск для авто`, `каталог автохимии`, `купить полировочную машинку`: a buying word and a word of
        the market, for a seller of goods. No judged rule removes such a phrase; a doubt about it is shown to the
        user, not acted on (a lost buying phrase costs sales, a kept one a few clicks)."""
        if not self.seller.sells_goods or not self.intents.has_any("purchase", "buying", item.lemmas):
            return False
        return any(
            self._of_market(token)
            and (token.lemma not in self.fixed_forms or self.forms.get(token.lemma, token.form) == token.form)
            for token in item.tokens
            if token.lemma not in self.generic
        )


def judge_relevance(
    phrases: list[Phrase],
    brief: Brief,
    options: RelevanceOptions | None = None,
    *,
    keep: Iterable[str] = (),
    confirmed: Iterable[str] = (),
) -> RelevanceResult:
    """Split phrases into kept and removed (each with a `Removal` code, a reason in the user's language and a
    `Confidence`), and list the kept phrases a judged rule doubts in `doubtful`.

    `keep` lists phrases the user put back (any word form or order matches); they stay and are also listed in
    `restored`. `confirmed` lists doubtful phrases the user agreed to remove: they go, as `confirmed`, and are
    negated like certain removals. Raises NothingToAdvertise when nothing is left, naming the reason that removed
    the most.
    """
    options = options or RelevanceOptions()
    items = [_analyse(phrase) for phrase in phrases]
    judge = _Judge(brief, options, items)
    restored_keys = {lemma_key(text) for text in keep}
    confirmed_keys = {lemma_key(text) for text in confirmed}
    result = RelevanceResult(kept=[], removed=[])
    for item in items:
        key = lemma_key(item.phrase.text)
        verdict = judge.certain(item)
        confidence = Confidence.CERTAIN
        if verdict is None and (verdict := judge.judged(item)):
            confidence = Confidence.CONFIRMED if key in confirmed_keys else Confidence.JUDGED
            if confidence == Confidence.JUDGED and (
                judge.names_product_to_buy(item) or judge.names_own_term(item) or judge.for_market(item)
            ):
                result.kept.append(item.phrase)
                code, reason = verdict
                result.doubtful.append(RemovedPhrase(item.phrase.text, item.phrase.frequency, reason, code, confidence))
                continue
        if verdict and key in restored_keys:
            result.restored.append(item.phrase)
            verdict = None
        if verdict is None:
            result.kept.append(item.phrase)
            continue
        code, reason = verdict
        if code == Removal.COMPETITOR_BRAND and options.competitor_brands == "group":
            result.kept.append(item.phrase)
            result.competitor_phrases.append(item.phrase)
            continue
        result.removed.append(RemovedPhrase(item.phrase.text, item.phrase.frequency, reason, code, confidence))
    if phrases and not result.kept:
        raise NothingToAdvertise(_nothing_relevant_message(result.removed))
    return result


def _analyse(phrase: Phrase) -> _Analysed:
    tokens = _tokens(phrase.text)
    return _Analysed(phrase, tokens, frozenset(token.lemma for token in tokens))


def _nothing_relevant_message(removed: list[RemovedPhrase]) -> str:
    code, count = Counter(item.code for item in removed).most_common(1)[0]
    example = next(item for item in removed if item.code == code)
    return gettext(
        "None of the %(total)d phrases fits what you sell: %(count)d were removed as «%(reason)s» (for example "
        "«%(phrase)s»). Check the product description and base keywords, or put phrases back."
    ) % {"total": len(removed), "count": count, "reason": example.reason, "phrase": example.text}

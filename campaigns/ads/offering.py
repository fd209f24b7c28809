"""What the business offers, read from its brief and its page: which products an ad may promise.

A specialist promises only what the advertiser sells. The brief and the page name it («Продажа и монтаж СКУД»,
«Диваны и кровати от фабрики»); a search phrase may join another product to it («Видеонаблюдение и СКУД», «ОПС
СКУД») or name one the seller never lists (тахта from a sofa factory). Title 1 still says what was searched; texts
and calls name only the offered part, and no other title names the rest. A shop of thousands of goods lists none of
them in its brief, so there every product of its list stays its own.
"""

from __future__ import annotations

import itertools

from campaigns.ads.grammar import is_adjective
from campaigns.ads.phrasing import tokens
from campaigns.ads.truth import GroupTruth, lemmas_of
from campaigns.ads.types import GroupBrief
from semantic.morph import analyzer, lemma
from semantic.seller import SERVICE_LEMMAS

PLACE_PREPOSITIONS = frozenset({"в", "во", "на", "для"})
STEM = 5  # letters a word and its derivative share («керамика», «керамическое покрытие»)
# Nouns that name a business rather than what it sells: a call to action books a service, not the studio.
BUSINESS_LEMMAS = frozenset(
    {"студия", "салон", "центр", "сервис", "автосервис", "мастерская", "магазин", "интернет-магазин", "компания",
     "фирма", "ателье", "клиника", "агентство", "бюро", "фабрика", "завод", "производитель", "магазин-салон"}
)  # fmt: skip


def names_product(words: list[str], said: frozenset[str]) -> bool:
    """Whether lemmas the brief and the page say (`said`) name one of the product's words, a derivative enough
    («керамика» for «керамическое покрытие»)."""
    parts = {lemma(part.lower())[:STEM] for word in words for part in word.split("-")}
    return bool(parts & {word[:STEM] for word in said if len(word) >= STEM})


def offer_lists_products(briefs: list[GroupBrief]) -> bool:
    """Whether the campaign's brief and page list the products it sells, so a group whose product they never name
    is one the seller may not have (тахта from «Диваны и кровати от фабрики»): they name the product of half of the
    groups or more. A shop of thousands of goods names none of them, and every product of its list stays its own."""
    named = 0
    for brief in briefs:
        said = said_lemmas(brief, GroupTruth(brief))
        named += bool(brief.phrases) and names_product(tokens(brief.phrases[0]), said)
    return bool(briefs) and named * 2 >= len(briefs)


def said_lemmas(brief: GroupBrief, truth: GroupTruth) -> frozenset[str]:
    """Lemmas of what the brief and the page say: the words a product may be promised in."""
    page = brief.page
    page_texts = [page.title, page.h1, page.description, *(link.text for link in page.links)] if page else []
    return frozenset(lemmas_of(" ".join([*truth.brief_texts, *page_texts])))

def offered_part(words: list[str], offered: frozenset[str]) -> list[str]:
    """The product's words without a product joined to the offered one by «и» that the business does not offer:
    «Видеонаблюдение и СКУД» → «СКУД» for an installer of СКУД; the words unchanged otherwise («Установка и настройка
    СКУД», «Автономный контроллер и считыватель СКУД»: parts and works of the product)."""
    parts = _conjuncts(words)
    if parts is None or not _has_sibling(parts, offered):
        return list(words)
    kept = [part for part in parts if not _names_another(part, offered)]
    return [word for part in kept for word in part] if kept and len(kept) < len(parts) else list(words)


def offered_names(words: list[str], names: dict[str, str], offered: frozenset[str]) -> list[str]:
    """A product of abbreviations alone keeps those the brief or the page says: «ОПС СКУД» → «СКУД» for an
    installer of СКУД (two abbreviations side by side name two systems)."""
    capitals = [len(names.get(word.casefold(), "")) > 1 and names[word.casefold()].isupper() for word in words]
    if len(words) < 2 or not all(capitals):
        return list(words)
    kept = [word for word in words if lemma(word.lower()) in offered]
    return kept or list(words)


def sold_part(words: list[str], said: frozenset[str], phrases: list[str]) -> list[str]:
    """The product without a noun set before the offered one that names where or for whom it goes rather than what
    is sold: the group's own phrases put it after «в», «на», «для» («скуд в школе», «скуд на калитку», «скуд на
    базе болид»), and neither the brief nor the page names it. «Школа СКУД» → «СКУД», and with its adjectives
    («Безопасная школа СКУД», a programme's name) too, so a call asks for «КП на СКУД», not «на безопасную школу
    СКУД»; «Комплект СКУД», «Карта СКУД» and every work («Установка СКУД») stay."""
    start = next((index for index, word in enumerate(words) if not is_adjective(word)), len(words))
    rest = words[start + 1 :]
    if not rest or not is_noun(rest[0]) or not _is_common_noun(words[start]):
        return list(words)
    first = lemma(words[start].lower())
    if first in SERVICE_LEMMAS or names_product(words[start : start + 1], said) or first not in _placed_lemmas(phrases):
        return list(words)
    return list(rest) if names_product(rest[:1], said) else list(words)


def _placed_lemmas(phrases: list[str]) -> set[str]:
    """Lemmas of the words the phrases put after a preposition of place or purpose: «в школе», «для калитки»."""
    placed = set()
    for phrase in phrases:
        found = tokens(phrase.lower())
        placed |= {lemma(word) for before, word in itertools.pairwise(found) if before in PLACE_PREPOSITIONS}
    return placed


def _is_common_noun(word: str) -> bool:
    lowered = word.lower()
    if "-" in lowered or not analyzer().word_is_known(lowered):
        return False
    best = analyzer().parse(lowered)[0]
    return best.tag.POS == "NOUN" and "nomn" in best.tag


def _conjuncts(words: list[str]) -> list[list[str]] | None:
    """The parts of a product name joined by «и» at its top, when each opens in the nominative (or with a name the
    dictionary does not know): «Видеонаблюдение и СКУД»; None for one product or a joined complement («Система
    контроля и управления доступом»)."""
    parts: list[list[str]] = [[]]
    for word in words:
        if word.casefold() == "и":
            parts.append([])
        else:
            parts[-1].append(word)
    if len(parts) < 2 or not all(parts) or not all(_opens_in_nominative(part) for part in parts[1:]):
        return None
    return parts


def _opens_in_nominative(part: list[str]) -> bool:
    first = part[0].lower()
    if not analyzer().word_is_known(first):
        return True
    return "nomn" in analyzer().parse(first)[0].tag


def _has_sibling(parts: list[list[str]], offered: frozenset[str]) -> bool:
    """Whether one part is the offered product alone («СКУД» in «Видеонаблюдение и СКУД»), so the other parts are
    products beside it rather than its own parts («контроллер и считыватель СКУД»)."""
    return any(all(lemma(word.lower()) in offered for word in part) for part in parts)


def joins_another(words: list[str], offered: frozenset[str]) -> bool:
    """Whether a title joins to the offered product by «и» one the business does not offer, at its top or in a
    complement: «Видеонаблюдение и СКУД», «Проектирование СКУД и видеонаблюдения»."""
    if offered_part(words, offered) != list(words):
        return True
    for index, word in enumerate(words[1:-1], 1):
        if word.casefold() == "и" and lemma(words[index - 1].lower()) in offered:  # «…СКУД и видеонаблюдения»
            following = list(itertools.takewhile(lambda item: item.casefold() != "и", words[index + 1 :]))
            if _names_another(following, offered):
                return True
    return False


def _names_another(part: list[str], offered: frozenset[str]) -> bool:
    """Whether a part's nouns are all foreign to the offer: neither said by the brief or page nor a work."""
    nouns = {lemma(word.lower()) for word in part if is_noun(word)}
    return bool(nouns) and not nouns & (offered | SERVICE_LEMMAS)


def is_noun(word: str) -> bool:
    lowered = word.lower()
    if not analyzer().word_is_known(lowered):
        return True  # an abbreviation or a brand names a product
    return analyzer().parse(lowered)[0].tag.POS == "NOUN"
